"""The client page offers what fits the client's portal account: an invitation when there
is none, a password reset when there is one (issue 17, follow-ups of the security work)."""

from django.core import mail
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client
from openipt.testing.people import make_client

SENT = "A password reset has been sent."


def client_page(client, who, person):
    client.force_login(who)
    return client.get(reverse("clinic:client", args=[person.pk])).content.decode()


def test_a_client_with_an_account_is_offered_a_reset_not_an_invitation(people, client):
    page = client_page(client, people.owner, people.client)
    assert "Invite to the portal" not in page
    assert "Send a password reset" in page
    assert reverse("clinic:client_password_reset", args=[people.client.pk]) in page


def test_a_client_without_an_account_is_offered_an_invitation(people, client):
    jo = make_client(people.owner, "Jo")
    page = client_page(client, people.owner, jo)
    assert "Invite to the portal" in page
    assert "Send a password reset" not in page


def test_the_supervisor_is_offered_neither(people, client):
    page = client_page(client, people.supervisor, people.client)
    assert "Invite to the portal" not in page and "Send a password reset" not in page


def test_the_reset_is_queued_for_the_accounts_address_and_audited(
    people, client, django_capture_on_commit_callbacks
):
    client.force_login(people.owner)
    address = reverse("clinic:client_password_reset", args=[people.client.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, follow=True)
    assert SENT in response.content.decode()
    assert [message.to for message in mail.outbox] == [[people.client_user.email]]
    event = AuditEvent.objects.get(action="client.password_reset_sent")
    assert (event.actor, event.client) == (people.owner, people.client)
    assert AuditEvent.objects.filter(action="account.password_reset_mailed").exists()


def test_the_page_says_the_same_when_the_account_has_no_address(
    people, client, django_capture_on_commit_callbacks
):
    people.client_user.email = ""
    people.client_user.save(update_fields=["email"])
    client.force_login(people.owner)
    address = reverse("clinic:client_password_reset", args=[people.client.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, follow=True)
    assert SENT in response.content.decode()
    assert not mail.outbox


def test_a_client_without_an_account_gets_no_reset(people, client):
    jo = make_client(people.owner, "Jo")
    client.force_login(people.owner)
    response = client.post(reverse("clinic:client_password_reset", args=[jo.pk]), follow=True)
    assert "invite them to the portal first" in response.content.decode()
    assert not AuditEvent.objects.filter(action="client.password_reset_sent").exists()
    assert Client.objects.get(pk=jo.pk).user is None
