"""pytest plugin (loaded with -p before pytest-django): the test-run environment.

The suite runs with production settings except what a loopback test server
cannot have (HTTPS) and what would only slow it down (Argon2 hashing).
"""

import os

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
