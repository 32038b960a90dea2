"""Scheduling, moving and recording sessions."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from openipt import dates

from ..models import (
    RECORDED_ATTENDANCE,
    Attendance,
    Frequency,
    TaskStatus,
)
from .fields import NOTE_LENGTH


def location_field():
    return forms.CharField(
        label="Where (place or video link)",
        max_length=300,
        required=False,
        help_text="Given in the client's reminder. Leave it empty to say nothing about where.",
    )


class RescheduleForm(forms.Form):
    scheduled_for = dates.datetime_field(dates.APPOINTMENT, label="New date and time")
    location = location_field()
    reason = forms.CharField(
        label="Why it is moving",
        max_length=300,
        help_text="For example: the client asked to move it, or the clinician is away.",
    )


class ScheduleForm(forms.Form):
    scheduled_for = dates.datetime_field(dates.APPOINTMENT, label="Date and time")
    location = location_field()
    count = forms.IntegerField(
        label="How many sessions to schedule",
        min_value=1,
        initial=1,
        help_text="More than one schedules a run of sessions at the agreed frequency.",
    )

    def __init__(self, *args, plan, next_number, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.next_number = next_number
        self.remaining = plan.planned_sessions - next_number + 1
        self.fields["count"].widget.attrs["max"] = self.remaining
        self.fields["scheduled_for"].initial = timezone.localtime().replace(
            hour=10, minute=0, second=0, microsecond=0
        ) + timedelta(days=7)

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count > self.remaining:
            raise forms.ValidationError(
                f"Only {self.remaining} more session{'s' if self.remaining > 1 else ''} "
                "can be scheduled in this plan."
            )
        if count > 1 and self.plan.frequency == Frequency.FLEXIBLE:
            raise forms.ValidationError("With flexible spacing, schedule one session at a time.")
        return count


class SessionForm(forms.Form):
    """Attendance, date and length, and one status and note for each agenda task."""

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
        help_text="The day of the session, or of the missed appointment.",
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        required=False,
        min_value=1,
        max_value=240,
    )

    def __init__(self, *args, agenda, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        existing = {r.task_key: r for r in session.task_records.all()}
        if session.is_recorded:
            self.fields["attendance"].initial = session.attendance
        self.fields["held_on"].initial = session.held_on or timezone.localdate(
            session.scheduled_for
        )
        self.fields["duration_minutes"].initial = session.duration_minutes
        for item in agenda:
            key = item.task.key
            found = existing.get(key)
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label=item.task.title,
                choices=TaskStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=found.status if found else None,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label="Note (optional)",
                required=False,
                max_length=NOTE_LENGTH,
                initial=found.note if found else "",
            )

    def rows(self):
        return [
            (item, self[f"status_{item.task.key}"], self[f"note_{item.task.key}"])
            for item in self.agenda
        ]

    def clean(self):
        data = super().clean()
        if data.get("attendance") != Attendance.ATTENDED:
            return data
        if not data.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", "Give the length of the session in minutes.")
        for item in self.agenda:
            name = f"status_{item.task.key}"
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Choose done, not done or not applicable.")
        return data

    def session_data(self):
        data = self.cleaned_data
        tasks = [
            (item.task.key, data[f"status_{item.task.key}"], data[f"note_{item.task.key}"])
            for item in self.agenda
        ]
        return {
            "held_on": data["held_on"],
            "duration_minutes": data.get("duration_minutes"),
            "attendance": data["attendance"],
            "tasks": tasks if data["attendance"] == Attendance.ATTENDED else (),
        }


class CancelForm(forms.Form):
    cancelled_by = forms.ChoiceField(
        label="Who cancelled?",
        choices=[
            (Attendance.CANCELLED_BY_CLIENT, "The client"),
            (Attendance.CANCELLED_BY_CLINICIAN, "I did (or the service did)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say who cancelled the session."},
    )
