from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.actions import invite_client
from openipt.accounts.models import Invitation, Role
from openipt.accounts.staff import ChangeRefused
from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD, make_client, make_user
from openipt.testing.urls import url_names

User = get_user_model()
NEW_PASSWORD = "my-own-secret-phrase-7"


def accept(client, token, username="jo.client"):
    return client.post(
        reverse("portal:invitation", args=[token]),
        {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_on_screen_link_lets_the_client_set_a_password_once(people, client):
    jo = make_client(people.owner, "Jo")
    client.force_login(people.owner)
    page = client.post(reverse("clinic:client_invite", args=[jo.pk]), {"email": ""})
    link = page.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    client.logout()
    response = accept(client, token)
    assert response.url == reverse("portal:home")
    jo.refresh_from_db()
    assert jo.user.username == "jo.client"
    assert jo.user.role == Role.CLIENT and jo.user.organisation == jo.organisation
    assert jo.user.check_password(NEW_PASSWORD)
    client.logout()
    users = User.objects.count()
    reused = accept(client, token, username="someone.else")
    assert reused.status_code == 410
    assert "already been used" in reused.content.decode()
    assert User.objects.count() == users


def test_email_invitation_goes_out_through_the_task_queue_after_commit(
    people, client, django_capture_on_commit_callbacks
):
    jo = make_client(people.owner, "Jo")
    client.force_login(people.owner)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("clinic:client_invite", args=[jo.pk]), {"email": "jo@example.invalid"})
    assert mail.outbox == []  # nothing leaves before the invitation is committed
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert "/portal/invitation/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["jo@example.invalid"]


def test_expired_link_is_refused_and_creates_nothing(people, client):
    jo = make_client(people.owner, "Jo")
    invitation, token = invite_client(people.owner, jo)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    users = User.objects.count()
    response = accept(client, token)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert User.objects.count() == users


def test_a_new_link_cancels_the_old_one(people, client):
    jo = make_client(people.owner, "Jo")
    _, old = invite_client(people.owner, jo)
    invite_client(people.owner, jo)
    assert accept(client, old).status_code == 410


def test_mismatched_passwords_show_a_message_and_create_nothing(people, client):
    jo = make_client(people.owner, "Jo")
    _, token = invite_client(people.owner, jo)
    users = User.objects.count()
    response = client.post(
        reverse("portal:invitation", args=[token]),
        {"username": "jo", "password1": NEW_PASSWORD, "password2": "different-phrase-1"},
    )
    assert "The two passwords are different." in response.content.decode()
    assert User.objects.count() == users
    assert Invitation.objects.get().used_at is None


def test_there_is_no_open_sign_up(people, client):

    assert not [name for name in url_names() if "signup" in name or "register" in name]


# --- account takeover through an old invitation (issue 17, item 9) ----------------------


def test_a_link_for_a_client_with_an_account_cannot_replace_its_password(people, client):
    """A link made before the client set up their account another way (forwarded, or found
    in an old mailbox) used to re-key the account: new username, new password, signed in."""
    jo = make_client(people.owner, "Jo")
    _, token = invite_client(people.owner, jo)
    jo.user = make_user(jo.organisation, "jo", Role.CLIENT)
    jo.save(update_fields=["user"])
    page = client.get(reverse("portal:invitation", args=[token]))
    assert page.status_code == 410
    assert "You already have an OpenIPT account" in page.content.decode()
    attempt = accept(client, token, username="taken.over")
    assert attempt.status_code == 410
    account = User.objects.get(pk=jo.user.pk)
    assert account.username == "jo"
    assert account.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session
    assert Invitation.objects.get().used_at is None


def test_no_invitation_is_made_for_a_client_who_has_an_account(people, client):
    with pytest.raises(ChangeRefused):
        invite_client(people.owner, people.client)
    client.force_login(people.owner)
    page = client.post(reverse("clinic:client_invite", args=[people.client.pk]), {"email": ""})
    assert "already has a portal account" in page.content.decode()
    assert page.context.get("link") is None
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action="client.invited").exists()


def test_a_signed_in_person_is_not_switched_into_the_invited_account(people, client):
    # A name with a space: random tokens in the page (CSRF, nonces) can never contain it.
    jo = make_client(people.owner, "Jo Quillfeather")
    _, token = invite_client(people.owner, jo)
    client.force_login(people.another_client_user)
    page = client.get(reverse("portal:invitation", args=[token]))
    assert page.status_code == 409
    assert "sign out first" in page.content.decode()
    assert "Jo Quillfeather" not in page.content.decode()
    attempt = accept(client, token)
    assert attempt.status_code == 409
    assert client.session["_auth_user_id"] == str(people.another_client_user.pk)
    jo.refresh_from_db()
    assert jo.user is None
    # Signed out, the same link works.
    client.post(reverse("accounts:logout"))
    assert accept(client, token).url == reverse("portal:home")
    jo.refresh_from_db()
    assert jo.user.username == "jo.client"


def test_the_invitation_page_warns_the_clinician_when_the_client_has_an_account(people, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:client_invite", args=[people.client.pk]))
    assert "already has a portal account" in page.content.decode()
