from django.core.management import call_command
from django.urls import reverse

from openipt.accounts.models import User
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode
from openipt.demo.build import CLIENTS, DEMO_PASSWORD, STAFF


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


def test_demo_therapist_can_sign_in_and_see_the_caseload(db, client):
    call_command("demo_data")
    client.post("/accounts/login/", {"username": "therapist", "password": DEMO_PASSWORD})
    page = client.get("/caseload/").content.decode()
    assert "Maya Fernandes" in page and "Priya Raman" in page
    assert "Amina Diallo" not in page  # another therapist's client


def test_the_demo_organisation_has_crisis_numbers_for_its_help_page(db, client):
    call_command("demo_data")
    page = client.get(reverse("portal:crisis")).content.decode()
    assert "116 123" not in page  # anonymous visitors get the general advice
    client.force_login(User.objects.get(username="client"))
    assert "116 123" in client.get(reverse("portal:crisis")).content.decode()
