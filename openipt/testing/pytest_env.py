"""pytest plugin (loaded with -p before pytest-django): the test-run environment.

The suite runs with production settings except what a loopback test server
cannot have (HTTPS) and what would only slow it down (Argon2 hashing). One fixture
lifts the audit table's triggers for the table flush after transactional tests.
"""

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("OPENIPT_HTTPS", "0")
os.environ.setdefault("OPENIPT_FAST_PASSWORD_HASHER", "1")
# Second-factor tests turn it on with the `settings` fixture; other tests sign in directly.
os.environ.setdefault("OPENIPT_REQUIRE_2FA", "0")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("OPENIPT_SMS_BACKEND", "openipt.reminders.sms.LocmemBackend")


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Dutch leaves Dutch active in the thread (LocaleMiddleware activates a
    language per request and never deactivates it): each test starts in the default."""
    yield
    # Not at the top: this plugin loads before Django is set up.
    from django.utils import translation  # noqa: PLC0415

    translation.deactivate()


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _audit_triggers_lifted_for_the_flush_after_transactional_tests(request):
    """Test teardown only (docs/architecture.md, Tests): after a transactional test
    pytest-django empties every table, and the audit table's triggers refuse to be
    emptied. They are dropped just before that flush and installed again by the flush's
    post_migrate signal, so the next test finds them in place."""
    if not _is_transactional(request):
        yield
        return
    # Set up the database now, so that its teardown (the flush) runs after ours.
    request.getfixturevalue("transactional_db")
    yield
    # Not at the top: this plugin loads before Django is set up.
    from openipt.testing.audit_triggers import drop_audit_triggers  # noqa: PLC0415

    drop_audit_triggers()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(request.fixturenames))
