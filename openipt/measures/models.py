"""Administrations of measures and the risk flags they raise.

Rows are written only by measures/actions.py, which scores the answers with the instrument
modules and writes the audit events in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language_info, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import instruments
from .instruments.base import ALERT_FLAGS, SAFETY_FLAGS


class Respondent(models.TextChoices):
    CLIENT_IN_SESSION = "client_in_session", _("The client, in a session")
    CLIENT_AT_HOME = "client_at_home", _("The client, at home")
    CLINICIAN_RATED = "clinician_rated", _("The clinician (clinician-rated)")


INSTRUMENT_CHOICES = [(code, d.name) for code, d in instruments.QUESTIONNAIRES.items()]


class MeasureAdministration(models.Model):
    """One completed questionnaire for an episode, with its score as computed when recorded.

    The answers are kept as given, so the total can always be traced back to them through
    the instrument's version.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="administrations"
    )
    session = models.ForeignKey(
        "protocol.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    # Asked at a booster or maintenance session after the course ended: kept with the
    # client's scores, but not counted in the course's outcome (docs/outcomes.md).
    follow_up = models.ForeignKey(
        "protocol.FollowUpSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    instrument_version = models.CharField(max_length=10)
    administered_on = models.DateField()
    respondent = models.CharField(
        max_length=20, choices=Respondent.choices, default=Respondent.CLIENT_IN_SESSION
    )
    answers = models.JSONField()
    # The language the questions were asked in: "en" (the instruments' own), or the
    # language of the official translation used (instruments/translations/).
    language = models.CharField(max_length=16, default="en")
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=40)
    items_scored = models.PositiveSmallIntegerField(default=0)
    prorated = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    # Plain sentences from the scoring rule (proration, items not applicable).
    notes = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["administered_on", "created_at", "id"]
        indexes = [models.Index(fields=["episode", "instrument", "administered_on"])]

    def __str__(self):
        return f"{self.instrument_name} on {self.administered_on:%d %b %Y}"

    @property
    def language_name(self):
        """The language the questions were asked in, named in the reader's language
        ("Dutch" in English, "Nederlands" in Dutch)."""
        try:
            return get_language_info(self.language)["name_translated"]
        except KeyError:
            return self.language

    @property
    def asked_in_english(self):
        """Whether the questions were asked in English (their wording is then marked
        lang="en" on pages in another language)."""
        return self.language.split("-")[0] == "en"

    @property
    def band_display(self):
        """The stored severity band (English, as scored and exported) in the reader's
        language: the instrument modules mark each band name with gettext_noop."""
        return gettext(self.band)

    @property
    def definition(self):
        return instruments.QUESTIONNAIRES[self.instrument]

    @property
    def instrument_name(self):
        return self.definition.name

    @property
    def is_case(self):
        return self.definition.is_case(self.total)

    @property
    def has_safety_flag(self):
        return bool(set(self.flags) & SAFETY_FLAGS)

    @property
    def has_alert_flag(self):
        """A score that tells the clinician and supervisor (a positive mania screen)."""
        return bool(set(self.flags) & ALERT_FLAGS)

    def answered_items(self):
        """(item, answer label) for every item of the instrument, in order; label None if blank."""
        for item in self.definition.items:
            option = item.option_for(self.answers.get(item.key))
            yield item, option.label if option else None


# The answer label of a safety question left blank (possible only under proration).
UNANSWERED = "not answered"


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk flag status", "Open")
    RESOLVED = "resolved", pgettext_lazy("risk flag status", "Resolved")


class AssessmentOutcome(models.TextChoices):
    # What the clinician found when they followed the answer up. Deliberately not a
    # low/medium/high risk score: the assessment is a conversation, not a prediction.
    NO_CURRENT_THOUGHTS = "no_current_thoughts", _("No current thoughts of suicide or self-harm")
    THOUGHTS_NO_PLAN = "thoughts_no_plan", _("Thoughts of death or self-harm, no plan or intent")
    THOUGHTS_WITH_PLAN = "thoughts_with_plan", _("Thoughts of suicide or self-harm, with a plan")
    OTHER = "other", _("Something else (described under what was done)")


class FlagSource(models.TextChoices):
    RECORDED = "recorded", _("A recorded questionnaire")
    UNFINISHED = "unfinished", _("A questionnaire the client had not yet sent")


class RiskFlag(models.Model):
    """A safety answer that needs a clinician's follow-up, never cleared automatically: only
    a recorded follow-up resolves it.

    Raised with the administration, or, for a questionnaire the client is still filling in
    at home, as soon as the answer is saved (`source` UNFINISHED, no administration yet).
    When that questionnaire is sent, its administration is linked to the same flag.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="risk_flags"
    )
    client = models.ForeignKey("caseload.Client", on_delete=models.PROTECT, related_name="+")
    # None while the questionnaire is unfinished; set when it is sent.
    administration = models.ForeignKey(
        MeasureAdministration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_flags",
    )
    # The questionnaire and session the answer belongs to, known before it is sent.
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    session = models.ForeignKey(
        "protocol.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        max_length=12, choices=FlagSource.choices, default=FlagSource.RECORDED
    )
    reason = models.CharField(max_length=40)  # an instruments.base safety flag code
    item_key = models.CharField(max_length=40)
    # Copied when raised, so the flag reads the same after any change of wording.
    item_label = models.CharField(max_length=300)
    answer_value = models.CharField(max_length=20, blank=True)
    answer_label = models.CharField(max_length=100)
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    assessment_outcome = models.CharField(
        max_length=30, choices=AssessmentOutcome.choices, blank=True
    )
    action_taken = models.TextField(blank=True)
    safety_plan = models.BooleanField(null=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The clinician has seen the flag (resolving also acknowledges). Until then, once the
    # organisation's working days have passed, the supervisor is told once.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor_notified_at = models.DateTimeField(null=True, blank=True)
    # The clinician a supervisor handed the follow-up to; None means the episode's treating
    # clinician, so a flag moves with its episode (caseload/access.py, safety flags).
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "raised_at"])]
        constraints = [
            # A resolved flag always says who resolved it, when, and what was done.
            models.CheckConstraint(
                condition=Q(status=FlagStatus.OPEN, resolved_at__isnull=True)
                | (
                    Q(
                        status=FlagStatus.RESOLVED,
                        resolved_at__isnull=False,
                        resolved_by__isnull=False,
                        safety_plan__isnull=False,
                    )
                    & ~Q(assessment_outcome="")
                    & ~Q(action_taken="")
                ),
                name="risk_flag_resolution_complete",
            ),
            # Only a flag from an unfinished questionnaire may lack its administration.
            models.CheckConstraint(
                condition=Q(administration__isnull=False) | Q(source=FlagSource.UNFINISHED),
                name="risk_flag_administration_unless_unfinished",
            ),
            # One open flag per answer of an unsent questionnaire, however often it is saved.
            models.UniqueConstraint(
                fields=["episode", "session", "instrument", "item_key"],
                condition=Q(status=FlagStatus.OPEN, administration__isnull=True),
                name="one_open_unsent_flag_per_answer",
            ),
        ]

    def __str__(self):
        return f"Risk flag {self.pk} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status == FlagStatus.OPEN

    @property
    def instrument_name(self):
        return instruments.QUESTIONNAIRES[self.instrument].name

    @property
    def from_unfinished_questionnaire(self):
        return self.source == FlagSource.UNFINISHED

    @property
    def answered_on(self):
        """The day of the answer: the questionnaire's date once sent, else the day raised."""
        if self.administration_id is not None:
            return self.administration.administered_on
        return timezone.localdate(self.raised_at)

    @property
    def sent_answer_label(self):
        """The answer to the flagged question in the questionnaire as sent, when it differs
        from the answer that raised the flag (the client changed it before sending)."""
        if self.administration_id is None:
            return None
        value = self.administration.answers.get(self.item_key)
        if ("" if value is None else str(value)) == self.answer_value:
            return None
        option = self.administration.definition.item(self.item_key).option_for(value)
        return option.label if option else UNANSWERED


class QuestionnaireDraft(models.Model):
    """A questionnaire a client has started at home: answers so far, never scored.

    Completing it turns it into a MeasureAdministration and deletes the draft, in one
    transaction (measures.actions.complete_questionnaire).
    """

    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey("caseload.Episode", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("protocol.Session", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "session", "instrument"], name="one_draft_per_questionnaire"
            )
        ]

    def __str__(self):
        return f"Draft {self.instrument} for session {self.session_id}"

    @property
    def definition(self):
        return instruments.QUESTIONNAIRES[self.instrument]


