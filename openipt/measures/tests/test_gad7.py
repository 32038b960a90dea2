import pytest

from openipt.measures.instruments import gad7
from openipt.measures.instruments.base import ProrationNotSupported

from .builders import answers_totalling


@pytest.mark.parametrize(
    ("total", "band", "case"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (7, "mild", False),
        (8, "mild", True),
        (9, "mild", True),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_band_edges_and_caseness_from_8(total, band, case):
    result = gad7.score(answers_totalling(gad7.DEFINITION, total))
    assert (result.total, result.band.label, result.caseness) == (total, band, case)


def test_all_zero_and_all_max():
    assert gad7.score({f"q{n}": 0 for n in range(1, 8)}).total == 0
    assert gad7.score({f"q{n}": 3 for n in range(1, 8)}).total == 21


def test_lowest_answer_is_not_at_all():
    assert gad7.ITEMS[0].options[0].label == "Not at all"
    assert all("sure" not in option.label for item in gad7.ITEMS for option in item.options)


def test_loinc_codes_match_the_reference():
    assert (gad7.LOINC_PANEL, gad7.LOINC_TOTAL) == ("69737-5", "70274-6")
    assert [item.loinc for item in gad7.ITEMS] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]  # fmt: skip


def test_gad7_raises_no_flags():
    assert gad7.score({f"q{n}": 3 for n in range(1, 8)}).flags == frozenset()


def test_proration_is_refused_rather_than_ignored():
    with pytest.raises(ProrationNotSupported):
        gad7.score({f"q{n}": 0 for n in range(1, 8)}, prorate=True)
