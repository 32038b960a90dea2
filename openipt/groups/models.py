"""Group IPT: a group, its members, its sessions and what each member brought to each one.

A member's course is an ordinary Episode (with its CoursePlan and one protocol Session per
group session), so access, risk flags, measures, outcomes, FHIR and the portal work for a
member as for any client. What belongs to the group as a whole lives here: the group, its
sessions and their agenda, each member's row of each session (attendance as the group records
it, what they brought, their homework), the pre-group sessions and the facilitators' weekly
supervision notes. Rows are written only by groups/actions.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openipt.formulation.models import Area
from openipt.protocol import modalities
from openipt.protocol.models import TaskStatus


class GroupStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("status of a group", "Planned")
    RUNNING = "running", pgettext_lazy("status of a group", "Running")
    FINISHED = "finished", pgettext_lazy("status of a group", "Finished")
    CANCELLED = "cancelled", pgettext_lazy("status of a group", "Cancelled")


# A group that has ended takes no new records.
ENDED_GROUP = (GroupStatus.FINISHED, GroupStatus.CANCELLED)


class Membership(models.TextChoices):
    CLOSED = "closed", _("Closed: members join before the first session")
    OPEN = "open", _("Open: members may join while it runs")


class Group(models.Model):
    """A group of clients who meet with one or two facilitators for a planned number of
    sessions of one modality."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey("accounts.Site", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=120)
    modality = models.CharField(max_length=40, choices=modalities.group_choices)
    # Where it meets when that is not the site itself: a room, a village hall.
    place = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=60)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_groups"
    )
    co_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_facilitated_groups",
    )
    planned_sessions = models.PositiveSmallIntegerField()
    session_minutes = models.PositiveSmallIntegerField(default=90)
    membership = models.CharField(
        max_length=10, choices=Membership.choices, default=Membership.CLOSED
    )
    status = models.CharField(
        max_length=10, choices=GroupStatus.choices, default=GroupStatus.PLANNED
    )
    # The sessions are scheduled weekly from here when the group is made.
    first_session_at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_session_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(co_facilitator=models.F("facilitator")),
                name="co_facilitator_is_another_person",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def definition(self):
        return modalities.get(self.modality)

    @property
    def modality_name(self):
        return self.definition.name

    @property
    def has_ended(self):
        return self.status in ENDED_GROUP

    @property
    def facilitator_ids(self):
        return {self.facilitator_id, self.co_facilitator_id} - {None}


class GroupSession(models.Model):
    """One meeting of the group, numbered from 1. Until it is recorded, `took_place` is
    None; a session that did not take place keeps its number and counts towards the plan."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    scheduled_for = models.DateTimeField()
    took_place = models.BooleanField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="unique_group_session")
        ]

    def __str__(self):
        return f"Group session {self.number}"

    @property
    def is_recorded(self):
        return self.took_place is not None


class GroupSessionTask(models.Model):
    """One row of a group session's agenda: a modality task and whether it was done."""

    group_session = models.ForeignKey(
        GroupSession, on_delete=models.PROTECT, related_name="task_records"
    )
    task_key = models.CharField(max_length=50)
    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group_session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "task_key"], name="unique_group_session_task"
            )
        ]


class MemberStatus(models.TextChoices):
    SCREENED = "screened", _("Screened")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Active")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    COMPLETED = "completed", _("Completed")
    REFERRED_ON = "referred_on", _("Referred on")


# A client is in at most one group at a time with one of these.
CURRENT_MEMBER = (MemberStatus.SCREENED, MemberStatus.ACCEPTED, MemberStatus.ACTIVE)
# Members who joined: they count in the group's outcomes.
JOINED_MEMBER = (
    MemberStatus.ACCEPTED,
    MemberStatus.ACTIVE,
    MemberStatus.DROPPED_OUT,
    MemberStatus.COMPLETED,
    MemberStatus.REFERRED_ON,
)
# The ways a member who joined leaves.
LEAVING = (MemberStatus.DROPPED_OUT, MemberStatus.COMPLETED, MemberStatus.REFERRED_ON)


