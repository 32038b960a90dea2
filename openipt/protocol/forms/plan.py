"""Starting a course, its treatment contract and its phase boundaries; the
organisation's default planned sessions per modality."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openipt import dates
from openipt.accounts.models import Role

from .. import modalities, start_rules, tapering
from ..course import planned_default, rephased_sessions
from ..models import (
    FREQUENCY_DAYS,
    Frequency,
    TreatmentContract,
)


def check_planned(modality, planned):
    allowed = modality.planned_sessions
    if not allowed.allows(planned):
        raise forms.ValidationError(
            _("%(modality)s plans between %(minimum)s and %(maximum)s sessions.")
            % {"modality": modality.name, "minimum": allowed.minimum, "maximum": allowed.maximum}
        )


LENGTH_REASON_HELP = _(
    "Needed when the plan is longer than usual for the modality (for individual IPT, above "
    "16 sessions): for example chronic or complex depression."
)


def length_reason_field():
    return forms.CharField(
        label=_("Reason for a longer course"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=LENGTH_REASON_HELP,
    )


def check_length_reason(form, modality, planned, reason):
    """A plan above the modality's `reason_above` needs a reason (added as a field error)."""
    if planned is None or not modality.planned_sessions.allows(planned):
        return
    if modality.planned_sessions.needs_reason(planned) and not (reason or "").strip():
        form.add_error(
            "length_reason",
            _(
                "%(modality)s above %(count)s sessions needs a reason, for example chronic or"
                " complex depression."
            )
            % {"modality": modality.name, "count": modality.planned_sessions.reason_above},
        )


