"""Reads of the audit trail."""

from .models import AuditEvent


def trail_of(client):
    """The events about a client, newest first, with who did them (a queryset: pages
    take a slice of it, which the (client, -at) index serves)."""
    return AuditEvent.objects.filter(client=client).select_related("actor").order_by("-at", "-id")
