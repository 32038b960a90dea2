"""Tapering: a course that meets weekly, then every two weeks, then monthly, as agreed in
the contract (docs/course.md, "Tapering").

The plan keeps the session numbers the spacing changes at (`CoursePlan.fortnightly_from`,
`monthly_from`): the gap before session n is two weeks from `fortnightly_from`, four weeks
from `monthly_from`, and the plan's own frequency before them. Phases follow the session
numbers (phases.py), never the dates, so tapering moves dates only.

Pure: the functions take numbers and datetimes, so the contract form, the scheduling action
and the tests share one rule (its messages in the reader's language, for the form).
"""

from datetime import timedelta

from django.utils.translation import gettext

from .models import FREQUENCY_DAYS, Frequency

FORTNIGHT = FREQUENCY_DAYS[Frequency.FORTNIGHTLY]
MONTH = FREQUENCY_DAYS[Frequency.MONTHLY]


def gap_before(number, frequency, fortnightly_from=None, monthly_from=None):
    """Days between session `number - 1` and session `number` under the taper."""
    if monthly_from is not None and number >= monthly_from:
        return MONTH
    if fortnightly_from is not None and number >= fortnightly_from:
        return FORTNIGHT
    return FREQUENCY_DAYS.get(frequency, FREQUENCY_DAYS[Frequency.WEEKLY])


def proposed_times(first_at, first_number, count, frequency, fortnightly_from, monthly_from):
    """When `count` sessions numbered from `first_number` fall, the first at `first_at`."""
    times = [first_at]
    for number in range(first_number + 1, first_number + count):
        days = gap_before(number, frequency, fortnightly_from, monthly_from)
        times.append(times[-1] + timedelta(days=days))
    return times


def plan_times(plan, first_at, first_number, count):
    return proposed_times(
        first_at, first_number, count, plan.frequency, plan.fortnightly_from, plan.monthly_from
    )


def taper_problems(frequency, planned, fortnightly_from, monthly_from):
    """(field, message) for each way a taper does not fit the plan; empty when it does."""
    problems = []
    steps = (
        ("fortnightly_from", fortnightly_from, (Frequency.WEEKLY,)),
        ("monthly_from", monthly_from, (Frequency.WEEKLY, Frequency.FORTNIGHTLY)),
    )
    for field, start, slower_than in steps:
        if start is None:
            continue
        if frequency not in slower_than:
            problems.append(
                (field, gettext("A taper only makes sessions less frequent than agreed."))
            )
        elif not 2 <= start <= planned:
            problems.append(
                (field, gettext("Give a session between 2 and %(last)s.") % {"last": planned})
            )
    if (
        fortnightly_from is not None
        and monthly_from is not None
        and monthly_from <= fortnightly_from
    ):
        problems.append(
            (
                "monthly_from",
                gettext("Monthly sessions start after the two-weekly ones have begun."),
            )
        )
    return problems
