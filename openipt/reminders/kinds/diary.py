"""SRM-5 diary prompt (IPSRT): each evening, at the organisation's `diary_hour`, a prompt to
fill in today's page, for clients with a portal account whose open course uses the diary.
Not sent once today's page is saved, nor after the course has ended."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.caseload.models import EpisodeStatus
from openipt.measures.instruments import srm5
from openipt.measures.models import RhythmDiaryDraft
from openipt.protocol import readings, schedule
from openipt.protocol.modalities import MODALITIES
from openipt.protocol.models import CoursePlan

from ..models import Message
from .base import CLIENT, Due, Kind, NotDue, channel_of, end_of, local_moment

CODE = "diary"


def diary_modalities():
    """Codes of the modalities whose courses keep the SRM-5 diary here."""
    catalogue = readings.catalogue()
    return [
        code
        for code, modality in MODALITIES.items()
        if schedule.uses(modality, srm5.CODE, catalogue)
    ]


def _courses():
    return CoursePlan.objects.filter(
        modality__in=diary_modalities(),
        episode__status=EpisodeStatus.OPEN,
        episode__course_ending__isnull=True,
        episode__client__user__isnull=False,
        episode__client__user__is_active=True,
    )


def find_due(now, config):
    today = timezone.localdate(now)
    # Courses already prompted today are left out (see kinds.session.upcoming_sessions).
    logged = Message.objects.filter(
        kind=CODE, subject_id=OuterRef("episode_id"), occurrence=today.isoformat()
    )
    rows = (
        _courses()
        .exclude(Exists(logged))
        .values_list(
            "episode_id",
            "episode__client_id",
            "episode__organisation_id",
            "episode__client__contact_preference__channel",
        )
    )
    expires_at = end_of(today)
    for episode_id, client_id, organisation_id, channel in rows:
        send_after = local_moment(today, config.of(organisation_id).diary_hour)
        if send_after <= now < expires_at:
            yield Due(
                CODE,
                organisation_id,
                episode_id,
                today.isoformat(),
                send_after,
                expires_at,
                client_id=client_id,
                channel=channel_of(channel),
            )


def still_due(message, now):
    today = timezone.localdate(now)
    if message.occurrence != today.isoformat():
        return NotDue()
    if not _courses().filter(episode_id=message.subject_id).exists():
        return NotDue()
    draft = RhythmDiaryDraft.objects.filter(episode_id=message.subject_id).first()
    if draft is not None and (today - draft.week_starting).days + 1 in draft.days_saved:
        return NotDue()
    return {"day": today}


KIND = Kind(CODE, gettext_lazy("Daily page prompt"), CLIENT, find_due, still_due)
