"""The IPT course of one episode: intake screen, plan, contract, sessions and their agendas,
the ending, and alerts to a supervisor.

Rows are written only by protocol/actions.py. Rules about the course (where it stands,
what is overdue, what the next agenda holds) live in course.py; fidelity in fidelity.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import modalities
from .escalation import applies
from .phases import phase_boundaries
from .start_rules import REASON_LABELS


class Attendance(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ATTENDED = "attended", _("Attended")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
    CANCELLED_BY_CLIENT = "cancelled_client", _("Cancelled by client")
    CANCELLED_BY_CLINICIAN = "cancelled_clinician", _("Cancelled by clinician")


# The outcomes a clinician records for a session that has taken place (or not).
RECORDED_ATTENDANCE = tuple(choice for choice in Attendance if choice != Attendance.SCHEDULED)


class DeliveryMode(models.TextChoices):
    """How a session is held. Video happens in the service's own meeting tool: the product
    keeps only the link."""

    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    TELEPHONE = "telephone", _("Telephone")


class Companion(models.TextChoices):
    """Who attended a session besides the client (a conjoint session): a kind, no names."""

    PARTNER = "partner", _("Partner")
    PARENT = "parent", _("Parent or carer")
    OTHER = "other", _("Someone else close to the client")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    FLEXIBLE = "flexible", _("Flexible (agreed each time)")


# Days between sessions when a run of sessions is scheduled at once; flexible spacing
# is scheduled one session at a time.
FREQUENCY_DAYS = {
    Frequency.WEEKLY: 7,
    Frequency.FORTNIGHTLY: 14,
    Frequency.MONTHLY: 28,
}


class CoursePlan(models.Model):
    """The course of IPT an episode follows: which modality, how many sessions, and
    where the phase boundaries lie when the clinician has moved them."""

    episode = models.OneToOneField(
        "caseload.Episode", on_delete=models.PROTECT, related_name="course_plan"
    )
    modality = models.CharField(max_length=40, choices=modalities.choices)
    planned_sessions = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    agreed_end_date = models.DateField(null=True, blank=True)
    session_minutes = models.PositiveSmallIntegerField()
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    # A taper agreed in the contract: sessions every two weeks from this session number,
    # monthly from that one (None: no step). protocol/tapering.py spaces the dates by them.
    fortnightly_from = models.PositiveSmallIntegerField(null=True, blank=True)
    monthly_from = models.PositiveSmallIntegerField(null=True, blank=True)
    # {"initial_end": n, "termination_start": m}; see phases.apply_overrides.
    boundary_overrides = models.JSONField(default=dict, blank=True)
    boundary_reason = models.TextField(blank=True)
    # Set only when the course was started despite an exclusion found at intake.
    exclusion_override_reason = models.TextField(blank=True)
    # Why more sessions are planned than the modality allows without one (reason_above),
    # for example chronic or complex depression.
    length_reason = models.TextField(blank=True)
    # Set only when the client's age on the start date was outside the modality's range.
    age_override_reason = models.TextField(blank=True)
    # The client's earlier, ended course this one continues: the acute course a maintenance
    # course follows, or the course after which the client relapsed (docs/course.md,
    # "Courses that continue an earlier one"). Blank when there is none in this service.
    continues_episode = models.ForeignKey(
        "caseload.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continued_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.modality_name}, {self.planned_sessions} sessions"

    @property
    def definition(self):
        return modalities.get(self.modality)

    @property
    def modality_name(self):
        return self.definition.name

    @property
    def boundaries(self):
        return phase_boundaries(self.definition, self.planned_sessions, self.boundary_overrides)

    @property
    def taper_words(self):
        """The taper agreed in the contract, in words, or "" when there is none."""
        steps = []
        if self.fortnightly_from:
            steps.append(
                gettext("every two weeks from session %(number)s")
                % {"number": self.fortnightly_from}
            )
        if self.monthly_from:
            steps.append(gettext("monthly from session %(number)s") % {"number": self.monthly_from})
        frequency = self.get_frequency_display()
        if len(steps) == 2:
            return gettext("%(frequency)s, then %(first)s, then %(second)s") % {
                "frequency": frequency,
                "first": steps[0],
                "second": steps[1],
            }
        if steps:
            return gettext("%(frequency)s, then %(first)s") % {
                "frequency": frequency,
                "first": steps[0],
            }
        return ""

    @property
    def counsellor_mode(self):
        """A counsellor-delivered modality, or a course run by a counsellor: each agenda
        task shows its plain-language guide, and the escalation rule applies."""
        return applies(self.definition, self.episode.clinician.role)


class StartRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the supervisor")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class CourseStartRequest(models.Model):
    """A course held for the supervisor's approval (start_rules.py): the clinician's role
    may not start the modality, or they have no training record for it. Approved, it lets
    the clinician start a course of that modality for the episode."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.CASCADE, related_name="course_start_requests"
    )
    modality = models.CharField(max_length=40, choices=modalities.choices)
    # start_rules.ROLE and/or start_rules.TRAINING
    reasons = models.JSONField(default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=StartRequestStatus.choices, default=StartRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "modality"],
                condition=Q(status="pending"),
                name="one_pending_start_request_per_modality",
            )
        ]

    def __str__(self):
        return f"{self.get_modality_display()} ({self.get_status_display()})"

    @property
    def reason_words(self):
        return [REASON_LABELS.get(reason, reason) for reason in self.reasons]