class RhythmWeek(models.Model):
    """One week of SRM-5 daily times (IPSRT) and its regularity score (instruments/srm5.py)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="rhythm_weeks"
    )
    # The session the week is brought to: it counts as that session's SRM-5 in the course
    # schedule (protocol/schedule.py). Null for a week tied to no session.
    session = models.ForeignKey(
        "protocol.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rhythm_weeks",
    )
    week_starting = models.DateField()
    # activity key -> seven "HH:MM" strings or null, day 1 first
    times = models.JSONField()
    score = models.FloatField(null=True)
    hits = models.PositiveSmallIntegerField()
    qualifying_activities = models.PositiveSmallIntegerField()
    instrument_version = models.CharField(max_length=10)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["episode", "week_starting"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "week_starting"], name="one_rhythm_week_per_start"
            )
        ]

    @property
    def score_text(self):
        if self.score is None:
            return gettext("no activity happened on 3 or more days, so no score")
        return gettext("%(score)s of 7") % {"score": number_format(self.score, 1)}


class RhythmDiaryDraft(models.Model):
    """The SRM-5 week a client is keeping in the portal, day by day: never scored until the
    week is complete or sent (measures.actions.send_rhythm_diary turns it into a RhythmWeek
    and deletes it, in one transaction)."""

    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey("caseload.Episode", on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField()
    # activity key -> seven "HH:MM" strings or null, day 1 first
    times = models.JSONField(default=dict, blank=True)
    # Day numbers (1-7) the client has saved, with or without times.
    days_saved = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "episode"], name="one_rhythm_diary_draft")
        ]

    def __str__(self):
        return f"SRM-5 diary from {self.week_starting}"
