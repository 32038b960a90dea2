"""Reminders: each client's choices, each organisation's wording, and the message log.

Rows are written only by reminders/actions.py (the scheduler's bulk insert and claim
included). A message row is the idempotency record of one message: its `key` is unique,
so a reminder is logged, and sent, at most once however many schedulers run.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Channel(models.TextChoices):
    EMAIL = "email", gettext_lazy("E-mail")
    SMS = "sms", gettext_lazy("Text message (SMS)")
    NONE = "none", gettext_lazy("No reminders")


# What a client who never chose gets: e-mail, the address the clinic already holds.
DEFAULT_CHANNEL = Channel.EMAIL

# Languages a client may choose. Only the choice is stored for now: every message is in
# English until translations exist (issue 16).
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("fr", "Français")]


class ContactPreference(models.Model):
    """How a client wants to be reminded. A client without a row gets DEFAULT_CHANNEL."""

    client = models.OneToOneField(
        "caseload.Client", on_delete=models.CASCADE, related_name="contact_preference"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=DEFAULT_CHANNEL)
    # No message is sent from quiet_from until quiet_until (local time; may span midnight).
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    language = models.CharField(max_length=10, choices=LANGUAGES, default="en")
    # Set when the client stopped messages with a link or by SMS; cleared when they (or
    # their clinician with them) choose a channel again.
    opted_out_at = models.DateTimeField(null=True, blank=True)
    opted_out_by = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.get_channel_display()} for client {self.client_id}"


class MessageSettings(models.Model):
    """An organisation's sender and wording, and when its reminders go out. Neutral by
    default: a message read on a shared phone must not say that its reader has therapy."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="message_settings"
    )
    sender_name = models.CharField(max_length=60, default="Appointments")
    # Alphanumeric sender id for SMS where the provider allows one (max 11 characters).
    sms_sender = models.CharField(max_length=11, blank=True)
    session_lead_hours = models.PositiveSmallIntegerField(default=24)
    things_due_lead_hours = models.PositiveSmallIntegerField(default=48)
    # Local hour for reminders that are about a day (homework, follow-ups), the diary
    # prompt and the staff digest.
    day_reminder_hour = models.PositiveSmallIntegerField(default=18)
    diary_hour = models.PositiveSmallIntegerField(default=20)
    digest_hour = models.PositiveSmallIntegerField(default=7)
    # kind code -> {"subject": ..., "opening": ...}; missing entries use wording.DEFAULTS.
    wording = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Message settings of organisation {self.organisation_id}"


class Status(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting to be sent")
    QUEUED = "queued", gettext_lazy("Queued")
    SENDING = "sending", gettext_lazy("Sending")
    SENT = "sent", gettext_lazy("Sent")
    RETRYING = "retrying", gettext_lazy("Failed, will try again")
    FAILED = "failed", gettext_lazy("Failed")
    SUPPRESSED = "suppressed", gettext_lazy("Not sent")
    WITHDRAWN = "withdrawn", gettext_lazy("No longer needed")


# Statuses a message never leaves.
FINAL = (Status.SENT, Status.FAILED, Status.SUPPRESSED, Status.WITHDRAWN)


class Reason(models.TextChoices):
    """Why a message was not sent (or waits)."""

    OPTED_OUT = "opted_out", gettext_lazy("the client chose no reminders or stopped them")
    NO_ADDRESS = (
        "no_address",
        gettext_lazy("no e-mail address or mobile number for the chosen channel"),
    )
    QUIET_HOURS = "quiet_hours", gettext_lazy("the client's quiet hours")
    EXPIRED = "expired", gettext_lazy("it could not be sent before it was needed")
    NO_LONGER_DUE = "no_longer_due", gettext_lazy("no longer due (moved, cancelled, done or ended)")
    NOTHING_TO_SAY = "nothing_to_say", gettext_lazy("nothing to report")
    PROVIDER_ERROR = "provider_error", "the e-mail or SMS provider refused it"


class Message(models.Model):
    """One message to one person: the log a clinician sees, and the claim the scheduler
    and the worker take turns on. It holds no name, address or message text: what was
    sent is rebuilt from the kind and the records, and an erased client leaves no words."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # The client it goes to, or (staff digests) the member of staff.
    client = models.ForeignKey(
        "caseload.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # kind:recipient:subject:occurrence, e.g. "session:c12:345:2026-11-25T10:00Z".
    key = models.CharField(max_length=200, unique=True)
    # The record it is about (a session, homework, follow-up, episode or person) and which
    # time of it (the appointment time, the due date, the day).
    subject_id = models.BigIntegerField()
    occurrence = models.CharField(max_length=40)
    send_after = models.DateTimeField()
    # When it stops being useful (the appointment, the end of the day).
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The scheduler pass that queued it last (a random token).
    claim = models.CharField(max_length=32, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider's error code or exception name: never the message or the address.
    last_error = models.CharField(max_length=200, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "send_after"], name="message_due"),
            models.Index(fields=["client", "-created_at"], name="message_log"),
            models.Index(fields=["claim"], name="message_claim"),
            # "Already logged?" for a kind's record (kinds.session.upcoming_sessions).
            models.Index(fields=["kind", "subject_id"], name="message_subject"),
        ]

    def __str__(self):
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def reason_text(self):
        return Reason(self.reason).label if self.reason else ""


class StopLink(models.Model):
    """The link at the foot of a message that stops reminders. Single-purpose (it can only
    stop messages: it signs nobody in and shows nothing), stored as a SHA-256 hash, and
    revocable: used once, or revoked, it no longer works."""

    client = models.ForeignKey(
        "caseload.Client", on_delete=models.CASCADE, related_name="stop_links"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Stop link {self.pk}"