class Exclusion(models.TextChoices):
    """Presentations for which IPT is not suitable as the primary treatment."""

    SUICIDAL_CRISIS = "suicidal_crisis", _("Acute suicidal crisis")
    PSYCHOSIS = "psychosis", _("Psychosis")
    MANIA = "mania", _("Mania")
    SEVERE_DISSOCIATION = "severe_dissociation", _("Severe dissociation or trauma flashbacks")


class Caution(models.TextChoices):
    """Presentations for which the articles disagree or advise care: IPT may still be offered,
    but the screen must record either a referral or how the course will take it into account
    (docs/course.md, "Intake")."""

    SEVERE_PERSONALITY_DISORDER = "severe_personality_disorder", _("Severe personality disorder")
    SUBSTANCE_MISUSE = "substance_misuse", _("Current substance misuse")
    ANOREXIA_NERVOSA = "anorexia_nervosa", _("Anorexia nervosa")


class Motivation(models.TextChoices):
    KEEN = "keen", _("Keen to work on relationships in a short, focused therapy")
    UNSURE = "unsure", _("Willing, but unsure")
    RELUCTANT = "reluctant", _("Reluctant, or here because someone else wants it")


class ReferralKind(models.TextChoices):
    INSTEAD = "instead", _("Instead of IPT (an exclusion)")
    CAUTION = "caution", _("For a caution found at intake")
    MEDICATION_REVIEW = "medication_review", _("Medication review")


class FitQuestion(models.TextChoices):
    """Fit questions asked at intake (clinical reference, section 1). The first five
    point towards IPT; the last three towards another treatment."""

    RELATIONSHIP_STRESS = (
        "relationship_stress",
        _("Low mood or anxiety is made worse by conflict, isolation or relationship stress"),
    )
    RECENT_CHANGE = "recent_change", _("A recent major life change")
    REPEATING_PATTERNS = "repeating_patterns", _("Relationship patterns that keep repeating")
    OPEN_TO_COMMUNICATION = (
        "open_to_communication",
        _("Open to learning new ways to communicate"),
    )
    PREFERS_SHORT_THERAPY = "prefers_short_therapy", _("Prefers short, focused therapy")
    WANTS_BEHAVIOUR_CHANGE = (
        "wants_behaviour_change",
        _("Wants behaviour-change work (for example for OCD or phobias)"),
    )
    TRAUMA_SPECIFIC = "trauma_specific", _("Needs trauma-specific treatment")
    WANTS_DEPTH_EXPLORATION = (
        "wants_depth_exploration",
        _("Wants in-depth exploration of the past"),
    )


