"""Ending a course with its summary and follow-ups."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from openipt import dates

from ..models import (
    CourseEnding,
    EndReason,
    FollowUp,
)


class EndCourseForm(forms.ModelForm):
    """How and why the course ended. The summary's first and last PHQ-9 are not typed:
    they come from the recorded administrations (measures.actions.end_course), and a PHQ-9
    asked at the ending is entered item by item beside this form."""

    ended_on = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The end date cannot be in the future."),
        label=_("Date the course ended"),
    )
    follow_up_first_on = dates.date_field(
        dates.APPOINTMENT,
        label=_("First follow-up session on"),
        required=False,
    )
    follow_up_count = forms.IntegerField(
        label=_("Number of follow-up sessions"),
        required=False,
        min_value=1,
        max_value=12,
    )
    follow_up_interval_weeks = forms.IntegerField(
        label=_("Weeks between follow-up sessions"),
        required=False,
        min_value=1,
        max_value=26,
        initial=4,
    )
    close = forms.BooleanField(
        label=_("Close the episode as well"),
        required=False,
        initial=True,
        help_text=_("Leave it open if the client is staying with you for follow-up."),
    )

    class Meta:
        model = CourseEnding
        fields = [
            "ended_on",
            "reason",
            "missed_sessions",
            "referred_to",
            "problem_area_progress",
            "future_plan",
            "follow_up",
        ]
        labels = {
            "ended_on": _("Date the course ended"),
            "reason": _("Why the course ended"),
            "missed_sessions": _("Missed sessions before dropping out"),
            "referred_to": _("Referred to"),
            "problem_area_progress": _("Progress in the problem area"),
            "future_plan": _("Plan for the future"),
            "follow_up": _("Follow-up sessions"),
        }
        help_texts = {
            "missed_sessions": _("Only when the client dropped out."),
            "referred_to": _("Only when the client was referred on."),
        }
        widgets = {
            "reason": forms.RadioSelect,
            "follow_up": forms.RadioSelect,
            "problem_area_progress": forms.Textarea(attrs={"rows": 4}),
            "future_plan": forms.Textarea(attrs={"rows": 4}),
        }

    FOLLOW_UP_FIELDS = ("follow_up_first_on", "follow_up_count", "follow_up_interval_weeks")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = date.today
        self.fields["reason"].choices = EndReason.choices
        self.fields["follow_up"].choices = FollowUp.choices

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if reason == EndReason.DROPPED_OUT and not data.get("missed_sessions"):
            self.add_error("missed_sessions", _("Give the number of sessions missed."))
        if reason == EndReason.REFERRED_ON and not data.get("referred_to"):
            self.add_error(
                "referred_to", _("Give the service or person the client is referred to.")
            )
        if data.get("follow_up") not in (None, "", FollowUp.NONE):
            for name in ("follow_up_first_on", "follow_up_count"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed to schedule the follow-up sessions."))
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
