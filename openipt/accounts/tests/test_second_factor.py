import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openipt.accounts.second_factor import confirm_totp
from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.OPENIPT_REQUIRE_2FA = True


def sign_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_staff_without_a_device_must_set_one_up_before_anything_else(people, client):
    sign_in(client, "owner")
    response = client.get(reverse("clinic:caseload"))
    assert response.url == reverse("accounts:two_factor_setup")


def test_setting_up_totp_gives_recovery_codes_and_opens_the_caseload(people, client, settings):
    # django-otp slows down guessing after a wrong code; this test retries at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    sign_in(client, "owner")
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor_setup"), {"token": code_from_page(page)})
    assert len(done.context["codes"]) == 10
    device = TOTPDevice.objects.get(user=people.owner)
    assert device.confirmed
    assert client.get(reverse("clinic:caseload")).status_code == 200


def code_from_page(page):
    """What a person does with the setup page: type the shown key into an app."""
    key = re.search(r'<span class="ref">([0-9a-f]{40})</span>', page).group(1)
    return current_code(TOTPDevice(key=key))


def test_opening_the_setup_page_writes_nothing(people, client):
    sign_in(client, "owner")
    events = AuditEvent.objects.count()
    first = client.get(reverse("accounts:two_factor_setup")).content.decode()
    again = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.count() == events
    # The secret waits in the session, so scanning it twice gives the same key.
    assert code_from_page(first) == code_from_page(again)


def test_a_password_alone_cannot_replace_a_confirmed_authenticator(people, client):
    """The attack as it was found: sign in with the password only, open the setup page,
    confirm a code for the secret it hands out, and be let in with a new device."""

    real = confirmed_device(people.owner)
    recovery = confirm_totp(people.owner, real)
    sign_in(client, "owner")
    setup = client.get(reverse("accounts:two_factor_setup"))
    assert setup.status_code == 302
    assert setup.url == reverse("accounts:two_factor_verify")
    assert "secret" not in (setup.context or {})
    # Even with a code for some secret of the attacker's own, the POST is refused.
    attempt = client.post(
        reverse("accounts:two_factor_setup"),
        {"token": current_code(TOTPDevice(key="ab" * 20))},
    )
    assert attempt.url == reverse("accounts:two_factor_verify")
    assert list(TOTPDevice.objects.filter(user=people.owner)) == [real]
    real.refresh_from_db()
    assert real.confirmed
    assert client.get(reverse("clinic:caseload")).url == reverse("accounts:two_factor_verify")
    assert (
        client.post(reverse("accounts:two_factor_verify"), {"token": recovery[0]}).status_code
        == 302
    )
    assert not mail.outbox


def test_a_verified_session_can_replace_the_authenticator_and_is_told_by_mail(
    people, client, django_capture_on_commit_callbacks
):
    old = confirmed_device(people.owner)
    sign_in(client, "owner")
    client.post(reverse("accounts:two_factor_verify"), {"token": current_code(old)})
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "Replace your authenticator app" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:two_factor_setup"), {"token": code_from_page(page)})
    assert len(done.context["codes"]) == 10
    new = TOTPDevice.objects.get(user=people.owner)
    assert new.pk != old.pk and new.confirmed
    assert AuditEvent.objects.filter(
        actor=people.owner, action="account.second_factor_replaced"
    ).exists()
    assert [m.to for m in mail.outbox] == [[people.owner.email]]
    assert "replaced" in mail.outbox[0].subject


def test_a_code_used_to_confirm_cannot_be_used_again_to_sign_in(people, client):
    sign_in(client, "owner")
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    code = code_from_page(page)
    client.post(reverse("accounts:two_factor_setup"), {"token": code})
    client.post(reverse("accounts:logout"))
    sign_in(client, "owner")
    replay = client.post(reverse("accounts:two_factor_verify"), {"token": code})
    assert "That code is not right" in replay.content.decode()


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_a_returning_user_must_enter_a_code(people, client):
    device = confirmed_device(people.owner)
    sign_in(client, "owner")
    assert client.get(reverse("clinic:caseload")).url == reverse("accounts:two_factor_verify")
    response = client.post(reverse("accounts:two_factor_verify"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("clinic:caseload")).status_code == 200


def test_a_recovery_code_works_once(people, client):

    codes = confirm_totp(people.owner, confirmed_device(people.owner))
    sign_in(client, "owner")
    client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert client.get(reverse("clinic:caseload")).status_code == 200
    client.post(reverse("accounts:logout"))
    sign_in(client, "owner")
    reused = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert "That code is not right" in reused.content.decode()


def test_five_wrong_codes_end_the_session(people, client):
    confirmed_device(people.owner)
    sign_in(client, "owner")
    for _ in range(5):
        response = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_clients_are_not_asked_for_a_second_factor(people, client):
    client.post(reverse("accounts:login"), {"username": "robin", "password": PASSWORD})
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_client_who_set_up_an_authenticator_must_use_it(people, client, settings):
    settings.OPENIPT_REQUIRE_2FA = False
    device = confirmed_device(people.client_user)
    client.post(reverse("accounts:login"), {"username": "robin", "password": PASSWORD})
    assert client.get(reverse("portal:home")).url == reverse("accounts:two_factor_verify")
    client.post(reverse("accounts:two_factor_verify"), {"token": current_code(device)})
    assert client.get(reverse("portal:home")).status_code == 200


def test_without_requirement_or_device_no_code_is_asked(people, client, settings):
    settings.OPENIPT_REQUIRE_2FA = False
    sign_in(client, "owner")
    assert client.get(reverse("clinic:caseload")).status_code == 200