POORER_FIT = frozenset(
    {
        FitQuestion.WANTS_BEHAVIOUR_CHANGE,
        FitQuestion.TRAUMA_SPECIFIC,
        FitQuestion.WANTS_DEPTH_EXPLORATION,
    }
)


class IntakeScreen(models.Model):
    """The suitability screen recorded before a course starts. The latest one counts."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="intake_screens"
    )
    screened_on = models.DateField()
    phq9_total = models.PositiveSmallIntegerField(null=True, blank=True)
    # Whether the PHQ-9 asked at the screen had a safety answer (item 9 answered 1 or more):
    # a risk finding shown with the course for as long as this screen is the latest. Set
    # from the administration (measures.actions.record_intake_screen); None when the PHQ-9
    # was not asked, or for screens recorded before this was kept.
    phq9_safety_answer = models.BooleanField(null=True, blank=True)
    symptoms = models.TextField()
    suicidal_crisis = models.BooleanField()
    psychosis = models.BooleanField()
    mania = models.BooleanField()
    severe_dissociation = models.BooleanField()
    # Caution values found, and (when no referral is made for them) how the course takes
    # them into account.
    cautions = models.JSONField(default=list, blank=True)
    caution_plan = models.TextField(blank=True)
    # FitQuestion values that apply to the client.
    fit_answers = models.JSONField(default=list, blank=True)
    # The history the articles ask for before IPT starts; blank when not asked.
    previous_treatment = models.TextField(blank=True)
    medication = models.TextField(blank=True)
    prescriber = models.CharField(max_length=200, blank=True)
    hospitalisations = models.TextField(blank=True)
    diagnosis = models.CharField(max_length=300, blank=True)
    # An ICD-10, ICD-11 or DSM-5 code, as the service writes it (optional).
    diagnosis_code = models.CharField(max_length=20, blank=True)
    motivation = models.CharField(max_length=12, choices=Motivation.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_on", "-id"]

    def __str__(self):
        return f"Intake screen on {self.screened_on:%d %b %Y}"

    @property
    def exclusions(self):
        """Labels of the exclusions found, in the order they are asked."""
        return [str(choice.label) for choice in Exclusion if getattr(self, choice.value)]

    @property
    def risk_findings(self):
        """What the screen found that keeps risk in view: its exclusions, and a safety
        answer in its PHQ-9."""
        found = [label.lower() for label in self.exclusions]
        if self.phq9_safety_answer:
            found.append(gettext("a safety answer to PHQ-9 item 9 (thoughts of self-harm)"))
        return found

    @property
    def caution_labels(self):
        return [str(choice.label) for choice in Caution if choice.value in self.cautions]

    @property
    def fit_labels(self):
        return [str(choice.label) for choice in FitQuestion if choice.value in self.fit_answers]


class Referral(models.Model):
    """A referral elsewhere recorded with the intake screen: instead of IPT when it finds an
    exclusion, for a caution, or for a medication review alongside IPT."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="referrals"
    )
    intake_screen = models.ForeignKey(
        IntakeScreen, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    kind = models.CharField(
        max_length=20, choices=ReferralKind.choices, default=ReferralKind.INSTEAD
    )
    referred_to = models.CharField(max_length=200)
    reason = models.TextField()
    referred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"Referral to {self.referred_to}"


class TreatmentContract(models.Model):
    """What was agreed or explained in the initial phase, each with the date it happened.

    The agreed values themselves (planned sessions, end date, length, frequency) are
    on the CoursePlan; this records when each part of the contract was made.
    """

    episode = models.OneToOneField(
        "caseload.Episode", on_delete=models.PROTECT, related_name="treatment_contract"
    )
    sessions_and_end_agreed_on = models.DateField(null=True, blank=True)
    length_and_frequency_agreed_on = models.DateField(null=True, blank=True)
    confidentiality_explained_on = models.DateField(null=True, blank=True)
    psychoeducation_given_on = models.DateField(null=True, blank=True)
    sick_role_given_on = models.DateField(null=True, blank=True)
    measures_consent_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    # (field, what it records) in the order the contract page lists them.
    ITEMS = (
        ("sessions_and_end_agreed_on", _("Number of sessions and end date agreed")),
        ("length_and_frequency_agreed_on", _("Session length and frequency agreed")),
        ("confidentiality_explained_on", _("Confidentiality explained")),
        ("psychoeducation_given_on", _("Psychoeducation given")),
        ("sick_role_given_on", _("Sick role given")),
        ("measures_consent_on", _("Consent to measures given")),
    )

    def __str__(self):
        return "Treatment contract"

    def items(self):
        """(label, date or None) for every contract item."""
        return [(label, getattr(self, field)) for field, label in self.ITEMS]

    @property
    def missing_items(self):
        return [str(label) for field, label in self.ITEMS if getattr(self, field) is None]


class SignedRecordLocked(Exception):
    """A signed session, its agenda, its progress note or an addendum cannot change: a
    correction is a new, signed addendum. (The one exception is the redaction an approved
    erasure performs, `ProgressNote.redact`.) The message is in the reader's language, for
    whichever page shows it."""


class SessionQuerySet(models.QuerySet):
    """Refuses to update or delete signed sessions, whatever calls it."""

    def update(self, **values):
        if self.filter(signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("A signed session cannot change."))
        return super().update(**values)

    def delete(self):
        if self.filter(signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("A signed session cannot be removed."))
        return super().delete()

    def erase_places(self):
        """Blank where these sessions took place, signed or not: like an agenda's notes, the
        one change a signed session undergoes, for an approved erasure (protocol/erasure.py)."""
        return super().update(location="", meeting_link="")


class Session(models.Model):
    """One planned or held session of an episode, numbered from 1 in order.

    A missed or cancelled session keeps its number and counts towards the plan: the
    course stays time-limited. The phase is derived from the number and the plan.
    Once its progress note is signed (`signed_at`), the session record no longer changes.
    """

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    scheduled_for = models.DateTimeField()
    # The place or video link, as the client's reminder gives it (docs/reminders.md).
    location = models.CharField(max_length=300, blank=True)
    # How the session is held (blank: not said), the video meeting's address when it is a
    # video call, and who attended besides the client (Companion values; a conjoint session).
    delivery_mode = models.CharField(max_length=12, choices=DeliveryMode.choices, blank=True)
    meeting_link = models.URLField(max_length=500, blank=True)
    also_present = models.JSONField(default=list, blank=True)
    held_on = models.DateField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.SCHEDULED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set, with the note's signature, when the progress note is signed: from then on
    # neither the session nor its agenda changes (SessionQuerySet, save and delete refuse).
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="unique_session_number")
        ]

    def __str__(self):
        return f"Session {self.number}"

    def save(self, *args, **kwargs):
        if getattr(self, "_signed_when_read", False):
            raise SignedRecordLocked(
                gettext("Session %(number)s is signed and cannot change.") % {"number": self.number}
            )
        super().save(*args, **kwargs)
        self._signed_when_read = self.signed_at is not None

    def delete(self, *args, **kwargs):
        if self.signed_at is not None:
            raise SignedRecordLocked(
                gettext("Session %(number)s is signed and cannot be removed.")
                % {"number": self.number}
            )
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        session = super().from_db(db, field_names, values)
        # Whether the row was signed when read: a signed row is never written again.
        session._signed_when_read = session.__dict__.get("signed_at") is not None
        return session

    @property
    def is_signed(self):
        return self.signed_at is not None

    @property
    def is_recorded(self):
        return self.attendance != Attendance.SCHEDULED

    @property
    def attended(self):
        return self.attendance == Attendance.ATTENDED

    @property
    def also_present_labels(self):
        return [str(choice.label) for choice in Companion if choice.value in self.also_present]

    @property
    def is_conjoint(self):
        return bool(self.also_present)


