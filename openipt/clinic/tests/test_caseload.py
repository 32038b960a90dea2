"""The caseload: paged by the database, searchable, filterable (course stage, measures due,
open safety flag) and in the order of what needs attention: open safety flags first, then
the most overdue items (homework and course steps), then the soonest next appointment."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.caseload.models import Client, Episode
from openipt.clinic.views import records
from openipt.measures import due
from openipt.measures.tests.test_risk_flags import flagged_phq9
from openipt.protocol import actions as course_actions
from openipt.protocol.tests import builders
from openipt.testing.people import make_client
from openipt.worksheets.tests.builders import assign


def listed(response):
    return [client.reference for client in response.context["clients"]]


@pytest.fixture
def caseload(people):
    """Five clients of the owner, each needing something different."""
    owner = people.owner
    quiet = make_client(owner, "Quiet")
    soon = make_client(owner, "Soon")  # an appointment tomorrow
    later = make_client(owner, "Later")  # an appointment next week
    overdue = make_client(owner, "Overdue")  # homework overdue and a course step overdue
    flagged = people.client  # an open safety flag
    for who, days in ((soon, 1), (later, 8)):
        plan = builders.start_course(owner, who.episodes.get())
        course_actions.schedule_sessions(
            owner, plan, first_at=timezone.now() + timedelta(days=days), count=1
        )
    plan = builders.course_with_sessions(owner, overdue.episodes.get(), recorded=3, scheduled=4)
    assign(people, episode=overdue.episodes.get(), due_on=date.today() - timedelta(days=3))
    flagged_phq9(people)
    return {"quiet": quiet, "soon": soon, "later": later, "overdue": overdue, "flagged": flagged}


def test_what_needs_attention_comes_first(people, caseload, client):
    client.force_login(people.owner)
    response = client.get(reverse("clinic:caseload"))
    names = ["flagged", "overdue", "soon", "later"]
    assert listed(response)[:4] == [caseload[name].reference for name in names]
    overdue = response.context["clients"][1]
    assert (overdue.overdue_homework, overdue.overdue_steps) == (1, 2)
    page = response.content.decode()
    assert "1 overdue homework" in page and "2 course steps overdue" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "Soon"}, ["soon"]),
        ({"flagged": "on"}, ["flagged"]),
        ({"stage": "initial"}, ["soon", "later"]),
        ({"stage": "middle"}, ["overdue"]),
        ({"stage": "not_started"}, ["flagged", "quiet"]),
        ({"due": "on"}, ["overdue", "soon", "later"]),
        ({"stage": "no-such-stage"}, ["flagged", "overdue", "soon", "later", "quiet"]),
    ],
)
def test_search_and_filters(people, caseload, client, query, expected):
    client.force_login(people.owner)
    response = client.get(reverse("clinic:caseload"), query)
    assert listed(response) == [caseload[name].reference for name in expected]


def test_measures_due_show_from_the_stored_course(people, caseload, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:caseload"), {"q": "Overdue"}).content.decode()
    # The stored row says what the schedule rule says, in the same words.
    computed = due.measures_due(caseload["overdue"].episodes.get())
    assert computed.summary.startswith("PHQ-9, GAD-7")
    assert computed.summary.endswith("due for session 4")
    assert computed.summary in page


def test_pages_keep_the_filters(people, client, monkeypatch):
    monkeypatch.setattr(records, "CASELOAD_PER_PAGE", 2)
    for number in range(4):
        make_client(people.owner, f"Paged{number}")
    client.force_login(people.owner)
    first = client.get(reverse("clinic:caseload"), {"q": "Paged"})
    assert len(first.context["clients"]) == 2
    assert "Page 1 of 2 (4 clients)" in first.content.decode()
    assert "?q=Paged&amp;page=2" in first.content.decode()
    second = client.get(reverse("clinic:caseload"), {"q": "Paged", "page": 2})
    assert set(listed(first)).isdisjoint(listed(second))


def add_clients(people, count):
    """Clients with an open episode each, in bulk: the page's queries must not depend on
    how many there are."""
    owner = people.owner
    made = Client.objects.bulk_create(
        Client(
            organisation_id=owner.organisation_id,
            reference=f"C-Q{number:05d}",
            given_name=f"Person{number}",
            family_name="Listed",
            date_of_birth="1990-01-01",
            clinician=owner,
            site_id=owner.site_id,
        )
        for number in range(count)
    )
    Episode.objects.bulk_create(
        Episode(
            organisation_id=owner.organisation_id,
            client=c,
            clinician=owner,
            opened_on=date(2026, 9, 1),
        )
        for c in made
    )
    for made_client in made[:3]:  # some with a course and a session booked
        plan = builders.start_course(owner, made_client.episodes.get())
        builders.schedule(owner, plan, 1)


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_is_the_same_for_1_and_50_rows(
    people, client, django_assert_num_queries, monkeypatch, rows
):
    monkeypatch.setattr(records, "CASELOAD_PER_PAGE", 50)
    add_clients(people, rows - 1)  # and the owner's own client
    client.force_login(people.owner)
    # Session and user (2); the page's rows (with the count of the whole list, in the same
    # query), their open episodes (with what is due, from the stored rows, in the same
    # query), alert screens; the open flags; the audit chain's tip and insert; the session
    # saved (savepoint, update, release: SESSION_SAVE_EVERY_REQUEST): 11. The risk markers'
    # intake findings and open escalations (issue 12) and the reminders that could not be
    # sent (issue 15), one query each: 14 (15 when what is due was a query of its own, 16
    # when the list was counted by a query of its own).
    with django_assert_num_queries(14):
        response = client.get(reverse("clinic:caseload"))
    assert len(response.context["clients"]) == rows
