"""Risk where the work happens (measures/risk.py): open safety flags (also from a
questionnaire not sent yet), what the intake screen found, escalations not yet acknowledged
and positive mania screens show as a banner on the episode, course and session pages, as a
marker on the caseload and on the supervisor's page; the supervisor acknowledges escalations."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.measures import actions, instruments
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol import actions as course_actions
from openipt.protocol.escalation import Reason
from openipt.protocol.models import SupervisorAlert
from openipt.protocol.tests import builders

PAGES = ("episode", "course", "session")
NO_EXCLUSIONS = dict.fromkeys(
    ["suicidal_crisis", "psychosis", "mania", "severe_dissociation"], False
)


def page_of(client, people, name):
    if name == "session":
        return client.get(reverse("clinic:course_session", args=[people.episode.pk, 1]))
    return client.get(reverse(f"clinic:{name}", args=[people.episode.pk]))


def banner(client, people, name):
    response = page_of(client, people, name)
    assert response.status_code == 200
    page = response.content.decode()
    return (
        page.split('id="risk-banner"', 1)[1].split("</div>", 1)[0] if "risk-banner" in page else ""
    )


def course_started(people, **exclusions):
    builders.record_intake(people.owner, people.episode, **exclusions)
    reason = "Discussed with the team; IPT alongside the crisis plan." if exclusions else ""
    plan = builders.start_course(people.owner, people.episode, override_reason=reason)
    builders.schedule(people.owner, plan, 1)
    return plan


@pytest.mark.parametrize("name", PAGES)
def test_an_intake_exclusion_stays_in_view(people, client, name):
    course_started(people, suicidal_crisis=True)
    client.force_login(people.owner)
    assert "The intake screen found: <strong>acute suicidal crisis</strong>" in banner(
        client, people, name
    )


@pytest.mark.parametrize("name", PAGES)
def test_a_safety_answer_at_intake_stays_in_view_after_its_flag_is_resolved(people, client, name):
    answers = answers_totalling(instruments.QUESTIONNAIRES["phq9"], 12, q9=1)
    screen, administration = actions.record_intake_screen(
        people.owner,
        people.episode,
        phq9_answers=answers,
        screened_on=date(2026, 9, 2),
        symptoms="Low mood.",
        fit_answers=[],
        notes="",
        **NO_EXCLUSIONS,
    )
    assert screen.phq9_safety_answer is True
    flag = administration.risk_flags.get()
    actions.resolve_risk_flag(
        people.owner,
        flag,
        assessment_outcome="low",
        action_taken="Talked it through.",
        safety_plan=True,
    )
    plan = builders.start_course(people.owner, people.episode)
    builders.schedule(people.owner, plan, 1)
    client.force_login(people.owner)
    found = banner(client, people, name)
    assert "PHQ-9 item 9" in found and "Safety answers to follow up" not in found


@pytest.mark.parametrize("name", PAGES)
def test_a_flag_from_an_unfinished_questionnaire_is_in_view(people, client, name):
    plan = course_started(people)
    session = plan.episode.sessions.get(number=1)
    actions.save_questionnaire_draft(
        people.client_user, people.client, session, "phq9", {"q1": 1, "q9": 2}
    )
    client.force_login(people.owner)
    found = banner(client, people, name)
    assert "Safety answers to follow up (1)" in found
    assert "from an unfinished questionnaire, not sent yet" in found


@pytest.mark.parametrize("name", PAGES)
def test_an_open_escalation_and_a_positive_mania_screen_are_in_view(people, client, name):
    course_started(people)
    course_actions.alert_supervisor(
        people.owner, people.episode, [Reason("phq9_step_up", "The latest PHQ-9 total is 22.")]
    )
    actions.record_administration(
        people.owner,
        people.episode,
        "asrm",
        answers_totalling(instruments.QUESTIONNAIRES["asrm"], 8),
        administered_on=date(2026, 9, 8),
        respondent="client_in_session",
    )
    client.force_login(people.owner)
    found = banner(client, people, name)
    assert f"Escalated to {people.supervisor.display_name}" in found
    assert "not yet acknowledged" in found
    assert "Positive mania screen: ASRM 8" in found


def test_no_risk_no_banner(people, client):
    course_started(people)
    client.force_login(people.owner)
    for name in PAGES:
        assert "Risk in view" not in banner(client, people, name)
        assert "Safety answers" not in banner(client, people, name)


def test_the_caseload_marks_each_client(people, client):
    course_started(people, psychosis=True)
    course_actions.alert_supervisor(
        people.owner, people.episode, [Reason("risk_flag", "An answer is waiting.")]
    )
    client.force_login(people.owner)
    page = client.get(reverse("clinic:caseload")).content.decode()
    row = page.split(f">{people.client.reference}</a>", 1)[1].split("</tr>", 1)[0]
    assert "Intake: psychosis" in row
    assert "Escalated, not yet acknowledged" in row


# --- the supervisor's page: escalations, their acknowledgement, the team's markers ----------


@pytest.fixture
def alert(people):
    course_started(people)
    return course_actions.alert_supervisor(
        people.owner, people.episode, [Reason("phq9_step_up", "The latest PHQ-9 total is 22.")]
    )


def test_an_escalation_appears_on_the_supervisors_page_until_acknowledged(people, client, alert):
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:supervision")).content.decode()
    section = page.split('id="escalations-h"', 1)[1].split("</section>", 1)[0]
    assert people.client.reference in section and "The latest PHQ-9 total is 22." in section
    assert "Clients with risk in view" in page
    address = reverse("clinic:supervisor_alert_acknowledge", args=[alert.pk])
    assert client.post(address).status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == people.supervisor and alert.acknowledged_at
    assert AuditEvent.objects.filter(action="course.supervisor_alert_acknowledged").exists()
    page = client.get(reverse("clinic:supervision")).content.decode()
    assert "Acknowledged" in page.split('id="acknowledged-h"', 1)[1]
    client.force_login(people.owner)
    assert "not yet acknowledged" not in banner(client, people, "course")


def test_acknowledging_twice_writes_once(people, client, alert):
    client.force_login(people.supervisor)
    address = reverse("clinic:supervisor_alert_acknowledge", args=[alert.pk])
    client.post(address)
    client.post(address)
    events = AuditEvent.objects.filter(action="course.supervisor_alert_acknowledged")
    assert events.count() == 1


def test_only_the_supervisor_acknowledges(people, client, alert):
    address = reverse("clinic:supervisor_alert_acknowledge", args=[alert.pk])
    for person, status in [
        (people.owner, 403),
        (people.other_supervisor, 403),
        (people.admin, 403),
        (people.other_org_clinician, 403),
    ]:
        client.force_login(person)
        assert client.post(address).status_code == status, person.username
    client.force_login(people.supervisor)
    assert client.get(address).status_code == 405
    assert SupervisorAlert.objects.get().acknowledged_at is None
    with pytest.raises(course_actions.AlertRefused):
        course_actions.acknowledge_supervisor_alert(people.other_supervisor, alert)
