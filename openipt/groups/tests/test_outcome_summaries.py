"""A group member's course keeps its outcome summary (openipt/outcomes) as an individual
course does: the group actions record through the course and measure actions, which tell
caseload/events.py, so the service's figures count group members."""

from datetime import date

from openipt.caseload.models import Episode
from openipt.groups import actions
from openipt.groups.models import GroupAttendance
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.summaries import summaries_from_records

from .builders import hold, people_group, phq9

BOOKKEEPING = ("updated_at",)


def facts(summary):
    return {
        field.attname: getattr(summary, field.attname)
        for field in OutcomeSummary._meta.concrete_fields
        if field.attname not in BOOKKEEPING
    }


def worked_out(episode):
    (summary,) = summaries_from_records(Episode.objects.filter(pk=episode.pk))
    return facts(summary)


def test_a_group_session_keeps_each_members_summary_up_to_date(people):
    group, first, second = people_group(people)
    hold(
        people.owner,
        group,
        1,
        {second.pk: GroupAttendance.DID_NOT_ATTEND},
        measures={first.pk: {"phq9": phq9(9)}},
    )
    hold(people.owner, group, 2, {}, measures={first.pk: {}, second.pk: {}})
    summary = OutcomeSummary.objects.get(pk=first.episode_id)
    assert summary.modality == "group_ipt"
    assert summary.attended_sessions == 2
    assert (summary.phq9_first, summary.phq9_last) == (14, 9)  # the pre-group screen, then
    assert OutcomeSummary.objects.get(pk=second.episode_id).attended_sessions == 1
    for member in (first, second):
        assert facts(OutcomeSummary.objects.get(pk=member.episode_id)) == worked_out(member.episode)


def test_a_member_who_leaves_has_an_ended_course_in_the_figures(people):
    group, first, _ = people_group(people)
    hold(people.owner, group, 1, {})
    hold(people.owner, group, 2, {})
    actions.leave_group(
        people.owner, first, status="completed", left_on=date(2026, 9, 20), reason="Done."
    )
    summary = OutcomeSummary.objects.get(pk=first.episode_id)
    assert (summary.ended_on, summary.end_reason) == (date(2026, 9, 20), "completed")
    assert summary.finished_course
    assert facts(summary) == worked_out(first.episode)
