"""Courses and clocks for the reminder tests."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openipt.protocol import actions as course_actions
from openipt.protocol.tests.builders import START, start_course
from openipt.reminders.models import Message
from openipt.reminders.scheduler import run_due
from openipt.reminders.sms import LocmemBackend


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# The second session of the test course: Monday 14 September 2026, 10:00 local time.
SESSION_2 = local(START + timedelta(weeks=1), 10)


def course_with(people, *, sessions=2, modality="individual_ipt", location="Room 4", **delivery):
    """The owner's client's course (started 7 September 2026), its first `sessions`
    sessions scheduled weekly at 10:00 (`delivery`: delivery_mode and meeting_link)."""
    plan = start_course(people.owner, people.episode, modality=modality)
    made = course_actions.schedule_sessions(
        people.owner,
        plan,
        first_at=local(START, 10),
        count=sessions,
        location=location,
        **delivery,
    )
    return plan, made


def run(travel, moment):
    """One scheduler pass at `moment` (the immediate task backend delivers at once)."""
    travel(moment)
    return run_due(moment)


def sent_mail_to(outbox, address):
    return [mail for mail in outbox if address in mail.to]


def texts():
    return LocmemBackend.outbox


def messages(kind=None):
    rows = Message.objects.order_by("id")
    return list(rows.filter(kind=kind) if kind else rows)


def day(n):
    return date(2026, 9, n)
