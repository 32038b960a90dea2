"""Fields and checks the course forms share."""

from datetime import date

from django import forms

YES_NO = [("yes", "Yes"), ("no", "No")]
NOTE_LENGTH = 300


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def not_in_future(value, what="This date"):
    if value and value > date.today():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return value


def yes_no_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
