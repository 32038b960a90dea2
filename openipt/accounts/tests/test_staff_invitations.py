"""The admin invites staff by e-mail; the invited person chooses a username and password
on the accept page, and only then is the account made, as the admin set it up."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.actions import invite_staff
from openipt.accounts.models import Role, StaffInvitation, User
from openipt.audit.models import AuditEvent

NEW_PASSWORD = "a-staff-secret-phrase-9"


def invite(people, **changes):
    """An invitation through the action (as the page makes it); returns (invitation, token)."""
    fields = {
        "email": "nadia@example.invalid",
        "first_name": "Nadia",
        "last_name": "Haddad",
        "role": Role.THERAPIST,
        "site": people.owner.site,
        "supervisor": people.supervisor,
        "link_for": lambda token: f"https://openipt.example/accounts/invitation/{token}/",
    }
    return invite_staff(people.admin, **(fields | changes))


def accept(client, token, username="nadia.h"):
    return client.post(
        reverse("accounts:staff_invitation", args=[token]),
        {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_the_admin_invites_by_email_and_the_link_goes_out_after_commit(
    people, client, django_capture_on_commit_callbacks
):
    client.force_login(people.admin)
    form = {
        "first_name": "Nadia",
        "last_name": "Haddad",
        "email": "nadia@example.invalid",
        "role": "counsellor",
        "site": people.owner.site_id,
        "supervisor": people.other_supervisor.pk,
    }
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("clinic:staff_invite"), form)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing leaves before the invitation is committed
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["nadia@example.invalid"]
    assert "/accounts/invitation/" in message.body and "Counsellor" in message.body
    invitation = StaffInvitation.objects.get()
    assert invitation.token_hash not in message.body  # only the hash is kept
    assert AuditEvent.objects.filter(action="staff.invited", actor=people.admin).exists()
    assert not User.objects.filter(email="nadia@example.invalid").exists()


def test_accepting_makes_the_account_as_the_admin_set_it_up(people, client):
    _, token = invite(people)
    page = client.get(reverse("accounts:staff_invitation", args=[token]))
    assert "Welcome, Nadia" in page.content.decode()
    response = accept(client, token)
    assert response.status_code == 302
    user = User.objects.get(username="nadia.h")
    assert (user.role, user.site, user.supervisor) == (
        Role.THERAPIST,
        people.owner.site,
        people.supervisor,
    )
    assert user.organisation == people.admin.organisation and user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="staff.invitation_accepted", actor=user).exists()
    # Signed in straight away (the second-factor setup comes next where it is required).
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_used_link_cannot_be_used_again(people, client):
    _, token = invite(people)
    accept(client, token)
    client.logout()
    users = User.objects.count()
    again = accept(client, token, username="someone.else")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.count() == users


def test_a_signed_in_person_is_not_switched_into_a_new_staff_account(people, client):
    """As for a client's link (issue 17, item 9): whoever is signed in on this browser signs
    out first; the link is not used up."""
    invitation, token = invite(people)
    client.force_login(people.client_user)
    page = client.get(reverse("accounts:staff_invitation", args=[token]))
    assert page.status_code == 409 and "sign out first" in page.content.decode()
    assert accept(client, token).status_code == 409
    assert client.session["_auth_user_id"] == str(people.client_user.pk)
    invitation.refresh_from_db()
    assert invitation.used_at is None and not User.objects.filter(username="nadia.h").exists()


def test_an_expired_link_is_refused_and_makes_nothing(people, client):
    invitation, token = invite(people)
    StaffInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    users = User.objects.count()
    response = accept(client, token)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert User.objects.count() == users


def test_a_new_invitation_to_the_same_address_cancels_the_old_link(people, client):
    _, old = invite(people)
    _, new = invite(people, email="NADIA@example.invalid")
    assert accept(client, old).status_code == 410
    assert accept(client, new).status_code == 302


def test_a_taken_username_or_weak_password_is_refused_next_to_the_field(people, client):
    _, token = invite(people)
    response = client.post(
        reverse("accounts:staff_invitation", args=[token]),
        {"username": "OWNER", "password1": "haddad", "password2": "haddad"},
    )
    page = response.content.decode()
    assert "That username is taken" in page
    assert 'id="id_password1_error"' in page
    assert StaffInvitation.objects.get().used_at is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"site": ""}, "site", "Choose a site."),
        ({"email": "owner@example.invalid"}, "email", "already exists"),
        ({"role": "admin"}, "supervisor", "The organisation admin has no supervisor"),
        ({"role": "programme_lead"}, "supervisor", "The programme lead has no supervisor"),
        ({"supervisor": "OWNER"}, "supervisor", "Select a valid choice"),
    ],
)
def test_bad_invitations_are_refused_next_to_the_field_and_send_nothing(
    people, client, changes, field, message
):
    form = {
        "first_name": "Nadia",
        "last_name": "Haddad",
        "email": "nadia@example.invalid",
        "role": "therapist",
        "site": people.owner.site_id,
        "supervisor": people.supervisor.pk,
    } | changes
    if form["supervisor"] == "OWNER":
        form["supervisor"] = people.owner.pk  # a therapist, not a supervisor: not offered
    client.force_login(people.admin)
    response = client.post(reverse("clinic:staff_invite"), form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not StaffInvitation.objects.exists()
    assert mail.outbox == []


def test_a_programme_lead_is_invited_without_a_site_or_supervisor_and_starts_on_outcomes(
    people, client
):
    """Issue 11: the admin can give the programme lead role; it serves every site."""
    _, token = invite(people, role=Role.PROGRAMME_LEAD, site=None, supervisor=None)
    accept(client, token)
    lead = User.objects.get(username="nadia.h")
    assert (lead.role, lead.site, lead.supervisor) == (Role.PROGRAMME_LEAD, None, None)
    assert lead.start_page == "clinic:outcomes"


def test_a_supervisor_who_left_before_acceptance_is_not_given(people, client):
    _, token = invite(people)
    User.objects.filter(pk=people.supervisor.pk).update(is_active=False)
    accept(client, token)
    assert User.objects.get(username="nadia.h").supervisor is None


def test_the_admin_chooses_the_new_members_language_for_the_mail_the_page_and_the_account(
    people, client, django_capture_on_commit_callbacks
):
    """Issue 16: as a client's invitation, a staff invitation is in the invitee's language:
    the mail, the page behind the link, and the account it makes."""
    client.force_login(people.admin)
    form = {
        "first_name": "Noor",
        "last_name": "de Vries",
        "email": "noor@example.invalid",
        "language": "nl",
        "role": "therapist",
        "site": people.owner.site_id,
        "supervisor": people.supervisor.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("clinic:staff_invite"), form).status_code == 302
    (message,) = mail.outbox
    assert "Beste Noor" in message.body and "Hello" not in message.body
    assert StaffInvitation.objects.get().language == "nl"
    client.logout()
    _, token = invite(people, email="noor@example.invalid", first_name="Noor", language="nl")
    page = client.get(reverse("accounts:staff_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert '<html lang="nl"' in html and "Welkom, Noor" in html and "Welcome" not in html
    accept(client, token, username="noor.dv")
    assert User.objects.get(username="noor.dv").language == "nl"


def test_an_invitation_without_a_language_is_in_the_default_one(people, client):
    _, token = invite(people)
    page = client.get(reverse("accounts:staff_invitation", args=[token]))
    assert '<html lang="en-gb"' in page.content.decode()
    accept(client, token)
    assert User.objects.get(username="nadia.h").language == ""


def test_a_language_the_deployment_does_not_offer_is_refused(people):
    with pytest.raises(ValueError):
        invite(people, language="xx")
    assert not StaffInvitation.objects.exists()
