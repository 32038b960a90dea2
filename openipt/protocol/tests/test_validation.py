"""validate_modality / validate_all: shipped definitions pass, broken copies are caught."""

from dataclasses import replace

import pytest

from openipt.protocol.modalities import SHIPPED, get
from openipt.protocol.modalities.base import BoundaryRule, Phase, PhaseKey, SessionRange, Task
from openipt.protocol.phases import (
    ModalityError,
    registry_problems,
    validate_all,
    validate_modality,
)


def test_shipped_modalities_have_no_problems():
    assert registry_problems() == []
    validate_all()  # raises ModalityError otherwise


@pytest.mark.parametrize("modality", SHIPPED, ids=lambda modality: modality.code)
def test_each_shipped_modality_validates(modality):
    assert validate_modality(modality) == []


# --- helpers that make broken copies of a sound definition --------------------------------


def with_phase(modality, key, **changes):
    phases = tuple(replace(p, **changes) if p.key == key else p for p in modality.phases)
    return replace(modality, phases=phases)


def with_extra_task(modality, phase_key, task):
    phase = modality.phase(phase_key)
    return with_phase(modality, phase_key, tasks=(*phase.tasks, task))


def problems_mentioning(modality, text):
    return [problem for problem in validate_modality(modality) if text in problem]


# --- gaps in the phases -------------------------------------------------------------------


def test_boundary_rules_starting_above_the_minimum_leave_a_gap():
    ipt = get("individual_ipt")
    broken = replace(
        ipt,
        boundary_rules=(BoundaryRule(from_planned=10, initial_sessions=3, termination_sessions=3),),
    )

    assert problems_mentioning(broken, "no boundary rule covers 8 planned sessions")
    assert problems_mentioning(broken, "no boundary rule covers 9 planned sessions")


def test_missing_middle_phase_is_a_gap():
    ipt = get("individual_ipt")
    broken = replace(ipt, phases=(ipt.phases[0], ipt.phases[2]))

    assert problems_mentioning(broken, "phases must be initial, middle, termination")


def test_rule_that_leaves_no_middle_session_is_reported():
    ipc = get("ipc")
    broken = replace(
        ipc,
        boundary_rules=(BoundaryRule(from_planned=3, initial_sessions=2, termination_sessions=1),),
    )

    assert problems_mentioning(broken, "with 3 planned sessions the middle phase has no session")


def test_rule_with_zero_termination_sessions_is_reported():
    ipc = get("ipc")
    broken = replace(
        ipc,
        boundary_rules=(BoundaryRule(from_planned=3, initial_sessions=1, termination_sessions=0),),
    )

    assert problems_mentioning(broken, "the termination phase has no session")


def test_unordered_boundary_rules_are_reported():
    ipc = get("ipc")
    broken = replace(ipc, boundary_rules=tuple(reversed(ipc.boundary_rules)))

    assert problems_mentioning(broken, "strictly increasing")


# --- tasks --------------------------------------------------------------------------------


def test_duplicate_task_key_is_reported():
    ipt = get("individual_ipt")
    broken = with_extra_task(ipt, "termination", Task(key="timeline", title="Timeline again"))

    assert problems_mentioning(broken, "task key 'timeline' is used more than once")


def test_counsellor_task_without_guide_is_reported():
    ipc = get("ipc")
    broken = with_extra_task(ipc, "middle", Task(key="extra_step", title="An extra step"))

    assert problems_mentioning(broken, "counsellor task 'extra_step' has no guide")


def test_therapist_task_without_guide_is_allowed():
    ipt = get("individual_ipt")
    extended = with_extra_task(ipt, "middle", Task(key="extra_step", title="An extra step"))

    assert validate_modality(extended) == []


def test_unknown_task_reference_is_reported():
    ipt = get("individual_ipt")
    broken = with_extra_task(
        ipt, "middle", Task(key="extra_step", title="Extra", builds_on=("no_such_task",))
    )

    assert problems_mentioning(broken, "builds on unknown task 'no_such_task'")


def test_reference_to_a_later_phase_is_reported():
    ipt = get("individual_ipt")
    broken = with_extra_task(
        ipt, "initial", Task(key="extra_step", title="Extra", builds_on=("progress_review",))
    )

    assert problems_mentioning(broken, "from a later phase")


def test_badly_formed_task_key_is_reported():
    ipt = get("individual_ipt")
    broken = with_extra_task(ipt, "middle", Task(key="Extra Step", title="Extra"))

    assert problems_mentioning(broken, "not lower_snake_case")


def test_phase_without_tasks_is_reported():
    broken = with_phase(get("individual_ipt"), PhaseKey.MIDDLE, tasks=())

    assert problems_mentioning(broken, "phase middle has no tasks")


# --- measures and settings ----------------------------------------------------------------


def test_unknown_measure_code_is_reported():
    broken = with_phase(get("individual_ipt"), "initial", once_measures=("epds",))

    assert problems_mentioning(broken, "unknown measure 'epds'")


def test_default_outside_the_planned_range_is_reported():
    broken = replace(
        get("individual_ipt"), planned_sessions=SessionRange(minimum=8, maximum=16, default=20)
    )

    assert problems_mentioning(broken, "minimum <= default <= maximum")


def test_typical_range_outside_the_planned_range_is_reported():
    broken = replace(
        get("ipc"), planned_sessions=SessionRange(minimum=3, maximum=6, default=4, typical=(2, 6))
    )

    assert problems_mentioning(broken, "typical range")


def test_unknown_spacing_is_reported():
    broken = replace(get("ipc"), spacing="fortnightly")

    assert problems_mentioning(broken, "unknown spacing 'fortnightly'")


def test_phase_keys_out_of_order_are_reported():
    ipt = get("individual_ipt")
    broken = replace(ipt, phases=(ipt.phases[1], ipt.phases[0], ipt.phases[2]))

    assert problems_mentioning(broken, "in that order")


# --- validate_all -------------------------------------------------------------------------


def test_validate_all_raises_with_every_problem_listed():
    ipc = get("ipc")
    no_guide = with_extra_task(ipc, "middle", Task(key="extra_step", title="Extra"))
    unknown_measure = with_phase(
        get("individual_ipt"),
        "middle",
        tasks=get("individual_ipt").phase("middle").tasks,
        every_session_measures=("phq10",),
    )

    with pytest.raises(ModalityError) as caught:
        validate_all([no_guide, unknown_measure])

    assert len(caught.value.problems) == 2
    assert "extra_step" in str(caught.value)
    assert "phq10" in str(caught.value)


def test_validate_all_reports_duplicate_modality_codes():
    ipt = get("individual_ipt")
    twin = replace(get("ipt_a"), code=ipt.code)

    with pytest.raises(ModalityError, match="used more than once"):
        validate_all([ipt, twin])


def test_phase_dataclass_is_frozen():
    phase = get("ipc").phase("initial")

    with pytest.raises(AttributeError):
        phase.tasks = ()
    assert isinstance(phase, Phase)
