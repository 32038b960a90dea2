"""Production settings pass Django's deployment checks; pages carry a strict CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from openipt.accounts.middleware import NoStoreMiddleware

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "openipt.settings",
    "SECRET_KEY": "production-like-" + "k3y" * 20,
    "ALLOWED_HOSTS": "openipt.example.org",
    "DATABASE_URL": "sqlite:////tmp/openipt-deploy-check.sqlite3",
    # docs/deploy.md: production sends mail through an SMTP relay.
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_a_server_left_in_demo_mode():
    """A production server cannot start in demo mode unnoticed (issue 17, item 8)."""
    env = PRODUCTION_ENV | {"OPENIPT_DEMO": "1"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "openipt.W001" in result.stderr and "openipt.W002" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY or SECRET_KEY_FILE" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file-" + "x" * 50)
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(key_file)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "from-a-file-" + "x" * 50, result.stderr


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for template in (ROOT / "openipt").rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text):
            offenders.append(str(template.relative_to(ROOT)))
        if re.search(r"<style[\s>]", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_static_files_are_vendored_not_fetched_from_elsewhere():
    for template in (ROOT / "openipt").rglob("templates/**/*.html"):
        assert not re.search(r"(src|href)=\"(https?:)?//", template.read_text()), template


def test_exports_are_not_stored_even_without_a_session(rf):

    def answer(response):
        request = rf.get("/")
        request.user = AnonymousUser()
        return NoStoreMiddleware(lambda _: response)(request)

    assert "no-store" in answer(JsonResponse({}))["Cache-Control"]
    assert (
        "no-store" in answer(HttpResponse(b"%PDF", content_type="application/pdf"))["Cache-Control"]
    )
    assert "Cache-Control" not in answer(HttpResponse("public page"))
