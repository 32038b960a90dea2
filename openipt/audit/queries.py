"""Reads of the audit trail."""

from .models import AuditEvent


def trail_of(client, limit):
    """The latest `limit` events about a client, newest first, with who did them."""
    return AuditEvent.objects.filter(client=client).select_related("actor")[:limit]
