"""ASQ (Ask Suicide-Screening Questions, NIMH): the screen result, its flags, validation."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.audit.models import AuditEvent
from openipt.measures import actions, instruments
from openipt.measures.instruments import asq
from openipt.measures.instruments.base import (
    SUICIDE_ITEM_YES,
    SUICIDE_THOUGHTS_NOW,
    InvalidAnswers,
)
from openipt.measures.models import MeasureAdministration, RiskFlag

NO = dict.fromkeys(asq.SCREEN_KEYS, "no")


def answers(**overrides):
    return {**NO, **overrides}


# (answers, screen result, band, flags by item)
RESULTS = [
    (answers(), 0, "negative screen", []),
    (answers(q5="no"), 0, "negative screen", []),
    (answers(q1="yes", q5="no"), 1, "non-acute positive screen", [(SUICIDE_ITEM_YES, "q1")]),
    (answers(q4="yes", q5="no"), 1, "non-acute positive screen", [(SUICIDE_ITEM_YES, "q4")]),
    (
        answers(q2="yes", q3="yes", q5="yes"),
        2,
        "acute positive screen",
        [(SUICIDE_ITEM_YES, "q2"), (SUICIDE_ITEM_YES, "q3"), (SUICIDE_THOUGHTS_NOW, "q5")],
    ),
    # All four "yes" (the most a screen can say) without thoughts right now.
    (
        answers(q1="yes", q2="yes", q3="yes", q4="yes", q5="no"),
        1,
        "non-acute positive screen",
        [(SUICIDE_ITEM_YES, key) for key in asq.SCREEN_KEYS],
    ),
    # Thoughts of suicide right now are never a negative screen.
    (answers(q5="yes"), 2, "acute positive screen", [(SUICIDE_THOUGHTS_NOW, "q5")]),
]


@pytest.mark.parametrize(("given_answers", "total", "band", "flags"), RESULTS)
def test_screen_result_band_and_flags(given_answers, total, band, flags):
    result = asq.score(given_answers)
    assert (result.total, result.band.label) == (total, band)
    assert instruments.safety_answers("asq", given_answers) == flags
    assert result.needs_safety_follow_up is bool(flags)


def test_the_published_wording_is_shipped():
    # Public domain (NIMH): the five questions as the toolkit prints them.
    assert asq.DEFINITION.licence_settled
    assert asq.DEFINITION.item("q1").text == (
        "In the past few weeks, have you wished you were dead?"
    )
    assert (
        asq.DEFINITION.item("q5").text == "Are you having thoughts of killing yourself right now?"
    )


def test_question_5_is_needed_once_a_screen_question_is_yes():
    errors = asq.validate(answers(q3="yes"))
    assert set(errors) == {"q5"} and "any of questions 1-4" in errors["q5"]
    assert asq.validate(answers()) == {}


@pytest.mark.parametrize(
    "bad",
    [
        {**NO, "q1": None},
        {**NO, "q1": "maybe"},
        {**NO, "q1": True},
        {**NO, "q1": 1},
        {**NO, "q5": "Yes"},
        {**NO, "q6": "no"},
        {"q1": "no"},
        answers(q2="yes"),
        "no",
    ],
)
def test_every_invalid_answer_is_refused_with_nothing_stored(people, bad):
    with pytest.raises(InvalidAnswers):
        actions.record_administration(
            people.owner,
            people.episode,
            "asq",
            bad,
            administered_on=date(2026, 9, 8),
            respondent="client_in_session",
        )
    assert not MeasureAdministration.objects.exists()
    assert not RiskFlag.objects.exists()
    assert not AuditEvent.objects.filter(action="measure.recorded").exists()


def test_a_positive_screen_raises_a_flag_per_yes(people):
    administration = actions.record_administration(
        people.owner,
        people.episode,
        "asq",
        answers(q1="yes", q5="yes"),
        administered_on=date(2026, 9, 8),
        respondent="client_at_home",
    )
    flags = sorted(administration.risk_flags.values_list("reason", "item_key"))
    assert flags == [(SUICIDE_ITEM_YES, "q1"), (SUICIDE_THOUGHTS_NOW, "q5")]
    # The flag keeps the question as it was asked.
    assert RiskFlag.objects.get(item_key="q5").item_label == asq.ITEMS[4].text


yes_no = st.sampled_from(["yes", "no"])


@given(st.fixed_dictionaries(dict.fromkeys(asq.SCREEN_KEYS, yes_no)), yes_no)
def test_positive_exactly_when_a_screen_question_or_question_5_is_yes(screen, now):
    result = asq.score({**screen, "q5": now})
    positive = "yes" in screen.values() or now == "yes"
    assert (result.total > 0) is positive
    assert (result.total == asq.ACUTE_POSITIVE) is (now == "yes")
    assert result.needs_safety_follow_up is positive
