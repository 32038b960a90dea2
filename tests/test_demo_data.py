from django.core.management import call_command

from openipt.accounts.models import Organisation, User
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode
from openipt.demo.build import (
    CLIENTS,
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    SAFETY_LEAD,
    STAFF,
    UNSENT_RISK_DEMO,
)
from openipt.measures.models import RiskFlag


def counts():
    return (
        User.objects.count(),
        Client.objects.count(),
        Episode.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_data_is_complete_and_idempotent(db, capsys):
    call_command("demo_data")
    first = counts()
    call_command("demo_data")
    assert counts() == first
    assert first[1] == len(CLIENTS)
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"admin", "supervisor", "therapist", "counsellor", "client"}
    output = capsys.readouterr().out
    for username, *_ in STAFF:
        assert username in output
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Episode.objects.filter(status="closed").exists()
    assert User.objects.get(username="therapist").supervisor.username == "supervisor"
    # Issue 13: a safety lead is named, and a flag waits from an unsent questionnaire.
    assert Organisation.objects.get(slug=DEMO_ORGANISATION[1]).safety_lead.username == SAFETY_LEAD
    unsent = RiskFlag.objects.get(administration__isnull=True)
    assert unsent.client.given_name == UNSENT_RISK_DEMO and unsent.from_unfinished_questionnaire


def test_demo_therapist_can_sign_in_and_see_the_caseload(db, client):
    call_command("demo_data")
    client.post("/accounts/login/", {"username": "therapist", "password": DEMO_PASSWORD})
    page = client.get("/caseload/").content.decode()
    assert "Maya Fernandes" in page and "Priya Raman" in page
    assert "Amina Diallo" not in page  # another therapist's client
