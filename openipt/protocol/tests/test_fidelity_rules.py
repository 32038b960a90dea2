"""Fidelity scoring of one course (fidelity.episode_fidelity): pure, table-driven."""

import pytest

from openipt.protocol.course import CourseFacts, SessionFact, TaskFact
from openipt.protocol.fidelity import episode_fidelity, percent
from openipt.protocol.modalities import get

IPT = get("individual_ipt")
INITIAL = [t.key for t in IPT.phase("initial").tasks]
MIDDLE = [t.key for t in IPT.phase("middle").tasks]
TERMINATION = [t.key for t in IPT.phase("termination").tasks]


def attended(*numbers, missed=()):
    facts = [SessionFact(n, "attended") for n in numbers]
    return tuple(facts + [SessionFact(n, "did_not_attend") for n in missed])


def all_done(number, keys, status="done"):
    return tuple(TaskFact(number, key, status) for key in keys)


def test_nothing_recorded_expects_nothing():
    result = episode_fidelity(CourseFacts(IPT, 12))
    assert result.units == [] and result.task_share is None
    assert percent(result.task_share) == "none yet"


def test_initial_phase_in_progress_counts_only_what_is_done():
    facts = CourseFacts(IPT, 12, sessions=attended(1), tasks=all_done(1, INITIAL[:4]))
    result = episode_fidelity(facts)
    assert len(result.done) == 4 and result.missing == []
    assert len(result.with_status("pending")) == len(INITIAL) - 4
    assert result.task_share == 1.0


def test_initial_phase_over_with_a_task_never_done_is_missing():
    tasks = all_done(1, INITIAL[:-1]) + (TaskFact(3, INITIAL[-1], "not_done", "ran out of time"),)
    facts = CourseFacts(IPT, 12, sessions=attended(1, 2, 3), tasks=tasks)
    result = episode_fidelity(facts)
    assert [(u.task_key, u.note) for u in result.missing] == [(INITIAL[-1], "ran out of time")]
    assert result.task_share == (len(INITIAL) - 1) / len(INITIAL)


def test_a_task_done_in_a_later_phase_is_late():
    tasks = all_done(1, [k for k in INITIAL if k != "choose_problem_areas"]) + all_done(
        4, ["choose_problem_areas", *MIDDLE]
    )
    facts = CourseFacts(IPT, 12, sessions=attended(1, 2, 3, 4), tasks=tasks)
    result = episode_fidelity(facts)
    assert [(u.task_key, u.session_number) for u in result.late] == [("choose_problem_areas", 4)]
    assert result.task_share == 1.0


def test_every_session_tasks_are_expected_at_each_attended_session_only():
    tasks = all_done(1, INITIAL) + all_done(4, MIDDLE) + all_done(6, MIDDLE[:-1])
    facts = CourseFacts(IPT, 12, sessions=attended(1, 2, 3, 4, 6, missed=(5,)), tasks=tasks)
    result = episode_fidelity(facts)
    middle = [u for u in result.units if u.phase == "middle"]
    assert len(middle) == 2 * len(MIDDLE)  # sessions 4 and 6, not the missed 5
    assert [(u.task_key, u.session_number) for u in result.missing] == [(MIDDLE[-1], 6)]
    assert result.attendance_rate == 5 / 6


def test_not_applicable_is_skipped_and_not_counted():
    tasks = all_done(1, INITIAL[:-1]) + (TaskFact(1, INITIAL[-1], "not_applicable", "agreed"),)
    facts = CourseFacts(IPT, 12, sessions=attended(1, 2, 3), tasks=tasks)
    result = episode_fidelity(facts)
    assert [(u.task_key, u.note) for u in result.skipped] == [(INITIAL[-1], "agreed")]
    assert result.task_share == 1.0 and result.counted == len(INITIAL) - 1


def test_an_ended_course_ends_every_phase_with_sessions():
    facts = CourseFacts(IPT, 12, sessions=attended(1), tasks=all_done(1, INITIAL[:2]), ended=True)
    result = episode_fidelity(facts)
    assert len(result.missing) == len(INITIAL) - 2
    assert {u.phase for u in result.units} == {"initial"}  # later phases never began


def test_optional_tasks_are_not_scored():
    ipt_a = get("ipt_a")
    middle = [t.key for t in ipt_a.phase("middle").tasks if t.required]
    initial = [t.key for t in ipt_a.phase("initial").tasks]
    facts = CourseFacts(
        ipt_a, 12, sessions=attended(1, 2, 3, 4), tasks=all_done(1, initial) + all_done(4, middle)
    )
    result = episode_fidelity(facts)
    assert "parent_involvement_mid" not in {u.task_key for u in result.units}
    assert result.task_share == 1.0


MEASURES = [
    # (attended sessions, measures given, expected (completed, expected))
    ([1], set(), (0, 2)),  # phq9 and gad7 at session 1; WSAS still pending in the phase
    ([1], {(1, "phq9"), (1, "gad7"), (1, "wsas")}, (3, 3)),
    ([1, 2, 3], {(1, "phq9"), (1, "gad7"), (2, "wsas")}, (3, 7)),  # 3 x 2 + WSAS once
    ([1, 2, 3, 4], {(4, "phq9"), (4, "gad7")}, (2, 9)),
]


@pytest.mark.parametrize(("numbers", "given", "expected"), MEASURES)
def test_measures_at_expected_sessions(numbers, given, expected):
    facts = CourseFacts(IPT, 12, sessions=attended(*numbers))
    result = episode_fidelity(facts, given)
    assert (result.measures_completed, len(result.measures)) == expected


START_END = [
    # (attended sessions, measures given, organisation's extra measures, (completed, expected))
    ([1], set(), ["phqa"], (0, 3)),  # PHQ-A at session 1 besides PHQ-9 and GAD-7
    ([1], {(1, "phqa")}, ["phqa"], (1, 3)),
    ([1], set(), ["wsas"], (0, 2)),  # WSAS is already expected by the modality: not twice
    ([1, 12], {(1, "phqa"), (12, "phqa")}, ["phqa"], (2, 7)),  # first and last planned
    ([1, 5], {(1, "phqa"), (5, "phqa")}, ["phqa"], (1, 6)),  # session 5 is not the last
]


@pytest.mark.parametrize(("numbers", "given", "extra", "expected"), START_END)
def test_the_organisations_start_and_end_measures_count(numbers, given, extra, expected):
    facts = CourseFacts(IPT, 12, sessions=attended(*numbers))
    result = episode_fidelity(facts, given, extra)
    assert (result.measures_completed, len(result.measures)) == expected
