"""The IPT course of one episode: intake screen, plan, contract, sessions and their agendas,
the ending, and alerts to a supervisor.

Rows are written only by protocol/actions.py. Rules about the course (where it stands,
what is overdue, what the next agenda holds) live in course.py; fidelity in fidelity.py.
"""

from django.conf import settings
from django.db import models

from . import modalities
from .escalation import applies
from .phases import phase_boundaries


class Attendance(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_CLIENT = "cancelled_client", "Cancelled by client"
    CANCELLED_BY_CLINICIAN = "cancelled_clinician", "Cancelled by clinician"


# The outcomes a clinician records for a session that has taken place (or not).
RECORDED_ATTENDANCE = tuple(choice for choice in Attendance if choice != Attendance.SCHEDULED)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    FLEXIBLE = "flexible", "Flexible (agreed each time)"


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
    def counsellor_mode(self):
        """A counsellor-delivered modality, or a course run by a counsellor: each agenda
        task shows its plain-language guide, and the escalation rule applies."""
        return applies(self.definition, self.episode.clinician.role)


class Exclusion(models.TextChoices):
    """Presentations for which IPT is not suitable as the primary treatment."""

    SUICIDAL_CRISIS = "suicidal_crisis", "Acute suicidal crisis"
    PSYCHOSIS = "psychosis", "Psychosis"
    MANIA = "mania", "Mania"
    SEVERE_DISSOCIATION = "severe_dissociation", "Severe dissociation or trauma flashbacks"


class Caution(models.TextChoices):
    """Presentations for which the articles disagree or advise care: IPT may still be offered,
    but the screen must record either a referral or how the course will take it into account
    (docs/course.md, "Intake")."""

    SEVERE_PERSONALITY_DISORDER = "severe_personality_disorder", "Severe personality disorder"
    SUBSTANCE_MISUSE = "substance_misuse", "Current substance misuse"
    ANOREXIA_NERVOSA = "anorexia_nervosa", "Anorexia nervosa"


class Motivation(models.TextChoices):
    KEEN = "keen", "Keen to work on relationships in a short, focused therapy"
    UNSURE = "unsure", "Willing, but unsure"
    RELUCTANT = "reluctant", "Reluctant, or here because someone else wants it"


class ReferralKind(models.TextChoices):
    INSTEAD = "instead", "Instead of IPT (an exclusion)"
    CAUTION = "caution", "For a caution found at intake"
    MEDICATION_REVIEW = "medication_review", "Medication review"


class FitQuestion(models.TextChoices):
    """Fit questions asked at intake (clinical reference, section 1). The first five
    point towards IPT; the last three towards another treatment."""

    RELATIONSHIP_STRESS = (
        "relationship_stress",
        "Low mood or anxiety is made worse by conflict, isolation or relationship stress",
    )
    RECENT_CHANGE = "recent_change", "A recent major life change"
    REPEATING_PATTERNS = "repeating_patterns", "Relationship patterns that keep repeating"
    OPEN_TO_COMMUNICATION = (
        "open_to_communication",
        "Open to learning new ways to communicate",
    )
    PREFERS_SHORT_THERAPY = "prefers_short_therapy", "Prefers short, focused therapy"
    WANTS_BEHAVIOUR_CHANGE = (
        "wants_behaviour_change",
        "Wants behaviour-change work (for example for OCD or phobias)",
    )
    TRAUMA_SPECIFIC = "trauma_specific", "Needs trauma-specific treatment"
    WANTS_DEPTH_EXPLORATION = (
        "wants_depth_exploration",
        "Wants in-depth exploration of the past",
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
        return [choice.label for choice in Exclusion if getattr(self, choice.value)]

    @property
    def caution_labels(self):
        return [choice.label for choice in Caution if choice.value in self.cautions]

    @property
    def fit_labels(self):
        return [choice.label for choice in FitQuestion if choice.value in self.fit_answers]


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
        ("sessions_and_end_agreed_on", "Number of sessions and end date agreed"),
        ("length_and_frequency_agreed_on", "Session length and frequency agreed"),
        ("confidentiality_explained_on", "Confidentiality explained"),
        ("psychoeducation_given_on", "Psychoeducation given"),
        ("sick_role_given_on", "Sick role given"),
        ("measures_consent_on", "Consent to measures given"),
    )

    def __str__(self):
        return "Treatment contract"

    def items(self):
        """(label, date or None) for every contract item."""
        return [(label, getattr(self, field)) for field, label in self.ITEMS]

    @property
    def missing_items(self):
        return [label for field, label in self.ITEMS if getattr(self, field) is None]


class Session(models.Model):
    """One planned or held session of an episode, numbered from 1 in order.

    A missed or cancelled session keeps its number and counts towards the plan: the
    course stays time-limited. The phase is derived from the number and the plan.
    """

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    scheduled_for = models.DateTimeField()
    # The place or video link, as the client's reminder gives it (docs/reminders.md).
    location = models.CharField(max_length=300, blank=True)
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

    @property
    def is_recorded(self):
        return self.attendance != Attendance.SCHEDULED

    @property
    def attended(self):
        return self.attendance == Attendance.ATTENDED


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
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class SessionTaskRecord(models.Model):
    """One row of a session's agenda: a modality task and whether it was done."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="task_records")
    task_key = models.CharField(max_length=50)
    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "task_key"], name="unique_session_task")
        ]

    def __str__(self):
        return f"{self.task_key}: {self.status}"


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed as planned"
    ENDED_EARLY = "ended_early", "Ended early by mutual agreement"
    DROPPED_OUT = "dropped_out", "Dropped out after missed sessions"
    REFERRED_ON = "referred_on", "Referred on"


class FollowUp(models.TextChoices):
    NONE = "none", "None"
    BOOSTER = "booster", "Booster sessions"
    MAINTENANCE = "maintenance", "Maintenance sessions"


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


class FollowUpSession(models.Model):
    """A booster or maintenance session agreed at the end of the course."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="follow_up_sessions"
    )
    kind = models.CharField(max_length=20, choices=FollowUp.choices)
    scheduled_for = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %b %Y}"


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

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Supervisor alert on {self.created_at:%d %b %Y}"