class SessionMove(models.Model):
    """A session moved before it took place: from when, to when, and why. The reason is
    the clinician's own words, so it lives here with the course (erased with it), never
    in the audit trail."""

    # A scheduled session dropped from a shortened plan takes its moves with it.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="moves")
    moved_from = models.DateTimeField()
    moved_to = models.DateTimeField()
    reason = models.CharField(max_length=300)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "id"]

    def __str__(self):
        return f"Session {self.session_id} moved"


class TaskStatus(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class TaskRecordQuerySet(models.QuerySet):
    """Refuses to change the agenda of a signed session, whatever calls it."""

    def _refuse_if_signed(self):
        if self.filter(session__signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("The agenda of a signed session cannot change."))

    def update(self, **values):
        self._refuse_if_signed()
        return super().update(**values)

    def delete(self):
        self._refuse_if_signed()
        return super().delete()

    def erase_notes(self):
        """Blank the notes of these agenda rows, signed or not: the one change a signed
        session's agenda may undergo, for an approved erasure (protocol/erasure.py)."""
        return super().update(note="")


class SessionTaskRecord(models.Model):
    """One row of a session's agenda: a modality task and whether it was done."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="task_records")
    task_key = models.CharField(max_length=50)
    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    # Ticked done while the task's tool held no record (protocol/tools.py): the clinician
    # said it was done in the room and not recorded. Fidelity counts these apart.
    done_without_record = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = TaskRecordQuerySet.as_manager()

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "task_key"], name="unique_session_task")
        ]

    def __str__(self):
        return f"{self.task_key}: {self.status}"

    def save(self, *args, **kwargs):
        self._refuse_if_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_signed()
        return super().delete(*args, **kwargs)

    def _refuse_if_signed(self):
        if Session.objects.filter(pk=self.session_id, signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("The agenda of a signed session cannot change."))


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed as planned")
    ENDED_EARLY = "ended_early", _("Ended early by mutual agreement")
    DROPPED_OUT = "dropped_out", _("Dropped out after missed sessions")
    REFERRED_ON = "referred_on", _("Referred on")


class FollowUp(models.TextChoices):
    NONE = "none", _("None")
    BOOSTER = "booster", _("Booster sessions")
    MAINTENANCE = "maintenance", _("Maintenance sessions")


class CourseEnding(models.Model):
    """How and why the course ended, with the end-of-course summary."""

    episode = models.OneToOneField(
        "caseload.Episode", on_delete=models.PROTECT, related_name="course_ending"
    )
    ended_on = models.DateField()
    reason = models.CharField(max_length=20, choices=EndReason.choices)
    missed_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    first_phq9 = models.PositiveSmallIntegerField(null=True, blank=True)
    last_phq9 = models.PositiveSmallIntegerField(null=True, blank=True)
    problem_area_progress = models.TextField()
    future_plan = models.TextField()
    follow_up = models.CharField(max_length=20, choices=FollowUp.choices, default=FollowUp.NONE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Course ended on {self.ended_on:%d %b %Y}"


class WarningSignsFit(models.TextChoices):
    STILL_FIT = "still_fit", _("The warning signs on the plan still fit")
    NEED_CHANGE = "need_change", _("Some warning signs need changing")


class SymptomsReturned(models.TextChoices):
    NONE = "none", _("No return of symptoms")
    SOME = "some", _("Some symptoms have come back")
    RELAPSE = "relapse", _("A relapse: symptoms are back as before")


class FollowUpSession(models.Model):
    """A booster or maintenance session agreed at the end of the course: a session of its
    own after the ending, recorded with attendance, how it was held, measures (a PHQ-9
    tied to it: measures.MeasureAdministration.follow_up), a review of the
    relapse-prevention plan and a note. It is not one of the course's numbered sessions,
    so it changes neither the phases nor the course's outcome figures (docs/outcomes.md)."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="follow_up_sessions"
    )
    kind = models.CharField(max_length=20, choices=FollowUp.choices)
    scheduled_for = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.SCHEDULED
    )
    held_on = models.DateField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    delivery_mode = models.CharField(max_length=12, choices=DeliveryMode.choices, blank=True)
    also_present = models.JSONField(default=list, blank=True)
    # The review of the relapse-prevention plan (blank until recorded).
    warning_signs = models.CharField(max_length=12, choices=WarningSignsFit.choices, blank=True)
    symptoms_returned = models.CharField(
        max_length=12, choices=SymptomsReturned.choices, blank=True
    )
    what_helped = models.TextField(blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %b %Y}"

    @property
    def is_recorded(self):
        return self.attendance != Attendance.SCHEDULED

    @property
    def relapse(self):
        return self.symptoms_returned == SymptomsReturned.RELAPSE

    @property
    def also_present_labels(self):
        return [str(choice.label) for choice in Companion if choice.value in self.also_present]


