from datetime import date, datetime

import pytest

from openipt.calendar_rules import add_working_days


# 2026-11-20 is a Friday.
@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2026, 11, 16), 1, date(2026, 11, 17)),  # Monday -> Tuesday
        (date(2026, 11, 19), 1, date(2026, 11, 20)),  # Thursday -> Friday
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday -> Monday
        (date(2026, 11, 20), 2, date(2026, 11, 24)),  # Friday -> Tuesday
        (date(2026, 11, 21), 1, date(2026, 11, 24)),  # Saturday counts from Monday
        (date(2026, 11, 22), 1, date(2026, 11, 24)),  # Sunday counts from Monday
        (date(2026, 11, 16), 5, date(2026, 11, 23)),  # a whole week
        (date(2026, 11, 18), 0, date(2026, 11, 18)),
        (date(2026, 11, 21), 0, date(2026, 11, 23)),  # weekend, no days: next Monday
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_time_of_day_is_kept():
    assert add_working_days(datetime(2026, 11, 20, 16, 30), 1) == datetime(2026, 11, 23, 16, 30)
