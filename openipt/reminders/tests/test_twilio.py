"""The Twilio adapter, through Twilio's own library: only its HTTP is replaced."""

import json

import pytest
from twilio.http import HttpClient
from twilio.http.response import Response

from openipt.reminders.sms import SmsError, TwilioBackend, normalised_number

SID = "AC" + "1" * 32


class FakeTwilioHttp(HttpClient):
    """Answers as Twilio's API would; keeps what was asked."""

    def __init__(self, status=201, body=None):
        super().__init__(logger=None, is_async=False)
        self.status, self.body, self.requests = status, body, []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, **kwargs):
        self.requests.append({"method": method, "uri": uri, "data": data, "auth": auth})
        body = self.body or {"sid": "SM" + "a" * 32, "status": "queued", "account_sid": SID}
        return Response(self.status, json.dumps(body))


class Unreachable(HttpClient):
    def __init__(self):
        super().__init__(logger=None, is_async=False)

    def request(self, *args, **kwargs):
        raise ConnectionError("no route to host")


@pytest.fixture
def twilio(settings):
    settings.OPENIPT_TWILIO_ACCOUNT_SID = SID
    settings.OPENIPT_TWILIO_AUTH_TOKEN = "token"
    settings.OPENIPT_SMS_FROM = "+447700900000"
    settings.OPENIPT_TWILIO_MESSAGING_SERVICE_SID = ""
    return settings


def test_a_text_is_posted_to_twilios_messages_api(twilio):
    http = FakeTwilioHttp()
    sid = TwilioBackend(http_client=http).send("+447700900123", "Hello", "Appts")
    assert sid == "SM" + "a" * 32
    [request] = http.requests
    assert request["method"] == "POST"
    assert request["uri"].endswith(f"/Accounts/{SID}/Messages.json")
    assert request["data"]["To"] == "+447700900123" and request["data"]["Body"] == "Hello"
    assert request["data"]["From"] == "Appts"
    assert request["auth"] == (SID, "token")


def test_a_messaging_service_replaces_the_sender(twilio):
    twilio.OPENIPT_TWILIO_MESSAGING_SERVICE_SID = "MG" + "2" * 32
    http = FakeTwilioHttp()
    TwilioBackend(http_client=http).send("+447700900123", "Hello", "")
    data = http.requests[0]["data"]
    assert data["MessagingServiceSid"] == "MG" + "2" * 32 and "From" not in data


@pytest.mark.parametrize(
    ("status", "permanent"), [(400, True), (404, True), (429, False), (500, False), (503, False)]
)
def test_errors_say_whether_trying_again_can_help(twilio, status, permanent):
    http = FakeTwilioHttp(status, {"code": 21211, "message": "Invalid 'To' Phone Number"})
    with pytest.raises(SmsError) as caught:
        TwilioBackend(http_client=http).send("+447700900123", "Hello", "")
    assert caught.value.permanent is permanent
    assert caught.value.code.startswith(f"twilio {status}")
    assert "Hello" not in caught.value.code and "+4477" not in caught.value.code


def test_an_unreachable_provider_is_tried_again(twilio):
    with pytest.raises(SmsError) as caught:
        TwilioBackend(http_client=Unreachable()).send("+447700900123", "Hello", "")
    assert not caught.value.permanent


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 (0)7700-900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("+31 6 12345678", "+31612345678"),
        ("123", ""),
        ("", ""),
    ],
)
def test_numbers_are_read_into_the_international_form(typed, number):
    assert normalised_number(typed, "44") == number
