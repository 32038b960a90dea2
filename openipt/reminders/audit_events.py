"""The audit actions of reminders: each message's fate, a client's choices, the
organisation's wording. A message's content is never in the trail: its kind, channel and
the reason code say enough. Messages concern a client's care, so their events are clinical;
the organisation's wording is administrative."""

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Number, declare

from .kinds import KINDS
from .models import LANGUAGES, Channel, MessageSettings, Reason


def _kinds():
    return [(code, kind.label) for code, kind in KINDS.items()]


KIND = Code(_kinds)
CHANNEL = Code(Channel.choices)
REASON = Code(Reason.choices)
# How a client stopped their reminders.
STOPPED_BY = Code([("link", "the stop link in a message"), ("sms", "a STOP text")])


def _settings_fields():
    return [
        (f.name, str(f.verbose_name))
        for f in MessageSettings._meta.concrete_fields
        if f.name not in ("id", "organisation")
    ]


# Fields of the organisation's message settings (MessageSettings), by name.
SETTINGS_FIELDS = Code(_settings_fields, many=True)


declare(
    "message.sent",
    CLINICAL,
    "Message sent",
    says="{kind} sent by {channel}",
    kind=KIND,
    channel=CHANNEL,
)
declare(
    "message.failed",
    CLINICAL,
    "Message failed",
    says="{kind} by {channel} failed after {attempts} tries",
    kind=KIND,
    channel=CHANNEL,
    attempts=Number(),
)
declare(
    "message.retrying",
    CLINICAL,
    "Message to be tried again",
    says="{kind} by {channel}: try {attempts} failed, trying again",
    kind=KIND,
    channel=CHANNEL,
    attempts=Number(),
)
for code, words in (
    ("message.expired", "Message not sent"),
    ("message.suppressed", "Message not sent"),
    ("message.withdrawn", "Message no longer needed"),
    ("message.deferred", "Message waits for the end of quiet hours"),
):
    declare(code, CLINICAL, words, says=words + ": {kind} ({reason})", kind=KIND, reason=REASON)
declare(
    "reminders.preference_set",
    CLINICAL,
    "Reminder choices saved",
    says="Reminder choices saved: {channel}, quiet hours {quiet_hours}, language {language}",
    channel=CHANNEL,
    quiet_hours=Code([("yes", "set"), ("no", "none")]),
    language=Code(LANGUAGES),
)
declare(
    "reminders.opted_out",
    CLINICAL,
    "Reminders stopped by the client",
    says="Reminders stopped by the client with {how}",
    how=STOPPED_BY,
)
declare(
    "organisation.message_settings_set",
    ADMINISTRATIVE,
    "Message sender and wording changed",
    says="Message sender and wording changed: {fields}",
    fields=SETTINGS_FIELDS,
)
declare("client.messages_viewed", CLINICAL, "Client's messages and reminders viewed")
declare("portal.reminders_viewed", CLINICAL, "Reminder choices viewed by the client")
