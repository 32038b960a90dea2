"""The session check-in (measures/instruments/checkin.py): the mood answer and the PHQ-9's
safety question, which raises the PHQ-9's flag."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.measures.instruments import base, checkin, phq9

ITEM_9 = phq9.DEFINITION.item("q9")

# (mood, item 9) -> (total, band, flags)
TABLE = [
    (0, 0, 0, "better", set()),
    (1, 0, 1, "about the same", set()),
    (2, 0, 2, "worse", set()),
    (0, 1, 0, "better", {base.SELF_HARM_ITEM}),
    (2, 3, 2, "worse", {base.SELF_HARM_ITEM}),
]


@pytest.mark.parametrize(("mood", "q9", "total", "band", "flags"), TABLE)
def test_scores(mood, q9, total, band, flags):
    result = checkin.score({"mood": mood, "q9": q9})
    assert (result.total, result.band.label, set(result.flags)) == (total, band, flags)
    assert result.caseness is None


def test_the_safety_question_is_the_phq9s_with_its_answers_and_code():
    item = checkin.DEFINITION.item("q9")
    assert item.options == ITEM_9.options and item.loinc == ITEM_9.loinc == "44260-8"
    assert ITEM_9.text.lower() in item.text.lower()
    assert item.required and not item.scored


@pytest.mark.parametrize("missing", ["mood", "q9"])
def test_both_questions_are_needed(missing):
    answers = {"mood": 1, "q9": 0}
    del answers[missing]
    assert missing in checkin.validate(answers)
    with pytest.raises(base.InvalidAnswers):
        checkin.score(answers)


def test_there_is_no_proration():
    with pytest.raises(base.ProrationNotSupported):
        checkin.score({"mood": 1, "q9": 0}, prorate=True)


def test_a_draft_flags_item_9_as_soon_as_it_is_given():
    assert checkin.safety_answers({"q9": 2}, finished=False) == [(base.SELF_HARM_ITEM, "q9")]
    assert checkin.safety_answers({"mood": 2}, finished=False) == []


@given(st.sampled_from([0, 1, 2]), st.sampled_from([0, 1, 2, 3]))
def test_it_flags_exactly_when_the_phq9_would(mood, q9):
    assert checkin.safety_answers({"mood": mood, "q9": q9}) == phq9.safety_answers(
        {"q9": q9}, finished=False
    )
