"""Sessions as appointments: a clinician's week, each client's next appointment, and the
private iCalendar feed (RFC 5545) that shows times and references only.

A feed is read by a calendar program on a phone or a shared computer, so it carries no
names, no problem areas and no clinical words: a clinician's event says "Session 3,
C-7KQ2MX"; a client's says only "Appointment".
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Attendance, FollowUpSession, Session

CANCELLED = (Attendance.CANCELLED_BY_CLIENT, Attendance.CANCELLED_BY_CLINICIAN)
# What a feed holds: a month back (so a moved appointment is seen to move) and a year ahead.
FEED_PAST = timedelta(days=31)
FEED_AHEAD = timedelta(days=366)
DEFAULT_MINUTES = 50
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:openipt:appointment")


def week_starting(day):
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def _with_context(sessions):
    return sessions.select_related("episode__client", "episode__course_plan").order_by(
        "scheduled_for", "id"
    )


def clinician_week(user, monday):
    """The sessions of the episodes a clinician treats, Monday to Sunday, in time order."""
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    end = start + timedelta(days=7)
    return list(
        _with_context(
            Session.objects.filter(
                episode__clinician=user, scheduled_for__gte=start, scheduled_for__lt=end
            )
        )
    )


def clinician_follow_ups(user, monday):
    """The booster and maintenance sessions (after a course's ending) of the episodes a
    clinician treats, Monday to Sunday. They have a day, not a time."""
    return list(
        FollowUpSession.objects.filter(
            episode__clinician=user,
            scheduled_for__gte=monday,
            scheduled_for__lt=monday + timedelta(days=7),
        )
        .select_related("episode__client")
        .order_by("scheduled_for", "id")
    )


def upcoming(sessions, now=None):
    """The one rule for "the next appointment": a session still scheduled (not held, not
    cancelled) whose time has not passed, soonest first. The caseload, the client's home
    page, the questionnaire page and new homework's due date all go by it (the caseload
    as a subquery: protocol/queries.with_course_attention)."""
    now = now or timezone.now()
    return sessions.filter(attendance=Attendance.SCHEDULED, scheduled_for__gte=now).order_by(
        "scheduled_for", "id"
    )


def next_appointment_by_episode(episodes, now=None):
    """Episode id -> its next appointment (a Session), for the episodes that have one. One
    query for any number of episodes."""
    ids = [episode.pk for episode in episodes]
    first = {}
    for session in upcoming(Session.objects.filter(episode_id__in=ids), now):
        first.setdefault(session.episode_id, session)
    return first


def next_appointment(episode, now=None):
    """The episode's next appointment (a Session), or None."""
    return upcoming(Session.objects.filter(episode=episode), now).first()


def feed_sessions(user, now=None):
    """The appointments a person's feed shows: as the treating clinician, or as the client."""
    now = now or timezone.now()
    whose = Q(episode__client__user=user) if user.is_client else Q(episode__clinician=user)
    window = Q(scheduled_for__gte=now - FEED_PAST, scheduled_for__lt=now + FEED_AHEAD)
    return list(_with_context(Session.objects.filter(whose & window)))


def feed_window(now=None):
    """(from, to) of what a feed holds."""
    now = now or timezone.now()
    return now - FEED_PAST, now + FEED_AHEAD


def feed_for(user, now=None):
    """(sessions, iCalendar text) of a person's feed: a client's own appointments, or the
    sessions a clinician treats."""
    sessions = feed_sessions(user, now)
    return sessions, ical(sessions, for_client=user.is_client, now=now)


@dataclass(frozen=True)
class Event:
    """An appointment that is not one client's session (a group session, docs/groups.md),
    for `ical(..., extra=...)`: a stable key for its UID, and words with no names."""

    key: str
    start: datetime
    minutes: int
    summary: str
    cancelled: bool = False


def ical(sessions, *, for_client, now=None, extra=()):
    """The sessions (and `extra` events) as an iCalendar document (CRLF lines, folded at
    75 octets)."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OpenIPT//Appointments//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + ("Appointments" if for_client else "OpenIPT sessions"),
    ]
    for session in sessions:
        lines += _event(session, for_client=for_client, stamp=stamp)
    for event in extra:
        lines += _extra_event(event, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(session, *, for_client, stamp):
    start = session.scheduled_for
    minutes = session.duration_minutes or _planned_minutes(session) or DEFAULT_MINUTES
    summary = "Appointment" if for_client else f"Session {session.number}, {_reference(session)}"
    event = [
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid5(EVENT_NAMESPACE, str(session.pk))}@openipt",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(start + timedelta(minutes=minutes))}",
        "SUMMARY:" + _text(summary),
    ]
    if session.attendance in CANCELLED:
        event.append("STATUS:CANCELLED")
    event.append("END:VEVENT")
    return event


def _extra_event(event, *, stamp):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid5(EVENT_NAMESPACE, event.key)}@openipt",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(event.start)}",
        f"DTEND:{_utc(event.start + timedelta(minutes=event.minutes))}",
        "SUMMARY:" + _text(event.summary),
    ]
    if event.cancelled:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def _planned_minutes(session):
    plan = getattr(session.episode, "course_plan", None)
    return plan.session_minutes if plan else None


def _reference(session):
    return session.episode.client.reference


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value):
    """RFC 5545 TEXT escaping."""
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)
