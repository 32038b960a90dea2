"""Group session reminders (time travel): each current member of a group is reminded once of
each meeting, 24 hours before, with the group's place and no other member's name, and not
by the individual session reminder as well; nothing after they left, once the group ended,
or after an opt-out. And the supervisor's digest counts unacknowledged escalations and
group notes."""

from datetime import timedelta

import pytest
from django.core import mail

from openipt.groups import actions as group_actions
from openipt.groups.models import MemberStatus
from openipt.groups.tests.builders import START, at, people_group
from openipt.protocol import actions as course_actions
from openipt.protocol.models import SupervisorAlert
from openipt.reminders import actions
from openipt.reminders.kinds import group_session
from openipt.reminders.kinds.base import NotDue
from openipt.reminders.models import Reason, Status

from .builders import local, messages, run

NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FIRST_MEETING = at(START)  # Monday 7 September 2026, 10:00 local time


@pytest.fixture
def group(people):
    group, first, second = people_group(people)
    people.members = (first, second)
    return group


def mails_to(client):
    return [m for m in mail.outbox if client.email in m.to and "Meeting reminder" in m.subject]


def test_each_member_is_reminded_once_24_hours_before_with_the_groups_place(people, group, travel):
    first, second = people.members
    run(travel, FIRST_MEETING - timedelta(hours=25))
    assert messages(group_session.CODE) == []

    run(travel, FIRST_MEETING - timedelta(hours=23))
    run(travel, FIRST_MEETING - timedelta(hours=22))

    sent = messages(group_session.CODE)
    assert sorted(m.client_id for m in sent) == sorted([first.client_id, second.client_id])
    assert {m.status for m in sent} == {Status.SENT}
    [to_first] = mails_to(people.client)
    assert "Room 2" in to_first.body and "10:00" in to_first.body
    assert people.second_member.given_name not in to_first.body
    # The members' own course sessions are the group's meetings: no second reminder.
    assert messages("session") == []


def leave(people, group):
    first, _ = people.members
    group_actions.leave_group(
        people.owner,
        first,
        status=MemberStatus.DROPPED_OUT,
        left_on=START - timedelta(days=2),
        reason="Moved away.",
    )


def end(people, group):
    group_actions.end_group(
        people.owner,
        group,
        status="cancelled",
        ended_on=START - timedelta(days=2),
        reason="Too few could come.",
        leaving={},
    )


def opt_out(people, group):
    actions.opt_out(people.client, how="link")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(leave, None, id="member-left"),  # course ended: nothing found
        pytest.param(end, None, id="group-ended"),
        pytest.param(opt_out, Reason.OPTED_OUT, id="opted-out"),
    ],
)
def test_no_reminder_reaches_the_first_member_when(people, group, travel, change, reason):
    change(people, group)
    run(travel, FIRST_MEETING - timedelta(hours=23))
    mine = [m for m in messages(group_session.CODE) if m.client_id == people.client.pk]
    assert mails_to(people.client) == []
    if reason is None:
        assert mine == []
    else:
        assert [(m.status, m.reason) for m in mine] == [(Status.SUPPRESSED, reason)]


@pytest.mark.parametrize("change", [leave, end], ids=["member-left", "group-ended"])
def test_a_reminder_logged_before_the_change_is_no_longer_due(
    people, group, travel, settings, change
):
    settings.TASKS = NO_WORKER  # logged and claimed, not delivered
    now = FIRST_MEETING - timedelta(hours=23)
    run(travel, now)
    [waiting] = [m for m in messages(group_session.CODE) if m.client_id == people.client.pk]
    assert isinstance(group_session.still_due(waiting, now), dict)

    change(people, group)

    assert isinstance(group_session.still_due(waiting, now), NotDue)


# --- the supervisor's digest ------------------------------------------------------------------


def test_the_supervisors_digest_counts_unacknowledged_escalations_and_group_notes(
    people, group, travel
):
    group_actions.write_supervision_note(
        people.owner,
        group,
        week_of=START,
        happened="Everyone came.",
        concerns="",
        members_to_discuss=[],
    )
    SupervisorAlert.objects.create(
        episode=people.episode,
        supervisor=people.supervisor,
        reason_codes=["asked"],
        reasons="Asked to discuss.",
        raised_by=people.owner,
    )
    run(travel, local(START + timedelta(days=1), 7, 30))
    [digest] = [m for m in mail.outbox if people.supervisor.email in m.to]
    assert "not yet marked as read: 1" in digest.body
    assert "Weekly group notes waiting for you to acknowledge: 1" in digest.body
    assert "Everyone came" not in digest.body


def test_acknowledged_escalations_and_notes_are_not_counted(people, group, travel):
    alert = SupervisorAlert.objects.create(
        episode=people.episode,
        supervisor=people.supervisor,
        reason_codes=["asked"],
        reasons="Asked to discuss.",
        raised_by=people.owner,
    )
    course_actions.acknowledge_supervisor_alert(people.supervisor, alert)
    note = group_actions.write_supervision_note(
        people.owner,
        group,
        week_of=START,
        happened="Everyone came.",
        concerns="",
        members_to_discuss=[],
    )
    group_actions.acknowledge_supervision_note(people.supervisor, note)
    run(travel, local(START + timedelta(days=1), 7, 30))
    assert [m for m in mail.outbox if people.supervisor.email in m.to] == []
