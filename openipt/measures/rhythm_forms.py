"""The SRM-5 forms: the clinician's week grid (five daily activities, seven days, a time or
nothing in each), and the client's diary, one page per day."""

from datetime import timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openipt import dates

from .forms import SessionChoiceField
from .instruments import srm5


def field_name(activity_key, day):
    return f"{activity_key}_{day}"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class RhythmWeekForm(forms.Form):
    week_starting = dates.date_field(
        dates.CARE,
        label=_("First day of the week"),
        help_text=_("The seven columns are the seven days from this date."),
    )
    session = SessionChoiceField(
        queryset=None,
        required=False,
        label=_("Session it is reviewed at"),
        empty_label=_("Not tied to a session"),
        help_text=_(
            "A week tied to a session counts as that session's SRM-5 in the course "
            "schedule and fidelity."
        ),
    )

    def __init__(self, *args, episode, next_session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = episode.sessions.order_by("number")
        self.fields["session"].initial = next_session
        for activity in srm5.ACTIVITIES:
            for day in range(srm5.DAYS_IN_WEEK):
                self.fields[field_name(activity.key, day)] = forms.TimeField(
                    label=gettext("%(activity)s, day %(day)s")
                    % {"activity": activity.label, "day": day + 1},
                    required=False,
                    widget=TimeInput(),
                )

    def rows(self):
        """(activity, its seven bound fields) for the grid template."""
        return [
            (activity, [self[field_name(activity.key, day)] for day in range(7)])
            for activity in srm5.ACTIVITIES
        ]

    def week(self):
        """The cleaned times as srm5 expects them: activity key -> seven times or None."""
        return {
            activity.key: [
                self.cleaned_data.get(field_name(activity.key, day))
                for day in range(srm5.DAYS_IN_WEEK)
            ]
            for activity in srm5.ACTIVITIES
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(any(times) for times in self.week().values()):
            raise forms.ValidationError(_("Enter at least one time for the week."))
        return cleaned


# --- the client's diary in the portal, a day per page ----------------------------------


class DiaryStartForm(forms.Form):
    week_starting = dates.date_field(
        dates.CARE,
        label=_("First day of your diary week"),
        help_text=_("Today, or a day in the last week. You then fill in one page for each day."),
        error_messages={"required": _("Choose the first day of the week.")},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["week_starting"].initial = today

    def clean_week_starting(self):
        day = self.cleaned_data["week_starting"]
        earliest = self.today - timedelta(days=srm5.DAYS_IN_WEEK - 1)
        if not earliest <= day <= self.today:
            raise forms.ValidationError(
                gettext("Choose a day from %(earliest)s to today (%(today)s).")
                % {
                    "earliest": date_format(earliest, "j F"),
                    "today": date_format(self.today, "j F"),
                }
            )
        return day


class DiaryDayForm(forms.Form):
    """The five times of one day, each optional: empty means it did not happen that day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for activity in srm5.ACTIVITIES:
            self.fields[activity.key] = forms.TimeField(
                label=activity.label,
                required=False,
                widget=TimeInput(),
                error_messages={"invalid": _("Enter a time such as 07:30.")},
            )

    def times(self):
        return {activity.key: self.cleaned_data.get(activity.key) for activity in srm5.ACTIVITIES}


def day_initial(draft, day):
    """The saved times of day `day` (1-7) of a diary draft, for the day's form."""
    return {
        key: (draft.times.get(key) or [None] * srm5.DAYS_IN_WEEK)[day - 1]
        for key in srm5.ACTIVITY_KEYS
    }
