"""SMS backends: the setting OPENIPT_SMS_BACKEND names one (as Django's EMAIL_BACKEND does).

A backend has two methods:

- `send(to, body, sender)` sends one text and returns the provider's id for it, or raises
  `SmsError` (`permanent` when trying again cannot help, such as an invalid number);
- `inbound(request)` reads a text a client sent back (to stop messages) from the
  provider's callback, after checking that the provider sent it; it raises
  `NotFromProvider` otherwise.

`ConsoleBackend` (the default) prints texts; `LocmemBackend` keeps them in `outbox` (tests);
`TwilioBackend` sends through Twilio with its maintained Python library.
"""

import hmac
import re
import sys
import threading
from dataclasses import dataclass
from itertools import count

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    def __init__(self, code, *, permanent=False):
        super().__init__(code)
        self.code = str(code)[:200]
        self.permanent = permanent


class NotFromProvider(Exception):
    """An inbound callback whose signature or secret does not hold."""


@dataclass(frozen=True)
class InboundSms:
    sender: str
    body: str


# Words that stop messages (the carriers' standard opt-out keywords).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "STOP ALL"}


def is_stop(body):
    return body.strip().upper().rstrip(".!") in STOP_WORDS


def backend():
    return import_string(settings.OPENIPT_SMS_BACKEND)()


def normalised_number(text, country_code=None):
    """A phone number in E.164 form ("+447700900123"), or "" when it cannot be one.
    A national number (leading 0) takes OPENIPT_SMS_COUNTRY_CODE."""
    country_code = country_code or settings.OPENIPT_SMS_COUNTRY_CODE
    # "+44 (0)7700 ..." writes the national 0 in brackets: it is not dialled from abroad.
    digits = re.sub(r"[^\d+]", "", (text or "").replace("(0)", ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0") and country_code:
        digits = f"+{country_code}{digits[1:]}"
    if not re.fullmatch(r"\+[1-9]\d{6,14}", digits):
        return ""
    return digits


class _SharedSecretCallback:
    """Inbound texts for backends without a provider signature: the callback must carry
    the header X-OpenIPT-Callback-Secret equal to OPENIPT_SMS_CALLBACK_SECRET (refused
    while that setting is empty)."""

    def inbound(self, request):
        expected = settings.OPENIPT_SMS_CALLBACK_SECRET
        given = request.headers.get("X-OpenIPT-Callback-Secret", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise NotFromProvider("The callback secret does not match.")
        return InboundSms(request.POST.get("From", ""), request.POST.get("Body", ""))


class ConsoleBackend(_SharedSecretCallback):
    """Prints each text to standard output: the demo and development."""

    _ids = count(1)

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, to, body, sender):
        number = next(self._ids)
        self.stream.write(f"--- SMS {number} from {sender or 'OpenIPT'} to {to} ---\n{body}\n\n")
        self.stream.flush()
        return f"console-{number}"


class LocmemBackend(_SharedSecretCallback):
    """Keeps each text in LocmemBackend.outbox (the tests), as Django's locmem mail does."""

    outbox = []
    _lock = threading.Lock()

    def send(self, to, body, sender):
        with self._lock:
            self.outbox.append({"to": to, "body": body, "sender": sender})
            return f"locmem-{len(self.outbox)}"


class TwilioBackend:
    """Twilio, through its Python library. Settings: OPENIPT_TWILIO_ACCOUNT_SID,
    OPENIPT_TWILIO_AUTH_TOKEN (or _FILE), and OPENIPT_SMS_FROM (a number or an alphanumeric
    sender id) or OPENIPT_TWILIO_MESSAGING_SERVICE_SID. The callback for texts clients
    send back is Twilio's "A message comes in" webhook, signed with the auth token."""

    # HTTP statuses worth trying again: rate limiting and the provider's own failures.
    RETRYABLE = {408, 429}

    def __init__(self, http_client=None):
        # Only this backend needs the library, so it is loaded only when chosen.
        from twilio.rest import Client  # noqa: PLC0415 (loaded only when chosen)

        self.client = Client(
            settings.OPENIPT_TWILIO_ACCOUNT_SID,
            settings.OPENIPT_TWILIO_AUTH_TOKEN,
            http_client=http_client,
        )

    def send(self, to, body, sender):
        from twilio.base.exceptions import (  # noqa: PLC0415 (as above)
            TwilioException,
            TwilioRestException,
        )

        options = {"to": to, "body": body}
        if settings.OPENIPT_TWILIO_MESSAGING_SERVICE_SID:
            options["messaging_service_sid"] = settings.OPENIPT_TWILIO_MESSAGING_SERVICE_SID
        else:
            options["from_"] = sender or settings.OPENIPT_SMS_FROM
        try:
            return self.client.messages.create(**options).sid
        except TwilioRestException as error:
            permanent = error.status < 500 and error.status not in self.RETRYABLE
            code = f"twilio {error.status} {error.code or ''}".strip()
            raise SmsError(code, permanent=permanent) from error
        except (TwilioException, OSError) as error:
            # Connection failures (requests raises OSError subclasses) and timeouts.
            raise SmsError(type(error).__name__) from error

    def inbound(self, request):
        from twilio.request_validator import RequestValidator  # noqa: PLC0415 (as above)

        url = settings.OPENIPT_SMS_CALLBACK_URL or request.build_absolute_uri()
        signature = request.headers.get("X-Twilio-Signature", "")
        validator = RequestValidator(settings.OPENIPT_TWILIO_AUTH_TOKEN)
        if not signature or not validator.validate(url, request.POST, signature):
            raise NotFromProvider("The Twilio signature does not match.")
        return InboundSms(request.POST.get("From", ""), request.POST.get("Body", ""))