class GroupMember(models.Model):
    """A client's place in a group, from the pre-group screen to leaving. The member's
    course is `episode` (its clinician is the group's facilitator)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="members")
    client = models.ForeignKey(
        "caseload.Client", on_delete=models.PROTECT, related_name="group_memberships"
    )
    episode = models.OneToOneField(
        "caseload.Episode", on_delete=models.PROTECT, related_name="group_membership"
    )
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.SCREENED
    )
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    # Why the member was declined or left, in the facilitator's words.
    reason = models.TextField(blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    # The member's one problem area and a one-line interpersonal goal.
    problem_area = models.CharField(max_length=20, choices=Area.choices, blank=True)
    goal = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status__in=CURRENT_MEMBER),
                name="one_current_group_per_client",
            )
        ]

    def __str__(self):
        return f"{self.client.reference} in {self.group}"

    @property
    def is_current(self):
        return self.status in CURRENT_MEMBER

    @property
    def has_joined(self):
        return self.status in JOINED_MEMBER


class PreGroupSession(models.Model):
    """An individual meeting with a member before the group: the intake screen (with its
    PHQ-9 and the exclusions), the inventory, ground rules and consent."""

    member = models.ForeignKey(
        GroupMember, on_delete=models.PROTECT, related_name="pre_group_sessions"
    )
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    parent_present = models.BooleanField(default=False)
    ground_rules_agreed = models.BooleanField(default=False)
    consent_given = models.BooleanField(default=False)
    intake_screen = models.OneToOneField(
        "protocol.IntakeScreen", on_delete=models.PROTECT, related_name="pre_group_session"
    )
    # SET_NULL: erasing a client's record without keeping scores deletes the PHQ-9
    # (measures/erasure.py); the meeting stays, without it.
    phq9 = models.ForeignKey(
        "measures.MeasureAdministration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="unique_pre_group_session")
        ]

    def __str__(self):
        return f"Pre-group session {self.number}"


class GroupAttendance(models.TextChoices):
    """As group programmes record it (OpenEMR's therapy groups: attended, late, did not
    attend, cancelled)."""

    ATTENDED = "attended", _("Attended")
    LATE = "late", _("Came late")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
    CANCELLED = "cancelled", _("Cancelled (told us beforehand)")


PRESENT = (GroupAttendance.ATTENDED, GroupAttendance.LATE)


class MemberSessionRecord(models.Model):
    """One member's row of one group session: attendance, what they brought, their homework.
    `session` is the member's own course session it is recorded on."""

    group_session = models.ForeignKey(
        GroupSession, on_delete=models.PROTECT, related_name="member_records"
    )
    member = models.ForeignKey(
        GroupMember, on_delete=models.PROTECT, related_name="session_records"
    )
    session = models.OneToOneField(
        "protocol.Session", on_delete=models.PROTECT, related_name="group_record"
    )
    attendance = models.CharField(max_length=20, choices=GroupAttendance.choices)
    brought = models.CharField(max_length=300, blank=True)
    homework = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group_session", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "member"], name="unique_member_session_record"
            )
        ]

    @property
    def present(self):
        return self.attendance in PRESENT


class SupervisionNote(models.Model):
    """The facilitators' weekly note for supervision: what happened, concerns, members to
    discuss. The supervisor acknowledges it once reviewed; it is not changed after that."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="supervision_notes")
    week_of = models.DateField()  # the Monday of the week
    happened = models.TextField()
    concerns = models.TextField(blank=True)
    members_to_discuss = models.ManyToManyField(GroupMember, blank=True, related_name="+")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    supervisor_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-week_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "week_of"], name="one_note_per_group_week")
        ]

    def __str__(self):
        return f"Supervision note for the week of {self.week_of:%d %b %Y}"

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None
