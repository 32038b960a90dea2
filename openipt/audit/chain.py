"""The hash chain that makes the audit trail tamper-evident.

Each organisation's events form one chain (events without an organisation form one more).
Every event stores `previous_hash`, the hash of the event before it in its chain (or the
chain's own starting value), and `event_hash`, the SHA-256 of its content together with
`previous_hash`. Changing, removing or inserting an event therefore breaks the link to
the next one, and `openipt verify-audit` finds the first broken link of each chain.

A chain only shows that nobody rewrote part of it: someone able to write to the database
and willing to recompute every later hash could rewrite its end too. The last hash of
each chain, which verify-audit prints, can be kept somewhere else to rule that out.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection

from .models import AuditEvent

# Part of every hash: a future change of what is hashed gets a new name, and events
# written under this one keep being checked by these rules.
FORMAT = "openipt-audit-v1"
# The content of an event, in the order it is hashed.
CONTENT_FIELDS = (
    "organisation_id",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "detail",
    "at",
    "ip",
)
# The event's structured facts (audit/events.py), hashed after the fields above.
FACTS = "facts"


def start_of_chain(organisation_id):
    """What the first event of a chain follows. It differs per chain, so no two events
    anywhere follow the same hash (a unique constraint makes a fork impossible)."""
    name = "none" if organisation_id is None else str(int(organisation_id))
    return _sha256(f"{FORMAT} chain of organisation {name}")


def event_hash(values, previous_hash):
    """The hash of an event's content (a mapping with CONTENT_FIELDS, and FACTS when the
    event has any) and the hash before."""
    parts = [_encoded(name, values[name]) for name in CONTENT_FIELDS]
    facts = values.get(FACTS)
    if facts is not None:
        # Appended only when present, so events written before facts existed keep the
        # hash they were given; a list one longer cannot collide with a shorter one.
        parts.append(_encoded_facts(facts))
    return _hash_of(previous_hash, ",".join(parts))


def hashes_of_batch(shared, varying, rows, previous_hash):
    """The hashes of events that have the same content but for the fields named in
    `varying`, each row giving those fields' values in that order; chained in the rows'
    order after `previous_hash`. The same hashes as event_hash gives each event, but the
    shared fields (and the facts) are put in their canonical form once for the batch,
    not once per event: a list page writes one event per client it shows."""
    template = [
        varying.index(name) if name in varying else _encoded(name, shared[name])
        for name in CONTENT_FIELDS
    ]
    facts = shared.get(FACTS)
    tail = "" if facts is None else "," + _encoded_facts(facts)
    hashes = []
    for row in rows:
        content = ",".join(
            part if isinstance(part, str) else _encoded(varying[part], row[part])
            for part in template
        )
        previous_hash = _hash_of(previous_hash, content + tail)
        hashes.append(previous_hash)
    return hashes


def content_of(event):
    content = {name: getattr(event, name) for name in CONTENT_FIELDS}
    # Historical models (the migration that first linked the chain) have no facts.
    content[FACTS] = getattr(event, FACTS, None)
    return content


def link(events, previous_hash):
    """Chain unsaved events, in order, after `previous_hash`."""
    for event in events:
        event.previous_hash = previous_hash
        event.event_hash = previous_hash = event_hash(content_of(event), previous_hash)


def tip(organisation_id):
    """The hash the next event of this organisation's chain follows.

    Call it inside the transaction that writes that event. SQLite lets one writer at a time
    hold the database from the start of its transaction (settings: BEGIN IMMEDIATE), so
    reading the last event is enough. On PostgreSQL, openipt_audit_chain_tip() (installed
    with the triggers, audit/database.py) first takes a lock on this organisation's chain
    that other writers of the chain wait for until this transaction ends, then reads the
    last event as committed by then."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT openipt_audit_chain_tip(%s)", [organisation_id])
        else:
            # Plain SQL (the index audit_chain_order answers it): every page that shows
            # a client asks this once, and building it through the ORM cost more than
            # running it.
            cursor.execute(*_last_hash_sql(organisation_id))
        row = cursor.fetchone()
    return (row and row[0]) or start_of_chain(organisation_id)


