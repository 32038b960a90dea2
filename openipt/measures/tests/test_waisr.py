"""WAI-SR (Working Alliance Inventory, short revised): total, subscales, validation."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import waisr
from openipt.measures.instruments.base import InvalidAnswers
from openipt.measures.models import MeasureAdministration

KEYS = waisr.DEFINITION.item_keys


def test_the_published_subscales():
    # Hatcher & Gillaspy 2006: goal 4, 6, 8, 11; task 1, 2, 10, 12; bond 3, 5, 7, 9.
    assert waisr.SUBSCALES == {
        "goal": ("q4", "q6", "q8", "q11"),
        "task": ("q1", "q2", "q10", "q12"),
        "bond": ("q3", "q5", "q7", "q9"),
    }


@pytest.mark.parametrize(
    ("value", "total", "note"),
    [
        (1, 12, "Goal 4, task 4, bond 4"),  # all lowest
        (5, 60, "Goal 20, task 20, bond 20"),  # all highest
        (3, 36, "Goal 12, task 12, bond 12"),
    ],
)
def test_all_lowest_all_highest_and_the_middle(value, total, note):
    result = waisr.score(dict.fromkeys(KEYS, value))
    assert result.total == total
    assert result.notes[0].startswith(note)
    assert result.band.label == "no published cut-off" and result.caseness is None


def test_subscales_are_summed_from_their_own_items():
    answers = {**dict.fromkeys(KEYS, 1), "q3": 5, "q5": 5, "q7": 5, "q9": 5}
    assert waisr.score(answers).notes[0].startswith("Goal 4, task 4, bond 20")


def test_there_is_no_zero_and_no_six():
    assert waisr.validate({**dict.fromkeys(KEYS, 1), "q1": 0})
    assert waisr.validate({**dict.fromkeys(KEYS, 1), "q1": 6})


@pytest.mark.parametrize(
    "bad",
    [
        {**dict.fromkeys(KEYS, 3), "q1": 0},
        {**dict.fromkeys(KEYS, 3), "q12": 6},
        {**dict.fromkeys(KEYS, 3), "q2": "3"},
        {**dict.fromkeys(KEYS, 3), "q2": True},
        {**dict.fromkeys(KEYS, 3), "q2": None},
        {**dict.fromkeys(KEYS, 3), "q13": 3},
        dict.fromkeys(KEYS[:11], 3),
        None,
    ],
)
def test_every_invalid_answer_is_refused_with_nothing_stored(people, bad):
    with pytest.raises(InvalidAnswers):
        actions.record_administration(
            people.owner,
            people.episode,
            "waisr",
            bad,
            administered_on=date(2026, 9, 8),
            respondent="client_at_home",
        )
    assert not MeasureAdministration.objects.exists()
    assert not AuditEvent.objects.filter(action="measure.recorded").exists()


@given(st.fixed_dictionaries({key: st.integers(1, 5) for key in KEYS}))
def test_the_total_is_the_sum_of_the_three_subscales(given_answers):
    result = waisr.score(given_answers)
    parts = waisr.subscales(given_answers)
    assert result.total == sum(given_answers.values()) == sum(parts.values())
    assert all(4 <= part <= 20 for part in parts.values())
