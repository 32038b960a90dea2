import pytest

from openipt.measures.instruments import phq9
from openipt.measures.instruments.base import (
    SELF_HARM_ITEM,
    SELF_HARM_ITEM_UNANSWERED,
    InvalidAnswers,
)

from .builders import answers_totalling


def all_symptoms(value, **overrides):
    return {**{f"q{n}": value for n in range(1, 10)}, **overrides}


@pytest.mark.parametrize(
    ("total", "band", "case"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "moderately severe", True),
        (19, "moderately severe", True),
        (20, "severe", True),
        (27, "severe", True),
    ],
)
def test_band_edges(total, band, case):
    result = phq9.score(answers_totalling(phq9.DEFINITION, total))
    assert (result.total, result.band.label, result.caseness) == (total, band, case)


def test_all_zero_is_minimal_with_no_flags():
    result = phq9.score(all_symptoms(0))
    assert (result.total, result.band.label, result.flags) == (0, "minimal", frozenset())


def test_all_max_is_severe_and_flags_self_harm():
    result = phq9.score(all_symptoms(3, q10=3))
    assert (result.total, result.band.label) == (27, "severe")
    assert result.flags == {SELF_HARM_ITEM}
    assert result.needs_safety_follow_up


@pytest.mark.parametrize(("item9", "flagged"), [(0, False), (1, True), (2, True), (3, True)])
def test_item_9_of_one_or_more_flags_whatever_the_total(item9, flagged):
    result = phq9.score(all_symptoms(0, q9=item9))
    assert (SELF_HARM_ITEM in result.flags) is flagged
    assert result.needs_safety_follow_up is flagged


@pytest.mark.parametrize("difficulty", [None, 0, 1, 2, 3])
def test_item_10_is_recorded_but_never_scored(difficulty):
    answers = all_symptoms(2, q10=difficulty)
    assert phq9.validate(answers) == {}
    assert phq9.score(answers).total == 18


def test_item_10_is_optional():
    assert phq9.DEFINITION.item("q10").required is False
    assert phq9.DEFINITION.item("q10").scored is False
    assert phq9.score(all_symptoms(1)).items_scored == 9


def test_loinc_codes_match_the_reference():
    assert (phq9.LOINC_PANEL, phq9.LOINC_TOTAL) == ("44249-1", "44261-6")
    assert [item.loinc for item in phq9.ITEMS] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8", "69722-7",
    ]  # fmt: skip
    for item in phq9.ITEMS[:9]:
        assert [(o.score, o.loinc) for o in item.options] == [
            (0, "LA6568-5"), (1, "LA6569-3"), (2, "LA6570-1"), (3, "LA6571-9"),
        ]  # fmt: skip
    assert [(o.value, o.loinc) for o in phq9.DEFINITION.item("q10").options] == [
        (0, "LA6572-7"), (1, "LA6573-5"), (2, "LA6575-0"), (3, "LA6574-3"),
    ]  # fmt: skip


def test_answer_labels_are_the_published_ones():
    labels = [option.label for option in phq9.ITEMS[0].options]
    assert labels == ["Not at all", "Several days", "More than half the days", "Nearly every day"]


# Proration (UNSETTLED, off by default)


def test_a_missing_item_is_invalid_without_proration():
    answers = all_symptoms(1, q3=None)
    assert set(phq9.validate(answers)) == {"q3"}
    with pytest.raises(InvalidAnswers):
        phq9.score(answers)


def test_an_absent_item_is_invalid_without_proration():
    answers = all_symptoms(1)
    del answers["q3"]
    with pytest.raises(InvalidAnswers) as raised:
        phq9.score(answers)
    assert raised.value.errors == {"q3": "An answer is needed for “Sleep”."}


@pytest.mark.parametrize(
    ("answered", "expected"),
    [
        # 8 answered summing to 4: 4 * 9 / 8 = 4.5, rounded half up to 5 (mild, not minimal).
        ({"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0}, 5),
        # 8 answered summing to 12: 13.5 -> 14 (round() would give 14 too; 4.5 is the test).
        ({"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 0, "q6": 0, "q7": 0, "q9": 0}, 14),
        # 7 answered summing to 7: exactly 9.
        ({"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 1, "q7": 1}, 9),
        # 7 answered summing to 10: 12.857 -> 13.
        ({"q1": 3, "q2": 3, "q3": 3, "q4": 1, "q5": 0, "q6": 0, "q9": 0}, 13),
        # 7 answered summing to 21 (all 3): 27, the maximum.
        ({f"q{n}": 3 for n in range(1, 8)}, 27),
    ],
)
def test_proration_gives_missing_items_the_mean_rounded_half_up(answered, expected):
    result = phq9.score(answered, prorate=True)
    assert result.total == expected
    assert result.prorated is True
    assert result.items_scored == len(answered)
    assert result.imputed == tuple(k for k in phq9.SYMPTOM_KEYS if k not in answered)
    assert result.notes and "rounded half up" in result.notes[0]


def test_proration_with_all_nine_answered_changes_nothing():
    result = phq9.score(all_symptoms(2), prorate=True)
    assert (result.total, result.prorated, result.imputed) == (18, False, ())


def test_three_missing_items_are_invalid_even_with_proration():
    answers = all_symptoms(1, q1=None, q2=None, q3=None)
    errors = phq9.validate(answers, prorate=True)
    assert set(errors) == {"q1", "q2", "q3"}
    assert "at most 2" in errors["q1"] and "3 are unanswered" in errors["q1"]
    with pytest.raises(InvalidAnswers):
        phq9.score(answers, prorate=True)


def test_proration_does_not_excuse_disallowed_values():
    errors = phq9.validate(all_symptoms(1, q1=None, q2=4), prorate=True)
    assert set(errors) == {"q2"}


def test_prorating_over_a_missing_item_9_still_asks_for_safety_follow_up():
    result = phq9.score(all_symptoms(0, q9=None), prorate=True)
    assert result.flags == {SELF_HARM_ITEM_UNANSWERED}
    assert result.needs_safety_follow_up


def test_prorated_total_rounds_half_up_not_to_even():
    assert phq9.prorated_total([1, 1, 1, 1, 0, 0, 0, 0], 9) == 5  # 4.5
    assert phq9.prorated_total([3, 3, 3, 3, 3, 3, 3, 3], 9) == 27
    assert phq9.prorated_total([0] * 7, 9) == 0
