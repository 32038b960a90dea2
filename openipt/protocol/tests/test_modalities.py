"""The shipped definitions say what the clinical reference says (section 1)."""

import re

import pytest

from openipt.protocol.modalities import MODALITIES, SHIPPED, choices, get
from openipt.protocol.modalities.base import Audience, Spacing, Task, replace_tasks
from openipt.protocol.phases import tasks_for_phase

REFERENCE_INITIAL_STEPS = {
    "history_and_diagnosis",
    "symptom_measure",
    "psychoeducation",
    "sick_role",
    "interpersonal_inventory",
    "timeline",
    "choose_problem_areas",
    "agree_goals",
    "treatment_contract",
}
REFERENCE_MIDDLE_STEPS = {
    "open_with_measure",
    "mood_check_in",
    "review_homework",
    "problem_area_work",
    "set_homework",
}
REFERENCE_TERMINATION_STEPS = {
    "feelings_about_ending",
    "progress_review",
    "relapse_warning_signs",
    "relapse_prevention_plan",
    "further_options",
}

# Every variant that runs a full initial assessment carries all the reference steps.
FULL_IPT_VARIANTS = [
    "individual_ipt",
    "ipc",
    "ipt_a",
    "perinatal_ipt",
    "ipt_ed",
    "ipsrt",
    "group_ipt",
]


def keys(code, phase):
    return {task.key for task in tasks_for_phase(get(code), phase)}


def test_registry_holds_the_eight_modalities():
    assert list(MODALITIES) == [
        "individual_ipt",
        "ipc",
        "ipt_a",
        "perinatal_ipt",
        "ipt_ed",
        "maintenance_ipt",
        "ipsrt",
        "group_ipt",
    ]
    assert choices()[1] == ("ipc", "Interpersonal Counselling (IPC)")


def test_get_unknown_code_raises_key_error():
    with pytest.raises(KeyError, match="unknown modality"):
        get("eating_disorder_ipt")


@pytest.mark.parametrize("code", FULL_IPT_VARIANTS)
def test_variants_follow_the_reference_steps(code):
    assert REFERENCE_INITIAL_STEPS.issubset(keys(code, "initial"))
    assert REFERENCE_MIDDLE_STEPS.issubset(keys(code, "middle"))
    assert REFERENCE_TERMINATION_STEPS.issubset(keys(code, "termination"))


def test_maintenance_keeps_the_middle_and_ending_steps():
    assert REFERENCE_MIDDLE_STEPS.issubset(keys("maintenance_ipt", "middle"))
    assert REFERENCE_TERMINATION_STEPS.issubset(keys("maintenance_ipt", "termination"))
    assert {"symptom_measure", "treatment_contract"}.issubset(keys("maintenance_ipt", "initial"))


def test_individual_ipt_numbers():
    ipt = get("individual_ipt")

    assert ipt.planned_sessions.typical_range == (12, 16)
    assert (ipt.planned_sessions.minimum, ipt.planned_sessions.maximum) == (8, 20)
    assert ipt.planned_sessions.reason_above == 16
    assert ipt.planned_sessions.default == 12
    assert ipt.session_minutes == (45, 60)
    assert ipt.spacing == Spacing.WEEKLY


def test_ipc_is_brief_flexible_and_counsellor_delivered():
    ipc = get("ipc")

    assert ipc.audience == Audience.COUNSELLOR
    assert (ipc.planned_sessions.minimum, ipc.planned_sessions.maximum) == (3, 8)
    assert ipc.session_minutes == (30, 45)
    assert ipc.spacing == Spacing.FLEXIBLE


def test_ipt_a_parent_involvement():
    ipt_a = get("ipt_a")
    by_key = {task.key: task for task in ipt_a.tasks}

    assert ipt_a.client_age == (12, 18)
    assert by_key["parent_involvement_start"].required
    assert not by_key["parent_involvement_mid"].required
    assert by_key["parent_involvement_end"].required
    assert "parent_involvement_start" in keys("ipt_a", "initial")
    assert "parent_involvement_mid" in keys("ipt_a", "middle")
    assert "parent_involvement_end" in keys("ipt_a", "termination")
    assert all(phase.measures == ("phqa",) for phase in ipt_a.phases)


def test_ipsrt_tracks_social_rhythms():
    ipsrt = get("ipsrt")

    assert "srm5" in ipsrt.phase("initial").measures
    assert "srm5" in ipsrt.phase("middle").every_session_measures
    assert "start_rhythm_tracking" in keys("ipsrt", "initial")
    assert "review_social_rhythms" in keys("ipsrt", "middle")


def test_perinatal_ipt_looks_at_parenthood_the_partner_and_the_baby():
    perinatal = get("perinatal_ipt")
    by_key = {task.key: task for task in perinatal.tasks}
    assert "becoming a parent" in by_key["choose_problem_areas"].title
    assert "partner_involvement" in keys("perinatal_ipt", "middle")
    assert not by_key["partner_involvement"].required
    assert "baby" in by_key["relapse_prevention_plan"].title
    # The EPDS is not ours to ship: the PHQ-9 measures the course.
    assert all(phase.measures == ("phq9",) for phase in perinatal.phases)


def test_ipt_ed_is_about_twenty_weekly_sessions_linking_eating_to_people():
    ed = get("ipt_ed")
    assert ed.planned_sessions.default == 20
    assert ed.planned_sessions.allows(20) and not ed.planned_sessions.allows(12)
    assert ed.spacing == Spacing.WEEKLY
    assert "eating_and_relationships" in keys("ipt_ed", "middle")


def test_maintenance_is_monthly_for_as_long_as_agreed():
    maintenance = get("maintenance_ipt")

    assert maintenance.spacing == Spacing.MONTHLY
    # Open-ended in practice: beyond two years with a reason, up to ten years monthly.
    sessions = maintenance.planned_sessions
    assert (sessions.minimum, sessions.reason_above, sessions.maximum) == (6, 24, 120)


def test_group_ipt_numbers():
    group = get("group_ipt")

    assert group.group_size == (6, 10)
    assert group.session_minutes == (90, 90)
    assert group.planned_sessions.default == 8
    assert "group_screening" in keys("group_ipt", "initial")


def test_middle_phase_tasks_repeat_every_session():
    for modality in SHIPPED:
        middle_steps = [
            t for t in modality.phase("middle").tasks if t.key in REFERENCE_MIDDLE_STEPS
        ]
        assert all(task.every_session for task in middle_steps), modality.code


ALL_TASKS = [
    pytest.param(task, id=f"{modality.code}.{task.key}")
    for modality in SHIPPED
    for task in modality.tasks
]


@pytest.mark.parametrize("task", ALL_TASKS)
def test_every_task_has_a_guide_of_one_to_three_sentences(task):
    # Counts sentence ends; 'e.g.'-style abbreviations are avoided in the guides.
    sentences = re.findall(r"[.?!](\s|$)", str(task.guide))

    assert 1 <= len(sentences) <= 3


def test_replace_tasks_keeps_order_and_rejects_unknown_keys():
    tasks = (Task(key="a", title="A"), Task(key="b", title="B"))

    replaced = replace_tasks(tasks, Task(key="b", title="New B"))
    assert [task.title for task in replaced] == ["A", "New B"]
    with pytest.raises(KeyError):
        replace_tasks(tasks, Task(key="c", title="C"))
