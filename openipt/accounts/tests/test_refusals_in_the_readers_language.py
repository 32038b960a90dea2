"""Refusals of the accounts actions in the reader's language (issue 16). A known invitation
link that cannot be used says why in the invitation's language, as its page would, whatever
the browser asks for; a staff rule's refusal reads whole in Dutch or French."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from openipt.accounts import actions
from openipt.accounts.actions import invite_client, invite_staff
from openipt.accounts.models import Invitation, Role
from openipt.accounts.staff import ChangeRefused
from openipt.testing.people import make_client, make_user

NEW_PASSWORD = "my-own-secret-phrase-7"


def accept(client, token, username="jo.client"):
    return client.post(
        reverse("portal:invitation", args=[token]),
        {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_invitation_already_used_tells_the_client_in_dutch_whatever_the_browser(people, client):
    jo = make_client(people.owner, "Jo")
    _, token = invite_client(people.owner, jo, language="nl")
    assert accept(client, token).status_code == 302
    client.logout()
    page = client.get(reverse("portal:invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 410 and '<html lang="nl"' in html
    assert "Deze uitnodigingslink is al gebruikt" in html and "already been used" not in html


def test_an_invitation_used_a_moment_ago_in_another_window_says_so_in_dutch(
    people, client, monkeypatch
):
    """The page found the link usable; the other window used it before this one saved."""
    jo = make_client(people.owner, "Jo")
    invitation, token = invite_client(people.owner, jo, language="nl")
    found_first = actions.find_invitation

    def used_meanwhile(token, **kwargs):
        found = found_first(token, **kwargs)
        Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
        return found

    monkeypatch.setattr(actions, "find_invitation", used_meanwhile)
    page = accept(client, token)
    html = page.content.decode()
    assert page.status_code == 410 and '<html lang="nl"' in html
    assert "Deze uitnodigingslink is zojuist gebruikt, misschien in een ander venster." in html
    assert "has already been used" not in html
    jo.refresh_from_db()
    assert jo.user is None


def test_a_staff_invitation_that_expired_says_so_in_the_invitations_language(people, client):
    invitation, token = invite_staff(
        people.admin,
        email="noor@example.invalid",
        first_name="Noor",
        last_name="de Vries",
        role=Role.THERAPIST,
        site=people.owner.site,
        supervisor=people.supervisor,
        language="fr",
        link_for=lambda token: f"https://openipt.example/accounts/invitation/{token}/",
    )
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    page = client.get(reverse("accounts:staff_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert page.status_code == 410 and '<html lang="fr"' in html
    assert "a expiré. Demandez-en un nouveau" in html


def test_an_unknown_link_is_refused_in_the_browsers_language(db, client):
    address = reverse("portal:invitation", args=["no-such-token"])
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 410 and '<html lang="fr"' in page.content.decode()


def test_a_supervision_loop_is_refused_in_dutch(people):
    lead = make_user(people.owner.organisation, "lead", Role.SUPERVISOR)
    people.supervisor.supervisor = lead
    people.supervisor.save(update_fields=["supervisor"])
    with translation.override("nl"), pytest.raises(ChangeRefused) as refused:
        actions.update_staff(
            people.admin,
            lead,
            role=Role.SUPERVISOR,
            site=lead.site,
            supervisor=people.supervisor,
        )
    (message,) = refused.value.message_dict["supervisor"]
    assert message == (
        f"{people.supervisor.display_name} wordt (direct of via anderen) gesuperviseerd door "
        f"{lead.display_name}; dat zou een kring maken."
    )
