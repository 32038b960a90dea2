"""record(): the one way an audit event is written.

Called explicitly by actions (inside their transaction) and by views that show
a client's record. Never from signals: the caller knows what happened and why.
"""

import ipaddress

from django.conf import settings

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
    return request.META.get("REMOTE_ADDR") or None


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
    detail="",
    organisation_id=None,
    ip=None,
):
    """Write one event. The organisation is the actor's, else the client's, else the one
    named (events without a signed-in actor, such as a failed sign-in to an account). The
    address comes from the request, or is passed by work done outside one (a task)."""
    if getattr(actor, "organisation_id", None) is not None:
        organisation_id = actor.organisation_id
    elif client is not None:
        organisation_id = client.organisation_id
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client=client,
        detail=detail[:500],
        ip=client_ip(request) if request is not None else ip,
    )


def record_many(actor, action, objects, *, client_of, request=None):
    """One event per object in a single insert, for pages that show a list of records
    (the query count must not grow with the rows). `client_of(obj)` names each client."""
    events = [
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            organisation_id=getattr(actor, "organisation_id", None),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            client=client_of(obj),
            ip=client_ip(request),
        )
        for obj in objects
    ]
    return AuditEvent.objects.bulk_create(events)
