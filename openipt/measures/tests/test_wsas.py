import pytest

from openipt.measures.instruments import wsas
from openipt.measures.instruments.base import InvalidAnswers

from .builders import answers_totalling

KEYS = ("work", "home_management", "social_leisure", "private_leisure", "close_relationships")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "subclinical"),
        (9, "subclinical"),
        (10, "significant impairment"),
        (20, "significant impairment"),
        (21, "moderately severe or worse"),
        (40, "moderately severe or worse"),
    ],
)
def test_band_edges(total, band):
    result = wsas.score(answers_totalling(wsas.DEFINITION, total))
    assert (result.total, result.band.label) == (total, band)
    assert result.caseness is None


def test_all_zero_and_all_max():
    assert wsas.score(dict.fromkeys(KEYS, 0)).total == 0
    assert wsas.score(dict.fromkeys(KEYS, 8)).total == 40


def test_every_point_from_0_to_8_is_allowed():
    for item in wsas.ITEMS:
        assert [o.score for o in item.options if o.score is not None] == list(range(9))


def test_work_not_applicable_totals_the_other_four_items_and_says_so():
    result = wsas.score({**dict.fromkeys(KEYS, 8), "work": "na"})
    assert result.total == 32
    assert result.items_scored == 4
    assert result.not_applicable == ("work",)
    assert "4 items" in result.notes[0] and "0-32" in result.notes[0]
    assert result.band.label == "moderately severe or worse"


def test_not_applicable_is_recorded_not_imputed():
    result = wsas.score({**dict.fromkeys(KEYS, 2), "work": "na"})
    assert (result.total, result.prorated, result.imputed) == (8, False, ())
    assert result.band.label == "subclinical"


def test_a_fully_answered_form_has_no_note():
    result = wsas.score(dict.fromkeys(KEYS, 3))
    assert (result.items_scored, result.not_applicable, result.notes) == (5, (), ())


@pytest.mark.parametrize("key", KEYS[1:])
def test_only_the_work_item_accepts_not_applicable(key):
    answers = {**dict.fromkeys(KEYS, 1), key: "na"}
    assert set(wsas.validate(answers)) == {key}
    with pytest.raises(InvalidAnswers):
        wsas.score(answers)


def test_no_loinc_codes_are_invented():
    assert wsas.LOINC_PANEL is None and wsas.LOINC_TOTAL is None
    assert all(item.loinc is None for item in wsas.ITEMS)


def test_no_published_wording_is_shipped_while_the_licence_is_unsettled():
    assert wsas.DEFINITION.licence_settled is False
    assert all(item.text is None for item in wsas.ITEMS)
