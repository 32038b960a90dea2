"""Every message OpenIPT sends to a person: built here, sent by the task worker after the
change that caused it has been committed.

Actions build a Notice inside their transaction, from what they have just written, and
hand it to `send_after_commit`: if the transaction rolls back, nothing is sent; if it
commits, the message is queued (django-tasks, `openipt db-worker`) and a slow or failing
mail server never holds up or undoes the change. As zulip's send_event_on_commit.

No message holds clinical content: no scores, answers, problem areas or client names.
Staff are asked to sign in; a client reference is the most a message names.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from openipt import languages


@dataclass(frozen=True)
class Notice:
    to: tuple[str, ...]
    subject: str
    body: str


def send_after_commit(notice):
    """Queue the notice once the current transaction commits (at once outside one)."""
    if notice is None or not notice.to:
        return
    to, subject, body = list(notice.to), notice.subject, notice.body
    transaction.on_commit(lambda: deliver.enqueue(to, subject, body))


@task()
def deliver(to, subject, body):
    send_mail(subject, body, None, to)


# --- the messages ----------------------------------------------------------------------


def invitation(invitation, link):
    """To a client, in the language chosen for them: the one-time link that lets them
    choose a password."""
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        body = gettext(
            "Hello %(name)s,\n\n"
            "%(clinician)s has invited you to OpenIPT, where you can fill in questionnaires "
            "and homework between sessions.\n\n"
            "Open this link to choose your password (it works once and expires on "
            "%(expires)s):\n%(link)s\n\n"
            "If you were not expecting this message, you can ignore it.\n"
        ) % {
            "name": invitation.client.given_name,
            "clinician": invitation.created_by.display_name,
            "expires": formats.date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            "link": link,
        }
        subject = gettext("Your OpenIPT invitation")
    return Notice((invitation.sent_to,), subject, body)


def in_language_of(person):
    """The language a message to `person` is written in: their account's, else the
    deployment's default (never the worker's or the sender's)."""
    return languages.offered_language(getattr(person, "language", "") or "")


def _long_date(moment):
    """A date written out in the active language ("9 maart 2026")."""
    return formats.date_format(moment, "j F Y")


def staff_invitation(invitation, link):
    """To a new staff member, in the language the admin chose for them (else the
    deployment's default): the one-time link that lets them choose how to sign in."""
    with translation.override(languages.offered_language(invitation.language)):
        body = gettext(
            "Hello %(name)s,\n\n"
            "%(inviter)s has invited you to join %(organisation)s on OpenIPT as %(role)s.\n\n"
            "Open this link to choose your username and password (it works once and expires "
            "on %(expires)s):\n%(link)s\n\n"
            "When you first sign in you will also be asked to set up an authenticator app.\n"
            "If you were not expecting this message, you can ignore it.\n"
        ) % {
            "name": invitation.first_name,
            "inviter": invitation.created_by.display_name,
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display(),
            "expires": _long_date(timezone.localtime(invitation.expires_at)),
            "link": link,
        }
        subject = gettext("Your OpenIPT staff invitation")
    return Notice((invitation.email,), subject, body)


def second_factor_replaced(user):
    """To a person whose authenticator was just replaced, in case it was not them."""
    if not user.email:
        return None
    with translation.override(in_language_of(user)):
        body = gettext(
            "Hello %(name)s,\n\n"
            "The authenticator app for your OpenIPT account was just replaced, and new "
            "recovery codes were issued. Your old app and old recovery codes no longer work.\n\n"
            "If you did not do this, tell your organisation's administrator today: someone "
            "may know your password.\n"
        ) % {"name": user.first_name or user.username}
        subject = gettext("Your OpenIPT authenticator was replaced")
    return Notice((user.email,), subject, body)


def supervisor_alert(alert):
    """To the supervisor: a counsellor would like to discuss a course."""
    supervisor = alert.supervisor
    if supervisor is None or not supervisor.email:
        return None
    with translation.override(in_language_of(supervisor)):
        body = gettext(
            "Hello %(name)s,\n\n"
            "%(colleague)s would like to discuss the course of client %(reference)s with "
            "you. Please sign in to OpenIPT to see it.\n"
        ) % {
            "name": supervisor.display_name,
            "colleague": alert.raised_by.display_name,
            "reference": alert.episode.client.reference,
        }
        subject = gettext("OpenIPT: a course to discuss")
    return Notice((supervisor.email,), subject, body)


