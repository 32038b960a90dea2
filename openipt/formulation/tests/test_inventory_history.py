"""The inventory keeps its history: a later edit adds a version and leaves earlier ones intact."""

from datetime import date

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.formulation.models import AppendOnlyError, InventoryPerson, PersonVersion

from .builders import add_person, make_session, update_person

SAM_AT_THE_START = {
    "label": "Sam",
    "relationship": "partner",
    "circle": "inner",
    "contact": "daily",
    "quality": "conflictual",
    "satisfying": "We laugh together",
    "unsatisfying": "We argue about money",
    "client_expects": "Help with the bills",
    "they_expect": "More time together",
    "would_change": "Argue less",
}


def test_an_edit_in_session_10_leaves_the_session_2_version_intact(people, client):
    episode = people.episode
    second = make_session(episode, 2, date(2026, 9, 8))
    tenth = make_session(episode, 10, date(2026, 11, 10))
    client.force_login(people.owner)

    response = client.post(
        reverse("clinic:inventory_add", args=[episode.pk]),
        {**SAM_AT_THE_START, "recorded_on": "2026-09-08", "session": second.pk},
    )
    assert response.status_code == 302
    person = InventoryPerson.objects.get()
    start = person.versions.get()
    recorded_at_the_start = model_to_dict(start)

    response = client.post(
        reverse("clinic:inventory_edit", args=[episode.pk, person.pk]),
        {
            **SAM_AT_THE_START,
            "circle": "middle",
            "quality": "both",
            "unsatisfying": "Still some rows, fewer now",
            "recorded_on": "2026-11-10",
            "session": tenth.pk,
        },
    )
    assert response.status_code == 302

    versions = list(person.versions.order_by("recorded_on"))
    assert len(versions) == 2
    assert model_to_dict(versions[0]) == recorded_at_the_start
    assert (versions[0].session, versions[1].session) == (second, tenth)
    assert versions[1].circle == "middle"
    event = AuditEvent.objects.get(action="formulation.person_updated")
    assert event.facts == {"changed": ["circle", "quality", "unsatisfying"]}

    page = client.get(reverse("clinic:inventory_compare", args=[episode.pk])).content.decode()
    assert "Start: 8 Sep 2026, session 2" in page
    assert "Now: 10 Nov 2026, session 10" in page
    assert "We argue about money" in page
    assert "Still some rows, fewer now" in page
    assert "Sam: from the inner circle to the middle circle" in page
    assert 'id="map-start-title"' in page and 'id="map-now-title"' in page


def test_the_inventory_lists_the_latest_version_and_counts_versions(people, client):
    jo = add_person(people, "Jo", recorded_on=date(2026, 9, 3))
    update_person(people, jo, recorded_on=date(2026, 10, 1), satisfying="Walks on Sundays")
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:inventory", args=[people.episode.pk])).content.decode()
    assert "Walks on Sundays" in page
    assert "2 versions" in page
    assert "Update" not in page  # supervisors read only


def test_versions_cannot_be_changed_in_place(people):
    version = add_person(people, "Jo").versions.get()
    version.label = "Joanna"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        PersonVersion.objects.filter(pk=version.pk).update(label="Joanna")
    assert PersonVersion.objects.get().label == "Jo"
