"""The team fidelity page reads stored rows: filtered, ordered and paged by the database,
with the same number of queries for 1 course as for 50."""

import pytest
from django.urls import reverse

from openipt.accounts.actions import add_site
from openipt.accounts.models import Role
from openipt.clinic.views import supervision
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user


def refs(response):
    return [row.episode.client.reference for row in response.context["page"].object_list]


@pytest.fixture
def team(people):
    """The owner's course (4 sessions), a colleague's IPC course at another site (1
    session), and the other team's course, which the supervisor must never see."""
    colleague = make_user(
        people.owner.organisation, "colleague", Role.COUNSELLOR, people.supervisor
    )
    hillside = add_site(people.admin, name="Hillside")
    theirs = make_client(colleague, "Kim")
    theirs.site = hillside
    theirs.save(update_fields=["site"])
    builders.course_with_sessions(people.owner, people.episode, recorded=4)
    builders.course_with_sessions(
        colleague, theirs.episodes.get(), recorded=1, modality="ipc", planned=6
    )
    builders.course_with_sessions(
        people.unrelated, people.another_client.episodes.get(), recorded=2
    )
    return {
        "owner": people.client,
        "colleague": theirs,
        "colleague_user": colleague,
        "site": hillside,
    }


def test_the_page_lists_the_team_only_lowest_score_first(people, team, client):
    client.force_login(people.supervisor)
    response = client.get(reverse("clinic:fidelity"))
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert {row.episode.client for row in rows} == {team["owner"], team["colleague"]}
    scores = [row.score for row in rows]
    assert scores == sorted(scores)
    assert people.another_client.reference not in response.content.decode()
    by_clinician = dict(response.context["by_clinician"])
    assert by_clinician[people.owner].courses == 1
    assert response.context["team_total"].courses == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"modality": "ipc"}, ["colleague"]),
        ({"modality": "individual_ipt"}, ["owner"]),
        ({"status": "ended"}, []),
        ({"status": "under_way"}, ["colleague", "owner"]),
        ({"modality": "no-such-modality"}, ["colleague", "owner"]),  # a stale link: ignored
    ],
)
def test_filters(people, team, client, query, expected):
    client.force_login(people.supervisor)
    response = client.get(reverse("clinic:fidelity"), query)
    assert sorted(refs(response)) == sorted(team[name].reference for name in expected)


def test_filter_by_clinician_and_site(people, team, client):
    client.force_login(people.supervisor)
    url = reverse("clinic:fidelity")
    assert refs(client.get(url, {"clinician": team["colleague_user"].pk})) == [
        team["colleague"].reference
    ]
    assert refs(client.get(url, {"site": team["site"].pk})) == [team["colleague"].reference]
    # Someone outside the team is not a choice: the filter is ignored.
    assert len(refs(client.get(url, {"clinician": people.unrelated.pk}))) == 2


def test_order_by_client_reference(people, team, client):
    client.force_login(people.supervisor)
    found = refs(client.get(reverse("clinic:fidelity"), {"order": "client"}))
    assert found == sorted(found)


def test_pages(people, team, client, monkeypatch):
    monkeypatch.setattr(supervision, "FIDELITY_PER_PAGE", 1)
    client.force_login(people.supervisor)
    first = client.get(reverse("clinic:fidelity"), {"order": "client"})
    second = client.get(reverse("clinic:fidelity"), {"order": "client", "page": 2})
    assert len(refs(first)) == len(refs(second)) == 1
    assert refs(first) != refs(second)
    assert "order=client&amp;page=2" in first.content.decode()


def add_courses(people, count):
    for number in range(count):
        episode = make_client(people.owner, f"Course{number}").episodes.get()
        builders.start_course(people.owner, episode)


@pytest.mark.parametrize("courses", [1, 50])
def test_query_count_is_the_same_for_1_and_50_courses(
    people, client, django_assert_num_queries, courses
):
    add_courses(people, courses)
    client.force_login(people.supervisor)
    # Session and user (2); supervisees and the ids of the team (access.team_clinician_ids),
    # the sites of the filter; the summary by clinician; the page's rows, with the count of
    # every course chosen in the same query; the audit chain's tip and insert; the session
    # saved (savepoint, update, release).
    with django_assert_num_queries(12):
        response = client.get(reverse("clinic:fidelity"))
    assert len(response.context["page"].object_list) == courses
    assert response.content.decode().count('class="ref"') == courses
