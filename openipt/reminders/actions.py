"""Every write of the reminders app: the scheduler's insert and claim, each step of a
message's delivery, a client's choices, stopping messages and the organisation's wording.

Each step of a message that decides its fate (sent, failed, retried, not sent, no longer
needed) writes its audit event naming the client, in the same transaction, so a client's
trail shows every message and what became of it. Queueing itself is not audited: the
message log records it, and a pass every minute would fill the trail with nothing new.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from openipt.audit.record import record

from .models import (
    FINAL,
    Channel,
    ContactPreference,
    Message,
    MessageSettings,
    Reason,
    Status,
    StopLink,
)

# Waits before the second, third and fourth try of a failed message (then it has failed).
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=45))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A message claimed or being sent for this long was lost with its worker: queued again.
STALE_AFTER = timedelta(minutes=15)


# --- the scheduler ------------------------------------------------------------------------

# Columns of the scheduler's insert, in order (reminders.models.Message).
_INSERT_COLUMNS = (
    ("organisation_id", "bigint"),
    ("client_id", "bigint"),
    ("user_id", "bigint"),
    ("kind", "text"),
    ("channel", "text"),
    ("key", "text"),
    ("subject_id", "bigint"),
    ("occurrence", "text"),
    ("send_after", "timestamptz"),
    ("expires_at", "timestamptz"),
)


def insert_due(dues, now):
    """Log every Due not logged yet, as a pending message, in ONE statement whatever their
    number: the rows travel as one JSON parameter, and a message whose key exists already
    is skipped by the database (ON CONFLICT DO NOTHING), so two schedulers finding the same
    reminder write it once. Returns how many rows were offered."""
    rows = [
        [
            due.organisation_id,
            due.client_id,
            due.user_id,
            due.kind,
            due.channel,
            due.key,
            due.subject_id,
            due.occurrence,
            _stored_moment(due.send_after),
            _stored_moment(due.expires_at),
        ]
        for due in dues
    ]
    if not rows:
        return 0
    table = Message._meta.db_table
    columns = ", ".join(connection.ops.quote_name(name) for name, _ in _INSERT_COLUMNS)
    fixed = "status, reason, attempts, claim, last_error, provider_id, created_at"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {fixed}) "  # noqa: S608 (names are our own)
            f"SELECT {_json_columns()}, %s, '', 0, '', '', '', %s FROM {_json_rows()} "
            f"WHERE true ON CONFLICT ({connection.ops.quote_name('key')}) DO NOTHING",
            [str(Status.PENDING), _stored_moment(now), json.dumps(rows)],
        )
    return len(rows)


def _stored_moment(moment):
    """A datetime as this database stores it (SQLite keeps text in UTC)."""
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return connection.ops.adapt_datetimefield_value(moment)


def _json_rows():
    if connection.vendor == "postgresql":
        return "jsonb_array_elements(%s::jsonb) AS item(value)"
    return "json_each(%s)"


def _json_columns():
    if connection.vendor == "postgresql":
        return ", ".join(
            f"(value->>{index})::{kind}" for index, (_, kind) in enumerate(_INSERT_COLUMNS)
        )
    return ", ".join(f"json_extract(value, '$[{index}]')" for index in range(len(_INSERT_COLUMNS)))


def claim_ready(now):
    """Claim every message whose time has come, with one compare-and-set UPDATE: only rows
    still waiting are taken, so of two schedulers running at once each row goes to one.
    Returns the claim token (the caller reads the rows it claimed with it)."""
    token = secrets.token_hex(16)
    waiting = Q(status=Status.PENDING, send_after__lte=now, expires_at__gt=now)
    retry = Q(status=Status.RETRYING, send_after__lte=now)
    Message.objects.filter(waiting | retry).update(status=Status.QUEUED, claim=token, queued_at=now)
    return token


def recover_lost(now):
    """Messages whose worker was lost: claimed but never started (the task vanished), or
    started and never finished (the worker stopped mid-send). Both are queued again: a
    message is delivered at least once, and one that was sent is never sent again."""
    before = now - STALE_AFTER
    lost = Message.objects.filter(
        status__in=(Status.QUEUED, Status.SENDING), queued_at__lt=before
    ).update(status=Status.RETRYING, send_after=now)
    return lost


def expire_waiting(now):
    """Messages still waiting when they stopped being useful (the worker was down, or quiet
    hours lasted past the appointment): not sent, and said so in the log and the trail."""
    stale = Message.objects.filter(
        status__in=(Status.PENDING, Status.RETRYING), expires_at__lte=now
    )
    expired = 0
    # Rare (it needs a stopped worker), so one transaction and event per message is fine.
    for message in stale.select_related("client"):
        expired += _expire(message)
    return expired


@transaction.atomic
def _expire(message):
    waiting = (Status.PENDING, Status.RETRYING)
    if not Message.objects.filter(pk=message.pk, status__in=waiting).update(
        status=Status.SUPPRESSED, reason=Reason.EXPIRED
    ):
        return 0
    record(
        None,
        "message.expired",
        message,
        client=message.client,
        organisation_id=message.organisation_id,
        facts={"kind": message.kind, "reason": Reason.EXPIRED},
    )
    return 1


# --- delivering one message -------------------------------------------------------------


def start_sending(message_id, claim):
    """The worker's compare-and-set: take a queued message for this claim. False when
    another worker (or an earlier run of this task) has it already."""
    return bool(
        Message.objects.filter(pk=message_id, claim=claim, status=Status.QUEUED).update(
            status=Status.SENDING, attempts=F("attempts") + 1
        )
    )


def _finish(message, action, *, status, reason="", **fields):
    """Move a message out of "sending" and audit it; nothing if it is no longer sending."""
    updated = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, reason=reason, **fields
    )
    if not updated:
        return False
    message.status, message.reason = status, reason
    for name, value in fields.items():
        setattr(message, name, value)
    if message.client_id is None and status == Status.WITHDRAWN:
        return True  # a staff digest with nothing to say: no event about anyone
    record(
        None,
        action,
        message,
        client=message.client,
        organisation_id=message.organisation_id,
        facts=_facts(action, message),
    )
    return True


def _facts(action, message):
    """What the trail says of a message: codes and a count, never its words or an error."""
    if action in ("message.sent",):
        return {"kind": message.kind, "channel": message.channel}
    if action in ("message.failed", "message.retrying"):
        return {"kind": message.kind, "channel": message.channel, "attempts": message.attempts}
    return {"kind": message.kind, "reason": message.reason}


@transaction.atomic
def mark_sent(message, *, channel, provider_id, now):
    return _finish(
        message,
        "message.sent",
        status=Status.SENT,
        channel=channel,
        provider_id=provider_id[:100],
        sent_at=now,
        last_error="",
    )


@transaction.atomic
def mark_failed(message, *, error, permanent, now):
    """A provider call failed: try again later with a longer wait, or, after the last try
    (or when trying again cannot help), mark it failed: the clinician's page shows it."""
    retry_at = _retry_at(message, now)
    if permanent or retry_at is None:
        return _finish(
            message,
            "message.failed",
            status=Status.FAILED,
            reason=Reason.PROVIDER_ERROR,
            last_error=error[:200],
        )
    return _finish(
        message,
        "message.retrying",
        status=Status.RETRYING,
        last_error=error[:200],
        send_after=retry_at,
    )


