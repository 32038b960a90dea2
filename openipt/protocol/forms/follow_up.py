"""Recording a booster or maintenance session held after the course ended."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        label=_("Attendance"),
        choices=[(choice.value, choice.label) for choice in RECORDED_ATTENDANCE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the session went.")},
    )
    held_on = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The date cannot be in the future."),
        label=_("Date"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), required=False, min_value=1, max_value=240
    )
    delivery_mode = forms.ChoiceField(
        label=_("How the session was held"),
        choices=[("", _("Not said")), *DeliveryMode.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    also_present = forms.MultipleChoiceField(
        label=_("Also attended (besides the client)"),
        choices=Companion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    warning_signs = forms.ChoiceField(
        label=_("Warning signs on the relapse-prevention plan"),
        choices=WarningSignsFit.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    symptoms_returned = forms.ChoiceField(
        label=_("Any return of symptoms"),
        choices=SymptomsReturned.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A relapse is kept with this session; start a new course for the client "
            "and link it to this one."
        ),
    )
    what_helped = forms.CharField(
        label=_("What has helped since the course ended"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Note"),
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
                self.add_error("also_present", _("Only an attended session has others present."))
            return data
        if not data.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", _("Give the length of the session in minutes."))
        for name in REVIEW_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Review the relapse-prevention plan: choose one."))
        return data

    def follow_up_data(self):
        data = dict(self.cleaned_data)
        for name in ("what_helped", "note"):
            data[name] = data[name].strip()
        return data
