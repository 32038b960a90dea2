"""Every page that follows a `next` address stays on this site (issue 17, item 2)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openipt.testing.people import PASSWORD

NEXT_READ = re.compile(r"""(GET|POST|REQUEST|query_params)\.get\(\s*["']next["']""")
OFF_SITE = ["https://evil.example/", "//evil.example", "///evil.example", "https:evil.example"]


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def assert_stays_on_site(response):
    assert response.status_code == 302
    assert response.url.startswith("/") and not response.url.startswith("//"), response.url
    assert "evil.example" not in response.url


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_second_factor_code_does_not_send_anyone_off_site(next_url, people, client, settings):
    settings.OPENIPT_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=people.owner, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})
    url = reverse("accounts:two_factor_verify") + "?next=" + next_url
    response = client.post(url, {"token": current_code(device)})
    assert_stays_on_site(response)
    assert response.url == reverse("home")


def test_second_factor_code_still_leads_on_to_a_page_of_this_site(people, client, settings):
    settings.OPENIPT_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=people.owner, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})
    wanted = reverse("clinic:client", args=[people.client.pk])
    url = reverse("accounts:two_factor_verify") + "?next=" + wanted
    assert client.post(url, {"token": current_code(device)}).url == wanted


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_signing_in_does_not_send_anyone_off_site(next_url, people, client):
    response = client.post(
        reverse("accounts:login"), {"username": "owner", "password": PASSWORD, "next": next_url}
    )
    assert_stays_on_site(response)


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_the_sign_in_page_of_a_signed_in_person_does_not_send_them_off_site(
    next_url, people, client
):
    client.force_login(people.owner)
    response = client.get(reverse("accounts:login") + "?next=" + next_url)
    assert_stays_on_site(response)


def test_no_other_code_reads_a_next_address():
    """A new page that reads `next` must use accounts.views.next_page (or Django's
    LoginView), which checks it; this finds any that reads it directly."""
    root = Path(__file__).resolve().parents[2]
    readers = set()
    for module in root.rglob("*.py"):
        if "tests" in module.parts:
            continue
        text = module.read_text()
        for match in NEXT_READ.finditer(text):
            line = text[: match.start()].count("\n") + 1
            readers.add(f"{module.relative_to(root)}:{line}")
    checked = _line_of("accounts/views.py", 'request.POST.get("next")')
    assert readers == {f"accounts/views.py:{checked}"}


def _line_of(relative, needle):
    text = (Path(__file__).resolve().parents[2] / relative).read_text()
    return text[: text.index(needle)].count("\n") + 1
