"""A client with two open episodes at once (an individual course and a group, say) sees
both in the portal and what is due in each (issue 17, item 12); the home page and the
questionnaire page name the same next appointment (issue 12, item 4)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openipt.caseload.actions import open_episode
from openipt.measures.due import due_for_client
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration
from openipt.protocol import actions as protocol_actions
from openipt.protocol.tests.builders import course_with_sessions


@pytest.fixture
def two_courses(people):
    """The client's first episode with an individual course; a second episode, opened
    later by another clinician, with an IPSRT course that keeps the rhythm diary."""
    first = people.episode
    course_with_sessions(people.owner, first, recorded=0, scheduled=1)
    second = open_episode(
        people.unrelated, people.client, opened_on=date(2026, 10, 1), presenting_concerns=""
    )
    course_with_sessions(people.unrelated, second, recorded=0, scheduled=1, modality="ipsrt")
    return first, second


@pytest.fixture
def robin(client, people):
    client.force_login(people.client_user)
    return client


def questionnaire(episode, code="phq9"):
    return reverse("portal:questionnaire", args=[episode.pk, code])


def test_what_is_due_is_worked_out_for_every_open_episode(two_courses, people):
    first, second = two_courses
    rows = due_for_client(people.client)
    assert [row.episode for row in rows] == [first, second]
    assert all(row.due is not None and "phq9" in row.due.codes for row in rows)
    assert "srm5" in rows[1].due.codes and "srm5" not in rows[0].due.codes


def test_the_questionnaire_list_shows_each_episode_and_what_is_due_in_it(two_courses, robin):
    first, second = two_courses
    page = robin.get(reverse("portal:questionnaires")).content.decode()
    assert questionnaire(first) in page and questionnaire(second) in page
    assert reverse("portal:rhythm_diary", args=[second.pk]) in page
    assert reverse("portal:rhythm_diary", args=[first.pk]) not in page
    assert "Owner Tester" in page and "Unrelated Tester" in page


def test_the_home_page_shows_both_courses(two_courses, robin):
    first, second = two_courses
    page = robin.get(reverse("portal:home")).content.decode()
    assert "Owner Tester" in page and "Unrelated Tester" in page
    assert "1 October 2026" in page  # the second course's start
    assert reverse("portal:rhythm_diary", args=[second.pk]) in page


def test_answers_go_to_the_episode_they_were_given_in(two_courses, robin, people):
    first, second = two_courses
    answers = {item.key: "0" for item in QUESTIONNAIRES["phq9"].items}
    response = robin.post(questionnaire(second), {"all": "1", "action": "finish", **answers})
    assert response.status_code == 302
    assert MeasureAdministration.objects.get().episode == second
    rows = {row.episode: row.due for row in due_for_client(people.client)}
    assert "phq9" in rows[first].codes and "phq9" not in rows[second].codes
    assert robin.get(questionnaire(first)).status_code == 200
    assert robin.get(questionnaire(second)).status_code == 404  # sent: no longer due


def test_each_episode_keeps_its_own_diary(two_courses, robin):
    first, second = two_courses
    assert robin.get(reverse("portal:rhythm_diary", args=[second.pk])).status_code == 200
    assert robin.get(reverse("portal:rhythm_diary", args=[first.pk])).status_code == 404


def test_another_clients_episode_is_not_found(two_courses, client, people):
    first, _ = two_courses
    client.force_login(people.another_client_user)
    assert client.get(questionnaire(first)).status_code == 404


def _next_booked(people, episode, days):
    plan = episode.course_plan
    when = timezone.now() + timedelta(days=days)
    protocol_actions.schedule_sessions(people.owner, plan, first_at=when, count=1)
    return timezone.localtime(when)


def test_home_and_questionnaire_pages_name_the_same_next_appointment(two_courses, robin, people):
    """Session 1 of each course is in the past and not recorded yet, so the course's next
    session is session 1; the next appointment is the one booked for next week."""
    first, _ = two_courses
    when = _next_booked(people, first, days=6)
    expected = f"{when:%A} {when.day} {when:%B}"
    home = robin.get(reverse("portal:home")).content.decode()
    listed = robin.get(reverse("portal:questionnaires")).content.decode()
    assert expected in home and expected in listed
    # Session 1's date, long past, is named on neither.
    session_one = timezone.localtime(first.sessions.get(number=1).scheduled_for)
    assert f"{session_one:%A} {session_one.day} {session_one:%B}" not in listed


def test_with_nothing_booked_both_pages_say_so(two_courses, robin):
    home = robin.get(reverse("portal:home")).content.decode()
    listed = robin.get(reverse("portal:questionnaires")).content.decode()
    assert "No session is booked yet" in home and "No session is booked yet" in listed


def _queries(robin, name):
    with CaptureQueriesContext(connection) as queries:
        assert robin.get(reverse(name)).status_code == 200
    return len(queries)


# Queries each further open episode adds (home: whether it keeps the diary; the list: its
# drafts). A client has one or two open episodes at once, so one per episode is fine; what
# is due and the next appointments are worked out for all of them together.
PER_EPISODE = {"portal:home": 1, "portal:questionnaires": 1}
# portal:home: 18 since the group card (groups.queries.own_membership: a current membership,
# then a past one, 2 queries for a client never in a group).
WITH_ONE_EPISODE = {"portal:home": 18, "portal:questionnaires": 14}


@pytest.mark.parametrize("name", sorted(PER_EPISODE))
def test_each_further_episode_adds_few_queries(name, people, robin):
    course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    with_one = _queries(robin, name)
    second = open_episode(
        people.unrelated, people.client, opened_on=date(2026, 10, 1), presenting_concerns=""
    )
    course_with_sessions(people.unrelated, second, recorded=0, scheduled=1)
    assert (with_one, _queries(robin, name) - with_one) == (
        WITH_ONE_EPISODE[name],
        PER_EPISODE[name],
    )
