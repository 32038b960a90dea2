"""Organisations (tenants) and the people who use OpenIPT."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy


def default_retention_years():
    return settings.OPENIPT_RETENTION_YEARS


class Organisation(models.Model):
    """A tenant. Its clinical policy choices live here as data, never as code branches."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # PHQ-9 missing-item proration is an UNSETTLED convention: off unless chosen.
    allow_phq9_proration = models.BooleanField(default=False)
    # Counsellor mode: a PHQ-9 total at or above this prompts "discuss with supervisor".
    step_up_phq9_threshold = models.PositiveSmallIntegerField(default=20)
    # Measures expected at the first and last session besides each modality's own,
    # as instrument codes, e.g. ["gad7", "wsas"].
    start_end_measures = models.JSONField(default=list, blank=True)
    # Default planned sessions per modality code, within each modality's range.
    planned_session_defaults = models.JSONField(default=dict, blank=True)
    # Crisis information shown to clients on every portal page and after a
    # worrying answer: who to call, where to text, and what to do right now.
    crisis_phone_numbers = models.TextField(
        blank=True, help_text="One per line, e.g. 'Samaritans (24 hours): 116 123'."
    )
    crisis_text_lines = models.TextField(
        blank=True, help_text="One per line, e.g. 'Text SHOUT to 85258'."
    )
    crisis_what_to_do = models.TextField(
        blank=True, help_text="Plain steps to take now, one per line."
    )
    # The three crisis fields above are in the deployment's default language (LANGUAGE_CODE);
    # these are the same three in other languages, by language code:
    # {"nl": {"phone_numbers": "...", "text_lines": "...", "what_to_do": "..."}}. A client
    # reading a language without an entry sees the default ones (accounts/crisis.py).
    crisis_by_language = models.JSONField(default=dict, blank=True)
    # A counsellor's signed progress note waits for their supervisor's co-signature.
    cosign_counsellor_notes = models.BooleanField(default=False)
    # Working days (Monday to Friday) a clinician has to acknowledge a risk flag
    # raised from the portal before their supervisor is told.
    risk_acknowledgement_working_days = models.PositiveSmallIntegerField(default=1)
    # The supervisor or clinician who answers for safety flags nobody else oversees: they
    # see every open flag of a clinician without a supervisor, may record its follow-up,
    # and are mailed when such a flag is not acknowledged in time. Set by the admin.
    # Group IPT: a member who has missed this many group sessions in a row is listed to
    # follow up (docs/groups.md).
    group_dropout_missed_in_a_row = models.PositiveSmallIntegerField(default=2)
    safety_lead = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The retention rule (caseload/erasure.py, docs/deploy.md): what may be erased and when.
    # Clinical records are kept this many years after the client's last episode closed,
    # then erased (`openipt apply-retention`).
    retention_years = models.PositiveSmallIntegerField(default=default_retention_years)
    # A granted deletion request replaces the client's identifying details by a pseudonym
    # at once (and closes their portal account); otherwise they go with the clinical record.
    erase_identity_on_request = models.BooleanField(default=True)
    # When the clinical record is erased, questionnaire scores stay as pseudonymised data.
    keep_scores_after_erasure = models.BooleanField(default=True)
    # Who may start what (docs/modalities.md): {role: [modality codes]} for the clinician
    # roles; a role missing here keeps the default of protocol/start_rules.py. A course of
    # a modality outside the clinician's role waits for their supervisor's approval.
    start_rules = models.JSONField(default=dict, blank=True)
    # When on, a course also waits for approval unless the clinician has a training record
    # for its modality that is certified or signed off by a supervisor (TrainingRecord).
    require_training_to_start = models.BooleanField(default=False)
    # Grief covers a death; when on, also a break-up, divorce or loss of health or home
    # (docs/formulation.md, "Grief"). When off, those losses are role transitions.
    non_death_losses_as_grief = models.BooleanField(default=False)

    def __str__(self):
        return self.name


