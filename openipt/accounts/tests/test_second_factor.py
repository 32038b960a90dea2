import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    device = TOTPDevice.objects.get(user=people.owner, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert len(done.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("clinic:caseload")).status_code == 200


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
    from openipt.accounts.second_factor import confirm_totp

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
