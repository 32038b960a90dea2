"""Deployment checks of OpenIPT itself, run by `openipt check --deploy` next to Django's.

Each one catches a setting that is right for the demo or the tests and wrong for a
server holding real clients' records (docs/deploy.md, production checklist).
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that never deliver a message to anyone.
UNDELIVERED_MAIL = {
    "django.core.mail.backends.console.EmailBackend": "printed to the console",
    "django.core.mail.backends.locmem.EmailBackend": "kept in memory",
    "django.core.mail.backends.filebased.EmailBackend": "written to files",
    "django.core.mail.backends.dummy.EmailBackend": "thrown away",
}


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs, **kwargs):
    if not settings.DEMO:
        return []
    return [
        Warning(
            "Demo mode is on (OPENIPT_DEMO=1).",
            hint="Unset OPENIPT_DEMO on a server with real records: demo mode is meant for "
            "loopback HTTP with made-up data, and turns the staff second factor off.",
            id="openipt.W001",
        )
    ]


@register(Tags.security, deploy=True)
def staff_second_factor_is_on(app_configs, **kwargs):
    if settings.OPENIPT_REQUIRE_2FA:
        return []
    return [
        Warning(
            "Staff are not required to use a second factor (OPENIPT_REQUIRE_2FA is off).",
            hint="Set OPENIPT_REQUIRE_2FA=1 (the default outside demo mode): without it a "
            "stolen or guessed password alone opens clients' records.",
            id="openipt.W002",
        )
    ]


@register(Tags.security, deploy=True)
def mail_is_delivered(app_configs, **kwargs):
    fate = UNDELIVERED_MAIL.get(settings.EMAIL_BACKEND)
    if fate is None:
        return []
    return [
        Warning(
            f"Mail is {fate}, not sent (EMAIL_BACKEND is {settings.EMAIL_BACKEND}).",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST: "
            "invitations, password resets, authenticator replacements and unacknowledged "
            "risk flags are told by mail.",
            id="openipt.W003",
        )
    ]
