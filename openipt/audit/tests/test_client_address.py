"""The address an audit event records: the connection's, or the trusted proxy's header
(issue 17, item 7)."""

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.audit.record import client_ip
from openipt.testing.people import PASSWORD

PROXY = "10.0.0.2"


def request_via_proxy(rf, forwarded_for):
    return rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_without_a_trusted_proxy_the_connection_address_is_recorded(rf, settings):
    assert settings.OPENIPT_TRUSTED_PROXY_COUNT == 0
    # The header is the client's own words when no proxy is trusted.
    assert client_ip(request_via_proxy(rf, "203.0.113.9")) == PROXY


def test_behind_one_proxy_the_address_it_saw_is_recorded(rf, settings):
    settings.OPENIPT_TRUSTED_PROXY_COUNT = 1
    # The client sent "198.51.100.66" itself; the proxy appended what it saw.
    assert client_ip(request_via_proxy(rf, "198.51.100.66, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_outer_proxys_entry_is_recorded(rf, settings):
    settings.OPENIPT_TRUSTED_PROXY_COUNT = 2
    forwarded = "198.51.100.66, 203.0.113.9, 10.0.0.7"
    assert client_ip(request_via_proxy(rf, forwarded)) == "203.0.113.9"


def test_another_header_can_be_named(rf, settings):
    settings.OPENIPT_TRUSTED_PROXY_COUNT = 1
    settings.OPENIPT_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="2001:DB8::5")
    assert client_ip(request) == "2001:db8::5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "unknown, "])
def test_a_missing_or_malformed_header_falls_back_to_the_connection(rf, settings, forwarded):
    settings.OPENIPT_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_via_proxy(rf, forwarded)) == PROXY


def test_a_sign_in_behind_the_proxy_is_audited_with_the_clients_address(people, client, settings):
    settings.OPENIPT_TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    event = AuditEvent.objects.get(action="account.signed_in")
    assert event.ip == "203.0.113.9"
