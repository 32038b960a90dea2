import pytest

from openipt.measures.instruments import phq9, phqa
from openipt.measures.instruments.base import SELF_HARM_ITEM, SUICIDE_ITEM_YES, InvalidAnswers

from .builders import answers_totalling

SAFETY_KEYS = ("depressed_past_year", "serious_thoughts_past_month", "attempt_ever")


def answers(symptom_value=0, **overrides):
    base = {f"q{n}": symptom_value for n in range(1, 10)}
    return {**base, **dict.fromkeys(SAFETY_KEYS, "no"), **overrides}


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_band_edges(total, band):
    result = phqa.score(answers_totalling(phqa.DEFINITION, total))
    assert (result.total, result.band.label) == (total, band)


def test_bands_are_the_phq9_bands():
    assert phqa.BANDS == phqa.DEFINITION.bands == phq9.BANDS


def test_all_zero_and_all_max():
    assert phqa.score(answers(0)).total == 0
    assert phqa.score(answers(3)).total == 27


@pytest.mark.parametrize(
    ("overrides", "flags"),
    [
        ({}, set()),
        ({"depressed_past_year": "yes"}, set()),
        ({"serious_thoughts_past_month": "yes"}, {SUICIDE_ITEM_YES}),
        ({"attempt_ever": "yes"}, {SUICIDE_ITEM_YES}),
        ({"serious_thoughts_past_month": "yes", "attempt_ever": "yes"}, {SUICIDE_ITEM_YES}),
        ({"q9": 1}, {SELF_HARM_ITEM}),
        ({"q9": 3, "attempt_ever": "yes"}, {SELF_HARM_ITEM, SUICIDE_ITEM_YES}),
    ],
)
def test_safety_flags(overrides, flags):
    result = phqa.score(answers(**overrides))
    assert result.flags == flags
    assert result.needs_safety_follow_up is bool(flags)


def test_yes_no_items_never_change_the_total():
    quiet = phqa.score(answers(2))
    loud = phqa.score(answers(2, **dict.fromkeys(SAFETY_KEYS, "yes")))
    assert quiet.total == loud.total == 18


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_a_blank_safety_answer_is_not_taken_as_no(key):
    with pytest.raises(InvalidAnswers) as raised:
        phqa.score(answers(**{key: None}))
    assert set(raised.value.errors) == {key}


@pytest.mark.parametrize("value", [True, 1, "Yes", "y"])
def test_yes_no_items_accept_only_yes_or_no(value):
    assert set(phqa.validate(answers(attempt_ever=value))) == {"attempt_ever"}


def test_codes_and_licence():
    assert (phqa.LOINC_PANEL, phqa.LOINC_TOTAL) == ("89206-7", "89204-2")
    assert phqa.LICENCE_SETTLED is False
    assert phqa.DEFINITION.licence_settled is False


def test_no_licensed_wording_and_no_invented_codes():
    assert all(item.text is None for item in phqa.ITEMS)
    assert all(item.loinc is None for item in phqa.ITEMS)
    assert all(option.loinc is None for item in phqa.ITEMS for option in item.options)