def _retry_at(message, now):
    if message.attempts >= MAX_ATTEMPTS:
        return None
    moment = now + RETRY_DELAYS[message.attempts - 1]
    return moment if moment < message.expires_at else None


@transaction.atomic
def mark_suppressed(message, reason):
    return _finish(
        message,
        "message.suppressed",
        status=Status.SUPPRESSED,
        reason=reason,
    )


@transaction.atomic
def mark_withdrawn(message, reason):
    return _finish(
        message,
        "message.withdrawn",
        status=Status.WITHDRAWN,
        reason=reason,
    )


@transaction.atomic
def defer_for_quiet_hours(message, until):
    """The client's quiet hours: wait until they end (the scheduler claims it again then)."""
    return _finish(
        message,
        "message.deferred",
        status=Status.PENDING,
        reason=Reason.QUIET_HOURS,
        send_after=until,
    )


@transaction.atomic
def issue_stop_link(message, now):
    """A new stop link for the message's client; returns the token (only its hash is
    kept, so the link exists nowhere but in the message)."""
    token = secrets.token_urlsafe(24)
    StopLink.objects.create(
        client=message.client,
        message=message,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=settings.OPENIPT_STOP_LINK_DAYS),
    )
    return token


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


# --- a client's choices -----------------------------------------------------------------