class SupervisorAlert(models.Model):
    """Counsellor mode: a prompt to discuss the course with the supervisor, and the
    notice sent to them. The reasons are the plain sentences shown on the course page."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="supervisor_alerts"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason_codes = models.JSONField(default=list)
    reasons = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The supervisor has read the alert (actions.acknowledge_supervisor_alert). Until then
    # it is an open escalation, shown with the course and on the supervisor's page.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="supervisor_alert_acknowledged_by_someone",
            )
        ]

    def __str__(self):
        return f"Supervisor alert on {self.created_at:%d %b %Y}"

    @property
    def is_open(self):
        return self.acknowledged_at is None


# --- progress notes ----------------------------------------------------------------------

# The parts of a progress note, in the order they are written and shown: free text first,
# then the optional headings. The keys are stored; the labels are what the pages say.
NOTE_SECTIONS = (
    ("text", ""),
    ("discussed", _("What was discussed")),
    ("interventions", _("Interventions")),
    ("response", _("The client's response")),
    ("plan", pgettext_lazy("progress note heading", "Plan")),
    ("risk", pgettext_lazy("progress note heading", "Risk")),
)
NOTE_SECTION_KEYS = tuple(key for key, label in NOTE_SECTIONS)

# What signing a note freezes, and the only fields a signed note may still have written:
# the co-signature (once), and the redaction an approved erasure performs (once).
COSIGNATURE_FIELDS = frozenset({"cosigned_at", "cosigned_by"})
REDACTION_FIELDS = frozenset({"body", "redacted_at", "redacted_by"})


class ProgressNoteQuerySet(models.QuerySet):
    """Refuses to update or delete signed notes, whatever calls it: a signed note changes
    only through `ProgressNote.cosign` and `ProgressNote.redact`, one row at a time."""

    def update(self, **values):
        if self.filter(signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("A signed progress note cannot change."))
        return super().update(**values)

    def delete(self):
        if self.filter(signed_at__isnull=False).exists():
            raise SignedRecordLocked(gettext("A signed progress note cannot be removed."))
        return super().delete()


class ProgressNote(models.Model):
    """The clinician's note of one session: a draft while they work, then signed.

    Its whole text is one field, `body` (section key -> text, NOTE_SECTIONS), so an approved
    erasure removes it in one place (`redact`). Signing freezes the note and its session;
    corrections are NoteAddendum rows, each dated and signed. Rows are written only by
    protocol/actions.py; the queryset and `save` refuse any other change to a signed note.
    """

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="progress_notes"
    )
    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="progress_note")
    body = models.JSONField(default=dict, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A counsellor's note in an organisation that asks for it (Organisation.
    # cosign_counsellor_notes) waits for their supervisor's co-signature.
    cosignature_required = models.BooleanField(default=False)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        ordering = ["session__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="progress_note_signed_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(cosigned_at__isnull=True, cosigned_by__isnull=True)
                | Q(cosigned_at__isnull=False, cosigned_by__isnull=False, signed_at__isnull=False),
                name="progress_note_cosigned_after_signing",
            ),
        ]

    def __str__(self):
        return f"Progress note of session {self.session_id}"

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored", None)
        if stored and stored["signed"]:
            self._check_change_to_signed(stored, kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        self._stored = {
            "signed": self.signed_at is not None,
            "cosigned": self.cosigned_at is not None,
            "redacted": self.redacted_at is not None,
        }

    def _check_change_to_signed(self, stored, update_fields):
        """A signed note may be written only to add its co-signature or its redaction."""
        fields = frozenset(update_fields or ())
        if fields and fields <= COSIGNATURE_FIELDS and not stored["cosigned"]:
            return
        if (
            fields
            and fields <= REDACTION_FIELDS
            and not stored["redacted"]
            and self.redacted_at is not None
            and self.body == {}
        ):
            return
        raise SignedRecordLocked(gettext("A signed progress note cannot change; add an addendum."))

    def delete(self, *args, **kwargs):
        if self.signed_at is not None:
            raise SignedRecordLocked(gettext("A signed progress note cannot be removed."))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        note = super().from_db(db, field_names, values)
        note._stored = {
            "signed": note.__dict__.get("signed_at") is not None,
            "cosigned": note.__dict__.get("cosigned_at") is not None,
            "redacted": note.__dict__.get("redacted_at") is not None,
        }
        return note

    @property
    def is_signed(self):
        return self.signed_at is not None

    @property
    def waiting_for_cosignature(self):
        return self.is_signed and self.cosignature_required and self.cosigned_at is None

    @property
    def sections(self):
        """(heading or "", text) for each part written, in NOTE_SECTIONS order."""
        return [(label, self.body[key]) for key, label in NOTE_SECTIONS if self.body.get(key)]

    def redact(self, *, by, at):
        """Remove the note's text and its addenda's, keeping that the note existed, who
        signed it and when: the one change a signed note may undergo, for an approved
        erasure. Call it through protocol.actions.redact_progress_note, which audits it."""
        if self.redacted_at is None:
            self.body = {}
            self.redacted_at = at
            self.redacted_by = by
            self.save(update_fields=sorted(REDACTION_FIELDS))
        for addendum in self.addenda.filter(redacted_at__isnull=True):
            addendum.redact(at=at)
        return self


class NoteAddendumQuerySet(models.QuerySet):
    """Addenda are written once: no update or delete through a queryset."""

    def update(self, **values):
        raise SignedRecordLocked(gettext("An addendum is signed when it is written; add another."))

    def delete(self):
        raise SignedRecordLocked(gettext("An addendum is never removed."))


class NoteAddendum(models.Model):
    """A correction or addition to a signed note: dated and signed when it is written, and
    never changed afterwards (except its redaction with the note)."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    redacted_at = models.DateTimeField(null=True, blank=True)

    objects = NoteAddendumQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self):
        return f"Addendum {self.pk} to {self.note}"

    def save(self, *args, **kwargs):
        update_fields = frozenset(kwargs.get("update_fields") or ())
        redacting = update_fields == {"text", "redacted_at"} and self.text == ""
        if self.pk is not None and not kwargs.get("force_insert") and not redacting:
            raise SignedRecordLocked(
                gettext("An addendum is signed when it is written; add another.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignedRecordLocked(gettext("An addendum is never removed."))

    def redact(self, *, at):
        self.text = ""
        self.redacted_at = at
        self.save(update_fields=["text", "redacted_at"])


def percent(value: float | None) -> str:
    """A share for a page: "92%", or "none yet" when nothing was expected."""
    return gettext("none yet") if value is None else f"{round(value * 100)}%"


class Percentages:
    """Display forms of the shares, for templates (fidelity.EpisodeFidelity, the stored
    CourseFidelity and fidelity.PooledFidelity share them)."""

    @property
    def task_percent(self):
        return percent(self.task_share)

    @property
    def measure_percent(self):
        return percent(self.measure_share)

    @property
    def attendance_percent(self):
        return percent(self.attendance_rate)

    @property
    def homework_percent(self):
        return percent(self.homework_share)

    @property
    def closing_percent(self):
        return percent(self.closing_share)

    @property
    def score_percent(self):
        return percent(self.score)


class Stage(models.TextChoices):
    """Where a course stands, for lists: the phase of the next session to hold, every
    planned session recorded (the ending is still to be recorded), or ended."""

    INITIAL = "initial", _("Initial phase")
    MIDDLE = "middle", _("Middle phase")
    TERMINATION = "termination", _("Termination phase")
    ALL_RECORDED = "all_recorded", _("Every session recorded")
    ENDED = "ended", _("Ended")


class CourseFidelity(Percentages, models.Model):
    """One course's fidelity and where it stands, stored so that lists (team fidelity, the
    caseload) read one row per course instead of scoring courses on every request.

    Derived data: written only by protocol/fidelity_store.py, in the same transaction as
    every change that moves it (docs/course.md, "Stored fidelity"), and rebuilt from the
    records by `openipt rebuild-fidelity`. `stale` marks a row whose organisation changed
    a rule that moves every course at once (its start and end measures) until the rebuild
    task has recomputed it.
    """

    episode = models.OneToOneField(
        "caseload.Episode", primary_key=True, on_delete=models.PROTECT, related_name="fidelity"
    )
    modality = models.CharField(max_length=40, choices=modalities.choices)
    # Where the course stands.
    stage = models.CharField(max_length=20, choices=Stage.choices)
    planned_sessions = models.PositiveSmallIntegerField()
    sessions_recorded = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField()
    # Did not attend or cancelled by the client (attendance = attended / (attended + these)).
    sessions_missed = models.PositiveSmallIntegerField()
    # The next session booked and the measures it still expects (schedule.py); codes
    # separated by spaces, empty when nothing is due.
    due_session = models.PositiveSmallIntegerField(null=True, blank=True)
    due_measures = models.CharField(max_length=200, blank=True)
    # Steps of course.overdue_items not yet taken (problem area, end date, contract, ending).
    overdue_steps = models.PositiveSmallIntegerField(default=0)
    # Fidelity, part by part: counts, and each share (None when nothing is expected yet).
    tasks_achieved = models.PositiveIntegerField()  # done in their phase or late
    tasks_counted = models.PositiveIntegerField()  # done, late or missing
    tasks_late = models.PositiveIntegerField()
    tasks_missing = models.PositiveIntegerField()
    tasks_skipped = models.PositiveIntegerField()
    # Of the achieved: ticked done while the task's tool held no record (protocol/tools.py).
    tasks_without_record = models.PositiveIntegerField(default=0)
    measures_taken = models.PositiveIntegerField()
    measures_expected = models.PositiveIntegerField()
    homework_done = models.PositiveIntegerField()
    homework_expected = models.PositiveIntegerField()
    closing_done = models.PositiveIntegerField()
    closing_expected = models.PositiveIntegerField()
    task_share = models.FloatField(null=True, blank=True)
    measure_share = models.FloatField(null=True, blank=True)
    homework_share = models.FloatField(null=True, blank=True)
    closing_share = models.FloatField(null=True, blank=True)
    attendance_rate = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    stale = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Fidelity of episode {self.episode_id}"

    @property
    def modality_name(self):
        return modalities.get(self.modality).name

    @property
    def due_codes(self) -> tuple[str, ...]:
        return tuple(self.due_measures.split())