def _last_hash_sql(organisation_id):
    table = AuditEvent._meta.db_table
    if organisation_id is None:
        return (
            f"SELECT event_hash FROM {table} WHERE organisation_id IS NULL "  # noqa: S608
            "ORDER BY id DESC LIMIT 1",
            [],
        )
    return (
        f"SELECT event_hash FROM {table} WHERE organisation_id = %s "  # noqa: S608
        "ORDER BY id DESC LIMIT 1",
        [int(organisation_id)],
    )


# --- checking --------------------------------------------------------------------------


@dataclass
class ChainReport:
    organisation_id: int | None
    events: int
    last_hash: str
    broken_at: int | None = None  # the id of the first event whose link does not hold
    broken_event: dict | None = None
    reason: str = ""

    @property
    def intact(self):
        return self.broken_at is None


CHANGED = "its content no longer matches its hash: it was changed after it was written"
UNLINKED = (
    "it does not follow the event before it in this organisation's trail: an event "
    "before it was removed, changed or moved, or this one was added afterwards"
)


def check_all():
    """One report per chain, each with its first broken link if it has one."""
    chains = AuditEvent.objects.order_by().values_list("organisation_id", flat=True).distinct()
    return [check(organisation_id) for organisation_id in sorted(set(chains), key=_nulls_first)]


def check(organisation_id):
    expected_previous = start_of_chain(organisation_id)
    events = (
        AuditEvent.objects.filter(organisation_id=organisation_id)
        .order_by("id")
        .values("id", "previous_hash", "event_hash", *CONTENT_FIELDS, FACTS)
    )
    report = ChainReport(organisation_id, 0, expected_previous)
    for values in events.iterator(chunk_size=2000):
        report.events += 1
        if report.intact:
            problem = _problem(values, expected_previous)
            if problem:
                report.broken_at, report.broken_event, report.reason = values["id"], values, problem
        expected_previous = report.last_hash = values["event_hash"]
    return report


def _problem(values, expected_previous):
    if values["previous_hash"] != expected_previous:
        return UNLINKED
    if values["event_hash"] != event_hash(values, values["previous_hash"]):
        return CHANGED
    return ""


# --- the canonical form of what is hashed -------------------------------------------------


# What is hashed is the compact JSON text of [FORMAT, previous hash, *content]. Each
# element is encoded on its own and the texts joined with commas, which is exactly the text
# json.dumps(list, separators=(",", ":")) gives (tests/: test_chain_encoding), so a batch
# can encode what its events share once.
_FORMAT_TEXT = json.dumps(FORMAT)


def _hash_of(previous_hash, content):
    return _sha256(f"[{_FORMAT_TEXT},{json.dumps(previous_hash)},{content}]")


def _encoded(name, value):
    return json.dumps(_canonical(name, value))


def _encoded_facts(facts):
    # The facts' own canonical text, stored in the list as a string.
    return json.dumps(_canonical_facts(facts))


def _canonical(name, value):
    if value is None:
        return None
    if name.endswith("_id") and name != "object_id":
        return int(value)
    if name == "at":
        # Microseconds always, in UTC: the same text whichever database stored it.
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if name == "ip":
        return _address(value)
    return str(value)


def _canonical_facts(facts):
    # Keys sorted and no spaces: the same text whether SQLite or PostgreSQL (jsonb, which
    # reorders keys) gave the facts back. Facts are codes, whole numbers, booleans and
    # lists of them (audit/events.py), so no float formatting can differ either.
    return json.dumps(facts, sort_keys=True, separators=(",", ":"))


def _address(value):
    # As the database gives it back: PostgreSQL's inet and Django (for IPv6) rewrite it.
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value) or None


def _sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _nulls_first(organisation_id):
    return (organisation_id is not None, organisation_id or 0)
