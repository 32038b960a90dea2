"""Reads the pages need: a client's message log and choices, the failed messages a
clinician must see, and what a stop link or a STOP text refers to."""

from datetime import timedelta

from django.utils import timezone

from openipt import languages, notices
from openipt.caseload import access
from openipt.caseload.models import Client

from .kinds import KINDS
from .models import DEFAULT_CHANNEL, ContactPreference, Message, MessageSettings, Status
from .sms import normalised_number

LOG_SIZE = 100
FAILED_SHOWN_DAYS = 14


def preference_of(client):
    """The client's choices, or an unsaved row with the defaults."""
    found = ContactPreference.objects.filter(client=client).first()
    return found or ContactPreference(client=client, channel=DEFAULT_CHANNEL)


def language_of(client, preference=None):
    """The language of messages to a client, and of the stop page their links open: their
    account's (chosen at invitation or on their account page), else the one on their
    reminder choices, else the deployment's default. `preference`: their choices, when
    already read."""
    account = client.user
    if account is not None and account.language:
        return notices.in_language_of(account)
    preference = preference or ContactPreference.objects.filter(client=client).first()
    return languages.offered_language(preference.language if preference else "")


def message_log(client, limit=LOG_SIZE):
    """The client's messages, newest first, each with `what` (the kind's label)."""
    rows = list(Message.objects.filter(client=client).order_by("-created_at", "-id")[:limit])
    for row in rows:
        row.what = KINDS[row.kind].label if row.kind in KINDS else row.kind
    return rows


def failed_messages(user, now=None, *, visible=None):
    """Messages to the clinician's clients that failed after their last try in the last
    FAILED_SHOWN_DAYS, newest first (one query), for the caseload. `visible` is
    `access.visible_clients(user)` when the caller has already built it."""
    since = (now or timezone.now()) - timedelta(days=FAILED_SHOWN_DAYS)
    if visible is None:
        visible = access.visible_clients(user)
    rows = list(
        Message.objects.filter(client__in=visible, status=Status.FAILED, created_at__gte=since)
        .select_related("client")
        .order_by("-created_at", "-id")[:20]
    )
    for row in rows:
        row.what = KINDS[row.kind].label if row.kind in KINDS else row.kind
    return rows


def message_settings_of(organisation):
    return MessageSettings.objects.filter(organisation=organisation).first() or MessageSettings(
        organisation=organisation
    )


def clients_with_number(number):
    """Every client whose phone is this number (a STOP text stops them all: a shared
    phone is the reason it exists)."""
    wanted = normalised_number(number)
    if not wanted:
        return []
    # Numbers are stored as typed ("07700 900123"), so each is read the same way; STOP
    # texts are rare, and this reads only ids and numbers.
    ids = [
        pk
        for pk, phone in Client.objects.exclude(phone="").values_list("pk", "phone").iterator()
        if normalised_number(phone) == wanted
    ]
    return list(Client.objects.filter(pk__in=ids))
