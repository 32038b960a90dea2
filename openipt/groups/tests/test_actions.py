"""The group actions (groups/actions.py): each change is atomic and audited, refuses what the
rules forbid, and keeps each member's own course (episode, course, sessions, measures and
flags) in step with the group."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from openipt.audit.models import AuditEvent
from openipt.caseload.models import EpisodeStatus
from openipt.groups import actions
from openipt.groups.models import GroupAttendance, GroupStatus, Membership, MemberStatus
from openipt.measures.models import FlagStatus, RiskFlag
from openipt.protocol.models import Attendance, EndReason
from openipt.testing.people import make_client

from . import builders
from .builders import START, hold, join, make_group, people_group, phq9, screen


@pytest.fixture
def group(people):
    return make_group(people.owner, co_facilitator=people.co_facilitator)


def test_a_new_group_has_its_sessions_weekly_and_is_audited(people, group):
    sessions = list(group.sessions.order_by("number"))
    assert [s.number for s in sessions] == list(range(1, 9))
    assert sessions[1].scheduled_for - sessions[0].scheduled_for == timedelta(days=7)
    assert group.status == GroupStatus.PLANNED
    assert AuditEvent.objects.filter(action="group.created", object_id=str(group.pk)).exists()


def test_whoever_creates_a_group_runs_it(people):
    with pytest.raises(actions.ChangeRefused) as refused:
        actions.create_group(
            people.unrelated,
            name="Not mine",
            site=people.owner.site,
            modality="group_ipt",
            place="",
            language="English",
            facilitator=people.owner,
            co_facilitator=None,
            planned_sessions=8,
            session_minutes=90,
            membership=Membership.CLOSED,
            first_session_at=builders.at(START),
        )
    assert "facilitator" in refused.value.message_dict


@pytest.mark.parametrize("planned", [7, 10, 20])
def test_only_the_modalitys_session_counts_are_allowed(people, planned):
    with pytest.raises(actions.ChangeRefused) as refused:
        make_group(people.owner, planned=planned)
    assert "planned_sessions" in refused.value.message_dict


def test_a_member_gets_a_course_of_their_own_run_by_the_facilitator(people, group):
    member = screen(people.co_facilitator, group, people.client)
    assert member.status == MemberStatus.SCREENED
    assert member.episode.clinician == people.owner  # the facilitator, whoever added them
    assert member.episode.client == people.client
    # The pre-group PHQ-9 is an administration of the member's own course.
    assert member.episode.administrations.get().instrument == "phq9"
    actions.decide(people.owner, member, accept=True, decided_on=START, reason="Ready.")
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED and member.joined_on == START
    plan = member.episode.course_plan
    assert (plan.modality, plan.planned_sessions, plan.session_minutes) == ("group_ipt", 8, 90)
    own = list(member.episode.sessions.order_by("number"))
    assert [s.number for s in own] == list(range(1, 9))
    assert [s.scheduled_for for s in own] == [
        s.scheduled_for for s in group.sessions.order_by("number")
    ]


def test_a_client_is_in_one_group_at_a_time(people, group):
    join(people.owner, group, people.client)
    other = make_group(people.owner, name="Thursday group")
    with pytest.raises(actions.ChangeRefused) as refused:
        actions.add_member(people.owner, other, people.client)
    assert "already in a group" in refused.value.message_dict["client"][0]


def test_the_refusal_of_a_second_group_reads_whole_in_dutch(people, group):
    join(people.owner, group, people.client)
    other = make_group(people.owner, name="Thursday group")
    with translation.override("nl"), pytest.raises(actions.ChangeRefused) as refused:
        actions.add_member(people.owner, other, people.client)
    assert refused.value.message_dict["client"] == [
        f"{people.client.full_name} zit al in een groep ({group.name})."
    ]


def test_a_client_may_keep_an_individual_course_beside_their_group(people, group):
    # The client's individual episode (make_people) stays open while they join a group.
    member = join(people.owner, group, people.client)
    open_episodes = people.client.episodes.filter(status=EpisodeStatus.OPEN)
    assert set(open_episodes) == {people.episode, member.episode}


def test_a_full_group_takes_nobody_more(people, group):
    for n in range(14):
        client = make_client(people.owner, f"Member{n}", episode=False)
        actions.add_member(people.owner, group, client)
    with pytest.raises(actions.ChangeRefused) as refused:
        actions.add_member(people.owner, group, people.client)
    assert "full" in refused.value.message_dict["client"][0]


def test_a_closed_group_that_has_begun_takes_no_new_members(people, group):
    group.membership = Membership.CLOSED
    group.save()
    join(people.owner, group, people.client)
    hold(people.owner, group, 1, {})
    with pytest.raises(actions.ChangeRefused):
        actions.add_member(people.owner, group, people.second_member)


def test_an_open_group_takes_a_member_who_starts_at_the_next_session(people, group):
    join(people.owner, group, people.client)
    hold(people.owner, group, 1, {})
    hold(people.owner, group, 2, {})
    late = join(people.owner, group, people.second_member)
    assert list(late.episode.sessions.values_list("number", flat=True)) == list(range(3, 9))


def test_an_exclusion_at_screening_is_a_referral_not_membership(people, group):
    member = screen(
        people.owner,
        group,
        people.client,
        suicidal_crisis=True,
        referral={
            "referred_to": "Crisis team",
            "reason": "Acute suicidal thoughts.",
            "referred_on": START,
        },
    )
    assert member.status == MemberStatus.DECLINED
    assert "referred to Crisis team" in member.reason and member.referred_to == "Crisis team"
    assert member.episode.referrals.get().referred_to == "Crisis team"
    member.episode.refresh_from_db()
    assert member.episode.status == EpisodeStatus.CLOSED
    with pytest.raises(actions.ChangeRefused):
        actions.decide(people.owner, member, accept=True, decided_on=START)


def test_acceptance_needs_a_pre_group_session(people, group):
    member = actions.add_member(people.owner, group, people.client)
    with pytest.raises(actions.ChangeRefused) as refused:
        actions.decide(people.owner, member, accept=True, decided_on=START)
    assert "pre-group session" in refused.value.message_dict["accept"][0]


def test_declining_closes_the_members_episode(people, group):
    member = screen(people.owner, group, people.client)
    actions.decide(people.owner, member, accept=False, decided_on=START, reason="Prefers 1:1.")
    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED and member.reason == "Prefers 1:1."
    assert member.episode.status == EpisodeStatus.CLOSED


def test_a_safety_answer_at_screening_raises_the_members_flag(people, group):
    member = actions.add_member(people.owner, group, people.client)
    actions.record_pre_group_session(
        people.owner,
        member,
        actions.PreGroupMeeting(number=1),
        screen={
            "screened_on": START,
            "symptoms": "Low.",
            "fit_answers": [],
            "notes": "",
            **builders.NO_EXCLUSIONS,
        },
        phq9_answers=phq9(10, q9=1),
    )
    assert RiskFlag.objects.get(episode=member.episode).status == FlagStatus.OPEN


# --- a group session --------------------------------------------------------------------


def test_a_session_is_kept_on_each_members_course(people):
    group, first, second = people_group(people)
    saved = hold(
        people.owner,
        group,
        1,
        {first.pk: GroupAttendance.LATE, second.pk: GroupAttendance.DID_NOT_ATTEND},
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.RUNNING
    first_session = first.episode.sessions.get(number=1)
    second_session = second.episode.sessions.get(number=1)
    assert first_session.attendance == Attendance.ATTENDED  # late is there
    assert second_session.attendance == Attendance.DID_NOT_ATTEND
    # The agenda is kept on the course of a member who was there.
    assert first_session.task_records.count() == len(saved.group_session.task_records.all())
    assert second_session.task_records.count() == 0
    # Session 1 asks the PHQ-9 (the baseline), given in the session.
    given = first.episode.administrations.get(session=first_session)
    assert (given.instrument, given.respondent) == ("phq9", "client_in_session")
    assert not second.episode.administrations.filter(session=second_session).exists()
    first.refresh_from_db()
    assert first.status == MemberStatus.ACTIVE
    record = first.session_records.get()
    assert (record.attendance, record.homework) == ("late", "Call her sister on Sunday.")


def test_item_9_raises_that_members_flag_in_the_same_change(people):
    group, first, second = people_group(people)
    saved = hold(
        people.owner,
        group,
        1,
        {},
        measures={first.pk: {"phq9": phq9(12, q9=1)}, second.pk: {"phq9": phq9(8)}},
    )
    assert [flag.episode_id for flag in saved.flags] == [first.episode_id]
    flag = RiskFlag.objects.get(episode=first.episode, status=FlagStatus.OPEN)
    assert flag.session.number == 1
    assert not RiskFlag.objects.filter(episode=second.episode).exists()


def test_the_check_in_between_asks_the_safety_question_and_flags_it(people):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {})
    saved = hold(
        people.owner,
        group,
        2,
        {},
        measures={
            first.pk: {"checkin": {"mood": 2, "q9": 2}},
            second.pk: {"checkin": {"mood": 0, "q9": 0}},
        },
    )
    assert [flag.instrument for flag in saved.flags] == ["checkin"]


def test_a_bad_row_writes_nothing_at_all(people):
    group, first, second = people_group(people)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017, PT011 (any refusal: nothing must be kept)
        hold(
            people.owner,
            group,
            1,
            {},
            measures={first.pk: {"phq9": phq9(12, q9=1)}, second.pk: {"phq9": {"q1": 9}}},
        )
    assert not RiskFlag.objects.filter(episode=first.episode).exists()
    assert not first.episode.administrations.filter(session__isnull=False).exists()
    assert first.episode.sessions.get(number=1).attendance == Attendance.SCHEDULED
    assert group.sessions.get(number=1).took_place is None
    assert AuditEvent.objects.count() == before


def test_a_session_that_did_not_take_place_is_cancelled_for_everyone(people):
    group, first, second = people_group(people)
    actions.record_group_session(
        people.owner, group.sessions.get(number=1), took_place=False, held_on=START
    )
    assert {m.episode.sessions.get(number=1).attendance for m in (first, second)} == {
        Attendance.CANCELLED_BY_CLINICIAN
    }


# --- leaving and ending -------------------------------------------------------------------


def test_a_member_who_drops_out_ends_their_course_with_the_reason(people):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {})
    hold(people.owner, group, 2, {first.pk: GroupAttendance.DID_NOT_ATTEND})
    hold(people.owner, group, 3, {first.pk: GroupAttendance.CANCELLED})
    actions.leave_group(
        people.owner,
        first,
        status=MemberStatus.DROPPED_OUT,
        left_on=START + timedelta(days=21),
        reason="Moved away for work.",
    )
    first.refresh_from_db()
    ending = first.episode.course_ending
    assert (ending.reason, ending.missed_sessions) == (EndReason.DROPPED_OUT, 2)
    assert ending.first_phq9 == 14  # the pre-group screen
    assert first.episode.status == EpisodeStatus.CLOSED
    assert not first.episode.sessions.filter(attendance=Attendance.SCHEDULED).exists()


def test_ending_the_group_ends_every_members_course(people):
    group, first, second = people_group(people)
    waiting = screen(people.owner, group, make_client(people.owner, "Kim", episode=False))
    for number in range(1, 9):
        hold(people.owner, group, number, {})
    actions.end_group(
        people.owner,
        group,
        status=GroupStatus.FINISHED,
        ended_on=START + timedelta(days=56),
        reason="All eight sessions held.",
        leaving={second.pk: MemberStatus.REFERRED_ON},
    )
    for member in (first, second, waiting):
        member.refresh_from_db()
    assert first.status == MemberStatus.COMPLETED
    assert first.episode.course_ending.reason == EndReason.COMPLETED
    assert second.status == MemberStatus.REFERRED_ON
    assert waiting.status == MemberStatus.DECLINED
    assert waiting.reason == "The group ended before a decision was made."
    group.refresh_from_db()
    assert group.status == GroupStatus.FINISHED
    with pytest.raises(actions.ChangeRefused):
        actions.add_member(people.owner, group, people.another_client)


def test_a_member_declined_by_the_end_of_the_group_has_the_reason_in_the_enders_words(people):
    group, _, _ = people_group(people)
    waiting = screen(people.owner, group, make_client(people.owner, "Kim", episode=False))
    with translation.override("nl"):
        actions.end_group(
            people.owner,
            group,
            status=GroupStatus.CANCELLED,
            ended_on=START,
            reason="Te weinig deelnemers.",
            leaving={},
        )
    waiting.refresh_from_db()
    assert waiting.reason == "De groep is beëindigd voordat er een besluit was genomen."


# --- supervision ---------------------------------------------------------------------------


def test_a_supervision_note_tells_the_supervisors_and_is_acknowledged_once(
    people, group, django_capture_on_commit_callbacks
):
    member = join(people.owner, group, people.client)
    with django_capture_on_commit_callbacks(execute=True):
        note = actions.write_supervision_note(
            people.owner,
            group,
            week_of=START + timedelta(days=2),
            happened="Good first session.",
            concerns="",
            members_to_discuss=[member],
        )
    assert note.week_of == START  # the Monday
    # The facilitator's and the co-facilitator's supervisors, without clinical detail.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "othersupervisor@example.invalid",
        "supervisor@example.invalid",
    ]
    assert "Good first session" not in mail.outbox[0].body
    actions.acknowledge_supervision_note(people.supervisor, note, comment="Thanks.")
    with pytest.raises(actions.NoteAlreadyAcknowledged):
        actions.acknowledge_supervision_note(people.other_supervisor, note)
    with pytest.raises(actions.ChangeRefused):
        actions.write_supervision_note(
            people.owner,
            group,
            week_of=START,
            happened="Changed afterwards.",
            concerns="",
            members_to_discuss=[],
        )


# --- counsellor escalation and the organisation's drop-out rule ------------------------------


def test_counsellor_escalation_applies_to_each_member(people):
    """A counsellor's group: a member whose PHQ-9 is at the step-up threshold tells the
    counsellor's supervisor, as any course a counsellor runs does."""
    group = make_group(people.unrelated)  # a counsellor, supervised by the other supervisor
    calm = join(people.unrelated, group, make_client(people.unrelated, "Calm", episode=False))
    worried = join(people.unrelated, group, make_client(people.unrelated, "High", episode=False))
    hold(
        people.unrelated,
        group,
        1,
        {},
        measures={calm.pk: {"phq9": phq9(8)}, worried.pk: {"phq9": phq9(22)}},
    )
    alert = worried.episode.supervisor_alerts.get()
    assert alert.supervisor == people.other_supervisor
    assert not calm.episode.supervisor_alerts.exists()


def test_the_admin_sets_the_drop_out_rule_on_the_organisation_page(people, client):
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:organisation"),
        {
            "step_up_phq9_threshold": "20",
            "risk_acknowledgement_working_days": "1",
            "group_dropout_missed_in_a_row": "3",
        },
    )
    assert response.status_code == 302
    people.admin.organisation.refresh_from_db()
    assert people.admin.organisation.group_dropout_missed_in_a_row == 3
    event = AuditEvent.objects.get(action="organisation.updated")
    assert "group_dropout_missed_in_a_row" in event.facts["changed"]
    response = client.post(
        reverse("clinic:organisation"),
        {
            "step_up_phq9_threshold": "20",
            "risk_acknowledgement_working_days": "1",
            "group_dropout_missed_in_a_row": "0",
        },
    )
    assert "between 1 and 6 sessions" in response.content.decode()
