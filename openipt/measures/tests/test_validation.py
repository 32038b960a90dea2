"""Every kind of invalid answer is refused, with a message on the item concerned."""

import pytest

from openipt.measures.instruments import QUESTIONNAIRES, get
from openipt.measures.instruments.base import NON_ITEM_ERRORS, InvalidAnswers

from .builders import quietest_answers

CODES = sorted(QUESTIONNAIRES)


def valid_answers(code):
    return quietest_answers(QUESTIONNAIRES[code])


def first_scored_key(code):
    """The first scored item, or the first required one where none is scored (the ASQ)."""
    definition = QUESTIONNAIRES[code]
    # Two questions that must be answered: scored ones where there are two, else required ones.
    required = [item for item in definition.items if item.required]
    items = definition.scored_items if len(definition.scored_items) > 1 else required
    return items[0].key


def assert_refused(code, answers, key, *fragments):
    module = get(code)
    errors = module.validate(answers)
    assert set(errors) == {key}
    for fragment in fragments:
        assert fragment in errors[key]
    with pytest.raises(InvalidAnswers) as raised:
        module.score(answers)
    assert raised.value.errors == errors
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("code", CODES)
def test_valid_answers_have_no_errors(code):
    assert get(code).validate(valid_answers(code)) == {}


@pytest.mark.parametrize("code", CODES)
def test_every_missing_required_item_is_named(code):
    definition = QUESTIONNAIRES[code]
    errors = get(code).validate({})
    assert set(errors) == {item.key for item in definition.items if item.required}
    for key, message in errors.items():
        assert definition.item(key).label in message


@pytest.mark.parametrize("code", CODES)
def test_a_none_answer_counts_as_missing(code):
    key = first_scored_key(code)
    assert_refused(code, {**valid_answers(code), key: None}, key, "answer is needed")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("value", [-1, 99])
def test_out_of_range_values_are_refused(code, value):
    key = first_scored_key(code)
    assert_refused(code, {**valid_answers(code), key: value}, key, repr(value), "allowed")


@pytest.mark.parametrize("code", ["phq9", "gad7", "phqa"])
def test_one_above_the_top_of_a_0_to_3_scale_is_refused(code):
    assert_refused(code, {**valid_answers(code), "q1": 4}, "q1", "4 is not an allowed")


def test_one_above_the_top_of_the_wsas_scale_is_refused():
    assert_refused("wsas", {**valid_answers("wsas"), "home_management": 9}, "home_management")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("value", ["1", 1.0, True, [1], "", "na "])
def test_wrong_types_are_refused(code, value):
    # True == 1 and 1.0 == 1 in Python; neither may slip through as an answer of 1.
    key = first_scored_key(code)
    assert_refused(code, {**valid_answers(code), key: value}, key, repr(value))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("key", ["q99", "Q1", "total", ""])
def test_unknown_item_keys_are_refused(code, key):
    assert_refused(code, {**valid_answers(code), key: 0}, key, "is not a question")


@pytest.mark.parametrize("code", CODES)
def test_a_non_string_key_is_refused(code):
    assert_refused(code, {**valid_answers(code), 1: 0}, 1, "is not a question")


@pytest.mark.parametrize("code", CODES)
def test_answers_must_be_a_mapping(code):
    errors = get(code).validate([("q1", 0)])
    assert list(errors) == [NON_ITEM_ERRORS]
    with pytest.raises(InvalidAnswers):
        get(code).score([("q1", 0)])


@pytest.mark.parametrize("code", CODES)
def test_several_problems_are_all_reported_at_once(code):
    definition = QUESTIONNAIRES[code]
    # Two questions that must be answered: scored ones where there are two, else required ones.
    required = [item for item in definition.items if item.required]
    items = definition.scored_items if len(definition.scored_items) > 1 else required
    first, second = (item.key for item in items[:2])
    answers = {**valid_answers(code), first: "x", "bogus": 1}
    del answers[second]
    assert set(get(code).validate(answers)) == {first, second, "bogus"}
