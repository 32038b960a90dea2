"""Recording a booster or maintenance session held after the course ended."""

from django import forms
from django.utils import timezone

from openipt import dates

from ..models import (
    RECORDED_ATTENDANCE,
    Attendance,
    Companion,
    DeliveryMode,
    SymptomsReturned,
    WarningSignsFit,
)
from .fields import NOTE_LENGTH

# The review of the relapse-prevention plan an attended follow-up needs.
REVIEW_FIELDS = ("warning_signs", "symptoms_returned")


class FollowUpForm(forms.Form):
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=[(choice.value, choice.label) for choice in RECORDED_ATTENDANCE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the session went."},
    )
    held_on = dates.date_field(
        dates.PAST_CARE,
        too_late="The date cannot be in the future.",
        label="Date",
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes", required=False, min_value=1, max_value=240
    )
    delivery_mode = forms.ChoiceField(
        label="How the session was held",
        choices=[("", "Not said"), *DeliveryMode.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    also_present = forms.MultipleChoiceField(
        label="Also attended (besides the client)",
        choices=Companion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    warning_signs = forms.ChoiceField(
        label="Warning signs on the relapse-prevention plan",
        choices=WarningSignsFit.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    symptoms_returned = forms.ChoiceField(
        label="Any return of symptoms",
        choices=SymptomsReturned.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="A relapse is kept with this session; start a new course for the client "
        "and link it to this one.",
    )
    what_helped = forms.CharField(
        label="What has helped since the course ended",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].initial = getattr(follow_up, name)
        if not follow_up.is_recorded:
            self.fields["attendance"].initial = None
            self.fields["held_on"].initial = min(follow_up.scheduled_for, timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("attendance") != Attendance.ATTENDED:
            if data.get("also_present"):
                self.add_error("also_present", "Only an attended session has others present.")
            return data
        if not data.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", "Give the length of the session in minutes.")
        for name in REVIEW_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Review the relapse-prevention plan: choose one.")
        return data

    def follow_up_data(self):
        data = dict(self.cleaned_data)
        for name in ("what_helped", "note"):
            data[name] = data[name].strip()
        return data
