"""ASRM (Altman Self-Rating Mania Scale): total, bands, the mania flag, validation."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.audit.models import AuditEvent
from openipt.measures import actions
from openipt.measures.instruments import asrm
from openipt.measures.instruments.base import MANIA_SCREEN_POSITIVE, InvalidAnswers
from openipt.measures.models import MeasureAdministration

from .builders import answers_totalling

KEYS = asrm.DEFINITION.item_keys


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "below the mania cut-off", False),
        (5, "below the mania cut-off", False),
        (6, "possible mania or hypomania", True),
        (20, "possible mania or hypomania", True),
    ],
)
def test_band_edges_and_the_cut_off_of_6(total, band, positive):
    result = asrm.score(answers_totalling(asrm.DEFINITION, total))
    assert (result.total, result.band.label, result.caseness) == (total, band, positive)
    assert (MANIA_SCREEN_POSITIVE in result.flags) is positive
    # A mania screen is not a safety answer: no risk flag, the alert goes by escalation.
    assert not result.needs_safety_follow_up


def test_all_zero_and_all_max():
    assert asrm.score(dict.fromkeys(KEYS, 0)).total == 0
    assert asrm.score(dict.fromkeys(KEYS, 4)).total == 20


def test_no_published_wording_is_shipped():
    assert not asrm.DEFINITION.licence_settled
    assert all(item.text is None for item in asrm.ITEMS)


@pytest.mark.parametrize(
    "bad",
    [
        {**dict.fromkeys(KEYS, 0), "mood": 5},
        {**dict.fromkeys(KEYS, 0), "mood": -1},
        {**dict.fromkeys(KEYS, 0), "mood": "4"},
        {**dict.fromkeys(KEYS, 0), "mood": 4.0},
        {**dict.fromkeys(KEYS, 0), "mood": True},
        {**dict.fromkeys(KEYS, 0), "mood": None},
        {**dict.fromkeys(KEYS, 0), "appetite": 0},
        dict.fromkeys(KEYS[:4], 0),
        [0, 0, 0, 0, 0],
    ],
)
def test_every_invalid_answer_is_refused_with_nothing_stored(people, bad):
    with pytest.raises(InvalidAnswers):
        actions.record_administration(
            people.owner,
            people.episode,
            "asrm",
            bad,
            administered_on=date(2026, 9, 8),
            respondent="client_in_session",
        )
    assert not MeasureAdministration.objects.exists()
    assert not AuditEvent.objects.filter(action="measure.recorded").exists()


def test_proration_is_refused():
    with pytest.raises(ValueError, match="no proration rule"):
        asrm.score(dict.fromkeys(KEYS, 0), prorate=True)


@given(st.fixed_dictionaries({key: st.integers(0, 4) for key in KEYS}))
def test_total_is_the_sum_and_the_flag_follows_the_cut_off(given_answers):
    result = asrm.score(given_answers)
    assert result.total == sum(given_answers.values())
    assert (MANIA_SCREEN_POSITIVE in result.flags) is (result.total >= 6)
