"""Query counts of list pages not covered by their app's own query-count tests: the
same literal for 1 row as for 5, so no page runs a query per row."""

from collections import namedtuple
from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from openipt.accounts.actions import request_deletion
from openipt.measures.actions import record_administration, record_rhythm_week
from openipt.measures.instruments import srm5
from openipt.testing.people import make_client
from openipt.worksheets.actions import save_statement

START = date(2026, 9, 7)


def add_deletion_requests(people, count):
    for number in range(count):
        client = make_client(people.owner, f"Leaving{number}")
        request_deletion(people.client_user, client, reason="Moved away.")


def add_phq9s(people, count):
    answers = {f"q{n}": 1 for n in range(1, 9)} | {"q9": 0}
    for number in range(count):
        record_administration(
            people.owner,
            people.episode,
            "phq9",
            answers,
            administered_on=START + timedelta(weeks=number),
            respondent="client_in_session",
        )


def add_rhythm_weeks(people, count):

    week = {key: [time(8, 0)] * 7 for key in srm5.ACTIVITY_KEYS}
    already = people.episode.rhythm_weeks.count()
    for number in range(already, already + count):
        record_rhythm_week(
            people.owner, people.episode, week_starting=START + timedelta(weeks=number), times=week
        )


def add_statements(people, count):
    for number in range(count):
        save_statement(
            people.owner,
            people.episode,
            feeling="hurt",
            situation=f"plans change at short notice ({number})",
            reason="I had set the evening aside",
            preference="a day's notice",
        )


Case = namedtuple("Case", "person url add_rows")

CASES = {
    "organisation (deletion requests)": Case(
        "admin", lambda p: reverse("clinic:organisation"), add_deletion_requests
    ),
    "episode (measures table and charts)": Case(
        "owner", lambda p: reverse("clinic:episode", args=[p.episode.pk]), add_phq9s
    ),
    "rhythm weeks": Case(
        "owner", lambda p: reverse("clinic:rhythm_weeks", args=[p.episode.pk]), add_rhythm_weeks
    ),
    "assertive statements": Case(
        "owner", lambda p: reverse("clinic:statements", args=[p.episode.pk]), add_statements
    ),
    "portal progress": Case("client_user", lambda p: reverse("portal:progress"), add_phq9s),
    "portal my data": Case("client_user", lambda p: reverse("portal:my_data"), add_phq9s),
}


@pytest.mark.parametrize("page", sorted(CASES))
def test_list_page_queries_do_not_grow_with_rows(page, people, client, django_assert_num_queries):
    case = CASES[page]
    case.add_rows(people, 1)
    client.force_login(getattr(people, case.person))
    with django_assert_num_queries(EXPECTED[page]):
        assert client.get(case.url(people)).status_code == 200
    case.add_rows(people, 4)
    with django_assert_num_queries(EXPECTED[page]):
        assert client.get(case.url(people)).status_code == 200


EXPECTED = {
    # 10: the audit chain's tip, and the safety lead's choices (issue 13): one query each.
    "organisation (deletion requests)": 11,  # with the heartbeats
    # 18: the risk banner (issue 12): flags, intake findings, escalations, alerting screens;
    # 17 once the banner takes the open flags the measures part has read (issue 11).
    "episode (measures table and charts)": 17,
    "rhythm weeks": 10,
    "assertive statements": 10,
    "portal progress": 9,
    "portal my data": 9,
}
