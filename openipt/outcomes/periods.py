"""The periods the outcome figures are counted over: calendar quarters and years, each with
the period before it (the dashboard's comparison) and the quarters of the trend."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language

# Quarters and years offered in the period filter, counted back from today's.
QUARTERS_OFFERED = 12
YEARS_OFFERED = 3
# Quarters in the trend, ending with the last quarter of the chosen period.
TREND_QUARTERS = 8

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    key: str  # "2026-Q1" or "2026": what the filter and the CSV carry
    start: date
    end: date  # the last day, included
    label: str  # "Jan–Mar 2026" or "2026"

    @property
    def is_quarter(self):
        return "-Q" in self.key

    def previous(self) -> Period:
        if self.is_quarter:
            return quarter_of(self.start - timedelta(days=1))
        return year(self.start.year - 1)

    def last_quarter(self) -> Period:
        return quarter_of(self.end)

    def __contains__(self, day):
        return day is not None and self.start <= day <= self.end


def quarter(year_number, number) -> Period:
    return _quarter_in(year_number, number, get_language())


# A dashboard asks for the same few quarters about 160 times (each period's quarters, the
# trend's, each summary row's), and each label formats two dates in the active language.
# A Period is immutable and names no client: kept per language for the process.
@lru_cache(maxsize=1024)
def _quarter_in(year_number, number, language) -> Period:
    first_month = 3 * (number - 1) + 1
    start = date(year_number, first_month, 1)
    end = (
        date(year_number + 1, 1, 1) if number == 4 else date(year_number, first_month + 3, 1)
    ) - timedelta(days=1)
    # Month abbreviations in the active language ("Jan–Mar 2026", "jan–mrt 2026").
    label = f"{date_format(start, 'M')}–{date_format(end, 'M')} {year_number}"
    return Period(f"{year_number}-Q{number}", start, end, label)


def quarter_of(day) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_number(day):
    """The quarter a day is in as one whole number, consecutive from quarter to quarter
    (what a summary stores to group courses by the quarter they ended in)."""
    return day.year * 4 + (day.month - 1) // 3


def quarter_from_number(number) -> Period:
    return quarter(number // 4, number % 4 + 1)


def year(year_number) -> Period:
    return Period(
        str(year_number), date(year_number, 1, 1), date(year_number, 12, 31), str(year_number)
    )


def parse(key) -> Period | None:
    """The period a filter value names, or None for anything else."""
    key = (key or "").strip()
    if found := _QUARTER.match(key):
        return quarter(int(found[1]), int(found[2]))
    if found := _YEAR.match(key):
        return year(int(found[1]))
    return None


def default(today) -> Period:
    """The last whole quarter: the current one is still filling up."""
    return quarter_of(today).previous()


def offered(today) -> list[Period]:
    """The periods of the filter, newest first: the current quarter and the ones before it,
    then the current year and the ones before it."""
    quarters = [quarter_of(today)]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(quarters[-1].previous())
    years = [year(today.year - back) for back in range(YEARS_OFFERED)]
    return quarters + years


def trend(period) -> list[Period]:
    """The TREND_QUARTERS quarters ending with the period's last quarter, oldest first."""
    quarters = [period.last_quarter()]
    while len(quarters) < TREND_QUARTERS:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]
