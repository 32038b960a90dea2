from datetime import time

import pytest

from openipt.measures.instruments import srm5
from openipt.measures.instruments.srm5 import InvalidWeek, weekly_regularity

NOT_DONE = None


def every_day(moment):
    return [moment] * 7


def detail(result, key):
    return next(activity for activity in result.activities if activity.key == key)


def test_a_perfectly_regular_week_scores_seven():
    week = {
        "out_of_bed": every_day(time(7, 0)),
        "first_contact": every_day(time(8, 0)),
        "start_of_activity": every_day(time(9, 0)),
        "dinner": every_day(time(18, 30)),
        "to_bed": every_day(time(23, 0)),
    }
    result = weekly_regularity(week)
    assert (result.score, result.hits, result.qualifying_activities) == (7.0, 35, 5)


def test_score_is_hits_divided_by_qualifying_activities_not_by_days():
    week = {
        # 7 days at 07:00: mean 07:00, all 7 are hits.
        "out_of_bed": every_day(time(7, 0)),
        # 4 days: 3 at 18:00 and one at 22:00; mean 19:00. 18:00 is 60 min off, 22:00 180 min.
        "dinner": [time(18), time(18), time(18), time(22), NOT_DONE, NOT_DONE, NOT_DONE],
    }
    result = weekly_regularity(week)
    assert detail(result, "out_of_bed").hits == 7
    assert detail(result, "dinner").hits == 0
    assert detail(result, "dinner").habitual_time == time(19, 0)
    assert (result.hits, result.qualifying_activities, result.score) == (7, 2, 3.5)


def test_an_activity_done_on_fewer_than_three_days_does_not_count():
    week = {
        "out_of_bed": every_day(time(7, 0)),
        "first_contact": [time(9), time(9), NOT_DONE, NOT_DONE, NOT_DONE, NOT_DONE, NOT_DONE],
    }
    result = weekly_regularity(week)
    contact = detail(result, "first_contact")
    assert (contact.days_done, contact.qualifies, contact.hits) == (2, False, 0)
    assert contact.habitual_time is None
    assert (result.qualifying_activities, result.score) == (1, 7.0)


def test_three_days_is_enough_to_qualify():
    week = {"dinner": [time(19)] * 3 + [NOT_DONE] * 4}
    result = weekly_regularity(week)
    assert detail(result, "dinner").qualifies
    assert (result.score, detail(result, "dinner").hit_days) == (3.0, (True,) * 3 + (None,) * 4)


def test_no_qualifying_activity_gives_no_score_rather_than_zero():
    result = weekly_regularity({"dinner": [time(19)] * 2 + [NOT_DONE] * 5})
    assert (result.score, result.qualifying_activities, result.hits) == (None, 0, 0)
    assert weekly_regularity({}).score is None


def test_exactly_45_minutes_off_is_a_hit_and_46_is_not():
    # Mean of 12:00, 12:45, 11:15 is 12:00, so 12:45 and 11:15 sit exactly 45 minutes away.
    edge = weekly_regularity({"dinner": [time(12), time(12, 45), time(11, 15)] + [NOT_DONE] * 4})
    assert detail(edge, "dinner").hits == 3
    # Mean of 12:00, 12:46, 11:14 is 12:00 again; the outer two are 46 minutes away.
    past = weekly_regularity({"dinner": [time(12), time(12, 46), time(11, 14)] + [NOT_DONE] * 4})
    assert detail(past, "dinner").hit_days[:3] == (True, False, False)


def test_bedtimes_after_midnight_count_as_late_not_early():
    week = {"to_bed": [time(23, 30), time(0, 30), time(23, 45), time(0, 15)] + [NOT_DONE] * 3}
    result = weekly_regularity(week)
    bed = detail(result, "to_bed")
    # Mean of 23:30, 24:30, 23:45, 24:15 is 24:00, shown as midnight; all within 45 minutes.
    assert bed.habitual_time == time(0, 0)
    assert bed.hits == 4


def test_bedtime_from_noon_on_counts_as_that_evening():
    week = {"to_bed": [time(12, 0), time(12, 0), time(11, 59)] + [NOT_DONE] * 4}
    bed = detail(weekly_regularity(week), "to_bed")
    # 11:59 is read as the next day's 11:59, nearly a day later than 12:00, so it misses.
    assert bed.hit_days[:3] == (False, False, False)


def test_other_activities_do_not_wrap_past_midnight():
    week = {"out_of_bed": [time(0, 30), time(0, 30), time(0, 30)] + [NOT_DONE] * 4}
    assert detail(weekly_regularity(week), "out_of_bed").habitual_time == time(0, 30)


def test_result_names_its_method_and_version():
    result = weekly_regularity({})
    assert (result.habitual_time_method, result.version) == ("week_mean", srm5.VERSION)
    assert [a.key for a in result.activities] == list(srm5.ACTIVITY_KEYS)


@pytest.mark.parametrize(
    ("week", "key", "fragment"),
    [
        ({"lunch": every_day(time(12))}, "lunch", "not an SRM-5 activity"),
        ({"dinner": [time(19)] * 6}, "dinner", "exactly seven"),
        ({"dinner": [time(19)] * 8}, "dinner", "exactly seven"),
        ({"dinner": "19:00"}, "dinner", "list of seven"),
        ({"dinner": 1900}, "dinner", "list of seven"),
        ({"dinner": [time(19)] * 6 + ["19:00"]}, "dinner", "Day(s) 7"),
        ({"dinner": [1140] + [time(19)] * 6}, "dinner", "Day(s) 1"),
    ],
)
def test_malformed_weeks_are_refused_per_activity(week, key, fragment):
    errors = srm5.validate(week)
    assert set(errors) == {key}
    assert fragment in errors[key]
    with pytest.raises(InvalidWeek) as raised:
        weekly_regularity(week)
    assert raised.value.errors == errors


def test_a_week_must_be_a_mapping():
    with pytest.raises(InvalidWeek):
        weekly_regularity([time(7)] * 7)
