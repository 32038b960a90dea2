"""Reads of the audit trail: a client's trail as rows to show, in words."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from . import events
from .models import AuditEvent

CLASS_WORDS = {
    events.ADMINISTRATIVE: gettext_lazy("Administrative"),
    events.CLINICAL: gettext_lazy("Clinical"),
}


@dataclass(frozen=True)
class TrailRow:
    at: datetime
    actor: object
    kind: str  # "Administrative" or "Clinical"
    what: str  # the event in words, or that a clinical event happened
    object: str  # what it concerned ("Session 12"), blank when hidden
    ip: str | None
    # Free text of an event from before facts existed, for those who may read it.
    old_detail: str = ""


def trail_of(client):
    """The events about a client, newest first, with who did them (a queryset: pages
    take a slice of it, which the (client, -at) index serves)."""
    return AuditEvent.objects.filter(client=client).select_related("actor").order_by("-at", "-id")


def rows_of(events_shown, *, clinical_visible):
    """Events (a page of `trail_of`) as rows to show.

    Someone who may not read clinical content (the organisation admin) sees of a clinical
    event only when it happened, who did it and that it was clinical: never its action,
    facts or object. The free text of events written before facts existed is shown only
    with clinical content too, since nothing vouches for what it says. Two queries at most:
    the events with their actors, and the staff their facts name."""
    rows = list(events_shown)
    people = _people_named([event for event in rows if _readable(event, clinical_visible)])
    return [_row(event, people, clinical_visible) for event in rows]


def _readable(event, clinical_visible):
    return clinical_visible or not events.is_clinical(event.action)


def _row(event, people, clinical_visible):
    clinical = events.is_clinical(event.action)
    shown = _readable(event, clinical_visible)
    return TrailRow(
        at=event.at,
        actor=event.actor,
        kind=CLASS_WORDS[events.CLINICAL if clinical else events.ADMINISTRATIVE],
        what=events.describe(event.action, event.facts, people)
        if shown
        else events.CLINICAL_EVENT_WORDS,
        object=_object_words(event) if shown else "",
        ip=event.ip,
        old_detail=event.detail if clinical_visible else "",
    )


def _people_named(rows):
    ids = set().union(*(events.person_ids(event.facts, event.action) for event in rows))
    if not ids:
        return {}
    return {person.pk: person for person in get_user_model().objects.filter(pk__in=ids)}


def _object_words(event):
    if not event.object_type:
        return ""
    return events.object_words(event.object_type, event.object_id)
