"""Group session reminder: each current member of a group (accepted or active) is reminded
of the group's next meeting, by default 24 hours before (`MessageSettings.session_lead_hours`,
as for any session), with its time and the group's place.

A member's course has its own session for each group session, at the group's time
(groups.actions, docs/groups.md), so this kind finds those sessions, and the individual
session reminder (kinds.session) leaves them out: one reminder per member per meeting, whose
key holds the member's own session. Not sent once the member has left the group (their
course ends and their sessions are cancelled), once the group has ended, or for a meeting
already recorded, moved or cancelled.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from openipt.groups.models import GroupMember, MemberStatus

from .base import CLIENT, Due, Kind, NotDue, channel_of, occurrence_of
from .session import scheduled_session, upcoming_sessions

CODE = "group_session"
# Members reminded of the meetings: those who joined and have not left. A person still being
# screened has no course yet, so no sessions.
REMINDED = (MemberStatus.ACCEPTED, MemberStatus.ACTIVE)


def find_due(now, config):
    lead = timedelta(hours=config.largest("session_lead_hours"))
    rows = (
        upcoming_sessions(now, lead, not_logged_as=CODE)
        .filter(episode__group_membership__status__in=REMINDED)
        .values_list(
            "pk",
            "scheduled_for",
            "episode__client_id",
            "episode__organisation_id",
            "episode__client__contact_preference__channel",
        )
    )
    for pk, starts, client_id, organisation_id, channel in rows.iterator(chunk_size=5000):
        send_after = starts - timedelta(hours=config.of(organisation_id).session_lead_hours)
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


def still_due(message, now):
    session = scheduled_session(message)
    if session is None or session.scheduled_for <= now:
        return NotDue()
    member = (
        GroupMember.objects.select_related("group").filter(episode_id=session.episode_id).first()
    )
    if member is None or member.status not in REMINDED or member.group.has_ended:
        return NotDue()
    return {
        "when": timezone.localtime(session.scheduled_for),
        "where": member.group.place or session.location,
    }


KIND = Kind(CODE, gettext_lazy("Group session reminder"), CLIENT, find_due, still_due)
