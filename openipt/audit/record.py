"""record(): the one way an audit event is written.

Called explicitly by actions (inside their transaction) and by views that show
a client's record. Never from signals: the caller knows what happened and why.
Every event is linked into its organisation's hash chain as it is written (chain.py).

An event says what happened with its action, its object and its facts: codes and numbers
declared for the action (audit/events.py), never free text. An undeclared action or fact,
or a string that is not one of the fact's codes, is refused (events.AuditFactError).
"""

import ipaddress

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import chain
from . import events as audit_events
from .models import AuditEvent


def client_ip(request):
    """The address of the person making the request (audit events, sign-in lockouts).

    Reached directly, that is the connection's address (REMOTE_ADDR). Behind reverse
    proxies (OPENIPT_TRUSTED_PROXY_COUNT > 0), the connection comes from the nearest proxy
    and the client is the address the outermost trusted proxy saw: each proxy appends the
    address it saw to OPENIPT_CLIENT_IP_HEADER, so it is that many entries from the end.
    Entries further left were written by the client and are never believed."""
    if request is None:
        return None
    proxies = settings.OPENIPT_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = _forwarded_addresses(request)
        if len(forwarded) >= proxies:
            address = _normalised_address(forwarded[-proxies])
            if address:
                return address
    return _normalised_address(request.META.get("REMOTE_ADDR", ""))


def _forwarded_addresses(request):
    header = "HTTP_" + settings.OPENIPT_CLIENT_IP_HEADER.upper().replace("-", "_")
    return [entry.strip() for entry in request.META.get(header, "").split(",") if entry.strip()]


def _normalised_address(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def record(
    actor,
    action,
    obj=None,
    *,
    client=None,
    request=None,
    facts=None,
    organisation_id=None,
    ip=None,
):
    """Write one event. The organisation is the actor's, else the client's, else the one
    named (events without a signed-in actor, such as a failed sign-in to an account). The
    address comes from the request, or is passed by work done outside one (a task).
    `facts` maps the action's declared fact names to codes and numbers."""
    if getattr(actor, "organisation_id", None) is not None:
        organisation_id = actor.organisation_id
    elif client is not None:
        organisation_id = client.organisation_id
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client=client,
        facts=facts,
        ip=client_ip(request) if request is not None else ip,
    )
    return append([event])[0]


def record_many(actor, action, objects, *, client_of, request=None):
    """One event per object in a single insert, for pages that show a list of records
    (the query count must not grow with the rows). `client_of(obj)` names each client.
    Returns how many events were written.

    The events differ only in their object and client, so what they share is checked,
    put in its canonical form and prepared for the database once (chain.hashes_of_batch,
    AuditEvent.objects.insert_batch), not once per event through a model instance each."""
    rows = [_shown_row(obj, client_of(obj)) for obj in objects]
    if not rows:
        return 0
    organisation_id = getattr(actor, "organisation_id", None)
    shared = {
        "organisation_id": organisation_id,
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "action": action,
        "detail": "",
        # One request, one moment and one address: not read again for every event.
        "at": timezone.now(),
        "ip": client_ip(request),
        # Refuses an undeclared action, or one that must carry facts, before anything
        # is written (as check_event does for each event `append` writes).
        chain.FACTS: audit_events.checked_facts(action, None),
    }
    with transaction.atomic(savepoint=False):
        previous_hash = chain.tip(organisation_id)
        hashes = chain.hashes_of_batch(shared, SHOWN_FIELDS, rows, previous_hash)
        AuditEvent.objects.insert_batch(shared, SHOWN_FIELDS, rows, previous_hash, hashes)
    return len(rows)


# What differs between the events of one record_many: the object shown and its client.
SHOWN_FIELDS = ("object_type", "object_id", "client_id")


def _shown_row(obj, client):
    return (obj._meta.label_lower, str(obj.pk), client.pk if client is not None else None)


def append(events):
    """Link unsaved events into their chains, in order, and insert them: the chain's tip
    is read and the events written in one transaction (chain.tip says how writers of one
    chain take turns). One query for each chain's tip plus one insert."""
    if not events:
        return []
    for event in events:
        event.facts = audit_events.check_event(event)
    with transaction.atomic(savepoint=False):
        for organisation_id in dict.fromkeys(event.organisation_id for event in events):
            in_chain = [event for event in events if event.organisation_id == organisation_id]
            chain.link(in_chain, chain.tip(organisation_id))
        # Checked above, before hashing: inserted without the model's second check.
        return AuditEvent.objects.get_queryset()._insert_checked(events)


def record_clients_shown(actor, action, clients, *, request=None):
    """A page that lists clients: one event naming each client shown, in one insert, so
    the view is in every one of those clients' trails. A list that shows nobody still
    leaves one event that it was looked at. Returns how many events were written."""
    unique = list({client.pk: client for client in clients}.values())
    if not unique:
        record(actor, action, request=request)
        return 1
    return record_many(actor, action, unique, client_of=lambda client: client, request=request)
