"""The outcome summary follows every change of an episode's facts, in the same transaction,
in a fixed number of queries, and always equals the summary worked out from the records."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from openipt.accounts.models import Site
from openipt.caseload.actions import reassign_episode, update_client
from openipt.caseload.models import Episode
from openipt.measures import queries as measures_queries
from openipt.outcomes import summaries
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.summaries import (
    mark_for_recomputation,
    rebuild_all,
    summaries_from_records,
)
from openipt.protocol import actions as course_actions
from openipt.protocol.models import CoursePlan

from .builders import pathway, score

REFERRED = date(2026, 1, 5)
# Fields that say when or whether a row was written, not what it holds.
BOOKKEEPING = ("updated_at",)


def stored(episode):
    return OutcomeSummary.objects.get(pk=episode.pk)


def facts(summary):
    return {
        field.attname: getattr(summary, field.attname)
        for field in OutcomeSummary._meta.concrete_fields
        if field.attname not in BOOKKEEPING
    }


def from_records(episode):
    (summary,) = summaries_from_records(Episode.objects.filter(pk=episode.pk))
    return summary


def test_a_finished_course_is_summarised_as_it_happened(people):
    episode = pathway(
        people.owner,
        people.client,
        referred_on=REFERRED,
        wait_days=30,
        attended=6,
        missed=1,
        phq9=(16, 12, 7),
        gad7=(11, 6),
        ended=True,
        reason="completed",
    )
    summary = stored(episode)
    first_session = REFERRED + timedelta(days=30)
    assert (summary.referred_on, summary.assessed_on) == (REFERRED, REFERRED)
    assert (summary.course_started_on, summary.first_treatment_on) == (
        first_session,
        first_session,
    )
    assert (summary.waiting_days, summary.attended_sessions) == (30, 6)
    assert (summary.ended_on, summary.end_reason) == (
        first_session + timedelta(weeks=7),
        "completed",
    )
    assert (summary.phq9_count, summary.phq9_first, summary.phq9_last) == (3, 16, 7)
    assert (summary.gad7_count, summary.gad7_first, summary.gad7_last) == (2, 11, 6)
    assert summary.modality == "individual_ipt"
    assert (summary.clinician_id, summary.site_id) == (people.owner.pk, people.client.site_id)
    # PHQ-9 16 -> 7 (down 9), GAD-7 11 -> 6 (down 5): a case, below both cut-offs at the end.
    assert summary.finished_course and summary.has_pairs and summary.case_at_start
    assert summary.recovery and summary.reliable_improvement and summary.reliable_recovery
    assert summary.reliable_deterioration is False
    assert (summary.response, summary.remission) == (True, False)
    assert facts(summary) == facts(from_records(episode))


def test_the_summary_agrees_with_the_episode_page(people):
    episode = pathway(
        people.owner, people.client, referred_on=REFERRED, attended=3, phq9=(14, 15), gad7=(6, 11)
    )
    page = measures_queries.episode_outcome(
        episode, measures_queries.episode_administrations(episode)
    )
    summary = stored(episode)
    for name in ("case_at_start", "recovery", "reliable_improvement", "reliable_deterioration"):
        assert getattr(summary, name) == getattr(page, name), name
    assert summary.finished_course is page.finished_course is False


@pytest.mark.parametrize(
    ("attended", "missed", "ended"), [(0, 0, False), (3, 2, False), (3, 2, True)]
)
def test_the_episode_page_counts_attended_sessions_and_sees_the_ending(
    people, attended, missed, ended
):
    episode = pathway(
        people.owner,
        people.client,
        referred_on=REFERRED,
        attended=attended,
        missed=missed,
        ended=ended,
    )
    assert measures_queries.attended_and_ended(episode) == (attended, ended)
    assert stored(episode).finished_course is (ended and attended >= 2)


def test_a_course_still_running_has_not_finished_however_many_sessions(people):
    """Issue 11: counting any episode with two attended sessions was wrong."""
    episode = pathway(people.owner, people.client, referred_on=REFERRED, attended=5)
    assert stored(episode).finished_course is False
    plan = CoursePlan.objects.get(episode=episode)
    course_actions.end_course(
        people.owner,
        plan,
        ended_on=REFERRED + timedelta(weeks=8),
        reason="completed",
        problem_area_progress="Some.",
        future_plan="More.",
    )
    assert stored(episode).finished_course is True


def test_an_ended_course_with_one_attended_session_has_not_finished(people):
    episode = pathway(
        people.owner,
        people.client,
        referred_on=REFERRED,
        attended=1,
        missed=2,
        ended=True,
        reason="dropped_out",
    )
    summary = stored(episode)
    assert (summary.finished_course, summary.end_reason) == (False, "dropped_out")


def test_a_backdated_score_becomes_the_first_and_a_same_day_score_the_last(people):
    episode = pathway(people.owner, people.client, referred_on=REFERRED, phq9=(12, 10))
    day = REFERRED + timedelta(days=14)
    score(people.owner, episode, "phq9", 20, day - timedelta(days=3))  # earlier than the first
    score(people.owner, episode, "phq9", 5, day + timedelta(weeks=1))  # same day as the last
    score(people.owner, episode, "phq9", 7, day - timedelta(days=3))  # same day as the first
    summary = stored(episode)
    assert (summary.phq9_count, summary.phq9_first, summary.phq9_last) == (5, 20, 5)
    assert facts(summary) == facts(from_records(episode))


def test_a_corrected_session_record_takes_its_attendance_away(people):
    episode = pathway(people.owner, people.client, referred_on=REFERRED, attended=2)
    session = episode.sessions.get(number=1)
    course_actions.record_session(
        people.owner,
        session,
        held_on=session.held_on,
        duration_minutes=None,
        attendance="did_not_attend",
    )
    summary = stored(episode)
    assert summary.attended_sessions == 1
    assert summary.first_treatment_on == episode.sessions.get(number=2).held_on


def test_reassignment_and_a_change_of_site_move_the_summary(people):
    episode = pathway(people.owner, people.client, referred_on=REFERRED, attended=1)
    reassign_episode(people.admin, episode, people.unrelated)
    harbour = Site.objects.create(organisation=people.owner.organisation, name="Harbour")
    update_client(people.admin, people.client, site=harbour)
    summary = stored(episode)
    assert (summary.clinician_id, summary.site_id) == (people.unrelated.pk, harbour.pk)
    assert facts(summary) == facts(from_records(episode))


def test_a_change_that_rolls_back_leaves_the_summary_as_it_was(people):
    episode = pathway(people.owner, people.client, referred_on=REFERRED, phq9=(15,))
    before = facts(stored(episode))
    with pytest.raises(RuntimeError), transaction.atomic():
        score(people.owner, episode, "phq9", 4, REFERRED + timedelta(weeks=4))
        assert stored(episode).phq9_count == 2
        raise RuntimeError("the rest of the change failed")
    assert facts(stored(episode)) == before


def test_an_episode_without_a_summary_gets_one_from_its_records_at_its_next_change(people):
    """Episodes from before summaries were kept (and the named people's, made directly)."""
    episode = people.episode
    assert not OutcomeSummary.objects.filter(pk=episode.pk).exists()
    score(people.owner, episode, "phq9", 18, episode.opened_on)
    summary = stored(episode)
    assert (summary.phq9_count, summary.phq9_first, summary.referred_on) == (
        1,
        18,
        episode.opened_on,
    )


def test_marked_summaries_are_stale_until_the_change_commits(
    people, django_capture_on_commit_callbacks
):
    episode = pathway(people.owner, people.client, referred_on=REFERRED, phq9=(15, 9))
    # A change made outside the actions (as an erasure might): the scores go.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        episode.administrations.all().delete()
        mark_for_recomputation([episode.pk])
        assert stored(episode).stale is True
    summary = stored(episode)
    assert (summary.stale, summary.phq9_count, summary.has_pairs) == (False, 0, False)


def test_marking_in_a_change_that_rolls_back_recomputes_nothing(
    people, django_capture_on_commit_callbacks
):
    episode = pathway(people.owner, people.client, referred_on=REFERRED)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mark_for_recomputation([episode.pk])
        raise RuntimeError("erasure failed")
    assert callbacks == [] and stored(episode).stale is False


def test_the_rebuild_command_recomputes_every_summary(people, capsys):
    first = pathway(people.owner, people.client, referred_on=REFERRED, attended=2, phq9=(14, 8))
    second = pathway(people.unrelated, people.another_client, referred_on=REFERRED, gad7=(9, 3))
    expected = {e.pk: facts(stored(e)) for e in (first, second)}
    OutcomeSummary.objects.filter(pk=first.pk).update(attended_sessions=9, recovery=None)
    OutcomeSummary.objects.filter(pk=second.pk).delete()
    call_command("rebuild_outcome_summaries")
    assert f"Outcome summaries recomputed: {Episode.objects.count()} in" in capsys.readouterr().out
    for pk, values in expected.items():
        assert facts(OutcomeSummary.objects.get(pk=pk)) == values
    # The named people's episodes, made directly, have summaries now too.
    assert OutcomeSummary.objects.count() == Episode.objects.count()


def test_the_rebuild_works_in_batches(people):
    for _ in range(3):
        pathway(people.owner, people.client, referred_on=REFERRED, phq9=(12, 4))
    assert rebuild_all(batch_size=2) == Episode.objects.count()
    assert OutcomeSummary.objects.filter(recovery=True).count() == 3


def test_a_summary_under_another_improvement_rule_is_recomputed_under_the_one_in_force(
    people, settings
):
    # PHQ-9 down 8 but GAD-7 up 5: improved only under the lenient rule.
    episode = pathway(people.owner, people.client, referred_on=REFERRED, phq9=(18, 10), gad7=(4, 9))
    assert stored(episode).reliable_improvement is False
    settings.OPENIPT_RELIABLE_IMPROVEMENT_RULE = "any"
    rebuild_all()
    summary = stored(episode)
    assert (summary.improvement_rule, summary.reliable_improvement) == ("any", True)


# --- cheap: a fixed number of queries per change, whatever the episode holds -------------


def _episode_of(people, sessions):
    return pathway(
        people.owner,
        people.client,
        referred_on=REFERRED,
        attended=sessions,
        phq9=tuple(range(20, 20 - sessions, -1)),
        gad7=tuple(range(15, 15 - sessions, -1)),
    )


def queries_of(change):
    with CaptureQueriesContext(connection) as done:
        change()
    return len(done)


def test_recording_a_score_or_a_session_costs_the_same_however_long_the_episode(people):
    counts = {}
    for sessions in (1, 12):
        episode = _episode_of(people, sessions)
        plan = CoursePlan.objects.get(episode=episode)
        (session,) = course_actions.schedule_sessions(
            people.owner, plan, first_at=episode.sessions.last().scheduled_for, count=1
        )
        counts[sessions] = (
            queries_of(lambda e=episode: score(people.owner, e, "gad7", 3, REFERRED)),
            queries_of(
                lambda s=session: course_actions.record_session(
                    people.owner,
                    s,
                    held_on=REFERRED + timedelta(weeks=30),
                    duration_minutes=50,
                    attendance="attended",
                )
            ),
        )
    assert counts[1] == counts[12]


def test_each_listener_adds_at_most_three_queries(people, django_assert_num_queries):
    episode = _episode_of(people, 3)
    plan = CoursePlan.objects.get(episode=episode)
    administration = episode.administrations.filter(instrument="phq9").last()
    with django_assert_num_queries(2):  # lock and read the summary; write it
        summaries.measure_recorded(administration=administration)
    with django_assert_num_queries(3):  # count the attended sessions; lock, read; write
        summaries.sessions_changed(episode_id=episode.pk)
    with django_assert_num_queries(2):
        summaries.course_ended(
            ending=SimpleNamespace(episode_id=episode.pk, ended_on=REFERRED, reason="completed")
        )
    with django_assert_num_queries(1):  # one update
        summaries.course_started(plan=plan)
    with django_assert_num_queries(1):
        summaries.episode_reassigned(episode=episode)
    with django_assert_num_queries(1):
        summaries.client_site_changed(client=people.client)
    with django_assert_num_queries(0):  # not a paired measure
        summaries.measure_recorded(administration=SimpleNamespace(instrument="wsas"))
