"""record(): the one way an audit event is written.

Called explicitly by actions (inside their transaction) and by views that show
a client's record. Never from signals: the caller knows what happened and why.
"""

from .models import AuditEvent


def client_ip(request):
    if request is None:
        return None
    # Behind the reverse proxy the app trusts only the address the proxy saw
    # (REMOTE_ADDR, set by gunicorn from the proxy connection).
    return request.META.get("REMOTE_ADDR") or None


def record(actor, action, obj=None, *, client=None, request=None, detail=""):
    organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None and client is not None:
        organisation_id = client.organisation_id
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client=client,
        detail=detail[:500],
        ip=client_ip(request),
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


def record_clients_shown(actor, action, clients, *, request=None):
    """A page that lists clients: one event naming each client shown, in one insert, so
    the view is in every one of those clients' trails. A list that shows nobody still
    leaves one event that it was looked at."""
    unique = list({client.pk: client for client in clients}.values())
    if not unique:
        return [record(actor, action, request=request)]
    return record_many(actor, action, unique, client_of=lambda client: client, request=request)
