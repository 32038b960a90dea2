"""Session reminder: before each scheduled session of an open course, by default 24 hours
before (`MessageSettings.session_lead_hours`), with its time and place or video link.

Not sent for a session that was cancelled, moved (a moved session has a new time, so a
new reminder) or already recorded, nor once the episode is closed or the course ended. The
sessions of a group member's course are the group's meetings: kinds.group_session reminds
of those, so they are left out here.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.caseload.models import EpisodeStatus
from openipt.protocol.models import Attendance, CourseEnding, DeliveryMode, Session

from ..models import Message
from .base import CLIENT, Due, Kind, NotDue, channel_of, occurrence_of

CODE = "session"


def upcoming_sessions(now, lead, *, not_logged_as=None):
    """Scheduled sessions of open courses starting within `lead` from now (one query),
    without those already logged as a message of kind `not_logged_as` at their present
    time: every pass finds the same sessions again, and this keeps a later pass from
    carrying them all to the insert (whose unique key would skip them anyway)."""
    sessions = Session.objects.filter(
        attendance=Attendance.SCHEDULED,
        scheduled_for__gt=now,
        scheduled_for__lte=now + lead,
        episode__status=EpisodeStatus.OPEN,
        episode__course_ending__isnull=True,
    )
    if not_logged_as:
        logged = Message.objects.filter(
            kind=not_logged_as, subject_id=OuterRef("pk"), expires_at=OuterRef("scheduled_for")
        )
        sessions = sessions.exclude(Exists(logged))
    return sessions


def find_due(now, config):
    lead = timedelta(hours=config.largest("session_lead_hours"))
    rows = (
        upcoming_sessions(now, lead, not_logged_as=CODE)
        .filter(episode__group_membership__isnull=True)
        .values_list(
            "pk",
            "scheduled_for",
            "episode__client_id",
            "episode__organisation_id",
            "episode__client__contact_preference__channel",
        )
    )
    for pk, starts, client_id, organisation_id, channel in rows.iterator(chunk_size=5000):
        hours = config.of(organisation_id).session_lead_hours
        send_after = starts - timedelta(hours=hours)
        if send_after <= now:
            yield Due(
                CODE,
                organisation_id,
                pk,
                occurrence_of(starts),
                send_after,
                starts,
                client_id=client_id,
                channel=channel_of(channel),
            )


def scheduled_session(message):
    """The message's session if it is still scheduled at the same time in an open course,
    else None."""
    session = Session.objects.select_related("episode").filter(pk=message.subject_id).first()
    if (
        session is None
        or session.attendance != Attendance.SCHEDULED
        or occurrence_of(session.scheduled_for) != message.occurrence
        or not session.episode.is_open
        or CourseEnding.objects.filter(episode_id=session.episode_id).exists()
    ):
        return None
    return session


def still_due(message, now):
    session = scheduled_session(message)
    if session is None or session.scheduled_for <= now:
        return NotDue()
    return {
        "when": timezone.localtime(session.scheduled_for),
        "where": session.location,
        # How to join, when the session is not in a room: the meeting link of a video call
        # (the product keeps only the link), or a word that the call will come by phone.
        "video_link": session.meeting_link if session.delivery_mode == DeliveryMode.VIDEO else "",
        "by_telephone": session.delivery_mode == DeliveryMode.TELEPHONE,
    }


KIND = Kind(CODE, gettext_lazy("Session reminder"), CLIENT, find_due, still_due)
