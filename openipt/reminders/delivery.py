"""The worker's side: deliver the messages one scheduler pass claimed.

For each message, in order: take it (compare-and-set, so a message is worked on once),
ask its kind whether it is still due, check the client's choice (channel, opt-out), their
quiet hours and the address, build it (notices.reminder), send it, and record the outcome
with its audit event. Everything is decided here, just before sending, from the records as
they are now: a session cancelled after it was queued is not reminded.
"""

import hashlib
import smtplib
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from openipt import notices

from . import actions, kinds, queries, sms
from .kinds.base import STAFF, NotDue
from .models import (
    DEFAULT_CHANNEL,
    Channel,
    ContactPreference,
    Message,
    MessageSettings,
    Reason,
    Status,
)
from .wording import wording_for

STAFF_SUBJECT = gettext_noop("Your day in OpenIPT")
DEFAULT_SENDER = gettext_noop("Appointments")  # before an organisation names its own


@task()
def deliver_claimed(claim):
    """Deliver every message of one scheduler pass (the pass's claim token)."""
    ids = Message.objects.filter(claim=claim, status=Status.QUEUED).values_list("pk", flat=True)
    return [deliver(message_id, claim) for message_id in list(ids)]


def deliver(message_id, claim, now=None):
    """Deliver one message; returns its status afterwards (or None when another worker
    has it)."""
    if not actions.start_sending(message_id, claim):
        return None
    now = now or timezone.now()
    message = Message.objects.select_related("client__user", "user", "organisation").get(
        pk=message_id
    )
    kind = kinds.get(message.kind)
    context = kind.still_due(message, now)
    if isinstance(context, NotDue):
        actions.mark_withdrawn(message, context.reason)
        return message.status
    if kind.audience == STAFF:
        address, channel = message.user.email, Channel.EMAIL
        language = notices.in_language_of(message.user)
    else:
        preference = ContactPreference.objects.filter(client=message.client).first()
        channel = preference.channel if preference else DEFAULT_CHANNEL
        if _held_back(message, preference, channel, now):
            return message.status
        address = _address(message.client, channel)
        language = queries.language_of(message.client, preference)
    _send(message, kind, context, channel, address, now, language)
    return message.status


def _held_back(message, preference, channel, now):
    """Whether the client's choices hold the message back (its new status is recorded)."""
    if channel == Channel.NONE:
        actions.mark_suppressed(message, Reason.OPTED_OUT)
        return True
    if preference is not None and in_quiet_hours(preference, now):
        until = quiet_hours_end(preference, now)
        if until < message.expires_at:
            actions.defer_for_quiet_hours(message, until)
        else:
            actions.mark_suppressed(message, Reason.QUIET_HOURS)
        return True
    if not _address(message.client, channel):
        actions.mark_suppressed(message, Reason.NO_ADDRESS)
        return True
    return False


def _address(client, channel):
    if channel == Channel.SMS:
        return sms.normalised_number(client.phone)
    return client.email


def _send(message, kind, context, channel, address, now, language):
    row = MessageSettings.objects.filter(organisation_id=message.organisation_id).first()
    to_client = kind.audience != STAFF
    stop_url = ""
    if to_client:
        stop_url = _absolute(reverse("portal:stop", args=[actions.issue_stop_link(message, now)]))
    with translation.override(language):
        # The defaults are translated; an organisation's own wording is kept as written.
        sender = row.sender_name if row else gettext(DEFAULT_SENDER)
        wording = (
            wording_for(row, message.kind)
            if to_client
            else {"subject": gettext(STAFF_SUBJECT), "opening": ""}
        )
    built = notices.reminder(
        message.kind,
        context,
        wording=wording,
        sender=sender,
        channel=channel,
        stop_url=stop_url,
        action_url=_absolute(reverse("portal:home" if to_client else "home")),
        language=language,
    )
    try:
        if channel == Channel.SMS:
            provider_id = sms.backend().send(address, built.sms, row.sms_sender if row else "")
        else:
            provider_id = _send_email(message, built, sender, address, stop_url)
    except sms.SmsError as error:
        actions.mark_failed(message, error=error.code, permanent=error.permanent, now=now)
        return
    except smtplib.SMTPRecipientsRefused as error:
        actions.mark_failed(message, error=type(error).__name__, permanent=True, now=now)
        return
    except (smtplib.SMTPException, OSError) as error:
        actions.mark_failed(message, error=type(error).__name__, permanent=False, now=now)
        return
    actions.mark_sent(message, channel=channel, provider_id=provider_id or "", now=now)


def _send_email(message, built, sender, address, stop_url):
    """Send the two-part mail. Its Message-ID comes from the message's key, so should a
    mail be sent twice after a lost worker, mail programs show it once."""
    _, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = from_address.rpartition("@")[2] or "openipt.invalid"
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:40]
    headers = {"Message-ID": f"<{digest}@{domain}>"}
    if stop_url:
        # One-click unsubscribe (RFC 8058): the stop page takes this POST.
        headers["List-Unsubscribe"] = f"<{stop_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = EmailMultiAlternatives(
        built.subject,
        built.text,
        formataddr((sender, from_address)),
        [address],
        headers=headers,
    )
    mail.attach_alternative(built.html, "text/html")
    mail.send()
    return headers["Message-ID"]


def _absolute(path):
    return f"{settings.OPENIPT_SITE_URL}{path}"


# --- quiet hours ----------------------------------------------------------------------------


def in_quiet_hours(preference, now):
    start, end = preference.quiet_from, preference.quiet_until
    if start is None or end is None or start == end:
        return False
    local = timezone.localtime(now).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # across midnight


def quiet_hours_end(preference, now):
    """The next moment the client's quiet hours end, after `now`."""
    local = timezone.localtime(now)
    end = timezone.make_aware(datetime.combine(local.date(), preference.quiet_until))
    if end <= now:
        end = timezone.make_aware(
            datetime.combine(local.date() + timedelta(days=1), preference.quiet_until)
        )
    return end
