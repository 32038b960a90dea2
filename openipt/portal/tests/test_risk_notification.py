"""A flag raised from the portal: the supervisor is told once if it is not acknowledged."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.calendar_rules import add_working_days
from openipt.measures import actions
from openipt.measures.models import RiskFlag
from openipt.portal.tests.test_questionnaires import _first_option, answer
from openipt.protocol.tests.builders import course_with_sessions


@pytest.fixture
def flag(client, people):
    course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)
    client.force_login(people.client_user)
    client.episode_id = people.episode.pk
    for number in range(1, 9):
        answer(client, number, 0)
    answer(client, 9, 2)
    answer(client, 10, _first_option(10))
    client.logout()
    return RiskFlag.objects.get()


def past_deadline(flag):
    return add_working_days(flag.raised_at, 1) + timedelta(minutes=1)


def test_supervisor_is_told_once_after_the_deadline(
    flag, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    assert actions.notify_unacknowledged_risk_flags(flag.raised_at + timedelta(hours=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        told = actions.notify_unacknowledged_risk_flags(past_deadline(flag))
    assert [f.pk for f in told] == [flag.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people.supervisor.email]
    # No clinical detail: no client name, no question, no answer.
    assert people.client.given_name not in message.body
    assert "PHQ" not in message.body and flag.answer_label not in message.body
    assert AuditEvent.objects.filter(action="risk_flag.supervisor_notified").count() == 1
    assert actions.notify_unacknowledged_risk_flags(past_deadline(flag) + timedelta(days=3)) == []
    assert len(mail.outbox) == 1


def test_an_acknowledged_flag_never_notifies(flag, people, client):
    mail.outbox.clear()
    client.force_login(people.owner)
    response = client.post(reverse("clinic:risk_flag", args=[flag.pk]), {"action": "acknowledge"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_by == people.owner and flag.is_open
    assert actions.notify_unacknowledged_risk_flags(past_deadline(flag) + timedelta(days=10)) == []
    assert mail.outbox == []


def test_the_supervisor_can_acknowledge_and_another_supervisor_cannot(flag, people, client):
    client.force_login(people.other_supervisor)
    response = client.post(reverse("clinic:risk_flag", args=[flag.pk]), {"action": "acknowledge"})
    assert response.status_code == 403
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
    client.force_login(people.supervisor)
    response = client.post(reverse("clinic:risk_flag", args=[flag.pk]), {"action": "acknowledge"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_by == people.supervisor


def test_resolving_acknowledges(flag, people):
    actions.resolve_risk_flag(
        people.owner,
        flag,
        assessment_outcome="no_current_thoughts",
        action_taken="Called the client; safety plan reviewed.",
        safety_plan=True,
    )
    assert flag.acknowledged_at is not None
    assert actions.notify_unacknowledged_risk_flags(past_deadline(flag)) == []


def test_the_command_runs(flag):
    call_command("notify_unacknowledged_risk_flags")  # too early: nothing sent
    assert mail.outbox == [] or all("safety flag" not in m.subject for m in mail.outbox)


def test_the_session_page_shows_the_questionnaire_sent_from_home(flag, people, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:course_session", args=[people.episode.pk, 5])).content
    assert "the client, at home" in page.decode()
