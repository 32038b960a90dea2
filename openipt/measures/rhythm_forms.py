"""The SRM-5 week grid: five daily activities, seven days, a time (or nothing) in each."""

from django import forms

from .instruments import srm5


def field_name(activity_key, day):
    return f"{activity_key}_{day}"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class RhythmWeekForm(forms.Form):
    week_starting = forms.DateField(
        label="First day of the week",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The seven columns are the seven days from this date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for activity in srm5.ACTIVITIES:
            for day in range(srm5.DAYS_IN_WEEK):
                self.fields[field_name(activity.key, day)] = forms.TimeField(
                    label=f"{activity.label}, day {day + 1}",
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
            raise forms.ValidationError("Enter at least one time for the week.")
        return cleaned
