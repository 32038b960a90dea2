"""Sessions of a course. The course plan, agendas and fidelity build on these."""

from django.conf import settings
from django.db import models


class Attendance(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_CLIENT = "cancelled_client", "Cancelled by client"
    CANCELLED_BY_CLINICIAN = "cancelled_clinician", "Cancelled by clinician"


class Session(models.Model):
    """One planned or held session of an episode, numbered from 1 in order."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    scheduled_for = models.DateTimeField()
    held_on = models.DateField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.SCHEDULED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["episode", "number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="unique_session_number")
        ]

    def __str__(self):
        return f"Session {self.number}"
