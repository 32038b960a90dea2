"""Input checks for the group pages. The rules that need the records (room in the group, one
current group per client, the intake exclusions) are the actions'; the views show their
refusals next to the field they name."""

import copy
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openipt import dates
from openipt.accounts.models import CLINICIAN_ROLES, Site, User
from openipt.formulation.models import Area
from openipt.measures import instruments
from openipt.measures.forms import ITEM_PREFIX, item_field, option_value
from openipt.measures.instruments import translations
from openipt.protocol import modalities
from openipt.protocol.forms.fields import NOTE_LENGTH, yes_no_field
from openipt.protocol.forms.intake import IntakeForm
from openipt.protocol.models import TaskStatus

from .models import PRESENT, GroupAttendance, GroupStatus, Membership, MemberStatus

FUTURE = _("The date cannot be in the future.")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.get_role_display().lower()})"


def clinicians_of(organisation_id):
    return User.objects.filter(
        organisation_id=organisation_id, role__in=CLINICIAN_ROLES, is_active=True
    ).order_by("last_name", "first_name", "id")


def sites_of(organisation_id, current=None):
    sites = Site.objects.filter(organisation_id=organisation_id)
    if current is None:
        return sites.filter(is_active=True)
    return sites.filter(is_active=True) | sites.filter(pk=current.pk)


