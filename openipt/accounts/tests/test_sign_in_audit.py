"""Sign-in events are audited (issue 17, item 4): failed sign-ins, lockouts, password
changes and resets, second-factor set-up, replacement and recovery-code use."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openipt.accounts.second_factor import confirm_totp
from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD

NEW_PASSWORD = "a-brand-new-passphrase-9"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME = 20


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_a_failed_sign_in_is_audited_against_the_account_without_what_was_typed(people, client):
    sign_in(client, "owner", "Tr0ub4dor&3 typed by mistake")
    event = AuditEvent.objects.get()
    assert event.action == "account.sign_in_failed"
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("accounts.user", str(people.owner.pk))
    assert event.organisation == people.owner.organisation
    assert event.ip == "127.0.0.1"
    assert "Tr0ub4dor" not in f"{event.detail}{event.facts}"


def test_a_failed_sign_in_to_an_unknown_username_is_audited_without_the_username(people, client):
    sign_in(client, "my-secret-password-in-the-wrong-box", "anything at all")
    event = AuditEvent.objects.get()
    assert event.action == "account.sign_in_failed"
    assert (event.organisation, event.object_id, event.detail, event.facts) == (None, "", "", None)


def test_a_half_filled_form_is_not_an_attempt(people, client):
    client.post(reverse("accounts:login"), {"username": "owner", "password": ""})
    assert actions() == []


def test_the_failure_that_locks_and_attempts_while_locked_are_audited(people, client):
    for _ in range(5):
        sign_in(client, "owner", "wrong password")
    assert sign_in(client, "owner").status_code == 429
    assert actions() == ["account.sign_in_failed"] * 4 + [
        "account.locked_out",
        "account.sign_in_refused_locked",
    ]


def test_a_password_change_is_audited(people, client):
    client.force_login(people.owner)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("accounts:password_change_done")
    people.owner.refresh_from_db()
    assert people.owner.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account.password_changed")
    assert event.actor == people.owner
    # Still signed in on this browser after the change.
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_password_reset_is_audited_from_the_mail_to_the_new_password(people, client):
    client.post(
        reverse("accounts:password_reset"),
        {"email": people.owner.email},
        REMOTE_ADDR="192.0.2.44",
    )
    mailed = AuditEvent.objects.get(action="account.password_reset_mailed")
    assert mailed.object_id == str(people.owner.pk) and mailed.ip == "192.0.2.44"
    assert mailed.organisation == people.owner.organisation
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    people.owner.refresh_from_db()
    assert people.owner.check_password(NEW_PASSWORD)
    reset = AuditEvent.objects.get(action="account.password_reset")
    assert reset.actor == people.owner


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_second_factor_set_up_and_recovery_code_use_are_audited(people, client, settings):
    settings.OPENIPT_REQUIRE_2FA = True
    # Trying the recovery code against the app counts as a wrong app code, and django-otp
    # then makes the app wait a second; this test does not.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=people.owner, name="phone")
    codes = confirm_totp(people.owner, device)
    assert actions() == ["account.second_factor_enabled"]
    sign_in(client, "owner")
    client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert actions()[-1] == "account.recovery_code_used"
    client.post(reverse("accounts:logout"))
    sign_in(client, "owner")
    client.post(reverse("accounts:two_factor_verify"), {"token": current_code(device)})
    assert actions()[-1] == "account.second_factor_verified"