def age_on(date_of_birth, day):
    """Whole years of age on `day`."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def age_outside_range(modality, date_of_birth, day):
    """The client's age on `day` when the modality has an age range (IPT-A) and the age is
    outside it; None when it is inside, or when there is no range or no date of birth."""
    if modality.client_age is None or date_of_birth is None:
        return None
    youngest, oldest = modality.client_age
    age = age_on(date_of_birth, day)
    return None if youngest <= age <= oldest else age


def age_problem(modality, date_of_birth, started_on, reason):
    """Why a course of `modality` may not start on `started_on` for a client born on
    `date_of_birth`: their age is outside the modality's range and no reason is written.
    None when it may start. The one rule for individual courses and group members."""
    age = age_outside_range(modality, date_of_birth, started_on)
    if age is None or (reason or "").strip():
        return None
    youngest, oldest = modality.client_age
    return gettext(
        "%(modality)s is for clients aged %(youngest)s to %(oldest)s; this client will be"
        " %(age)s on the start date. Choose another modality, or write why this course"
        " should start anyway."
    ) % {"modality": modality.name, "youngest": youngest, "oldest": oldest, "age": age}


def kept_age_reason(modality, date_of_birth, started_on, reason):
    """The reason to keep on the course: only when the age check needed it."""
    if age_outside_range(modality, date_of_birth, started_on) is None:
        return ""
    return (reason or "").strip()


def check_minutes(modality, minutes):
    shortest, longest = modality.session_minutes
    # Allow some slack around the modality's usual length; beyond it, the value is a typo.
    if not shortest // 2 <= minutes <= longest * 2:
        raise forms.ValidationError(
            _(
                "%(modality)s sessions usually last %(shortest)s-%(longest)s minutes. Please"
                " check the length."
            )
            % {"modality": modality.name, "shortest": shortest, "longest": longest}
        )


# The choice for a maintenance course whose acute course was given by another service.
CONTINUES_ELSEWHERE = "elsewhere"


def continues_label(plan):
    ending = plan.episode.course_ending
    return gettext("%(modality)s, %(started)s to %(ended)s") % {
        "modality": plan.modality_name,
        "started": date_format(plan.started_on, "d M Y"),
        "ended": date_format(ending.ended_on, "d M Y"),
    }


class StartCourseForm(forms.Form):
    modality = forms.ChoiceField(label=_("Modality"), choices=modalities.choices)
    planned_sessions = forms.IntegerField(label=_("Planned number of sessions"), min_value=1)
    session_minutes = forms.IntegerField(label=_("Session length in minutes"), min_value=1)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    started_on = dates.date_field(dates.CARE, label=_("Start date"))
    length_reason = length_reason_field()
    age_override_reason = forms.CharField(
        label=_("Reason for starting outside the modality's age range"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only required when the client's age on the start date is outside the "
            "modality's range (IPT-A: 12 to 18). It is kept on the course and audited."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for starting despite the exclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only required when the intake screen found an exclusion. It is kept on the "
            "course and in the audit trail."
        ),
    )

    def __init__(
        self,
        *args,
        organisation_defaults=None,
        show_override=False,
        date_of_birth=None,
        earlier_courses=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth
        self.earlier_courses = {str(plan.episode_id): plan for plan in earlier_courses}
        self._add_continues_field()
        first = modalities.get(self.fields["modality"].choices[0][0])
        self.fields["planned_sessions"].initial = planned_default(first, organisation_defaults)
        self.fields["session_minutes"].initial = first.session_minutes[1]
        self.fields["frequency"].initial = first.spacing
        self.fields["started_on"].initial = date.today
        self.fields["planned_sessions"].help_text = "; ".join(
            gettext("%(modality)s: %(minimum)s-%(maximum)s (usually %(usual)s)")
            % {
                "modality": m.name,
                "minimum": m.planned_sessions.minimum,
                "maximum": m.planned_sessions.maximum,
                "usual": planned_default(m, organisation_defaults),
            }
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
        check_length_reason(self, modality, data.get("planned_sessions"), data.get("length_reason"))
        self._check_continues(modality, data.get("continues", ""))
        self._check_age(modality, data.get("started_on"), data.get("age_override_reason", ""))
        return data

    def _add_continues_field(self):
        """Offered only when the client has an ended course here: the acute course a
        maintenance course follows, or the course after which the client relapsed."""
        if not self.earlier_courses:
            return
        self.fields["continues"] = forms.ChoiceField(
            label=_("Earlier course this one continues"),
            required=False,
            choices=[
                ("", _("None: a new course")),
                (CONTINUES_ELSEWHERE, _("An acute course outside this service")),
                *((key, continues_label(plan)) for key, plan in self.earlier_courses.items()),
            ],
            help_text=_(
                "For maintenance IPT, the acute course it follows. For another kind of "
                "course, choose an earlier course only when the client has relapsed after it."
            ),
        )

    def _check_continues(self, modality, chosen):
        """Maintenance follows an acute course: with ended courses here, say which one (or
        that it was elsewhere) rather than leave the link out by accident."""
        if not self.earlier_courses or chosen or not modality.follows_acute_course:
            return
        self.add_error(
            "continues",
            _(
                "%(modality)s follows an acute course: choose it, or say it was outside this"
                " service."
            )
            % {"modality": modality.name},
        )

    def continues_episode_id(self):
        chosen = self.cleaned_data.get("continues", "")
        plan = self.earlier_courses.get(chosen)
        return plan.episode_id if plan else None

    def _check_age(self, modality, started_on, reason):
        """A modality with an age range (IPT-A) checks the client's age on the start date;
        outside it, the course starts only with a written reason."""
        if started_on is None:
            return
        problem = age_problem(modality, self.date_of_birth, started_on, reason)
        if problem:
            self.add_error("age_override_reason", problem)

    def plan_data(self):
        names = ("modality", "planned_sessions", "session_minutes", "frequency", "started_on")
        data = {name: self.cleaned_data[name] for name in names}
        return {
            **data,
            "length_reason": self.cleaned_data["length_reason"].strip(),
            "age_override_reason": self._age_override(),
            "continues_episode_id": self.continues_episode_id(),
        }

    def _age_override(self):
        """The reason, kept only when the age check needed it."""
        return kept_age_reason(
            modalities.get(self.cleaned_data["modality"]),
            self.date_of_birth,
            self.cleaned_data["started_on"],
            self.cleaned_data["age_override_reason"],
        )


def planned_end_date(plan):
    """The day of the last planned session if every session keeps the plan's spacing (the
    contract form offers it); None for flexible spacing."""
    days = FREQUENCY_DAYS.get(plan.frequency)
    if days is None:
        return None
    return plan.started_on + timedelta(days=days * (plan.planned_sessions - 1))


ITEM_HELP = _("Today by default: the day the contract is agreed. Empty it if not done yet.")


class ContractForm(forms.Form):
    planned_sessions = forms.IntegerField(label=_("Planned number of sessions"), min_value=1)
    agreed_end_date = dates.date_field(
        dates.APPOINTMENT,
        label=_("Agreed end date"),
        required=False,
        help_text=_("The date of the last session, as agreed with the client."),
    )
    session_minutes = forms.IntegerField(label=_("Session length in minutes"), min_value=1)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    fortnightly_from = forms.IntegerField(
        label=_("Every two weeks from session"),
        required=False,
        min_value=2,
        help_text=_("For a course that tapers: leave empty to keep the agreed frequency."),
    )
    monthly_from = forms.IntegerField(
        label=_("Monthly from session"),
        required=False,
        min_value=2,
        help_text=_("For a course that tapers to monthly sessions near its end."),
    )
    length_reason = length_reason_field()

    def __init__(self, *args, plan, contract=None, recorded_numbers=(), **kwargs):
        kwargs.setdefault("initial", self._initial(plan, contract))
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.recorded_numbers = list(recorded_numbers)
        for name, label in TreatmentContract.ITEMS:
            self.fields[name] = dates.date_field(
                dates.PAST_CARE,
                label=_("%(item)s on") % {"item": label},
                required=False,
                help_text=ITEM_HELP
                if contract is None
                else _("Leave empty until it has happened."),
            )

    @staticmethod
    def _initial(plan, contract):
        """The plan as it stands and the dates already recorded in the contract."""
        initial = {
            "planned_sessions": plan.planned_sessions,
            "agreed_end_date": plan.agreed_end_date,
            "session_minutes": plan.session_minutes,
            "frequency": plan.frequency,
            "fortnightly_from": plan.fortnightly_from,
            "monthly_from": plan.monthly_from,
            "length_reason": plan.length_reason,
        }
        if contract is not None:
            initial.update({name: getattr(contract, name) for name, _ in TreatmentContract.ITEMS})
        else:
            # A contract is usually agreed in one conversation: every item on that day,
            # and the end date where the plan's spacing puts the last session.
            today = timezone.localdate()
            initial.update(dict.fromkeys((name for name, _ in TreatmentContract.ITEMS), today))
            initial["agreed_end_date"] = plan.agreed_end_date or planned_end_date(plan)
        return initial

    def item_fields(self):
        return [self[name] for name, _ in TreatmentContract.ITEMS]

    def plan_fields(self):
        return [
            self[name]
            for name in (
                "planned_sessions",
                "agreed_end_date",
                "session_minutes",
                "frequency",
                "fortnightly_from",
                "monthly_from",
                "length_reason",
            )
        ]

    def clean(self):
        data = super().clean()
        modality = self.plan.definition
        if data.get("session_minutes") is not None:
            try:
                check_minutes(modality, data["session_minutes"])
            except forms.ValidationError as error:
                self.add_error("session_minutes", error)
        end = data.get("agreed_end_date")
        if end and end < self.plan.started_on:
            self.add_error(
                "agreed_end_date", _("The end date cannot be before the course started.")
            )
        if data.get("sessions_and_end_agreed_on") and not end:
            self.add_error("agreed_end_date", _("Give the end date that was agreed."))
        planned = data.get("planned_sessions")
        if planned is not None:
            self._check_planned(modality, planned)
        check_length_reason(self, modality, planned, data.get("length_reason"))
        self._check_taper(data)
        return data

    def _check_taper(self, data):
        if data.get("planned_sessions") is None or not data.get("frequency"):
            return
        for field, message in tapering.taper_problems(
            data["frequency"],
            data["planned_sessions"],
            data.get("fortnightly_from"),
            data.get("monthly_from"),
        ):
            if field not in self.errors:
                self.add_error(field, message)

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
            self.add_error(
                "planned_sessions",
                _("That does not fit the phase plan: %(problem)s.") % {"problem": error},
            )
            return
        if moved:
            self.add_error(
                "planned_sessions",
                _(
                    "That would move recorded sessions into another phase (session"
                    " %(numbers)s). Keep the count, or move the phase boundaries first."
                )
                % {"numbers": ", ".join(str(n) for n in moved)},
            )

    def contract_data(self):
        data = dict(self.cleaned_data)
        data["length_reason"] = data["length_reason"].strip()
        return data


class BoundaryForm(forms.Form):
    initial_end = forms.IntegerField(
        label=_("Last session of the initial phase"),
        min_value=1,
    )
    termination_start = forms.IntegerField(
        label=_("First session of the termination phase"),
        min_value=1,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the course and in the audit trail."),
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
                _(
                    "Each phase needs at least one session: the initial phase must end before"
                    " the termination phase starts, and both must lie within the %(planned)s"
                    " sessions."
                )
                % {"planned": planned}
            ) from None
        if moved:
            raise forms.ValidationError(
                _(
                    "Recorded sessions cannot change phase (session %(numbers)s). Move the"
                    " boundary only across sessions not yet held."
                )
                % {"numbers": ", ".join(str(n) for n in moved)}
            )
        return data


class PlannedSessionsForm(forms.Form):
    """One box per modality, bounded by the modality's own range; empty keeps its default."""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = organisation.planned_session_defaults if organisation else {}
        for modality in modalities.MODALITIES.values():
            allowed = modality.planned_sessions
            self.fields[modality.code] = forms.IntegerField(
                label=modality.name,
                required=False,
                min_value=allowed.minimum,
                max_value=allowed.without_reason,
                initial=current.get(modality.code),
                help_text=_(
                    "%(minimum)s to %(maximum)s sessions; leave empty for the usual %(usual)s."
                )
                % {
                    "minimum": allowed.minimum,
                    "maximum": allowed.without_reason,
                    "usual": allowed.default,
                },
            )

    def defaults(self):
        return {code: value for code, value in self.cleaned_data.items() if value is not None}


# The label of each role's modalities on the organisation page, whole sentences per role.
MAY_START = {
    Role.THERAPIST: _("Therapists may start"),
    Role.COUNSELLOR: _("Counsellors may start"),
}


def _may_start_label(role):
    return MAY_START.get(role) or _("%(role)s may start") % {"role": role.label}


class StartRulesForm(forms.Form):
    """Which modalities each clinician role may start without a supervisor's approval, and
    whether a training record is needed too (start_rules.py)."""

    require_training = forms.BooleanField(
        label=_("A course also needs a certified or signed-off training record for its modality"),
        required=False,
        help_text=_("Without one, the course waits for the clinician's supervisor to approve it."),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        rules = organisation.start_rules if organisation else {}
        for role in start_rules.DEFAULT_STARTS:
            self.fields[f"role_{role}"] = forms.MultipleChoiceField(
                label=_may_start_label(role),
                choices=modalities.choices(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=list(start_rules.allowed_modalities(rules, role)),
            )
        if organisation is not None:
            self.fields["require_training"].initial = organisation.require_training_to_start

    def rules(self):
        return {str(role): self.cleaned_data[f"role_{role}"] for role in start_rules.DEFAULT_STARTS}
