"""The dates the product accepts, in one place (docs/architecture.md, "Dates").

Every date or date-and-time typed into a form is bounded to the window that makes sense
for what it records, so an impossible value (0001-01-01, 9999-12-31) is refused next to
its field instead of being stored, where it would break every page that draws or counts
from it. Forms build their date fields with `date_field` and `datetime_field`;
`tests/test_dates.py` checks that no form builds one any other way.

The windows are counted from today, so a date accepted once stays within the wider range
`repairable` (the range `openipt repair-dates` checks stored rows against) for ever.

The bottom of the house: this module imports no app of the project.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

# Nobody alive was born before it, and no record of care predates it.
EARLIEST = date(1900, 1, 1)
# How far ahead a stored date may lie and still be sound: the latest appointment a form
# accepts (three years ahead) plus a run of follow-ups after it (at most 12 × 26 weeks).
STORED_YEARS_AHEAD = 10


def years_from(day, years):
    """The same day `years` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Window:
    """A range of days counted from today: from `years_back` years ago (or EARLIEST when
    None) to `years_ahead` years ahead (0: today). `too_late` replaces the message for a
    date after the window, where a plainer one helps (a birth cannot be in the future)."""

    name: str
    years_back: int | None
    years_ahead: int
    too_late: str = ""

    def bounds(self, today=None):
        today = today or timezone.localdate()
        earliest = EARLIEST
        if self.years_back is not None:
            earliest = max(EARLIEST, years_from(today, -self.years_back))
        return earliest, years_from(today, self.years_ahead)

    def message(self, today=None):
        earliest, latest = self.bounds(today)
        if self.years_ahead == 0:
            return gettext("Give a date from %(earliest)s to today.") % {
                "earliest": long_date(earliest)
            }
        return gettext("Give a date from %(earliest)s to %(latest)s.") % {
            "earliest": long_date(earliest),
            "latest": long_date(latest),
        }

    def check(self, day, today=None):
        """Raise a ValidationError with the window's message when `day` lies outside it."""
        if day is None:
            return
        earliest, latest = self.bounds(today)
        if day > latest and self.too_late:
            raise forms.ValidationError(self.too_late, code="date_out_of_range")
        if not earliest <= day <= latest:
            raise forms.ValidationError(self.message(today), code="date_out_of_range")

    def __call__(self, value):
        """As a field validator: dates, and date-and-times by their local day."""
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        self.check(value)


# A date of birth: from 1900 to today.
BIRTH = Window(
    "birth", None, 0, too_late=gettext_lazy("The date of birth cannot be in the future.")
)
# The client's life story (life events, a death, a month): from 1900 to today.
LIFE_HISTORY = Window(
    "life history",
    None,
    0,
    too_late=gettext_lazy("This date is in the future; please give a date up to today."),
)
# A life event the client expects (a move, a birth, retirement) or has lived: from 1900
# to three years ahead. The timeline accepts a date after today only for an event marked
# anticipated (formulation/forms.py LifeEventForm).
LIFE_PLANS = Window("life event", None, 3)
# Records of care that may be planned (an episode or a course starting): five years back
# to one year ahead.
CARE = Window("care", 5, 1)
# Records of what has happened (screens, measures, sessions held, courses ended, the
# formulation's entries): five years back to today. Forms name the date in `too_late`.
PAST_CARE = Window("past care", 5, 0, too_late=gettext_lazy("This date cannot be in the future."))
# Appointments and due dates (sessions, follow-ups, homework, boosters, the agreed end):
# five years back to three years ahead.
APPOINTMENT = Window("appointment", 5, 3)
# What a client writes in a worksheet: anything from their life story to a plan a few
# years ahead.
WORKSHEET = Window("worksheet", None, 3)

WINDOWS = (BIRTH, LIFE_HISTORY, LIFE_PLANS, CARE, PAST_CARE, APPOINTMENT, WORKSHEET)


def long_date(day):
    """A day in words in the active language: "9 March 2026", "9 maart 2026"."""
    return date_format(day, "j F Y")


class DateInput(forms.DateInput):
    """A browser date picker; it only accepts ISO dates, whatever the site's locale. With a
    window, the picker offers only the window's days (`min` and `max`, worked out when the
    page is drawn, not when the server started)."""

    input_type = "date"

    def __init__(self, attrs=None, window=None):
        super().__init__(attrs, format="%Y-%m-%d")
        self.window = window

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.window is not None:
            earliest, latest = self.window.bounds()
            context["widget"]["attrs"].setdefault("min", earliest.isoformat())
            context["widget"]["attrs"].setdefault("max", latest.isoformat())
        return context


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, window=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
        self.window = window

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.window is not None:
            earliest, latest = self.window.bounds()
            context["widget"]["attrs"].setdefault("min", f"{earliest.isoformat()}T00:00")
            context["widget"]["attrs"].setdefault("max", f"{latest.isoformat()}T23:59")
        return context


class BoundedDateField(forms.DateField):
    """A date within a window; anything else gets the window's message by the field."""

    def __init__(self, window, **kwargs):
        kwargs.setdefault("widget", DateInput(window=window))
        super().__init__(**kwargs)
        self.window = window
        self.validators.append(window)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time whose local day lies within a window."""

    def __init__(self, window, **kwargs):
        kwargs.setdefault("widget", DateTimeInput(window=window))
        super().__init__(**kwargs)
        self.window = window
        self.validators.append(window)


def date_field(window, *, too_late=None, **kwargs):
    """A form's date field bounded to `window`; `too_late` words the message for a date
    after it for this field (e.g. "The end date cannot be in the future.")."""
    return BoundedDateField(_worded(window, too_late), **kwargs)


def datetime_field(window, *, too_late=None, **kwargs):
    return BoundedDateTimeField(_worded(window, too_late), **kwargs)


def _worded(window, too_late):
    return replace(window, too_late=too_late) if too_late else window


def repairable(window, today=None):
    """The range a stored date of this window must lie in to be sound: every date a form
    ever accepted lies in it. Dates of birth and life history stay within their window;
    the others may lie up to STORED_YEARS_AHEAD years ahead."""
    today = today or timezone.localdate()
    if window.years_ahead == 0:
        return EARLIEST, today
    return EARLIEST, years_from(today, STORED_YEARS_AHEAD)


def clamp(day, earliest=EARLIEST, latest=None):
    """`day` moved into [earliest, latest] (latest: STORED_YEARS_AHEAD years from today):
    what pictures draw for a stored date outside any sound range."""
    latest = latest or years_from(date.today(), STORED_YEARS_AHEAD)
    return min(max(day, earliest), latest)
