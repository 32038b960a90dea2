"""Every formulation list page runs the same number of queries for 1 row as for 5."""

from collections import namedtuple
from datetime import date

import pytest
from django.urls import reverse

from openipt.caseload.models import Episode
from openipt.formulation import actions

from .builders import add_event, add_person, update_person


def add_people(people, count):
    for number in range(count):
        add_person(people, f"Person {number}", circle=("inner", "middle", "outer")[number % 3])


def add_people_with_history(people, count):
    for number in range(count):
        person = add_person(people, f"Person {number}")
        update_person(people, person, recorded_on=date(2026, 10, 1), circle="inner")


def add_events(people, count):
    person = add_person(people, "Sam")
    for number in range(count):
        add_event(people, "dispute", date(2026, 1 + number, 3), person=person, note=f"n{number}")


def add_versions(people, count):
    for number in range(count):
        actions.save_formulation(people.owner, people.episode, text=f"Version {number}")
    actions.decide_sharing(people.owner, people.episode, item="formulation", shared=True)


def add_shared_map_people(people, count):
    actions.decide_sharing(people.owner, people.episode, item="support_map", shared=True)
    add_people(people, count)


def add_episodes(people, count):
    for number in range(count):
        Episode.objects.create(
            organisation_id=people.client.organisation_id,
            client=people.client,
            clinician=people.owner,
            opened_on=date(2025, 1 + number, 1),
        )


def episode_url(name):
    return lambda p: reverse(name, args=[p.episode.pk])


# Literal counts include the framework's share: session read and save (with its
# savepoint) and the signed-in user; the rest is the page's own work and its audit insert.
Case = namedtuple("Case", "person url add_rows existing_rows queries row_marker", defaults=["<tr>"])

CASES = {
    "inventory": Case("owner", episode_url("clinic:inventory"), add_people, 0, 11),
    "inventory comparison": Case(
        "owner", episode_url("clinic:inventory_compare"), add_people_with_history, 0, 11
    ),
    "support map": Case("owner", episode_url("clinic:support_map"), add_people, 0, 12),
    "overview": Case("owner", episode_url("clinic:formulation"), add_people, 0, 15),
    "timeline": Case("owner", episode_url("clinic:timeline"), add_events, 0, 13),
    "formulation versions": Case(
        "owner", episode_url("clinic:formulation_versions"), add_versions, 0, 11
    ),
    "portal formulation": Case(
        "client_user", episode_url("portal:therapy_episode"), add_shared_map_people, 0, 13
    ),
    "portal therapy": Case(
        "client_user",
        lambda p: reverse("portal:therapy"),
        add_episodes,
        1,
        10,
        '<section class="card"',
    ),
}


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("page_name", sorted(CASES))
def test_list_page_query_count_is_constant(
    page_name, rows, people, client, django_assert_num_queries
):
    case = CASES[page_name]
    case.add_rows(people, max(rows - case.existing_rows, 0))
    client.force_login(getattr(people, case.person))
    with django_assert_num_queries(case.queries):
        response = client.get(case.url(people))
    assert response.status_code == 200
    assert response.content.decode().count(case.row_marker) >= rows
