"""Forms for the course pages. They validate, including the rules that need the
course's records (through course.py); actions then assume valid input."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from . import modalities
from .course import planned_default, rephased_sessions
from .models import (
    RECORDED_ATTENDANCE,
    Attendance,
    CourseEnding,
    EndReason,
    Exclusion,
    FitQuestion,
    FollowUp,
    Frequency,
    TaskStatus,
    TreatmentContract,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
NOTE_LENGTH = 300


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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


# --- intake ------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    screened_on = forms.DateField(label="Date of the screen", widget=DateInput)
    phq9_total = forms.IntegerField(
        label="PHQ-9 total (if taken)",
        required=False,
        min_value=0,
        max_value=27,
        help_text="Leave empty if the PHQ-9 was not taken. Totals run from 0 to 27.",
    )
    symptoms = forms.CharField(
        label="Current symptoms",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the client describes now, in a few lines.",
    )
    suicidal_crisis = yes_no_field(Exclusion.SUICIDAL_CRISIS.label)
    psychosis = yes_no_field(Exclusion.PSYCHOSIS.label)
    mania = yes_no_field(Exclusion.MANIA.label)
    severe_dissociation = yes_no_field(Exclusion.SEVERE_DISSOCIATION.label)
    fit_answers = forms.MultipleChoiceField(
        label="Which of these apply to the client?",
        choices=FitQuestion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_to = forms.CharField(
        label="Referred to",
        required=False,
        max_length=200,
        help_text="The service or person the client is referred to.",
    )
    referral_reason = forms.CharField(
        label="Reason for the referral", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_on = forms.DateField(label="Date of the referral", required=False, widget=DateInput)

    EXCLUSION_FIELDS = tuple(choice.value for choice in Exclusion)
    REFERRAL_FIELDS = ("referred_to", "referral_reason", "referred_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screened_on"].initial = date.today

    def clean_screened_on(self):
        return not_in_future(self.cleaned_data["screened_on"], "The date of the screen")

    def clean_referred_on(self):
        return not_in_future(self.cleaned_data.get("referred_on"), "The date of the referral")

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.EXCLUSION_FIELDS):
            for name in self.REFERRAL_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        "An exclusion was found, so record the referral: to whom, why and when.",
                    )
        return data

    def exclusion_fields(self):
        return [self[name] for name in self.EXCLUSION_FIELDS]

    def referral_fields(self):
        return [self[name] for name in self.REFERRAL_FIELDS]

    def screen_data(self):
        data = self.cleaned_data
        fields = ("screened_on", "phq9_total", "symptoms", "fit_answers", "notes")
        return {name: data[name] for name in fields + self.EXCLUSION_FIELDS}

    def referral_data(self):
        data = self.cleaned_data
        if not any(data.get(name) for name in self.EXCLUSION_FIELDS):
            return None
        return {
            "referred_to": data["referred_to"],
            "reason": data["referral_reason"],
            "referred_on": data["referred_on"],
        }


# --- starting and the contract ---------------------------------------------------------


def check_planned(modality, planned):
    allowed = modality.planned_sessions
    if not allowed.allows(planned):
        raise forms.ValidationError(
            f"{modality.name} plans between {allowed.minimum} and {allowed.maximum} sessions."
        )


def check_minutes(modality, minutes):
    shortest, longest = modality.session_minutes
    # Allow some slack around the modality's usual length; beyond it, the value is a typo.
    if not shortest // 2 <= minutes <= longest * 2:
        raise forms.ValidationError(
            f"{modality.name} sessions usually last {shortest}-{longest} minutes. "
            "Please check the length."
        )


class StartCourseForm(forms.Form):
    modality = forms.ChoiceField(label="Modality", choices=modalities.choices)
    planned_sessions = forms.IntegerField(label="Planned number of sessions", min_value=1)
    session_minutes = forms.IntegerField(label="Session length in minutes", min_value=1)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)
    started_on = forms.DateField(label="Start date", widget=DateInput)
    override_reason = forms.CharField(
        label="Reason for starting despite the exclusion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only needed when the intake screen found an exclusion. It is kept on the "
        "course and in the audit trail.",
    )

    def __init__(self, *args, organisation_defaults=None, show_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        first = modalities.get(self.fields["modality"].choices[0][0])
        self.fields["planned_sessions"].initial = planned_default(first, organisation_defaults)
        self.fields["session_minutes"].initial = first.session_minutes[1]
        self.fields["frequency"].initial = first.spacing
        self.fields["started_on"].initial = date.today
        self.fields["planned_sessions"].help_text = "; ".join(
            f"{m.name}: {m.planned_sessions.minimum}-{m.planned_sessions.maximum}"
            f" (usually {planned_default(m, organisation_defaults)})"
            for m in modalities.SHIPPED
        )
        if not show_override:
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        code = data.get("modality")
        if not code:
            return data
        modality = modalities.get(code)
        for name, check in (
            ("planned_sessions", check_planned),
            ("session_minutes", check_minutes),
        ):
            if data.get(name) is not None:
                try:
                    check(modality, data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def plan_data(self):
        names = ("modality", "planned_sessions", "session_minutes", "frequency", "started_on")
        return {name: self.cleaned_data[name] for name in names}


class ContractForm(forms.Form):
    planned_sessions = forms.IntegerField(label="Planned number of sessions", min_value=1)
    agreed_end_date = forms.DateField(
        label="Agreed end date",
        required=False,
        widget=DateInput,
        help_text="The date of the last session, as agreed with the client.",
    )
    session_minutes = forms.IntegerField(label="Session length in minutes", min_value=1)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)

    def __init__(self, *args, plan, recorded_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.recorded_numbers = list(recorded_numbers)
        for name, label in TreatmentContract.ITEMS:
            self.fields[name] = forms.DateField(
                label=f"{label} on",
                required=False,
                widget=DateInput,
                help_text="Leave empty until it has happened.",
            )

    def item_fields(self):
        return [self[name] for name, _ in TreatmentContract.ITEMS]

    def plan_fields(self):
        return [
            self[name]
            for name in ("planned_sessions", "agreed_end_date", "session_minutes", "frequency")
        ]

    def clean(self):
        data = super().clean()
        modality = self.plan.definition
        for name, _ in TreatmentContract.ITEMS:
            if data.get(name) and data[name] > date.today():
                self.add_error(name, "This date cannot be in the future.")
        if data.get("session_minutes") is not None:
            try:
                check_minutes(modality, data["session_minutes"])
            except forms.ValidationError as error:
                self.add_error("session_minutes", error)
        end = data.get("agreed_end_date")
        if end and end < self.plan.started_on:
            self.add_error("agreed_end_date", "The end date cannot be before the course started.")
        if data.get("sessions_and_end_agreed_on") and not end:
            self.add_error("agreed_end_date", "Give the end date that was agreed.")
        planned = data.get("planned_sessions")
        if planned is not None:
            self._check_planned(modality, planned)
        return data

    def _check_planned(self, modality, planned):
        try:
            check_planned(modality, planned)
            moved = rephased_sessions(
                modality,
                self.recorded_numbers,
                (self.plan.planned_sessions, self.plan.boundary_overrides),
                (planned, self.plan.boundary_overrides),
            )
        except forms.ValidationError as error:
            self.add_error("planned_sessions", error)
            return
        except ValueError as error:
            self.add_error("planned_sessions", f"That does not fit the phase plan: {error}.")
            return
        if moved:
            self.add_error(
                "planned_sessions",
                "That would move recorded sessions into another phase (session "
                + ", ".join(str(n) for n in moved)
                + "). Keep the count, or move the phase boundaries first.",
            )

    def contract_data(self):
        return dict(self.cleaned_data)


class BoundaryForm(forms.Form):
    initial_end = forms.IntegerField(
        label="Last session of the initial phase",
        min_value=1,
    )
    termination_start = forms.IntegerField(
        label="First session of the termination phase",
        min_value=1,
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the course and in the audit trail.",
    )

    def __init__(self, *args, plan, recorded_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.recorded_numbers = list(recorded_numbers)
        b = plan.boundaries
        self.fields["initial_end"].initial = b.initial_end
        self.fields["termination_start"].initial = b.termination_start
        self.fields["reason"].initial = plan.boundary_reason

    def clean(self):
        data = super().clean()
        if data.get("initial_end") is None or data.get("termination_start") is None:
            return data
        new = {"initial_end": data["initial_end"], "termination_start": data["termination_start"]}
        planned = self.plan.planned_sessions
        try:
            moved = rephased_sessions(
                self.plan.definition,
                self.recorded_numbers,
                (planned, self.plan.boundary_overrides),
                (planned, new),
            )
        except ValueError:
            raise forms.ValidationError(
                f"Each phase needs at least one session: the initial phase must end before the "
                f"termination phase starts, and both must lie within the {planned} sessions."
            ) from None
        if moved:
            raise forms.ValidationError(
                "Recorded sessions cannot change phase (session "
                + ", ".join(str(n) for n in moved)
                + "). Move the boundary only across sessions not yet held."
            )
        return data


# --- sessions --------------------------------------------------------------------------


class RescheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label="New date and time", widget=DateTimeInput)
    reason = forms.CharField(
        label="Why it is moving",
        max_length=300,
        help_text="For example: the client asked to move it, or the clinician is away.",
    )


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label="Date and time", widget=DateTimeInput)
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
    held_on = forms.DateField(
        label="Date",
        widget=DateInput,
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

    def clean_held_on(self):
        return not_in_future(self.cleaned_data["held_on"], "The date")

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


# --- ending ----------------------------------------------------------------------------


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
