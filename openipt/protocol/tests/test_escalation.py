"""Counsellor-mode escalation: a table of facts and whether to discuss with the supervisor."""

from datetime import date

import pytest
from django.core import mail

from openipt.measures.actions import record_administration
from openipt.protocol import escalation
from openipt.protocol.actions import alert_supervisor, start_course
from openipt.protocol.escalation import Facts
from openipt.protocol.modalities import get
from openipt.protocol.models import SupervisorAlert
from openipt.protocol.tests.builders import record_intake

IPC = get("ipc")
IPT = get("individual_ipt")
GROUP = get("group_ipt")

CASES = [
    # (modality, clinician role, facts, threshold, expected reason codes)
    (IPC, "counsellor", Facts(), 20, []),
    (IPC, "counsellor", Facts(latest_phq9=19), 20, []),
    (IPC, "counsellor", Facts(latest_phq9=20), 20, ["phq9_step_up"]),
    (IPC, "counsellor", Facts(latest_phq9=27), 20, ["phq9_step_up"]),
    (IPC, "counsellor", Facts(latest_phq9=15), 15, ["phq9_step_up"]),  # organisation's own level
    (IPC, "counsellor", Facts(open_risk_flag=True), 20, ["risk_flag"]),
    (IPC, "counsellor", Facts(True, 22), 20, ["risk_flag", "phq9_step_up"]),
    (IPC, "therapist", Facts(latest_phq9=22), 20, ["phq9_step_up"]),  # counsellor modality
    (GROUP, "counsellor", Facts(open_risk_flag=True), 20, ["risk_flag"]),  # counsellor-run
    (IPT, "therapist", Facts(True, 27), 20, []),  # a therapist's IPT: not counsellor mode
    (IPT, "counsellor", Facts(latest_phq9=None), 20, []),
]


@pytest.mark.parametrize(("modality", "role", "facts", "threshold", "expected"), CASES)
def test_escalation_table(modality, role, facts, threshold, expected):
    found = escalation.escalation(modality, role, facts, threshold)
    assert [reason.code for reason in found] == expected


def test_reasons_say_what_was_found():
    found = escalation.reasons(Facts(True, 21), 20)
    assert "self-harm or suicide" in found[0].text
    assert "21" in found[1].text and "20" in found[1].text


def test_a_counsellors_phq9_with_item_9_alerts_the_supervisor(
    people, django_capture_on_commit_callbacks
):
    """Recording the measure is what triggers the alert: measures and protocol are wired."""

    counsellor = people.unrelated
    counsellor.supervisor = people.supervisor
    counsellor.save()
    episode = people.another_client.episodes.get()
    record_intake(counsellor, episode, phq9_total=8)
    start_course(
        counsellor,
        episode,
        modality="ipc",
        planned_sessions=4,
        started_on=date.today(),
        session_minutes=40,
        frequency="weekly",
    )
    assert not SupervisorAlert.objects.filter(episode=episode).exists()
    answers = {f"q{n}": 0 for n in range(1, 9)} | {"q9": 1}
    with django_capture_on_commit_callbacks(execute=True):
        record_administration(
            counsellor,
            episode,
            "phq9",
            answers,
            administered_on=date.today(),
            respondent="client_in_session",
        )
    alert = SupervisorAlert.objects.get(episode=episode)
    assert alert.supervisor == people.supervisor
    assert any(people.supervisor.email in message.to for message in mail.outbox)


def test_an_alert_goes_to_the_safety_lead_when_the_supervisor_was_deactivated(
    people, django_capture_on_commit_callbacks
):
    """A deactivated supervisor must never be the only one told (issue 13, item 8)."""
    counsellor = people.unrelated  # supervised by other_supervisor
    people.other_supervisor.is_active = False
    people.other_supervisor.save(update_fields=["is_active"])
    organisation = counsellor.organisation
    organisation.safety_lead = people.supervisor
    organisation.save(update_fields=["safety_lead"])
    episode = people.another_client.episodes.get()
    reasons = escalation.reasons(Facts(open_risk_flag=True), 20)
    with django_capture_on_commit_callbacks(execute=True):
        alert = alert_supervisor(counsellor, episode, reasons)
    assert alert.supervisor == people.supervisor
    assert [m.to for m in mail.outbox] == [[people.supervisor.email]]
