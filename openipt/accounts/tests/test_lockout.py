from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME = 20


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(people, client):
    for _ in range(4):
        response = sign_in(client, "owner", "wrong password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    locked = sign_in(client, "owner", "wrong password")
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.content.decode()
    again = sign_in(client, "owner", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_cool_off_time(people, client, settings):

    for _ in range(5):
        sign_in(client, "owner", "wrong password")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.owner.pk)


def test_another_account_is_not_locked_by_someone_elses_failures(people, client):
    for _ in range(5):
        sign_in(client, "owner", "wrong password")
    assert sign_in(client, "unrelated", PASSWORD).status_code == 302


def test_successful_sign_in_is_audited(people, client):

    sign_in(client, "owner", PASSWORD)
    assert AuditEvent.objects.filter(action="account.signed_in", actor=people.owner).exists()


def test_sessions_expire_after_inactivity(people, client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    sign_in(client, "owner", PASSWORD)
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


# --- by username and address, with a higher limit per username (issue 17, item 9) --------


def test_failures_from_one_address_do_not_lock_the_person_out_elsewhere(people, client):
    """Five requests from anywhere used to keep a known person locked out."""
    for _ in range(5):
        sign_in(client, "owner", "wrong password", address="203.0.113.66")
    assert sign_in(client, "owner", PASSWORD, address="203.0.113.66").status_code == 429
    response = sign_in(client, "owner", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.owner.pk)


def test_many_failures_spread_over_addresses_lock_the_username_everywhere(people, client):
    for address in range(1, 6):  # 4 each from 5 addresses: none reaches 5 on its own
        for _ in range(4):
            response = sign_in(client, "owner", "wrong password", address=f"192.0.2.{address}")
            assert response.status_code in (200, 429)
    assert response.status_code == 429  # the 20th failure
    assert sign_in(client, "owner", PASSWORD, address="198.51.100.7").status_code == 429
    assert "_auth_user_id" not in client.session


def test_colleagues_behind_one_address_lock_only_the_mistyped_username(people, client):
    for _ in range(5):
        sign_in(client, "owner", "wrong password", address="203.0.113.10")
    assert sign_in(client, "unrelated", PASSWORD, address="203.0.113.10").status_code == 302


def test_below_the_per_username_limit_the_person_still_gets_in(people, client):
    for failure in range(19):
        sign_in(client, "owner", "wrong password", address=f"192.0.2.{failure % 5 + 1}")
    assert sign_in(client, "owner", PASSWORD, address="198.51.100.7").status_code == 302
