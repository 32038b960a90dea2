"""Homework due tomorrow that has not been sent yet: a reminder the day before, at the
organisation's `day_reminder_hour`, to clients with a portal account. Homework due on the
day of a scheduled session is left to the message before that session (things_due)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.caseload.models import EpisodeStatus
from openipt.protocol.models import Attendance, Session
from openipt.worksheets.models import Homework, HomeworkStatus

from .base import CLIENT, Due, Kind, NotDue, channel_of, local_moment

CODE = "homework_due"


def find_due(now, config):
    today = timezone.localdate(now)
    rows = list(
        Homework.objects.filter(
            due_on__gte=today,
            due_on__lte=today + timedelta(days=1),
            episode__status=EpisodeStatus.OPEN,
            client__user__isnull=False,
            client__user__is_active=True,
        )
        .exclude(status=HomeworkStatus.SUBMITTED)
        .values_list(
            "pk",
            "due_on",
            "episode_id",
            "client_id",
            "episode__organisation_id",
            "client__contact_preference__channel",
        )
    )
    session_days = _session_days({row[2] for row in rows}, today)
    for pk, due_on, episode_id, client_id, organisation_id, channel in rows:
        if (episode_id, due_on) in session_days:
            continue
        hour = config.of(organisation_id).day_reminder_hour
        send_after = local_moment(due_on - timedelta(days=1), hour)
        expires_at = local_moment(due_on, 0)
        if send_after <= now < expires_at:
            yield Due(
                CODE,
                organisation_id,
                pk,
                due_on.isoformat(),
                send_after,
                expires_at,
                client_id=client_id,
                channel=channel_of(channel),
            )


def _session_days(episode_ids, today):
    """(episode id, day) of scheduled sessions today and tomorrow (one query)."""
    start = local_moment(today, 0)
    sessions = Session.objects.filter(
        episode_id__in=list(episode_ids),
        attendance=Attendance.SCHEDULED,
        scheduled_for__gte=start,
        scheduled_for__lt=start + timedelta(days=2),
    ).values_list("episode_id", "scheduled_for")
    return {(episode_id, timezone.localdate(at)) for episode_id, at in sessions}


def still_due(message, now):
    homework = Homework.objects.select_related("episode").filter(pk=message.subject_id).first()
    if (
        homework is None
        or homework.status == HomeworkStatus.SUBMITTED
        or homework.due_on.isoformat() != message.occurrence
        or not homework.episode.is_open
    ):
        return NotDue()
    return {"day": homework.due_on}


KIND = Kind(CODE, gettext_lazy("Homework due tomorrow"), CLIENT, find_due, still_due)
