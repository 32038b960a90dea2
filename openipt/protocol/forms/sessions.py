"""Scheduling, moving and recording sessions: attendance, agenda and the progress note."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openipt import dates

from .. import tools
from ..models import (
    NOTE_SECTIONS,
    RECORDED_ATTENDANCE,
    Attendance,
    Companion,
    DeliveryMode,
    Frequency,
    TaskStatus,
)
from .fields import NOTE_LENGTH


def location_field():
    return forms.CharField(
        label=_("Where (place or video link)"),
        max_length=300,
        required=False,
        help_text=_("Given in the client's reminder. Leave it empty to say nothing about where."),
    )


def add_delivery_fields(form, session=None):
    """How the session is held and, for a video call, the meeting's link (no video runs
    inside the product)."""
    form.fields["delivery_mode"] = forms.ChoiceField(
        label=_("How the session is held"),
        choices=[("", _("Not said")), *DeliveryMode.choices],
        required=False,
        widget=forms.RadioSelect,
        initial=session.delivery_mode if session else "",
    )
    form.fields["meeting_link"] = forms.URLField(
        label=_("Video meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        initial=session.meeting_link if session else "",
        help_text=_(
            "For a video call only: the address of the meeting in your video service, "
            "starting https://."
        ),
    )


def check_delivery(form, data):
    """A meeting link belongs to a video call, and is a secure (https) address."""
    link = data.get("meeting_link")
    if not link:
        return
    if data.get("delivery_mode") != DeliveryMode.VIDEO:
        form.add_error("meeting_link", _("A meeting link is only for a video call."))
    elif not link.lower().startswith("https://"):
        form.add_error("meeting_link", _("Give the secure address of the meeting (https://...)."))


class RescheduleForm(forms.Form):
    scheduled_for = dates.datetime_field(dates.APPOINTMENT, label=_("New date and time"))
    location = location_field()
    reason = forms.CharField(
        label=_("Why it is moving"),
        max_length=300,
        help_text=_("For example: the client asked to move it, or the clinician is away."),
    )


class ScheduleForm(forms.Form):
    scheduled_for = dates.datetime_field(dates.APPOINTMENT, label=_("Date and time"))
    location = location_field()
    count = forms.IntegerField(
        label=_("How many sessions to schedule"),
        min_value=1,
        initial=1,
        help_text=_(
            "More than one schedules a run of sessions at the agreed frequency (and taper)."
        ),
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
        add_delivery_fields(self)

    def clean(self):
        data = super().clean()
        check_delivery(self, data)
        return data

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count > self.remaining:
            raise forms.ValidationError(
                ngettext(
                    "Only %(count)s more session can be scheduled in this plan.",
                    "Only %(count)s more sessions can be scheduled in this plan.",
                    self.remaining,
                )
                % {"count": self.remaining}
            )
        if count > 1 and self.plan.frequency == Frequency.FLEXIBLE:
            raise forms.ValidationError(_("With flexible spacing, schedule one session at a time."))
        return count


class AttendanceForm(forms.Form):
    """Whether the session took place, its date and its length (session page, first part)."""

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
        help_text=_("The day of the session, or of the missed appointment."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        required=False,
        min_value=1,
        max_value=240,
    )

    def __init__(self, *args, session, planned_minutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session.is_recorded:
            self.fields["attendance"].initial = session.attendance
        self.fields["held_on"].initial = session.held_on or timezone.localdate(
            session.scheduled_for
        )
        # A session not yet recorded lasts as long as the plan says, unless changed here.
        self.fields["duration_minutes"].initial = (
            session.duration_minutes if session.is_recorded else planned_minutes
        )
        add_delivery_fields(self, session)
        self.fields["also_present"] = forms.MultipleChoiceField(
            label=_("Also attended (besides the client)"),
            choices=Companion.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=session.also_present,
            help_text=_(
                "For a conjoint session, for example a partner in a role dispute or a "
                "parent in IPT-A. Names are not asked for."
            ),
        )

    def clean(self):
        data = super().clean()
        attended = data.get("attendance") == Attendance.ATTENDED
        if attended and not data.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", _("Give the length of the session in minutes."))
        check_delivery(self, data)
        if data.get("also_present") and not attended:
            self.add_error("also_present", _("Only an attended session has others present."))
        return data


class AgendaForm(forms.Form):
    """One status and note for each agenda task of an attended session. A task whose tool
    holds no record also has a box "done in the room, not recorded": ticking the task done
    without it is refused next to the row; the box ticked alone means done."""

    def __init__(self, *args, agenda, session, unrecorded=None, **kwargs):
        """`unrecorded`: the agenda's task keys whose tool holds nothing (tools.unrecorded),
        when the page has them already."""
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        self.session = session
        if unrecorded is None:
            unrecorded = tools.unrecorded((item.task.key for item in agenda), session)
        self.unrecorded = set(unrecorded)
        existing = {r.task_key: r for r in session.task_records.all()}
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
            if key in self.unrecorded:
                self.fields[f"unrecorded_{key}"] = forms.BooleanField(
                    label=_("Done in the room, not recorded"),
                    required=False,
                    initial=bool(found and found.done_without_record),
                )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note (optional)"),
                required=False,
                max_length=NOTE_LENGTH,
                initial=found.note if found else "",
            )

    def tool_state(self, key):
        tool = tools.tool_for(key)
        return None if tool is None else tools.ToolState(tool, key not in self.unrecorded)

    def rows(self):
        """(agenda item, status, note, "not recorded" box or None, ToolState or None)."""
        return [
            (
                item,
                self[f"status_{item.task.key}"],
                self[f"note_{item.task.key}"],
                self[f"unrecorded_{item.task.key}"] if item.task.key in self.unrecorded else None,
                self.tool_state(item.task.key),
            )
            for item in self.agenda
        ]

    def clean(self):
        data = super().clean()
        for item in self.agenda:
            key = item.task.key
            name = f"status_{key}"
            if not data.get(name) and data.get(f"unrecorded_{key}") and name not in self.errors:
                # The box says it was done, in the room: one tick, not two.
                data[name] = TaskStatus.DONE
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Choose done, not done or not applicable."))
            elif (
                data.get(name) == TaskStatus.DONE
                and key in self.unrecorded
                and not data.get(f"unrecorded_{key}")
            ):
                self.add_error(
                    name,
                    _(
                        "Nothing is recorded in %(tool)s yet. Record it there first, or tick"
                        " “done in the room, not recorded”."
                    )
                    % {"tool": tools.tool_for(key).label},
                )
        return data

    def tasks(self):
        """(task key, status, note) for every row, for protocol.actions.record_agenda."""
        data = self.cleaned_data
        return [
            (item.task.key, data[f"status_{item.task.key}"], data[f"note_{item.task.key}"])
            for item in self.agenda
        ]

    def without_record(self):
        """The task keys the clinician said were done in the room and not recorded."""
        data = self.cleaned_data
        return {key for key in self.unrecorded if data.get(f"unrecorded_{key}")}


def unfinished_agenda(agenda, session):
    """Why the note of an attended session cannot be signed yet: agenda rows with no
    status (signing freezes the agenda). Empty when nothing is missing."""
    if not session.attended:
        return []
    recorded = {record.task_key for record in session.task_records.all()}
    missing = [str(item.task.title) for item in agenda if item.task.key not in recorded]
    if not missing:
        return []
    return [
        gettext(
            "Save the agenda before signing: signing freezes it, and it has no status yet for"
            " %(tasks)s."
        )
        % {"tasks": "; ".join(missing)}
    ]


NOTE_LENGTH_MAX = 20_000
NOTE_HELP = {
    "text": _("Free text. Use the headings below as well, or instead, if they help."),
    "risk": _("Any risk discussed or assessed, and what was agreed."),
}


class NoteForm(forms.Form):
    """The progress note: free text and optional headed sections (models.NOTE_SECTIONS).
    Saving keeps a draft; signing (`signing=True`) needs some text and nothing in
    `blockers` (what else must be saved first)."""

    def __init__(self, *args, note=None, signing=False, blockers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signing = signing
        self.blockers = list(blockers)
        body = note.body if note is not None else {}
        for key, label in NOTE_SECTIONS:
            self.fields[key] = forms.CharField(
                label=label or _("Note"),
                required=False,
                max_length=NOTE_LENGTH_MAX,
                initial=body.get(key, ""),
                help_text=NOTE_HELP.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6 if key == "text" else 2}),
            )

    def clean(self):
        data = super().clean()
        if not self.signing or self.errors:
            return data
        if not any(data.get(key, "").strip() for key, _label in NOTE_SECTIONS):
            self.add_error("text", _("Write the note before signing it."))
        for blocker in self.blockers:
            self.add_error(None, blocker)
        return data

    def sections(self):
        return {key: self.cleaned_data.get(key, "") for key, _label in NOTE_SECTIONS}


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        max_length=NOTE_LENGTH_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A correction or addition. It is dated and signed with your name when saved."),
        error_messages={"required": _("Write the addendum before adding it.")},
    )


class CancelForm(forms.Form):
    cancelled_by = forms.ChoiceField(
        label=_("Who cancelled?"),
        choices=[
            (Attendance.CANCELLED_BY_CLIENT, _("The client")),
            (Attendance.CANCELLED_BY_CLINICIAN, _("I did (or the service did)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who cancelled the session.")},
    )
