"""SRM-5, the five-item Social Rhythm Metric (Monk, Frank, Potts & Kupfer 2002), for IPSRT.

Not a questionnaire: the client records, each day, when five daily activities happened, and a
week of those times gives one regularity score. As in the reference, an activity counts only if
done at least 3 times that week, a "hit" is a time within 45 minutes of that activity's habitual
time, and score = hits / qualifying activities: the average number of hits per qualifying
activity, from 0 (no regular rhythm) to 7 (every activity at its usual time every day).

UNSETTLED choices, each named below and explained in docs/instruments.md: the habitual time is
the week's mean; "to bed" before noon counts as the night before's bedtime, late; the window is
inclusive. The reference gives no LOINC codes for the SRM, and none are invented.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from fractions import Fraction
from math import floor

from django.utils.translation import gettext_lazy as _

CODE = "srm5"
NAME = "Social Rhythm Metric (SRM-5)"
VERSION = "1"
SHORT_NAME = "SRM-5"
KIND = "diary"
# Clients keep the diary day by day in the portal; clinicians may also type a week in.
AT_HOME = True
OFFERED_BY_DEFAULT = True
# Only the five activity names are shipped, in our own words.
LICENCE_SETTLED = True
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("My rhythm diary")
ABOUT = _(
    "is a diary of five daily routines: when you got up, first talked with someone, started "
    "your main activity, had dinner and went to bed. Steadier times give a higher score."
)
LOINC_PANEL = None
LOINC_TOTAL = None

DAYS_IN_WEEK = 7
MIN_DAYS_TO_QUALIFY = 3
HIT_WINDOW_MINUTES = 45
MAX_SCORE = DAYS_IN_WEEK
# UNSETTLED: how the habitual time is found. The week's arithmetic mean of the recorded times.
HABITUAL_TIME_METHOD = "week_mean"
MINUTES_PER_DAY = 24 * 60

Week = Mapping[str, Sequence[time | None]]


@dataclass(frozen=True)
class Activity:
    key: str
    label: str
    # UNSETTLED: times earlier than this belong to the evening before (past midnight), so that
    # 23:30 and 00:30 are one hour apart rather than twenty-three.
    next_day_before: time | None = None

    def minutes(self, moment: time) -> Fraction:
        """Minutes since the start of this activity's day, past midnight where that applies."""
        minutes = Fraction(moment.hour * 3600 + moment.minute * 60 + moment.second, 60)
        if self.next_day_before is not None and moment < self.next_day_before:
            minutes += MINUTES_PER_DAY
        return minutes


ACTIVITIES = (
    Activity("out_of_bed", "Out of bed"),
    Activity("first_contact", "First contact with another person"),
    Activity("start_of_activity", "Start of work, school, housework or volunteering"),
    Activity("dinner", "Dinner"),
    Activity("to_bed", "To bed", next_day_before=time(12, 0)),
)
ACTIVITY_KEYS = tuple(activity.key for activity in ACTIVITIES)


@dataclass(frozen=True)
class ActivityWeek:
    key: str
    label: str
    days_done: int
    qualifies: bool
    habitual_time: time | None
    hits: int
    # One entry per day: True a hit, False done but off-time, None not done or not counted.
    hit_days: tuple[bool | None, ...]


@dataclass(frozen=True)
class RegularityResult:
    score: float | None
    hits: int
    qualifying_activities: int
    activities: tuple[ActivityWeek, ...]
    version: str = VERSION
    habitual_time_method: str = HABITUAL_TIME_METHOD


class InvalidWeek(ValueError):
    """Raised by weekly_regularity() for a malformed week; ``errors`` maps activity to message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


def validate(week: Week) -> dict[str, str]:
    """Per-activity messages. An activity left out of ``week`` was not recorded that week."""
    if not isinstance(week, Mapping):
        return {"__all__": "A week must map each activity to its seven daily times."}
    errors = {key: f"{key!r} is not an SRM-5 activity." for key in week if key not in ACTIVITY_KEYS}
    for key in ACTIVITY_KEYS:
        message = _days_error(week.get(key, (None,) * DAYS_IN_WEEK))
        if message:
            errors[key] = message
    return errors


def _days_error(days: object) -> str | None:
    if isinstance(days, str | bytes) or not isinstance(days, Sequence):
        return "Give a list of seven daily times (None for a day it was not done)."
    if len(days) != DAYS_IN_WEEK:
        return f"Give exactly seven daily times, one per day; got {len(days)}."
    wrong = [number for number, day in enumerate(days, 1) if day is not None and not _is_time(day)]
    if wrong:
        return f"Day(s) {', '.join(map(str, wrong))}: not a time of day."
    return None


def _is_time(value: object) -> bool:
    return isinstance(value, time) and value.tzinfo is None


def weekly_regularity(week: Week) -> RegularityResult:
    """The week's SRM score (hits / qualifying activities, 0-7) with per-activity detail.

    The score is None when no activity was done on at least three days.
    """
    errors = validate(week)
    if errors:
        raise InvalidWeek(errors)
    details = tuple(_activity_week(activity, week.get(activity.key)) for activity in ACTIVITIES)
    qualifying = sum(detail.qualifies for detail in details)
    hits = sum(detail.hits for detail in details)
    score = hits / qualifying if qualifying else None
    return RegularityResult(score, hits, qualifying, details)


def _activity_week(activity: Activity, days: Sequence[time | None] | None) -> ActivityWeek:
    days = days or (None,) * DAYS_IN_WEEK
    minutes = [None if day is None else activity.minutes(day) for day in days]
    done = [value for value in minutes if value is not None]
    if len(done) < MIN_DAYS_TO_QUALIFY:
        return _not_counted(activity, days_done=len(done))
    habitual = habitual_minutes(done)
    hit_days = tuple(None if value is None else is_hit(value, habitual) for value in minutes)
    return ActivityWeek(
        key=activity.key,
        label=activity.label,
        days_done=len(done),
        qualifies=True,
        habitual_time=clock_time(habitual),
        hits=sum(day is True for day in hit_days),
        hit_days=hit_days,
    )


def _not_counted(activity: Activity, days_done: int) -> ActivityWeek:
    # Too few days to have a habit: no habitual time, and no hits to count.
    return ActivityWeek(
        key=activity.key,
        label=activity.label,
        days_done=days_done,
        qualifies=False,
        habitual_time=None,
        hits=0,
        hit_days=(None,) * DAYS_IN_WEEK,
    )


def habitual_minutes(done: Sequence[Fraction]) -> Fraction:
    """UNSETTLED method "week_mean": the mean of the week's recorded times, kept exact."""
    return sum(done, Fraction(0)) / len(done)


def is_hit(minutes: Fraction, habitual: Fraction) -> bool:
    # "Within 45 minutes" is read as inclusive: exactly 45 minutes off is still a hit.
    return abs(minutes - habitual) <= HIT_WINDOW_MINUTES


def clock_time(minutes: Fraction) -> time:
    """The clock time of a minute count, rounded half up to the minute, wrapping past midnight."""
    whole = floor(minutes + Fraction(1, 2)) % MINUTES_PER_DAY
    return time(whole // 60, whole % 60)
