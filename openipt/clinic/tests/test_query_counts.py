"""Every list page runs the same number of queries for 1 row as for 5."""

from collections import namedtuple

import pytest
from django.urls import reverse

from openipt.accounts.models import Role
from openipt.audit.record import record
from openipt.protocol.actions import alert_supervisor, request_start
from openipt.protocol.escalation import Reason
from openipt.protocol.tests import builders
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
    # 11: paged by the database (the page's rows, annotated in the same query with the
    # open flag, overdue items and next appointment, and with the count of the whole list:
    # clinic/views/paging.py; a query more when the count was its own), their open
    # episodes with the stored rows of what is due (a query more when those were their
    # own), and the screens whose latest score raised an alert (mania). 14: the risk
    # markers' intake findings and open escalations (issue 12), and reminders that could
    # not be sent (issue 15), one query each.
    "caseload": Case("owner", lambda p: reverse("clinic:caseload"), add_clients, 1, 14),
    # Client lists: one query more, the organisation's sites for the site filter; for the
    # admin and supervisors one more, the heartbeats of the scheduler and the worker; for a
    # supervisor one more, the ids of their team (access.team_clinician_ids). Each one fewer
    # since the count comes with the page's rows.
    "clients (therapist)": Case("owner", lambda p: reverse("clinic:clients"), add_clients, 1, 10),
    "clients (supervisor)": Case(
        "supervisor", lambda p: reverse("clinic:clients"), add_clients, 1, 12
    ),
    "clients (admin)": Case("admin", lambda p: reverse("clinic:clients"), add_clients, 2, 11),
    "supervision": Case(
        # The page writes an audit event naming the clients it shows; the team is paged by
        # the database (the page, with the count of the whole team in the same query).
        # Also the escalations, the notes waiting for a co-signature, and the team's
        # intake findings, open escalations, open episodes and their alerting screens
        # (issue 12); the heartbeats of the scheduler and the worker (issue 15); and the
        # course starts held for approval (issue 14); the ids of the team, read once
        # (access.team_clinician_ids).
        "supervisor",
        lambda p: reverse("clinic:supervision"),
        add_team_members,
        1,
        18,
    ),
    "audit trail": Case(
        "supervisor",
        lambda p: reverse("clinic:client_audit", args=[p.client.pk]),
        add_audit_events,
        0,
        # Paged by the database: a count, then the page. 10 since the gate knows from the
        # client's clinician, loaded with the client, that the supervisor oversees them
        # (issue 11; 12 before: the client's episodes' clinicians, then their supervisors).
        10,
    ),
    # The admin passes the gate without a query, as the supervisor now does (10 with events
    # that name nobody, the page's count included); one more fetches the staff the events'
    # facts name, for all rows at once.
    "audit trail naming staff": Case(
        "admin",
        lambda p: reverse("clinic:client_audit", args=[p.client.pk]),
        add_events_naming_staff,
        0,
        11,
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


def add_escalated_counsellor_courses(people, count):
    """`count` counsellors of the supervisor's team, each with a course whose intake found an
    exclusion, an escalation not yet acknowledged and a note waiting for a co-signature, and
    another client's course held for the supervisor's approval."""
    organisation = people.owner.organisation
    organisation.cosign_counsellor_notes = True
    organisation.save(update_fields=["cosign_counsellor_notes"])
    for number in range(count):
        counsellor = make_user(organisation, f"coun{number}", Role.COUNSELLOR, people.supervisor)
        episode = make_client(counsellor, f"Esc{number}").episodes.get()
        builders.record_intake(counsellor, episode, psychosis=True)
        plan = builders.start_course(
            counsellor, episode, modality="ipc", planned=4, override_reason="Agreed with team."
        )
        session = builders.schedule(counsellor, plan, 1)[0]
        builders.signed_note(counsellor, plan, session)
        alert_supervisor(counsellor, episode, [Reason("phq9_step_up", "PHQ-9 at 22.")])
        held = make_client(counsellor, f"Held{number}").episodes.get()
        request_start(counsellor, held, "individual_ipt", ["role"])


@pytest.mark.parametrize("rows", [1, 5])
def test_the_supervisors_escalations_notes_and_risk_rows_cost_the_same_for_1_or_5(
    rows, people, client, django_assert_num_queries
):
    add_escalated_counsellor_courses(people, rows)
    client.force_login(people.supervisor)
    # The 18 of the plain page (its team paged: the page with its count; the heartbeats;
    # the held course starts; the team's ids), and the episodes of the "risk in view" table.
    with django_assert_num_queries(19):
        response = client.get(reverse("clinic:supervision"))
    page = response.content.decode()
    assert page.count('action="/supervision/start-requests/') == rows
    assert page.count('action="/alerts/') == rows
    assert page.count('href="/notes/') == rows
    assert page.count("Intake: psychosis") == rows
