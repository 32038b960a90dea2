"""Booster and maintenance sessions agreed at the end of a course (protocol.FollowUpSession):
a reminder the day before, at the organisation's `day_reminder_hour`.

They come after the course has ended, often after the episode was closed, so neither
stops them; a client's opt-out does, and so does recording the follow-up (cancelled ahead).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.protocol.models import Attendance, FollowUpSession

from .base import CLIENT, Due, Kind, NotDue, channel_of, local_moment

CODE = "follow_up"


def find_due(now, config):
    today = timezone.localdate(now)
    rows = FollowUpSession.objects.filter(
        scheduled_for__gte=today,
        scheduled_for__lte=today + timedelta(days=1),
        attendance=Attendance.SCHEDULED,
    ).values_list(
        "pk",
        "scheduled_for",
        "episode__client_id",
        "episode__organisation_id",
        "episode__client__contact_preference__channel",
    )
    for pk, day, client_id, organisation_id, channel in rows:
        hour = config.of(organisation_id).day_reminder_hour
        send_after = local_moment(day - timedelta(days=1), hour)
        expires_at = local_moment(day, 0)
        if send_after <= now < expires_at:
            yield Due(
                CODE,
                organisation_id,
                pk,
                day.isoformat(),
                send_after,
                expires_at,
                client_id=client_id,
                channel=channel_of(channel),
            )


def still_due(message, now):
    follow_up = FollowUpSession.objects.filter(pk=message.subject_id).first()
    if follow_up is None or follow_up.scheduled_for.isoformat() != message.occurrence:
        return NotDue()
    # Recorded already (cancelled ahead, or held early): nothing to remind of.
    if follow_up.is_recorded:
        return NotDue()
    return {"day": follow_up.scheduled_for}


KIND = Kind(CODE, gettext_lazy("Follow-up appointment reminder"), CLIENT, find_due, still_due)