class Site(models.Model):
    """A place an organisation works from. Clinicians, clients and (later) groups belong
    to one; a deactivated site keeps its history but takes no new members."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="unique_site_name_per_organisation"
            )
        ]

    def __str__(self):
        return self.name if self.is_active else f"{self.name} (deactivated)"


# The site every organisation's existing people moved to when sites were introduced.
DEFAULT_SITE_NAME = "Main site"


class Role(models.TextChoices):
    # Labels follow the reader's language (the page header names the person's role).
    ADMIN = "admin", gettext_lazy("Organisation admin")
    # Oversees the service's outcomes across every site, as figures; no client records.
    PROGRAMME_LEAD = "programme_lead", gettext_lazy("Programme lead")
    SUPERVISOR = "supervisor", gettext_lazy("Supervisor")
    THERAPIST = "therapist", gettext_lazy("Therapist")
    COUNSELLOR = "counsellor", gettext_lazy("Counsellor")
    CLIENT = "client", gettext_lazy("Client")


CLINICIAN_ROLES = (Role.THERAPIST, Role.COUNSELLOR)
# Who may be named the organisation's safety lead.
SAFETY_LEAD_ROLES = (Role.SUPERVISOR, *CLINICIAN_ROLES)
STAFF_ROLES = (Role.ADMIN, Role.PROGRAMME_LEAD, Role.SUPERVISOR, Role.THERAPIST, Role.COUNSELLOR)
# Who sees the service's outcome figures (clinic's outcome dashboard): a supervisor for
# their team, the admin and a programme lead for the whole organisation.
OUTCOME_ROLES = (Role.SUPERVISOR, Role.ADMIN, Role.PROGRAMME_LEAD)


class User(AbstractUser):
    """Every user belongs to exactly one organisation and has exactly one role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=20, choices=Role.choices)
    # A therapist or counsellor is overseen by one named supervisor.
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
        limit_choices_to={"role": Role.SUPERVISOR},
    )
    # Where a clinician or supervisor works; the admin and clients have none (a client's
    # site is on their client record).
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    # The language this person reads OpenIPT in (a code of settings.LANGUAGES); empty:
    # their browser's. Not a choices field, so a deployment adds a language without a
    # migration (docs/languages.md).
    language = models.CharField(max_length=16, blank=True, default="")

    REQUIRED_FIELDS = ["email"]

    @property
    def is_clinician(self):
        return self.role in CLINICIAN_ROLES

    @property
    def is_staff_member(self):
        return self.role in STAFF_ROLES

    @property
    def is_client(self):
        return self.role == Role.CLIENT

    @property
    def sees_outcomes(self):
        """The outcome dashboard is among this person's pages (the navigation asks)."""
        return self.role in OUTCOME_ROLES

    @property
    def start_page(self):
        """The URL name of the page this person starts from after signing in."""
        if self.is_client:
            return "portal:home"
        if self.is_clinician:
            return "clinic:caseload"
        if self.role == Role.SUPERVISOR:
            return "clinic:supervision"
        if self.role == Role.PROGRAMME_LEAD:
            return "clinic:outcomes"
        return "clinic:clients"

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class TrainingRecord(models.Model):
    """One IPT training or certification of a clinician: which course, for which modality,
    when, whether it led to certification, and which supervisor signed it off. Added by
    the organisation admin or the clinician's supervisor (accounts/actions.py)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="training_records"
    )
    training_name = models.CharField(max_length=200)
    # A modality code of protocol/modalities (this app imports no domain app).
    modality = models.CharField(max_length=40)
    completed_on = models.DateField()
    certified = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self):
        return f"{self.training_name} ({self.completed_on:%d %b %Y})"

    @property
    def counts_for_starting(self):
        """A record lets its modality start without approval when it is certified or a
        supervisor signed it off."""
        return self.certified or self.signed_off_by_id is not None


class Invitation(models.Model):
    """A one-time link that lets a client set a password for their portal account.

    Only a hash of the token is stored, so a database reader cannot use a link.
    """

    client = models.ForeignKey(
        "caseload.Client", on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)
    # The language the client reads the invitation mail and page in, and keeps for their
    # account (a code of settings.LANGUAGES; docs/languages.md).
    language = models.CharField(max_length=16, blank=True, default="")


class StaffInvitation(models.Model):
    """A one-time link that lets a new staff member choose a username and password; the
    account is created, with the role, site and supervisor the admin chose, only when the
    link is used. Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The account made from this invitation, once it has been accepted.
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="staff_invitation"
    )
    # The language of the invitation mail and page, kept for the account (a code of
    # settings.LANGUAGES, as Invitation.language; docs/languages.md).
    language = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Staff invitation {self.pk}"

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}"


class CalendarFeed(models.Model):
    """A private iCalendar address for one person's appointments. Only a hash of its secret
    is stored; turning the feed on again or off ends every earlier address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_active(self):
        return self.revoked_at is None


class DeletionOutcome(models.TextChoices):
    OPEN = "open", gettext_lazy("Waiting for a decision")
    ERASED = "erased", gettext_lazy("Erased")
    KEPT = "kept", gettext_lazy("Kept for the retention period")


class DeletionRequest(models.Model):
    """A client's request to delete what is held about them. It goes to the organisation
    admin, because clinical records have retention duties; request and outcome are audited
    (accounts.actions.request_deletion / decide_deletion)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "caseload.Client", on_delete=models.PROTECT, related_name="deletion_requests"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(
        max_length=10, choices=DeletionOutcome.choices, default=DeletionOutcome.OPEN
    )
    outcome_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self):
        return f"Deletion request {self.pk} ({self.get_outcome_display()})"

    @property
    def is_open(self):
        return self.outcome == DeletionOutcome.OPEN
