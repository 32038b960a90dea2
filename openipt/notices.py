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


def staff_invitation(invitation, link):
    """To a new staff member: the one-time link that lets them choose how to sign in."""
    body = (
        f"Hello {invitation.first_name},\n\n"
        f"{invitation.created_by.display_name} has invited you to join "
        f"{invitation.organisation.name} on OpenIPT as {invitation.get_role_display()}.\n\n"
        "Open this link to choose your username and password (it works once and expires "
        f"on {invitation.expires_at:%d %B %Y}):\n{link}\n\n"
        "When you first sign in you will also be asked to set up an authenticator app.\n"
        "If you were not expecting this message, you can ignore it.\n"
    )
    return Notice((invitation.email,), "Your OpenIPT staff invitation", body)


def second_factor_replaced(user):
    """To a person whose authenticator was just replaced, in case it was not them."""
    if not user.email:
        return None
    body = (
        f"Hello {user.first_name or user.username},\n\n"
        "The authenticator app for your OpenIPT account was just replaced, and new "
        "recovery codes were issued. Your old app and old recovery codes no longer work.\n\n"
        "If you did not do this, tell your organisation's administrator today: someone "
        "may know your password.\n"
    )
    return Notice((user.email,), "Your OpenIPT authenticator was replaced", body)


def supervisor_alert(alert):
    """To the supervisor: a counsellor would like to discuss a course."""
    supervisor = alert.supervisor
    if supervisor is None or not supervisor.email:
        return None
    body = (
        f"Hello {supervisor.display_name},\n\n"
        f"{alert.raised_by.display_name} would like to discuss the course of client "
        f"{alert.episode.client.reference} with you. Please sign in to OpenIPT to see it.\n"
    )
    return Notice((supervisor.email,), "OpenIPT: a course to discuss", body)


def unacknowledged_risk_flag(flag, recipient, *, as_lead=False):
    """To the supervisor (or, for a clinician without one, the organisation's safety lead):
    a safety flag has waited longer than the organisation allows."""
    clinician = flag.responsible or flag.episode.clinician
    why = (
        f"You receive this as your organisation's safety lead, because "
        f"{clinician.display_name} has no supervisor who can be emailed. "
        if as_lead
        else ""
    )
    body = (
        f"Hello {recipient.display_name},\n\n"
        f"A safety flag for a client of {clinician.display_name} has not been "
        f"acknowledged in the time your organisation allows. {why}Please sign in to "
        "OpenIPT: it is listed with the open safety flags on the first page you see "
        f"(flag {flag.pk}).\n\n"
        "This message holds no clinical details on purpose.\n"
    )
    return Notice((recipient.email,), "OpenIPT: a safety flag has not been acknowledged", body)


def risk_flag_handed_over(flag, clinician, supervisor):
    """To a clinician: their supervisor has asked them to follow up a safety flag."""
    if not clinician.email:
        return None
    body = (
        f"Hello {clinician.display_name},\n\n"
        f"{supervisor.display_name} has asked you to follow up a safety flag "
        f"(flag {flag.pk}). Please sign in to OpenIPT: it is listed with the open safety "
        "flags on your caseload.\n\n"
        "This message holds no clinical details on purpose.\n"
    )
    return Notice((clinician.email,), "OpenIPT: a safety flag to follow up", body)


def group_supervision_note(note, supervisor):
    """To the supervisor of a group's facilitator: a weekly note is waiting for review. The
    group's number only: its name may say who is in it."""
    if not supervisor.email:
        return None
    body = (
        f"Hello {supervisor.display_name},\n\n"
        f"{note.written_by.display_name} has written the supervision note of group "
        f"{note.group_id} for the week of {note.week_of:%d %B %Y}. Please sign in to OpenIPT "
        "to read and acknowledge it.\n"
    )
    return Notice((supervisor.email,), "OpenIPT: a group supervision note", body)


# --- reminders (openipt/reminders, docs/reminders.md) ------------------------------------


@dataclass(frozen=True)
class Reminder:
    """A reminder as it leaves: an e-mail's subject, text and HTML parts, or a text."""

    subject: str
    text: str
    html: str
    sms: str


def reminder(kind, context, *, wording, sender, channel, stop_url="", action_url=""):
    """A reminder to a client, or a digest to staff, from its kind's templates
    (templates/notices/reminders/<kind>.txt and <kind>.sms.txt) and the organisation's
    sender and wording. The templates hold no clinical word (a test checks them against
    reminders.wording.FORBIDDEN_WORDS), and nor may an organisation's wording (its form
    checks it). `stop_url` is the client's stop link; `action_url` where to go next."""
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
