"""What every kind of reminder module provides (one module per kind, listed in
kinds/__init__.py). Adding a kind, such as group sessions once groups exist, means
copying a sibling module, its templates and its tests.

A kind answers two questions:

- `find_due(now, config)`: everything of this kind that should go out now, as `Due`
  rows, in a fixed number of queries whatever their number (the scheduler's pass must
  not grow with the messages). `config` is a `Config`: each organisation's settings.
- `still_due(message, now)`: asked by the worker just before sending (as REDCap re-checks
  a condition before each send): the context for the message templates, or a `NotDue`
  with the reason it should no longer go out (the session was cancelled or moved, the
  course ended, it has been done).

and names its templates: `notices/reminders/<code>.txt` (the e-mail's text, also shown
as the HTML part) and `<code>.sms.txt`.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from ..models import DEFAULT_CHANNEL, MessageSettings, Reason

CLIENT = "client"
STAFF = "staff"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # for staff: the message log's "what"
    audience: str  # CLIENT or STAFF
    find_due: object
    still_due: object
    # Channels it may use; staff messages are e-mail only.
    channels: tuple = ("email", "sms")


@dataclass(frozen=True)
class Due:
    """One message that should go out: to a client (client_id) or a member of staff
    (user_id), about one record (subject_id) at one time of it (occurrence)."""

    kind: str
    organisation_id: int
    subject_id: int
    occurrence: str
    send_after: datetime
    expires_at: datetime
    client_id: int | None = None
    user_id: int | None = None
    channel: str = "email"

    @property
    def recipient(self):
        return f"c{self.client_id}" if self.client_id is not None else f"u{self.user_id}"

    @property
    def key(self):
        return f"{self.kind}:{self.recipient}:{self.subject_id}:{self.occurrence}"


@dataclass(frozen=True)
class NotDue:
    reason: str = Reason.NO_LONGER_DUE


@dataclass
class Config:
    """Each organisation's message settings, loaded once per pass (one query)."""

    by_organisation: dict = field(default_factory=dict)
    default: MessageSettings = field(default_factory=MessageSettings)

    @classmethod
    def load(cls):
        return cls({row.organisation_id: row for row in MessageSettings.objects.all()})

    def of(self, organisation_id):
        return self.by_organisation.get(organisation_id, self.default)

    def largest(self, attribute):
        values = [getattr(row, attribute) for row in self.by_organisation.values()]
        return max([getattr(self.default, attribute), *values])


def occurrence_of(moment):
    """A moment as it appears in a key: UTC, to the minute."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def local_moment(day, hour):
    """`hour` o'clock on `day`, local time, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time(hour % 24)))


def end_of(day):
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0)))


def channel_of(value):
    """A client's stored channel, or the default for a client who never chose."""
    return value or DEFAULT_CHANNEL
