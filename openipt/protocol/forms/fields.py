"""Fields and checks the course forms share."""

from django import forms

YES_NO = [("yes", "Yes"), ("no", "No")]
NOTE_LENGTH = 300


def yes_no_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
