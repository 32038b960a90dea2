from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.testing.people import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.fixture(autouse=True)
def _axes_cache(settings):
    settings.AXES_FAILURE_LIMIT = 5


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
