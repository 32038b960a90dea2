"""Measures due at the next session, against the database. The rule itself is
protocol.schedule, tested with tables and properties in protocol/tests/test_schedule*.py."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.measures import due
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import quietest_answers
from openipt.protocol.tests.builders import course_with_sessions


def give(people, plan, code, session):
    return record_administration(
        people.owner,
        plan.episode,
        code,
        quietest_answers(QUESTIONNAIRES[code]),
        administered_on=date(2026, 9, 7),
        respondent="client_in_session",
        session=session,
    )


@pytest.fixture
def course(people):
    return course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)


def test_next_session_in_the_middle_phase_expects_phq9_gad7_and_the_alliance(course):
    # Individual IPT, middle phase: PHQ-9 and GAD-7 every session, the WAI-SR once (not
    # given at session 4, so still due).
    found = due.measures_due(course.episode)
    assert found.session.number == 5
    assert found.codes == ("phq9", "gad7", "waisr")
    assert found.summary == "PHQ-9, GAD-7 and WAI-SR due for session 5"


def test_measures_already_recorded_for_the_session_are_not_due(people, course):
    session = course.episode.sessions.get(number=5)
    give(people, course, "phq9", session)
    assert due.measures_due(course.episode).codes == ("gad7", "waisr")
    give(people, course, "gad7", session)
    give(people, course, "waisr", session)
    assert due.measures_due(course.episode) is None


def test_first_session_adds_the_organisations_start_measures(people):
    organisation = people.owner.organisation
    organisation.start_end_measures = ["wsas", "gad7"]
    organisation.save()
    plan = course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    assert due.measures_due(plan.episode).codes == ("phq9", "gad7", "wsas")


def test_once_per_phase_measure_given_earlier_in_the_phase_is_not_due_again(people):
    plan = course_with_sessions(people.owner, people.episode, recorded=1, scheduled=2)
    give(people, plan, "wsas", plan.episode.sessions.get(number=1))
    assert due.measures_due(plan.episode).codes == ("phq9", "gad7")


def test_nothing_due_without_a_scheduled_session(people):
    plan = course_with_sessions(people.owner, people.episode, recorded=2, scheduled=2)
    assert due.measures_due(plan.episode) is None


def test_nothing_due_without_a_course(people):
    assert due.measures_due(people.episode) is None


def test_caseload_shows_the_measures_due(people, client, course):
    client.force_login(people.owner)
    page = client.get(_caseload_url()).content.decode()
    assert "PHQ-9, GAD-7 and WAI-SR due for session 5" in page


def _caseload_url():

    return reverse("clinic:caseload")
