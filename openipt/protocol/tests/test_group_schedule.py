"""Group IPT's measures in the one schedule rule (protocol/schedule.py): the full PHQ-9 at the
first attended, the half-way and the last planned session, and the brief check-in at every
other session, never beside a PHQ-9 (the PHQ-9 covers it). Pure: no database."""

import pytest

from openipt.protocol.catalogue import Catalogue
from openipt.protocol.course import CourseFacts
from openipt.protocol.fidelity import episode_fidelity
from openipt.protocol.modalities import get
from openipt.protocol.modalities.base import midline_session
from openipt.protocol.schedule import CourseSchedule, measure_plan

from .test_schedule import sessions

GROUP = Catalogue(covered_by={"checkin": ("phq9",)})


def expected(planned, attendances, recorded=(), start_end=()):
    facts = CourseFacts(get("group_ipt"), planned, sessions=sessions(*attendances))
    schedule = CourseSchedule(facts, recorded, start_end, GROUP)
    return {n: schedule.session(n).expected for n in range(1, len(attendances) + 1)}


@pytest.mark.parametrize(("planned", "midline"), [(6, 3), (7, 4), (8, 4), (12, 6), (16, 8)])
def test_the_half_way_session(planned, midline):
    assert midline_session(planned) == midline


# (planned, attendances, recorded, what each session expects, 1-based)
TABLE = [
    # 8 sessions, all attended: PHQ-9 at 1, 4 and 8; the check-in everywhere else.
    (
        8,
        "aaaaaaaa",
        (),
        ["phq9", "checkin", "checkin", "phq9", "checkin", "checkin", "checkin", "phq9"],
    ),
    # Session 1 missed: the baseline PHQ-9 moves to the first attended session (2).
    (8, "maaaaaaa", (), [None, "phq9", "checkin", "phq9", "checkin", "checkin", "checkin", "phq9"]),
    # A baseline PHQ-9 sent from home for the missed session 1 counts: session 2 asks the check-in.
    (8, "maa", {(1, "phq9")}, [None, "checkin", "checkin"]),
    # The half-way session missed: its PHQ-9 is not carried on (as at the end).
    (6, "aamaaa", (), ["phq9", "checkin", None, "checkin", "checkin", "phq9"]),
    # 16 sessions (Bolton et al. 2003): half-way at 8.
    (16, "a" * 9, (), ["phq9"] + ["checkin"] * 6 + ["phq9", "checkin"]),
]


@pytest.mark.parametrize(("planned", "attendances", "recorded", "asked"), TABLE)
def test_each_session_asks_one_measure(planned, attendances, recorded, asked):
    found = expected(planned, attendances, recorded)
    assert [found[n][0] if found[n] else None for n in sorted(found)] == asked
    assert all(len(codes) <= 1 for codes in found.values())


def test_the_organisations_extra_measures_are_asked_beside_them():
    found = expected(8, "a", start_end=("gad7",))
    assert found[1] == ("phq9", "gad7")


def test_fidelity_counts_one_measure_per_attended_session():
    facts = CourseFacts(get("group_ipt"), 8, sessions=sessions(*"aaaaaaaa"))
    recorded = {(n, "phq9") for n in (1, 4, 8)} | {(n, "checkin") for n in (2, 3, 5, 6, 7)}
    result = episode_fidelity(facts, recorded, (), GROUP)
    units = [(unit.session_number, unit.instrument) for unit in result.measures]
    assert sorted(units) == sorted(recorded)
    assert all(unit.completed for unit in result.measures)


def test_the_course_start_page_names_the_half_way_measure():
    lines = {line.when: line.codes for line in measure_plan(get("group_ipt"), GROUP)}
    assert lines["First attended and last planned session"] == ("phq9",)
    assert lines["Half-way session"] == ("phq9",)
    assert lines["Initial phase: every session"] == ("checkin",)


def test_a_baseline_from_home_does_not_stand_for_the_half_way_phq9():
    """First attended at the half-way session (3 of 6) after a PHQ-9 sent from home for the
    missed session 1: the due list asks the half-way PHQ-9 there, and fidelity expects it too
    (found by the property test in test_schedule_properties.py)."""
    facts = CourseFacts(get("group_ipt"), 6, sessions=sessions(*"mma"))
    baseline = {(1, "phq9")}
    assert expected(6, "mma", baseline)[3] == ("phq9",)
    open_units = [
        (unit.session_number, unit.instrument)
        for unit in episode_fidelity(facts, baseline, (), GROUP).measures
        if not unit.completed
    ]
    assert open_units == [(3, "phq9")]
    done = episode_fidelity(facts, baseline | {(3, "phq9")}, (), GROUP)
    assert all(unit.completed for unit in done.measures)
