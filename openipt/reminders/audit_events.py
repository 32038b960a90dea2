"""The audit actions of reminders: each message's fate, a client's choices, the
organisation's wording. A message's content is never in the trail: its kind, channel and
the reason code say enough. Messages concern a client's care, so their events are clinical;
the organisation's wording is administrative."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Number, declare

from .kinds import KINDS
from .models import LANGUAGES, Channel, MessageSettings, Reason


def _kinds():
    return [(code, kind.label) for code, kind in KINDS.items()]


KIND = Code(_kinds)
CHANNEL = Code(Channel.choices)
REASON = Code(Reason.choices)
# How a client stopped their reminders.
STOPPED_BY = Code([("link", _("the stop link in a message")), ("sms", _("a STOP text"))])


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
    _("Message sent"),
    says=_("{kind} sent by {channel}"),
    kind=KIND,
    channel=CHANNEL,
)
declare(
    "message.failed",
    CLINICAL,
    _("Message failed"),
    says=_("{kind} by {channel} failed after {attempts} tries"),
    kind=KIND,
    channel=CHANNEL,
    attempts=Number(),
)
declare(
    "message.retrying",
    CLINICAL,
    _("Message to be tried again"),
    says=_("{kind} by {channel}: try {attempts} failed, trying again"),
    kind=KIND,
    channel=CHANNEL,
    attempts=Number(),
)
for code, words, says in (
    ("message.expired", _("Message not sent"), _("Message not sent: {kind} ({reason})")),
    ("message.suppressed", _("Message not sent"), _("Message not sent: {kind} ({reason})")),
    (
        "message.withdrawn",
        _("Message no longer needed"),
        _("Message no longer needed: {kind} ({reason})"),
    ),
    (
        "message.deferred",
        _("Message waits for the end of quiet hours"),
        _("Message waits for the end of quiet hours: {kind} ({reason})"),
    ),
):
    declare(code, CLINICAL, words, says=says, kind=KIND, reason=REASON)
declare(
    "reminders.preference_set",
    CLINICAL,
    _("Reminder choices saved"),
    says=_("Reminder choices saved: {channel}, quiet hours {quiet_hours}, language {language}"),
    channel=CHANNEL,
    quiet_hours=Code([("yes", _("set")), ("no", _("none"))]),
    language=Code(LANGUAGES),
)
declare(
    "reminders.opted_out",
    CLINICAL,
    _("Reminders stopped by the client"),
    says=_("Reminders stopped by the client with {how}"),
    how=STOPPED_BY,
)
declare(
    "organisation.message_settings_set",
    ADMINISTRATIVE,
    _("Message sender and wording changed"),
    says=_("Message sender and wording changed: {fields}"),
    fields=SETTINGS_FIELDS,
)
declare("client.messages_viewed", CLINICAL, _("Client's messages and reminders viewed"))
declare("portal.reminders_viewed", CLINICAL, _("Reminder choices viewed by the client"))