class GroupDetailsForm(forms.Form):
    """What a group's facilitators may change after it is made."""

    name = forms.CharField(
        label=_("Name of the group"),
        max_length=120,
        help_text=_(
            "How staff will know it, for example 'Tuesday group, Hillside'. It is never "
            "shown to members' calendars."
        ),
    )
    site = forms.ModelChoiceField(queryset=None, label=_("Site"), empty_label=None)
    place = forms.CharField(
        label=_("Where it meets (optional)"),
        required=False,
        max_length=200,
        help_text=_("When it is not the site itself: a room, a community hall."),
    )
    language = forms.CharField(label=_("Language"), max_length=60, initial="English")
    co_facilitator = PersonChoiceField(
        queryset=None,
        required=False,
        label=_("Co-facilitator (optional)"),
        empty_label=_("No co-facilitator"),
    )
    membership = forms.ChoiceField(
        label=_("Membership"),
        choices=Membership.choices,
        widget=forms.RadioSelect,
        initial=Membership.CLOSED,
    )

    def __init__(self, *args, organisation_id, current_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_of(organisation_id, current_site)
        self.fields["co_facilitator"].queryset = clinicians_of(organisation_id)


class GroupForm(GroupDetailsForm):
    """A new group: the details, who runs it, and its plan."""

    modality = forms.ChoiceField(label=_("Modality"), choices=modalities.group_choices)
    facilitator = PersonChoiceField(queryset=None, label=_("Facilitator"), empty_label=None)
    planned_sessions = forms.TypedChoiceField(
        label=_("Group sessions planned"), coerce=int, widget=forms.RadioSelect
    )
    session_minutes = forms.IntegerField(
        label=_("Length of each session in minutes"), min_value=30, max_value=240
    )
    first_session_at = dates.datetime_field(
        dates.APPOINTMENT, label=_("First session"), help_text=_("The rest follow weekly.")
    )

    field_order = [
        "name",
        "modality",
        "site",
        "place",
        "language",
        "facilitator",
        "co_facilitator",
        "planned_sessions",
        "session_minutes",
        "membership",
        "first_session_at",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, organisation_id=user.organisation_id, **kwargs)
        self.fields["facilitator"].queryset = clinicians_of(user.organisation_id)
        self.fields["facilitator"].initial = user.pk
        self.fields["site"].initial = user.site_id
        definition = modalities.get(modalities.group_choices()[0][0])
        choices = sorted(
            {n for code, _name in modalities.group_choices() for n in _choices_of(code)}
        )
        self.fields["planned_sessions"].choices = [
            (n, ngettext("%(count)s session", "%(count)s sessions", n) % {"count": n})
            for n in choices
        ]
        self.fields["planned_sessions"].help_text = "; ".join(
            f"{name}: {', '.join(str(n) for n in _choices_of(code))}"
            for code, name in modalities.group_choices()
        )
        self.fields["planned_sessions"].initial = definition.group_planned_default
        self.fields["session_minutes"].initial = definition.group.session_minutes
        self.fields["first_session_at"].initial = timezone.localtime().replace(
            hour=10, minute=0, second=0, microsecond=0
        ) + timedelta(days=7)

    def clean(self):
        data = super().clean()
        code, planned = data.get("modality"), data.get("planned_sessions")
        if code and planned and planned not in _choices_of(code):
            allowed = ", ".join(str(n) for n in _choices_of(code))
            self.add_error(
                "planned_sessions",
                gettext("%(modality)s plans %(allowed)s sessions.")
                % {"modality": modalities.get(code).name, "allowed": allowed},
            )
        return data


def _choices_of(code):
    return modalities.get(code).group.planned_choices


class AddMemberForm(forms.Form):
    client = forms.ModelChoiceField(
        queryset=None,
        label=_("Client"),
        empty_label=_("Choose a client"),
        help_text=_(
            "Clients you may see who are not in a group now. Register a new client "
            "from the client list first."
        ),
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda client: (
            f"{client.full_name} ({client.reference})"
        )


class PreGroupForm(IntakeForm):
    """A pre-group session: the intake screen (exclusions and referral) with ground rules,
    consent and, where the modality allows, a parent at the second session."""

    ground_rules_agreed = yes_no_field(_("Ground rules explained and agreed"))
    consent_given = yes_no_field(_("Consent to join the group and to its measures"))
    parent_present = yes_no_field(_("A parent or carer took part"))

    def __init__(self, *args, parent_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].label = _("What the person describes now")
        self.parent_allowed = parent_allowed
        if not parent_allowed:
            del self.fields["parent_present"]

    def meeting_fields(self):
        names = ["ground_rules_agreed", "consent_given"]
        if self.parent_allowed:
            names.append("parent_present")
        return [self[name] for name in names]


class DecisionForm(forms.Form):
    accept = yes_no_field(_("Accept this person into the group?"))
    decided_on = dates.date_field(dates.PAST_CARE, too_late=FUTURE, label=_("Date of the decision"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why they join, or why not (for a decline, say what was offered instead)."),
    )
    age_override_reason = forms.CharField(
        label=_("Reason for accepting outside the modality's age range"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, modality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = date.today
        if modality.client_age is None:
            del self.fields["age_override_reason"]
        else:
            youngest, oldest = modality.client_age
            self.fields["age_override_reason"].help_text = gettext(
                "Only needed when the member's age on the day of the decision is outside "
                "%(youngest)s to %(oldest)s (%(modality)s). It is kept on their course and "
                "audited."
            ) % {"youngest": youngest, "oldest": oldest, "modality": modality.name}


class FocusForm(forms.Form):
    problem_area = forms.ChoiceField(
        label=_("The member's problem area"),
        choices=[("", _("Not chosen yet")), *Area.choices],
        required=False,
    )
    goal = forms.CharField(
        label=_("Interpersonal goal, in one line"),
        max_length=200,
        required=False,
        help_text=_("For example: talk with my sister about the farm without shouting."),
    )


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is the member leaving?"),
        choices=[
            (MemberStatus.COMPLETED, _("Completed the group")),
            (MemberStatus.DROPPED_OUT, _("Dropped out")),
            (MemberStatus.REFERRED_ON, _("Referred on")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the member is leaving.")},
    )
    left_on = dates.date_field(dates.PAST_CARE, too_late=FUTURE, label=_("Date"))
    reason = forms.CharField(
        label=_("Reason, and progress in the problem area"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referred_to = forms.CharField(label=_("Referred to"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = date.today

    def clean(self):
        data = super().clean()
        if data.get("status") == MemberStatus.REFERRED_ON and not data.get("referred_to"):
            self.add_error("referred_to", gettext("Say who the member is referred to."))
        return data


class EndGroupForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How does the group end?"),
        choices=[
            (GroupStatus.FINISHED, _("Finished: its sessions are over")),
            (GroupStatus.CANCELLED, GroupStatus.CANCELLED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose finished or cancelled.")},
    )
    ended_on = dates.date_field(dates.PAST_CARE, too_late=FUTURE, label=_("Date"))
    reason = forms.CharField(
        label=_("Summary for each member's record"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with each member's course ending: what the group did and what follows."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["ended_on"].initial = date.today
        for member in members:
            self.fields[f"leaving_{member.pk}"] = forms.ChoiceField(
                label=member.client.full_name,
                choices=LeaveForm.base_fields["status"].choices,
                initial=MemberStatus.DROPPED_OUT
                if getattr(member, "to_follow_up", False)
                else MemberStatus.COMPLETED,
                widget=forms.RadioSelect,
            )

    def member_fields(self):
        return [(member, self[f"leaving_{member.pk}"]) for member in self.members]

    def leaving(self):
        return {member.pk: self.cleaned_data[f"leaving_{member.pk}"] for member in self.members}


class SupervisionNoteForm(forms.Form):
    week_of = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The week cannot be in the future."),
        label=_("Week"),
        help_text=_("Any day of the week the note is about."),
    )
    happened = forms.CharField(
        label=_("What happened in the group"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    concerns = forms.CharField(
        label=_("Concerns (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    members_to_discuss = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Members to discuss (optional)"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week_of"].initial = date.today
        field = self.fields["members_to_discuss"]
        field.queryset = members
        field.label_from_instance = lambda member: member.client.full_name


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the facilitators (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- the one page of a group session -----------------------------------------------------------


# Stands for a member row's field prefix in markup written once for every row
# (groups/templatetags/group_rows.py); never in an instrument's text or in any markup.
ROW = "\0"


class BlankQuestionnaire:
    """A questionnaire as every member's row asks it on a page first opened (a form not
    posted): no row has an answer to show (answers sent from home are shown as done, not as
    fields) nor an error, so the rows' markup differs only by their prefix. `questions` are
    (number, bound field, item) with fields named after ROW instead of a row's prefix;
    `question_fieldsets` writes them once (`markup`) and copies them for each row. The rows'
    own fields are built only when the form is posted: building 14 rows of ten fields and
    their bound fields to write one questionnaire was much of the page's cost."""

    def __init__(self, questions):
        self.questions = questions
        self.markup = None


class GroupSessionForm(forms.Form):
    """The whole session on one form: whether it took place, its date and length, the
    group's agenda, and one row per member (attendance, the measures the member's course
    expects here and not yet given, what they brought, their homework). Every row is checked;
    one bad row refuses the save, with the message next to that row."""

    took_place = yes_no_field(_("Did the group meet?"))
    held_on = dates.date_field(dates.PAST_CARE, too_late=FUTURE, label=_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), required=False, min_value=1, max_value=240
    )

    def __init__(
        self, *args, group_session, agenda, lines, task_records, prorate, milestone=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.milestone = milestone  # the session's name when the full measure is asked
        self.group_session = group_session
        self.agenda = agenda
        self.lines = lines
        self.prorate = prorate
        self._questions = {}
        self._blank_questionnaires = {}  # code -> BlankQuestionnaire, on a form not posted
        if group_session.is_recorded:
            self.fields["took_place"].initial = "yes" if group_session.took_place else "no"
        self.fields["held_on"].initial = group_session.held_on or timezone.localdate(
            group_session.scheduled_for
        )
        self.fields["duration_minutes"].initial = (
            group_session.duration_minutes or group_session.group.session_minutes
        )
        # Each task's two fields are copies of one pair built for the page, as the members'
        # rows below (`_row_field`); the statuses are translated once, not once per task.
        task_fields = {
            "status": forms.ChoiceField(
                choices=[(value, str(label)) for value, label in TaskStatus.choices],
                widget=forms.RadioSelect,
                required=False,
            ),
            "note": forms.CharField(
                label=gettext("Note (optional)"), required=False, max_length=NOTE_LENGTH
            ),
        }
        for item in agenda:
            found = task_records.get(item.task.key)
            key = item.task.key
            status = self.fields[f"status_{key}"] = copy.copy(task_fields["status"])
            status.label, status.initial = item.task.title, found.status if found else None
            note = self.fields[f"note_{key}"] = copy.copy(task_fields["note"])
            note.initial = found.note if found else ""
        # The attendance labels are translated once for the page, not once per member.
        self._attendance_choices = [(value, str(label)) for value, label in GroupAttendance.choices]
        self._row_fields = self._fields_of_every_row()
        for line in lines:
            self._add_member_fields(line)

    # --- building -----------------------------------------------------------------------------

    @staticmethod
    def prefix_of(line):
        return f"m{line.member.pk}_"

    def _fields_of_every_row(self):
        """The fields each member's row has, built once per form: each row gets a shallow
        copy with its own label and initial value (as `_question` does, and for the same
        reason: building a field, its widget and its choices once per member was much of
        the form's cost; nothing changes a field's widget or choices after it is built)."""
        return {
            "attendance": forms.ChoiceField(
                choices=self._attendance_choices, widget=forms.RadioSelect, required=False
            ),
            "brought": forms.CharField(
                label=_("What they brought (optional)"), required=False, max_length=NOTE_LENGTH
            ),
            "homework": forms.CharField(
                label=_("Their homework (optional)"), required=False, max_length=NOTE_LENGTH
            ),
        }

    def _row_field(self, name, initial, label=None):
        field = copy.copy(self._row_fields[name])
        field.initial = initial
        if label is not None:
            field.label = label
        return field

    def _add_member_fields(self, line):
        prefix, record = self.prefix_of(line), line.record
        name = line.member.client.full_name
        self.fields[prefix + "attendance"] = self._row_field(
            "attendance",
            record.attendance if record else None,
            label=gettext("Attendance of %(name)s") % {"name": name},
        )
        self.fields[prefix + "brought"] = self._row_field(
            "brought", record.brought if record else ""
        )
        self.fields[prefix + "homework"] = self._row_field(
            "homework", record.homework if record else ""
        )
        if not self.is_bound:
            # A page first opened writes each questionnaire from one set of fields shared by
            # every row (`_blank_questionnaire`); the rows' own are needed only to read a post.
            return
        for code in line.outstanding:
            for item in self.asked(code).items:
                self.fields[f"{prefix}{code}_{ITEM_PREFIX}{item.key}"] = self._question(code, item)

    def _measure_legend(self, definition):
        # Written here once per questionnaire rather than in the template once per member.
        if definition.code == "phq9" and self.milestone:
            return gettext("%(name)s (%(milestone)s), if they were there") % {
                "name": definition.name,
                "milestone": self.milestone,
            }
        return gettext("%(name)s, if they were there") % {"name": definition.name}

    def asked(self, code):
        """The questionnaire as it is asked in the page's language: its official
        translation where one is held, else the instrument's own English."""
        return translations.translated(instruments.QUESTIONNAIRES[code], get_language())

    @staticmethod
    def english_only(code):
        """Whether the questionnaire is asked in English to someone reading another
        language (its wording is then marked lang="en" on the page, WCAG 3.1.2)."""
        language = get_language()
        return (
            translations.base_language(language) != translations.ENGLISH
            and translations.shown_language(code, language) == translations.ENGLISH
        )

    def _question(self, code, item):
        """A field for one question on one member's row. Each question's field is built once
        per form and every row gets a shallow copy: building a radio field (its widget and
        choices) 14 times per question was much of the form's cost. Nothing here changes a
        field after it is built, so the copies may share their widget and choices."""
        key = (code, item.key)
        if key not in self._questions:
            self._questions[key] = item_field(item)
        return copy.copy(self._questions[key])

    # --- reading ------------------------------------------------------------------------------

    def task_rows(self):
        """(agenda item, status field, note field, what its guide is for, as a screen reader
        hears it) for the template."""
        return [
            (
                item,
                self[f"status_{item.task.key}"],
                self[f"note_{item.task.key}"],
                gettext("for %(title)s") % {"title": item.task.title.lower()},
            )
            for item in self.agenda
        ]

    def member_rows(self):
        """(line, attendance field, [(definition, [(number, field, item)], english only,
        legend)], brought, homework, errors of the row) for the template."""
        rows = []
        asked = {}  # code -> (definition as asked, whether in English only), once per page
        for line in self.lines:
            prefix = self.prefix_of(line)
            measures = []
            for code in line.outstanding:
                if code not in asked:
                    asked[code] = (self.asked(code), self.english_only(code))
                    asked[code] += (self._measure_legend(asked[code][0]),)
                definition, english_only, legend = asked[code]
                if self.is_bound:
                    questions = [
                        (number, self[f"{prefix}{code}_{ITEM_PREFIX}{item.key}"], item)
                        for number, item in enumerate(definition.items, start=1)
                    ]
                else:
                    questions = self._blank_questionnaire(code, definition)
                measures.append((definition, questions, english_only, legend))
            rows.append(
                {
                    "line": line,
                    "prefix": prefix,
                    "attendance": self[prefix + "attendance"],
                    "measures": measures,
                    "brought": self[prefix + "brought"],
                    "homework": self[prefix + "homework"],
                    "has_errors": any(
                        name.startswith(prefix) for name in self.errors if name != "__all__"
                    ),
                }
            )
        return rows

    def _blank_questionnaire(self, code, definition):
        """The questionnaire `code` as every row of a form not yet posted asks it, built
        once per form (BlankQuestionnaire)."""
        blank = self._blank_questionnaires
        if code not in blank:
            blank[code] = BlankQuestionnaire(
                [
                    (
                        number,
                        self._question(code, item).get_bound_field(
                            self, f"{ROW}{code}_{ITEM_PREFIX}{item.key}"
                        ),
                        item,
                    )
                    for number, item in enumerate(definition.items, start=1)
                ]
            )
        return blank[code]

    # --- checking -----------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        if not data.get("took_place"):
            return data
        if not data.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error(
                "duration_minutes", gettext("Give the length of the session in minutes.")
            )
        for item in self.agenda:
            name = f"status_{item.task.key}"
            if not data.get(name) and name not in self.errors:
                self.add_error(name, gettext("Choose done, not done or not applicable."))
        for line in self.lines:
            self._check_row(line, data)
        if self.errors:
            rows = len(self.rows_with_errors())
            others = len(self.other_errors())
            self.add_error(
                None,
                # Two counts in one sentence: "(s)" rather than a plural form for one of them.
                gettext("%(rows)s member row(s) and %(others)s other field(s) need attention.")
                % {"rows": rows, "others": others},
            )
        return data

    def _check_row(self, line, data):
        prefix = self.prefix_of(line)
        name = line.member.client.full_name
        attendance = data.get(prefix + "attendance")
        if not attendance:
            self.add_error(
                prefix + "attendance", gettext("Choose how %(name)s attended.") % {"name": name}
            )
            return
        for code in line.outstanding:
            answers = self._answers(line, code)
            given = any(value is not None for value in answers.values())
            definition = instruments.QUESTIONNAIRES[code]
            if attendance not in PRESENT:
                if given:
                    self.add_error(
                        f"{prefix}{code}_{ITEM_PREFIX}{definition.items[0].key}",
                        gettext("%(name)s was not there: leave the %(questionnaire)s blank.")
                        % {"name": name, "questionnaire": definition.name},
                    )
                continue
            module = instruments.get(code)
            prorate = {"prorate": True} if self.prorate.get(code) else {}
            for key, message in module.validate(answers, **prorate).items():
                field_name = f"{prefix}{code}_{ITEM_PREFIX}{key}"
                if field_name in self.fields and field_name not in self.errors:
                    self.add_error(field_name, message)

    def _answers(self, line, code):
        prefix = self.prefix_of(line)
        definition = instruments.QUESTIONNAIRES[code]
        return {
            item.key: option_value(
                item, self.cleaned_data.get(f"{prefix}{code}_{ITEM_PREFIX}{item.key}")
            )
            for item in definition.items
        }

    def rows_with_errors(self):
        return [
            line
            for line in self.lines
            if any(n.startswith(self.prefix_of(line)) for n in self.errors)
        ]

    def other_errors(self):
        prefixes = tuple(self.prefix_of(line) for line in self.lines)
        return [n for n in self.errors if n != "__all__" and not n.startswith(prefixes)]

    # --- for the action -------------------------------------------------------------------------

    def session_data(self):
        data = self.cleaned_data
        took_place = data["took_place"]
        tasks = [
            (item.task.key, data[f"status_{item.task.key}"], data[f"note_{item.task.key}"])
            for item in self.agenda
        ]
        return {
            "took_place": took_place,
            "held_on": data["held_on"],
            "duration_minutes": data.get("duration_minutes") if took_place else None,
            "tasks": tasks if took_place else (),
        }

    def member_rows_data(self, row_class):
        data = self.cleaned_data
        rows = []
        for line in self.lines:
            prefix = self.prefix_of(line)
            attendance = data[prefix + "attendance"]
            present = attendance in PRESENT
            rows.append(
                row_class(
                    member=line.member,
                    attendance=attendance,
                    brought=data[prefix + "brought"],
                    homework=data[prefix + "homework"],
                    measures={code: self._answers(line, code) for code in line.outstanding}
                    if present
                    else {},
                )
            )
        return rows
