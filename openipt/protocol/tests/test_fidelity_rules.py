"""Fidelity scoring of one course (fidelity.episode_fidelity): pure, table-driven."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from openipt.protocol.course import CourseFacts, HomeworkFact, SessionFact, TaskFact
from openipt.protocol.fidelity import episode_fidelity, session_set_in
from openipt.protocol.modalities import get
from openipt.protocol.models import percent

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


# --- records behind the ticks: homework, the ending, the relapse-prevention plan ---------

START = date(2026, 9, 7)


def held(*numbers, missed=()):
    """Attended sessions held weekly from START (and missed ones), with their dates."""
    facts = [SessionFact(n, "attended", START + timedelta(weeks=n - 1)) for n in numbers]
    return tuple(facts + [SessionFact(n, "did_not_attend", START) for n in missed])


def homework(session, *, sent=None, reviewed=False):
    """Homework recorded as set in `session`; `sent` is the week (from START) it was sent."""
    sent_on = START + timedelta(weeks=sent) if sent is not None else None
    return HomeworkFact(START, set_in_session=session, submitted_on=sent_on, reviewed=reviewed)


def kinds(units):
    return [(u.kind, u.session_number, u.completed) for u in units]


HOMEWORK = [
    # (attended sessions, homework, ended, counted units as (kind, session, completed))
    ([1, 2, 3], [], False, []),  # no middle-phase session yet: nothing expected
    ([1, 2, 3, 4], [], False, []),  # session 4 is the latest: homework may still be set
    ([1, 2, 3, 4, 5], [], False, [("homework_set", 4, False)]),
    ([1, 2, 3, 4, 5], [homework(4)], False, [("homework_set", 4, True)]),
    ([1, 2, 3, 4], [], True, [("homework_set", 4, False)]),  # ended: no later chance
    # Sent in week 4 (after session 5 was held in week 4): reviewed or not, session 6 is
    # the first held since; before it, the review is still pending.
    ([1, 2, 3, 4, 5], [homework(4, sent=4)], False, [("homework_set", 4, True)]),
    (
        [1, 2, 3, 4, 5, 6],
        [homework(4, sent=4), homework(5)],
        False,
        [("homework_set", 4, True), ("homework_set", 5, True), ("homework_reviewed", 4, False)],
    ),
    (
        [1, 2, 3, 4, 5, 6],
        [homework(4, sent=4, reviewed=True), homework(5)],
        False,
        [("homework_set", 4, True), ("homework_set", 5, True), ("homework_reviewed", 4, True)],
    ),
    # Homework set in the initial phase is not middle-phase homework.
    ([1, 2, 3, 4, 5], [homework(2, sent=1, reviewed=True)], False, [("homework_set", 4, False)]),
]


@pytest.mark.parametrize(("numbers", "pieces", "ended", "expected"), HOMEWORK)
def test_homework_set_and_reviewed_in_the_middle_phase(numbers, pieces, ended, expected):
    facts = CourseFacts(IPT, 12, sessions=held(*numbers), ended=ended)
    result = episode_fidelity(facts, homework=pieces)
    assert kinds(result.homework) == expected


def test_homework_without_a_session_belongs_to_the_latest_session_held_by_then():
    sessions = held(1, 2, 3, 4, 5, 6)
    on_day_of_five = HomeworkFact(START + timedelta(weeks=4, days=2))
    before_any = HomeworkFact(START - timedelta(days=1))
    assert session_set_in(on_day_of_five, sessions) == 5
    assert session_set_in(before_any, sessions) is None
    result = episode_fidelity(CourseFacts(IPT, 12, sessions=sessions), homework=[on_day_of_five])
    assert kinds(result.homework) == [("homework_set", 4, False), ("homework_set", 5, True)]


def test_a_modality_whose_middle_phase_does_not_require_homework_expects_none():
    # Every shipped modality requires it; the rule reads the definition, not a code.
    optional = tuple(
        replace(task, required=False) if "homework" in task.key else task
        for task in IPT.phase("middle").tasks
    )
    phases = tuple(
        replace(phase, tasks=optional) if phase.key == "middle" else phase for phase in IPT.phases
    )
    facts = CourseFacts(replace(IPT, phases=phases), 12, sessions=held(*range(1, 12)), ended=True)
    assert episode_fidelity(facts).homework == []


CLOSING = [
    # (attended, missed, ended, relapse plan, counted (kind, completed), pending kinds)
    ([1, 2, 3], (), False, False, [], []),
    ([1, 2, 3], (), True, False, [("ending", True)], []),  # dropped out early: no plan due
    ([*range(1, 11)], (), False, False, [], ["relapse_plan"]),  # termination under way
    ([*range(1, 11)], (), False, True, [("relapse_plan", True)], []),
    ([*range(1, 13)], (), False, False, [("ending", False), ("relapse_plan", False)], []),
    ([*range(1, 12)], (12,), True, True, [("ending", True), ("relapse_plan", True)], []),
]


@pytest.mark.parametrize(("numbers", "missed", "ended", "plan", "expected", "pending"), CLOSING)
def test_ending_and_relapse_prevention_plan(numbers, missed, ended, plan, expected, pending):
    facts = CourseFacts(IPT, 12, sessions=held(*numbers, missed=missed), ended=ended)
    result = episode_fidelity(facts, relapse_plan=plan)
    assert [(u.kind, u.completed) for u in result.closing] == expected
    assert [u.kind for u in result.pending_records] == pending


def test_score_is_the_mean_of_the_parts_that_expect_something():
    facts = CourseFacts(IPT, 12, sessions=held(1), tasks=all_done(1, INITIAL))
    result = episode_fidelity(facts, {(1, "phq9")})
    # Tasks 100%, measures 1 of 2; no homework or ending expected yet.
    assert (result.task_share, result.measure_share) == (1.0, 0.5)
    assert result.homework_share is None and result.closing_share is None
    assert result.score == 0.75
    assert episode_fidelity(CourseFacts(IPT, 12)).score is None


def test_ticks_alone_do_not_make_a_full_score():
    """Issue 11: a course with 2 of 26 expected measures and no homework must not score
    100%, however well its agendas are ticked."""
    numbers = range(1, 12)  # 11 of 12 sessions attended, then the course ended
    b = CourseFacts(IPT, 12).boundaries
    tasks = ()
    for number in numbers:
        keys = {"initial": INITIAL, "middle": MIDDLE, "termination": TERMINATION}[
            b.phase_of(number)
        ]
        tasks += all_done(number, keys)
    facts = CourseFacts(IPT, 12, sessions=held(*numbers), tasks=tasks, ended=True)
    result = episode_fidelity(facts, {(1, "phq9"), (1, "gad7")})
    assert result.task_share == 1.0
    assert (result.measures_completed, len(result.measures)) == (2, 26)
    assert result.homework_share == 0.0
    assert result.score < 0.5
    assert result.score_percent != "100%"
