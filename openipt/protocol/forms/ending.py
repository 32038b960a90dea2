"""Ending a course with its summary and follow-ups."""

from datetime import date

from django import forms

from openipt.caseload.forms import DateInput

from ..models import (
    CourseEnding,
    EndReason,
    FollowUp,
)
from .fields import not_in_future


class EndCourseForm(forms.ModelForm):
    follow_up_first_on = forms.DateField(
        label="First follow-up session on",
        required=False,
        widget=DateInput,
    )
    follow_up_count = forms.IntegerField(
        label="Number of follow-up sessions",
        required=False,
        min_value=1,
        max_value=12,
    )
    follow_up_interval_weeks = forms.IntegerField(
        label="Weeks between follow-up sessions",
        required=False,
        min_value=1,
        max_value=26,
        initial=4,
    )
    close = forms.BooleanField(
        label="Close the episode as well",
        required=False,
        initial=True,
        help_text="Leave it open if the client is staying with you for follow-up.",
    )

    class Meta:
        model = CourseEnding
        fields = [
            "ended_on",
            "reason",
            "missed_sessions",
            "referred_to",
            "first_phq9",
            "last_phq9",
            "problem_area_progress",
            "future_plan",
            "follow_up",
        ]
        labels = {
            "ended_on": "Date the course ended",
            "reason": "Why the course ended",
            "missed_sessions": "Missed sessions before dropping out",
            "referred_to": "Referred to",
            "first_phq9": "First PHQ-9 total",
            "last_phq9": "Last PHQ-9 total",
            "problem_area_progress": "Progress in the problem area",
            "future_plan": "Plan for the future",
            "follow_up": "Follow-up sessions",
        }
        help_texts = {
            "missed_sessions": "Only when the client dropped out.",
            "referred_to": "Only when the client was referred on.",
            "first_phq9": "Filled in from the records where a score exists.",
        }
        widgets = {
            "ended_on": DateInput,
            "reason": forms.RadioSelect,
            "follow_up": forms.RadioSelect,
            "problem_area_progress": forms.Textarea(attrs={"rows": 4}),
            "future_plan": forms.Textarea(attrs={"rows": 4}),
        }

    SCORE_FIELDS = ("first_phq9", "last_phq9")
    FOLLOW_UP_FIELDS = ("follow_up_first_on", "follow_up_count", "follow_up_interval_weeks")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = date.today
        self.fields["reason"].choices = EndReason.choices
        self.fields["follow_up"].choices = FollowUp.choices
        for name in self.SCORE_FIELDS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 27})

    def clean_ended_on(self):
        return not_in_future(self.cleaned_data["ended_on"], "The end date")

    def clean(self):
        data = super().clean()
        for name in self.SCORE_FIELDS:
            if data.get(name) is not None and data[name] > 27:
                self.add_error(name, "PHQ-9 totals run from 0 to 27.")
        reason = data.get("reason")
        if reason == EndReason.DROPPED_OUT and not data.get("missed_sessions"):
            self.add_error("missed_sessions", "Give the number of sessions missed.")
        if reason == EndReason.REFERRED_ON and not data.get("referred_to"):
            self.add_error("referred_to", "Give the service or person the client is referred to.")
        if data.get("follow_up") not in (None, "", FollowUp.NONE):
            for name in ("follow_up_first_on", "follow_up_count"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Needed to schedule the follow-up sessions.")
        return data

    def ending_data(self):
        data = dict(self.cleaned_data)
        if data["reason"] != EndReason.DROPPED_OUT:
            data["missed_sessions"] = None
        if data["reason"] != EndReason.REFERRED_ON:
            data["referred_to"] = ""
        if data["follow_up"] == FollowUp.NONE:
            data.update(follow_up_first_on=None, follow_up_count=0)
        data["follow_up_count"] = data.get("follow_up_count") or 0
        data["follow_up_interval_weeks"] = data.get("follow_up_interval_weeks") or 4
        return data