@transaction.atomic
def set_contact_preference(
    actor, client, *, channel, quiet_from, quiet_until, language, request=None
):
    """Save how the client wants reminders (the client in the portal, or their clinician or
    the admin with them). Choosing a channel again ends an earlier opt-out."""
    preference, _ = ContactPreference.objects.get_or_create(client=client)
    preference.channel = channel
    preference.quiet_from, preference.quiet_until = quiet_from, quiet_until
    preference.language = language
    if channel != Channel.NONE:
        preference.opted_out_at, preference.opted_out_by = None, ""
    preference.save()
    record(
        actor,
        "reminders.preference_set",
        preference,
        client=client,
        request=request,
        facts={
            "channel": channel,
            "quiet_hours": "yes" if quiet_from else "no",
            "language": language,
        },
    )
    return preference


@transaction.atomic
def opt_out(client, *, how, now=None, request=None):
    """Stop every reminder to the client (a stop link or a STOP text). Messages already
    waiting are not sent: the worker checks the choice just before sending."""
    now = now or timezone.now()
    preference, _ = ContactPreference.objects.get_or_create(client=client)
    preference.channel = Channel.NONE
    preference.opted_out_at, preference.opted_out_by = now, how
    preference.save()
    record(
        None,
        "reminders.opted_out",
        preference,
        client=client,
        request=request,
        facts={"how": how},
    )
    return preference


class StopLinkInvalid(Exception):
    """The stop link is unknown, spent, revoked or expired. Its message is never shown:
    the stop page says it in its own words, in the browser's language."""


def usable_stop_link(token, now=None):
    """The stop link for a token, if it still works; else StopLinkInvalid."""
    now = now or timezone.now()
    link = StopLink.objects.select_related("client").filter(token_hash=token_hash(token)).first()
    if link is None or link.used_at or link.revoked_at or link.expires_at <= now:
        raise StopLinkInvalid("This link no longer works.")
    return link


@transaction.atomic
def stop_with_link(token, *, now=None, request=None):
    """Use a stop link: the client gets no more reminders, and the link is spent (a
    compare-and-set, so using it twice at once stops once)."""
    now = now or timezone.now()
    link = usable_stop_link(token, now)
    if not StopLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        raise StopLinkInvalid("This link no longer works.")
    return opt_out(link.client, how="link", now=now, request=request)


@transaction.atomic
def revoke_stop_links(client, *, now=None):
    """End every stop link of the client (their contact details changed, or their record
    is being erased). Returns how many were revoked."""
    now = now or timezone.now()
    return StopLink.objects.filter(
        client=client, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)


def stop_by_text(clients, *, now=None):
    """A STOP text from a number: every client with that number stops (a shared phone)."""
    return [opt_out(client, how="sms", now=now) for client in clients]


# --- the organisation's wording ---------------------------------------------------------


@transaction.atomic
def update_message_settings(actor, organisation, *, request=None, **values):
    row, _ = MessageSettings.objects.get_or_create(organisation=organisation)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    record(
        actor,
        "organisation.message_settings_set",
        row,
        request=request,
        facts={"fields": sorted(values)},
    )
    return row


def is_final(message):
    return message.status in FINAL
