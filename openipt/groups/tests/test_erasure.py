"""Erasing a group member's episode blanks the group's free text about them
(groups/erasure.py), and leaves the other members' own rows alone."""

from datetime import date

from openipt.caseload.actions import remove_episode_made_in_error
from openipt.caseload.models import ERASED_TEXT
from openipt.groups import actions
from openipt.groups.models import Group, GroupMember, MemberSessionRecord, SupervisionNote

from .builders import hold, people_group


def test_erasing_a_members_episode_blanks_what_the_group_wrote_about_them(people):
    group, first, second = people_group(people)
    hold(people.owner, group, 1, {})
    actions.set_member_focus(people.owner, first, problem_area="disputes", goal="Speak up.")
    about_first = actions.write_supervision_note(
        people.owner,
        group,
        week_of=date(2026, 9, 7),
        happened="Ruth spoke of her sister.",
        concerns="Ruth seemed low.",
        members_to_discuss=[first],
    )
    about_second = actions.write_supervision_note(
        people.owner,
        group,
        week_of=date(2026, 9, 14),
        happened="Amina was quiet.",
        concerns="",
        members_to_discuss=[second],
    )
    group.refresh_from_db()
    actions.end_group(
        people.owner,
        group,
        status="finished",
        ended_on=date(2026, 9, 20),
        reason="Both worked on their disputes.",
        leaving={},
    )

    remove_episode_made_in_error(people.admin, first.episode, reason="duplicate")

    first.refresh_from_db()
    assert (first.reason, first.referred_to, first.goal) == ("", "", "")
    assert not MemberSessionRecord.objects.filter(member=first).exclude(brought="").exists()
    assert not MemberSessionRecord.objects.filter(member=first).exclude(homework="").exists()
    assert Group.objects.get(pk=group.pk).end_reason == ""
    note = SupervisionNote.objects.get(pk=about_first.pk)
    assert (note.happened, note.concerns) == (ERASED_TEXT, "")
    # The other member's own rows keep their words.
    assert SupervisionNote.objects.get(pk=about_second.pk).happened == "Amina was quiet."
    assert GroupMember.objects.get(pk=second.pk).reason == "Both worked on their disputes."
    kept = MemberSessionRecord.objects.get(member=second)
    assert kept.brought and kept.homework