def unacknowledged_risk_flag(flag, recipient, *, as_lead=False):
    """To the supervisor (or, for a clinician without one, the organisation's safety lead):
    a safety flag has waited longer than the organisation allows."""
    clinician = flag.responsible or flag.episode.clinician
    names = {
        "name": recipient.display_name,
        "clinician": clinician.display_name,
        "flag": flag.pk,
    }
    with translation.override(in_language_of(recipient)):
        if as_lead:
            text = gettext(
                "Hello %(name)s,\n\n"
                "A safety flag for a client of %(clinician)s has not been acknowledged in the "
                "time your organisation allows. You receive this as your organisation's "
                "safety lead, because %(clinician)s has no supervisor who can be emailed. "
                "Please sign in to OpenIPT: it is listed with the open safety flags on the "
                "first page you see (flag %(flag)s).\n\n"
                "This message holds no clinical details on purpose.\n"
            )
        else:
            text = gettext(
                "Hello %(name)s,\n\n"
                "A safety flag for a client of %(clinician)s has not been acknowledged in the "
                "time your organisation allows. Please sign in to OpenIPT: it is listed with "
                "the open safety flags on the first page you see (flag %(flag)s).\n\n"
                "This message holds no clinical details on purpose.\n"
            )
        subject = gettext("OpenIPT: a safety flag has not been acknowledged")
    return Notice((recipient.email,), subject, text % names)


def risk_flag_handed_over(flag, clinician, supervisor):
    """To a clinician: their supervisor has asked them to follow up a safety flag."""
    if not clinician.email:
        return None
    with translation.override(in_language_of(clinician)):
        body = gettext(
            "Hello %(name)s,\n\n"
            "%(supervisor)s has asked you to follow up a safety flag (flag %(flag)s). Please "
            "sign in to OpenIPT: it is listed with the open safety flags on your caseload.\n\n"
            "This message holds no clinical details on purpose.\n"
        ) % {
            "name": clinician.display_name,
            "supervisor": supervisor.display_name,
            "flag": flag.pk,
        }
        subject = gettext("OpenIPT: a safety flag to follow up")
    return Notice((clinician.email,), subject, body)


def group_supervision_note(note, supervisor):
    """To the supervisor of a group's facilitator: a weekly note is waiting for review. The
    group's number only: its name may say who is in it."""
    if not supervisor.email:
        return None
    with translation.override(in_language_of(supervisor)):
        body = gettext(
            "Hello %(name)s,\n\n"
            "%(colleague)s has written the supervision note of group %(group)s for the week "
            "of %(week)s. Please sign in to OpenIPT to read and acknowledge it.\n"
        ) % {
            "name": supervisor.display_name,
            "colleague": note.written_by.display_name,
            "group": note.group_id,
            "week": _long_date(note.week_of),
        }
        subject = gettext("OpenIPT: a group supervision note")
    return Notice((supervisor.email,), subject, body)


# --- reminders (openipt/reminders, docs/reminders.md) ------------------------------------


@dataclass(frozen=True)
class Reminder:
    """A reminder as it leaves: an e-mail's subject, text and HTML parts, or a text."""

    subject: str
    text: str
    html: str
    sms: str


def reminder(kind, context, *, wording, sender, channel, stop_url="", action_url="", language=None):
    """A reminder to a client, or a digest to staff, from its kind's templates
    (templates/notices/reminders/<kind>.txt and <kind>.sms.txt) and the organisation's
    sender and wording. The templates hold no clinical word (a test checks them against
    reminders.wording.FORBIDDEN_WORDS), and nor may an organisation's wording (its form
    checks it). `stop_url` is the client's stop link; `action_url` where to go next.

    Rendered in the recipient's `language` (their words, day and month names), whatever
    language the worker runs in; the organisation's own wording stays as it wrote it."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _reminder(kind, context, wording, sender, channel, stop_url, action_url)


def _reminder(kind, context, wording, sender, channel, stop_url, action_url):
    values = {
        **context,
        "opening": wording.get("opening", ""),
        "sender": sender,
        "stop_url": stop_url,
        "action_url": action_url,
    }
    subject = wording.get("subject", "")
    if channel == "sms":
        body = render_to_string(f"notices/reminders/{kind}.sms.txt", values)
        return Reminder(subject, "", "", " ".join(body.split()))
    text = render_to_string(f"notices/reminders/{kind}.txt", values).strip() + "\n"
    html = render_to_string(
        "notices/reminders/email.html",
        {**values, "subject": subject, "paragraphs": _paragraphs(text)},
    )
    return Reminder(subject, text, html, "")


def _paragraphs(text):
    """The text part's paragraphs, for the HTML part (the same words, nothing more)."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]
