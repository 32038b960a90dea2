"""Properties of the scoring rules, checked over many generated answer sets (Hypothesis)."""

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.measures.instruments import QUESTIONNAIRES, get, phq9, srm5
from openipt.measures.instruments.base import Instrument, InvalidAnswers, Item

CODES = sorted(QUESTIONNAIRES)


def item_answers(item: Item):
    values = st.sampled_from([option.value for option in item.options])
    return values if item.required else st.one_of(st.none(), values)


def valid_answers(definition: Instrument):
    return st.fixed_dictionaries({item.key: item_answers(item) for item in definition.items})


def answers_and_definition(code):
    definition = QUESTIONNAIRES[code]
    # An item can be needed because of another's answer (ASQ question 5 after a "yes"):
    # keep the answer sets the instrument itself accepts.
    accepted = valid_answers(definition).filter(lambda answers: not get(code).validate(answers))
    return accepted.map(lambda answers: (definition, answers))


any_instrument_answers = st.one_of(*(answers_and_definition(code) for code in CODES))


def points(definition, answers):
    return [
        item.option_for(answers[item.key]).score
        for item in definition.scored_items
        if item.option_for(answers[item.key]).score is not None
    ]


@given(any_instrument_answers)
def test_total_is_in_range_and_equals_the_sum_of_scored_items(case):
    definition, answers = case
    result = get(definition.code).score(answers)
    assert definition.min_total <= result.total <= definition.max_total
    if definition.total_is_item_sum:
        assert result.total == sum(points(definition, answers))
        assert result.items_scored == len(points(definition, answers))


@given(any_instrument_answers)
def test_result_band_contains_the_total(case):
    definition, answers = case
    result = get(definition.code).score(answers)
    assert result.band.contains(result.total)
    assert result.band == definition.band_for(result.total)
    assert result.version == definition.version


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
def test_band_is_monotone_in_total(code, data):
    definition = QUESTIONNAIRES[code]
    lower = data.draw(st.integers(definition.min_total, definition.max_total))
    higher = data.draw(st.integers(lower, definition.max_total))
    bands = definition.bands
    assert bands.index(definition.band_for(lower)) <= bands.index(definition.band_for(higher))


@pytest.mark.parametrize("code", ["phq9", "gad7"])
@given(data=st.data())
def test_caseness_is_monotone_in_total(code, data):
    definition = QUESTIONNAIRES[code]
    lower = data.draw(st.integers(0, definition.max_total))
    higher = data.draw(st.integers(lower, definition.max_total))
    assert definition.is_case(lower) <= definition.is_case(higher)


@given(valid_answers(phq9.DEFINITION), item_answers(phq9.DEFINITION.item("q10")))
def test_changing_only_phq9_item_10_never_changes_the_total(answers, other_difficulty):
    before = phq9.score(answers)
    after = phq9.score({**answers, "q10": other_difficulty})
    assert (before.total, before.band, before.flags) == (after.total, after.band, after.flags)


@given(any_instrument_answers)
def test_proration_is_never_used_unless_asked(case):
    definition, answers = case
    result = get(definition.code).score(answers)
    assert result.prorated is False and result.imputed == ()


@given(valid_answers(phq9.DEFINITION), st.sets(st.sampled_from(phq9.SYMPTOM_KEYS), min_size=1))
def test_missing_phq9_items_are_refused_without_proration(answers, missing):
    gappy = {**answers, **dict.fromkeys(missing, None)}
    with pytest.raises(InvalidAnswers) as raised:
        phq9.score(gappy)
    assert set(missing) <= set(raised.value.errors)


@given(
    valid_answers(phq9.DEFINITION),
    st.sets(st.sampled_from(phq9.SYMPTOM_KEYS), max_size=phq9.PRORATION_MAX_MISSING),
)
def test_proration_keeps_the_total_in_range_and_between_the_extremes(answers, missing):
    gappy = {**answers, **dict.fromkeys(missing, None)}
    result = phq9.score(gappy, prorate=True)
    answered = [gappy[key] for key in phq9.SYMPTOM_KEYS if key not in missing]
    assert result.prorated is bool(missing)
    assert 0 <= result.total <= 27
    # Filling gaps with the mean can never go below "gaps are 0" or above "gaps are 3".
    assert sum(answered) <= result.total <= sum(answered) + 3 * len(missing)


@given(
    valid_answers(phq9.DEFINITION),
    st.sets(st.sampled_from(phq9.SYMPTOM_KEYS), min_size=phq9.PRORATION_MAX_MISSING + 1),
)
def test_proration_refuses_more_than_two_gaps(answers, missing):
    with pytest.raises(InvalidAnswers):
        phq9.score({**answers, **dict.fromkeys(missing, None)}, prorate=True)


@given(valid_answers(phq9.DEFINITION))
def test_phq9_self_harm_flag_follows_item_9_alone(answers):
    assert (phq9.score(answers).needs_safety_follow_up) is (answers["q9"] >= 1)


day_times = st.lists(st.one_of(st.none(), st.times()), min_size=7, max_size=7)
weeks = st.dictionaries(st.sampled_from(srm5.ACTIVITY_KEYS), day_times)


@given(weeks)
def test_srm5_score_lies_between_0_and_7(week):
    # The reference's score is hits / qualifying activities: average hits per activity, 0-7.
    result = srm5.weekly_regularity(week)
    if result.qualifying_activities == 0:
        assert result.score is None
    else:
        assert 0 <= result.score <= srm5.MAX_SCORE
        assert result.score == result.hits / result.qualifying_activities


@given(weeks)
def test_srm5_hits_only_come_from_days_the_activity_was_done(week):
    for activity in srm5.weekly_regularity(week).activities:
        assert activity.hits <= activity.days_done
        assert activity.qualifies is (activity.days_done >= srm5.MIN_DAYS_TO_QUALIFY)
        if not activity.qualifies:
            assert activity.hits == 0


@given(st.sampled_from(srm5.ACTIVITY_KEYS), st.times(), st.integers(3, 7))
def test_srm5_the_same_time_every_day_is_all_hits(key, moment, days):
    week = {key: [moment] * days + [None] * (7 - days)}
    result = srm5.weekly_regularity(week)
    assert (result.hits, result.score) == (days, float(days))


@given(st.sampled_from(srm5.ACTIVITY_KEYS), st.times())
def test_srm5_habitual_time_of_a_constant_week_is_that_time(key, moment):
    result = srm5.weekly_regularity({key: [moment] * 7})
    activity = next(a for a in result.activities if a.key == key)
    whole_minute = time(moment.hour, moment.minute)
    assert activity.habitual_time in {whole_minute, _next_minute(whole_minute)}


def _next_minute(moment: time) -> time:
    minutes = (moment.hour * 60 + moment.minute + 1) % (24 * 60)
    return time(minutes // 60, minutes % 60)
