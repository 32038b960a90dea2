"""Every list page runs the same number of queries for 1 row as for 5."""

from collections import namedtuple

import pytest
from django.urls import reverse

from openipt.accounts.models import Role
from openipt.audit.record import record
from openipt.testing.people import make_client, make_user


def add_clients(people, count):
    for number in range(count):
        make_client(people.owner, f"Extra{number}")


def add_team_members(people, count):
    organisation = people.owner.organisation
    for number in range(count):
        member = make_user(organisation, f"member{number}", Role.THERAPIST, people.supervisor)
        make_client(member, f"Team{number}")


def add_audit_events(people, count):
    for _ in range(count):
        record(people.owner, "client.viewed", people.client, client=people.client)


def add_events_naming_staff(people, count):
    """Events whose facts name staff members: their names come in one query for all."""
    for _ in range(count):
        record(
            people.admin,
            "episode.reassigned",
            people.episode,
            client=people.client,
            facts={
                "from_clinician": people.owner.pk,
                "to_clinician": people.unrelated.pk,
                "client_moved": False,
            },
        )


# Literal counts include the framework's share: session read and save (with its
# savepoint) and the signed-in user; the rest is the page's own work and its audit insert.
Case = namedtuple("Case", "person url add_rows existing_rows queries")

CASES = {
    # 15: the next appointment of every client on the page, the screens whose latest
    # score raised an alert (mania), and reminders that could not be sent: one query each.
    "caseload": Case("owner", lambda p: reverse("clinic:caseload"), add_clients, 1, 15),
    # Client lists: one query more, the organisation's sites for the site filter; for the
    # admin and supervisors one more, the heartbeats of the scheduler and the worker.
    "clients (therapist)": Case("owner", lambda p: reverse("clinic:clients"), add_clients, 1, 11),
    "clients (supervisor)": Case(
        "supervisor", lambda p: reverse("clinic:clients"), add_clients, 1, 12
    ),
    "clients (admin)": Case("admin", lambda p: reverse("clinic:clients"), add_clients, 2, 12),
    "supervision": Case(
        # The page writes an audit event naming the clients of the flags it shows, and
        # reads the heartbeats of the scheduler and the worker.
        "supervisor",
        lambda p: reverse("clinic:supervision"),
        add_team_members,
        1,
        10,
    ),
    "audit trail": Case(
        "supervisor",
        lambda p: reverse("clinic:client_audit", args=[p.client.pk]),
        add_audit_events,
        0,
        11,
    ),
    # The admin passes the gate in fewer queries than the supervisor (9 with events that
    # name nobody); one more fetches the staff the events' facts name, for all rows at once.
    "audit trail naming staff": Case(
        "admin",
        lambda p: reverse("clinic:client_audit", args=[p.client.pk]),
        add_events_naming_staff,
        0,
        10,
    ),
}


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("page", sorted(CASES))
def test_list_page_query_count_is_constant(page, rows, people, client, django_assert_num_queries):
    case = CASES[page]
    case.add_rows(people, max(rows - case.existing_rows, 0))
    client.force_login(getattr(people, case.person))
    with django_assert_num_queries(case.queries):
        response = client.get(case.url(people))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= rows
