"""The outcome summary of each episode: the facts the service's outcome figures are counted
from, kept in the database and brought up to date in the same transaction as every change
that alters them (summaries.py; the list is in docs/outcomes.md).

Derived data: it holds nothing that is not in the records, so it can always be rebuilt
from them (`openipt rebuild-outcome-summaries`), and it holds no client identity (the
episode and, through it, the client are reached only through the gates).
"""

from django.conf import settings
from django.db import models

from openipt.protocol.models import EndReason


class OutcomeSummary(models.Model):
    episode = models.OneToOneField(
        "caseload.Episode",
        primary_key=True,
        on_delete=models.CASCADE,  # derived from the episode: it goes with it
        related_name="outcome_summary",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # Who and where, for the dashboard's scope and filters: the episode's clinician and
    # the client's site, as they are now (reassignment and a change of site move them).
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey("accounts.Site", on_delete=models.PROTECT, related_name="+")
    # The course's modality code, "" before a course has started.
    modality = models.CharField(max_length=40, blank=True)

    # The pathway, in dates.
    referred_on = models.DateField()  # the episode opened: the referral was received
    assessed_on = models.DateField(null=True, blank=True)  # the first intake screen
    course_started_on = models.DateField(null=True, blank=True)
    first_treatment_on = models.DateField(null=True, blank=True)  # first attended session
    # Days from referral to the first attended session (None before it).
    waiting_days = models.IntegerField(null=True, blank=True)
    attended_sessions = models.PositiveSmallIntegerField(default=0)
    ended_on = models.DateField(null=True, blank=True)  # the course ending, when recorded
    # The quarter it ended in, as periods.quarter_number: the figures are grouped by it.
    ended_quarter = models.PositiveIntegerField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, blank=True)

    # First and last score of each paired measure, with their dates and how many there
    # were (a measure given fewer than twice has no pair).
    phq9_count = models.PositiveIntegerField(default=0)
    phq9_first = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_first_on = models.DateField(null=True, blank=True)
    phq9_last = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_last_on = models.DateField(null=True, blank=True)
    gad7_count = models.PositiveIntegerField(default=0)
    gad7_first = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_first_on = models.DateField(null=True, blank=True)
    gad7_last = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_last_on = models.DateField(null=True, blank=True)

    # The result of each rule of measures/outcomes.py (None: cannot be judged or does not
    # apply), under `improvement_rule`, the reliable improvement rule in force when they
    # were worked out.
    improvement_rule = models.CharField(max_length=10)
    has_pairs = models.BooleanField(default=False)
    case_at_start = models.BooleanField(null=True)
    recovery = models.BooleanField(null=True)
    reliable_improvement = models.BooleanField(null=True)
    reliable_deterioration = models.BooleanField(null=True)
    reliable_recovery = models.BooleanField(null=True)
    response = models.BooleanField(null=True)
    remission = models.BooleanField(null=True)
    finished_course = models.BooleanField(default=False)

    # Set by mark_for_recomputation (erasure, a correction made outside the actions); a
    # stale summary is recomputed once the change commits, or by the rebuild command.
    stale = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Each figure counts the episodes whose date of one kind falls in the period.
            models.Index(fields=["organisation", "referred_on"], name="outcome_referred"),
            models.Index(fields=["organisation", "first_treatment_on"], name="outcome_entered"),
            models.Index(fields=["organisation", "ended_on"], name="outcome_ended"),
        ]

    def __str__(self):
        return f"Outcome summary of episode {self.episode_id}"

    @property
    def end_reason_label(self):
        return EndReason(self.end_reason).label if self.end_reason else ""
