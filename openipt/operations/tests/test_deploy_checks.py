"""`openipt check --deploy` warns about demo settings on a production server (issue 17,
item 8). tests/test_security_settings.py runs it with production settings: no issues."""

from django.core.checks import run_checks


def deploy_warnings():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def production(settings):
    settings.DEMO = False
    settings.OPENIPT_REQUIRE_2FA = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def test_production_settings_raise_none_of_openipts_warnings(settings):
    production(settings)
    assert not {code for code in deploy_warnings() if code.startswith("openipt.")}


def test_demo_mode_is_reported(settings):
    production(settings)
    settings.DEMO = True
    assert "openipt.W001" in deploy_warnings()


def test_staff_without_a_second_factor_is_reported(settings):
    production(settings)
    settings.OPENIPT_REQUIRE_2FA = False
    assert "openipt.W002" in deploy_warnings()


def test_the_console_mail_backend_is_reported(settings):
    production(settings)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "openipt.W003"]
    assert warnings and "printed to the console" in warnings[0].msg


def test_the_checks_run_only_with_deploy(settings):
    settings.DEMO = True
    assert not {m.id for m in run_checks() if m.id.startswith("openipt.")}
