"""Small builders for formulation tests: records made through the actions, as the pages do."""

from datetime import date, datetime

from django.utils import timezone

from openipt.formulation import actions
from openipt.protocol.models import Session

PERSON_DEFAULTS = {
    "relationship": "friend",
    "circle": "middle",
    "contact": "weekly",
    "quality": "supportive",
    "satisfying": "",
    "unsatisfying": "",
    "client_expects": "",
    "they_expect": "",
    "would_change": "",
}


def add_person(people, label, *, recorded_on=date(2026, 9, 3), session=None, **details):
    fields = {**PERSON_DEFAULTS, **details}
    return actions.add_person(
        people.owner,
        people.episode,
        recorded_on=recorded_on,
        session=session,
        label=label,
        **fields,
    )


def update_person(people, person, *, recorded_on, session=None, **changes):
    current = person.versions.order_by("-recorded_on", "-id").first()
    fields = {name: getattr(current, name) for name in actions.PERSON_FIELDS}
    fields.update(changes)
    return actions.update_person(
        people.owner, person, recorded_on=recorded_on, session=session, **fields
    )


def add_event(people, kind, occurred_on, *, person=None, note="", approximate=False):
    return actions.add_life_event(
        people.owner,
        people.episode,
        kind=kind,
        occurred_on=occurred_on,
        approximate=approximate,
        person=person,
        note=note,
    )


def make_session(episode, number, held_on):
    return Session.objects.create(
        episode=episode,
        number=number,
        scheduled_for=timezone.make_aware(datetime(held_on.year, held_on.month, held_on.day, 10)),
        held_on=held_on,
        attendance="attended",
    )
