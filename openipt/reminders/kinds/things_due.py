"""Everything to fill in before a session, in one message (as Greenspace bundles what is due):
the questionnaires the course schedule expects at the next session that clients may answer
at home, the SRM-5 diary when it is due, and homework due by that session. Sent by default
48 hours before the session (`MessageSettings.things_due_lead_hours`) to clients who have a
portal account, since that is where they fill it in.

The message says how many things there are, never which: no instrument is named.
"""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.accounts.models import Organisation
from openipt.measures import instruments
from openipt.measures.due import schedules_for
from openipt.worksheets.models import Homework, HomeworkStatus

from .base import CLIENT, Due, Kind, NotDue, channel_of, occurrence_of
from .session import scheduled_session, upcoming_sessions

CODE = "things_due"
# Episodes asked about at once: the course schedule loads their sessions and measures.
CHUNK = 2000


def find_due(now, config):
    lead = timedelta(hours=config.largest("things_due_lead_hours"))
    rows = list(
        upcoming_sessions(now, lead, not_logged_as=CODE)
        .filter(episode__client__user__isnull=False, episode__client__user__is_active=True)
        .values_list(
            "pk",
            "scheduled_for",
            "episode_id",
            "episode__client_id",
            "episode__organisation_id",
            "episode__client__contact_preference__channel",
        )
    )
    counts = _counts(rows)
    for pk, starts, episode_id, client_id, organisation_id, channel in rows:
        hours = config.of(organisation_id).things_due_lead_hours
        send_after = starts - timedelta(hours=hours)
        if send_after <= now and counts.get((episode_id, pk)):
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


def _counts(rows):
    """(episode id, session id) -> how many things are due by that session, for the
    sessions that are their episode's next one."""
    by_organisation = defaultdict(dict)
    for pk, starts, episode_id, _, organisation_id, _ in rows:
        by_organisation[organisation_id][episode_id] = (pk, starts)
    organisations = Organisation.objects.in_bulk(list(by_organisation))
    counts = {}
    at_home = set(instruments.at_home())
    for organisation_id, sessions in by_organisation.items():
        episode_ids = list(sessions)
        for start in range(0, len(episode_ids), CHUNK):
            chunk = episode_ids[start : start + CHUNK]
            found = schedules_for(chunk, organisations[organisation_id])
            homework = _homework_due(chunk, sessions)
            for episode_id in chunk:
                pk, _ = sessions[episode_id]
                measures = _measures_due(found.get(episode_id), pk, at_home)
                counts[(episode_id, pk)] = measures + homework.get(episode_id, 0)
    return counts


def _measures_due(found, session_pk, at_home):
    """How many questionnaires (and the diary) are due at this session, if it is the next."""
    if found is None:
        return 0
    schedule, by_number = found
    due = schedule.due()
    if due is None or by_number[due.number].pk != session_pk:
        return 0
    return len([code for code in due.outstanding if code in at_home])


def _homework_due(episode_ids, sessions):
    """Episode id -> homework not yet sent and due by the session's day (one query)."""
    days = {episode_id: timezone.localdate(starts) for episode_id, (_, starts) in sessions.items()}
    latest = max(days[episode_id] for episode_id in episode_ids)
    counts = defaultdict(int)
    rows = (
        Homework.objects.filter(episode_id__in=episode_ids, due_on__lte=latest)
        .exclude(status=HomeworkStatus.SUBMITTED)
        .values_list("episode_id", "due_on")
    )
    for episode_id, due_on in rows:
        if due_on <= days[episode_id]:
            counts[episode_id] += 1
    return counts


def still_due(message, now):
    session = scheduled_session(message)
    if session is None or session.scheduled_for <= now:
        return NotDue()
    episode = session.episode
    row = (session.pk, session.scheduled_for, episode.pk, None, episode.organisation_id, None)
    count = _counts([row]).get((episode.pk, session.pk))
    if not count:
        return NotDue()
    return {"when": timezone.localtime(session.scheduled_for), "count": count}


KIND = Kind(CODE, gettext_lazy("Things to fill in before a session"), CLIENT, find_due, still_due)
