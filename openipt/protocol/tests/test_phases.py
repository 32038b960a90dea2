"""Phase derivation: default boundaries, clinician overrides and out-of-range plans."""

import pytest

from openipt.protocol.modalities import get
from openipt.protocol.phases import (
    phase_boundaries,
    phase_for_session,
    phase_plan,
    tasks_for_phase,
)

LETTER_TO_PHASE = {"I": "initial", "M": "middle", "T": "termination"}

# One letter per session, session 1 first: the expected phase of every session.
EXPECTED_PLANS = {
    ("individual_ipt", 8): "IIIMMTTT",
    ("individual_ipt", 12): "IIIMMMMMMTTT",
    ("individual_ipt", 16): "IIIMMMMMMMMMMTTT",
    ("ipc", 3): "IMT",
    ("ipc", 4): "IMMT",
    ("ipc", 5): "IIMMT",
    ("ipc", 6): "IIMMMT",
    ("ipc", 7): "IIMMMTT",
    ("ipc", 8): "IIMMMMTT",
    ("ipt_a", 12): "IIIMMMMMMTTT",
    ("ipsrt", 12): "IIIIMMMMMTTT",
    ("maintenance_ipt", 6): "IMMMMT",
    ("maintenance_ipt", 12): "IMMMMMMMMMTT",
    ("group_ipt", 6): "IMMMMT",
    ("group_ipt", 8): "IIMMMMTT",
}


def expanded_cases():
    return [
        pytest.param(
            code, planned, number, LETTER_TO_PHASE[letter], id=f"{code}-{planned}-{number}"
        )
        for (code, planned), letters in EXPECTED_PLANS.items()
        for number, letter in enumerate(letters, start=1)
    ]


@pytest.mark.parametrize(("code", "planned", "session", "expected"), expanded_cases())
def test_phase_for_every_session(code, planned, session, expected):
    assert phase_for_session(get(code), session, planned) == expected


@pytest.mark.parametrize(("code", "planned"), EXPECTED_PLANS)
def test_phase_plan_lists_every_session_in_order(code, planned):
    plan = phase_plan(get(code), planned)

    assert [number for number, _ in plan] == list(range(1, planned + 1))
    letters = "".join(phase[0].upper() for _, phase in plan)
    assert letters == EXPECTED_PLANS[(code, planned)]


def test_default_plan_uses_the_modality_default():
    ipt = get("individual_ipt")

    assert len(phase_plan(ipt, ipt.planned_sessions.default)) == 12


# --- overrides ---------------------------------------------------------------------------

VALID_OVERRIDES = [
    # (planned, overrides, expected letters)
    (12, {"initial_end": 4}, "IIIIMMMMMTTT"),
    (12, {"termination_start": 11}, "IIIMMMMMMMTT"),
    (12, {"initial_end": 2, "termination_start": 9}, "IIMMMMMMTTTT"),
    (8, {"termination_start": 7}, "IIIMMMTT"),
    (12, {"initial_end": None}, "IIIMMMMMMTTT"),
    (12, {}, "IIIMMMMMMTTT"),
]


@pytest.mark.parametrize(("planned", "overrides", "expected"), VALID_OVERRIDES)
def test_valid_overrides_move_the_boundaries(planned, overrides, expected):
    plan = phase_plan(get("individual_ipt"), planned, overrides)

    assert "".join(phase[0].upper() for _, phase in plan) == expected


def test_override_reaches_phase_for_session():
    ipt = get("individual_ipt")

    assert phase_for_session(ipt, 4, 12) == "middle"
    assert phase_for_session(ipt, 4, 12, {"initial_end": 4}) == "initial"


INVALID_OVERRIDES = [
    pytest.param("individual_ipt", 12, {"initial_end": 0}, id="empty-initial"),
    pytest.param("individual_ipt", 12, {"initial_end": 9}, id="empty-middle-initial-too-late"),
    pytest.param("individual_ipt", 12, {"termination_start": 4}, id="empty-middle-term-too-early"),
    pytest.param("individual_ipt", 12, {"termination_start": 13}, id="empty-termination"),
    pytest.param("individual_ipt", 12, {"initial_end": 7, "termination_start": 6}, id="crossed"),
    pytest.param("individual_ipt", 12, {"initial_end": 13}, id="beyond-plan"),
    pytest.param("ipc", 3, {"initial_end": 2}, id="ipc-3-has-no-slack"),
    pytest.param("individual_ipt", 12, {"middle_start": 4}, id="unknown-key"),
    pytest.param("individual_ipt", 12, {"initial_end": "4"}, id="not-a-number"),
    pytest.param("individual_ipt", 12, {"initial_end": 3.5}, id="fraction"),
    pytest.param("individual_ipt", 12, {"initial_end": True}, id="bool"),
]


@pytest.mark.parametrize(("code", "planned", "overrides"), INVALID_OVERRIDES)
def test_invalid_overrides_raise(code, planned, overrides):
    with pytest.raises(ValueError):
        phase_boundaries(get(code), planned, overrides)


# --- planned counts and session numbers out of range --------------------------------------

OUT_OF_RANGE_PLANS = [
    ("individual_ipt", 7),
    ("individual_ipt", 21),
    ("ipc", 2),
    ("ipc", 9),
    ("ipt_a", 11),
    ("maintenance_ipt", 5),
    ("maintenance_ipt", 121),
    ("group_ipt", 5),
    ("individual_ipt", 0),
    ("individual_ipt", "12"),
    ("individual_ipt", True),
]


@pytest.mark.parametrize(("code", "planned"), OUT_OF_RANGE_PLANS)
def test_planned_count_outside_the_range_raises(code, planned):
    modality = get(code)
    with pytest.raises(ValueError):
        phase_plan(modality, planned)
    with pytest.raises(ValueError):
        phase_for_session(modality, 1, planned)


@pytest.mark.parametrize("session", [0, -1, 13, 2.0])
def test_session_number_outside_the_plan_raises(session):
    with pytest.raises(ValueError):
        phase_for_session(get("individual_ipt"), session, 12)


# --- tasks -------------------------------------------------------------------------------


def test_tasks_for_phase_returns_that_phase_in_order():
    keys = [task.key for task in tasks_for_phase(get("individual_ipt"), "middle")]

    assert keys == [
        "open_with_measure",
        "mood_check_in",
        "review_homework",
        "problem_area_work",
        "set_homework",
    ]


def test_tasks_for_unknown_phase_raises():
    with pytest.raises(ValueError):
        tasks_for_phase(get("individual_ipt"), "booster")
