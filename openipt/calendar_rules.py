"""Calendar rules: working days (Monday to Friday; public holidays are not known here)."""

from datetime import timedelta

SATURDAY = 5


def is_working_day(day):
    return day.weekday() < SATURDAY


def add_working_days(start, days):
    """`start` moved on by `days` working days, keeping its time of day.

    A start on a weekend counts from the next Monday's same time, so a flag raised on
    Saturday with one working day is due on Tuesday at that time: the clinician gets a
    whole working day. Works for dates and datetimes.
    """
    moment = start
    while not is_working_day(moment):
        moment += timedelta(days=1)
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if is_working_day(moment):
            remaining -= 1
    return moment
