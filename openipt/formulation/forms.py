"""Forms for the formulation pages. They validate; actions.py writes."""

import re
from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openipt import dates
from openipt.protocol.models import Session

from . import strategies
from .models import (
    MAX_ACTIVE_AREAS,
    SYMPTOM_KINDS,
    Area,
    Circle,
    Contact,
    DisputeStage,
    EventKind,
    GoalStatus,
    GriefKind,
    Loss,
    Quality,
    Relationship,
)

FUTURE = _("This date is in the future; please give a date up to today.")
MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def _recorded_on(label):
    """The day something was recorded in the course: five years back to today."""
    return dates.date_field(dates.PAST_CARE, too_late=FUTURE, label=label)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        day = session.held_on or session.scheduled_for.date()
        return gettext("Session %(number)s (%(date)s)") % {
            "number": session.number,
            "date": date_format(day, "j M Y"),
        }


def _session_field(episode):
    return SessionChoiceField(
        queryset=Session.objects.filter(episode=episode).order_by("number"),
        required=False,
        label=_("Session"),
        empty_label=_("Not recorded in a session"),
        help_text=_("The session this was recorded in, if any."),
    )


def _person_field(people, label, help_text=""):
    choices = [("", _("Nobody in particular"))] + [(p.pk, p.current.label) for p in people]
    return forms.TypedChoiceField(
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        label=label,
        help_text=help_text,
    )


def _text(label, help_text="", max_length=None):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonForm(forms.Form):
    """One version of what the client says about an important person."""

    label = forms.CharField(
        max_length=60,
        label=_("Name or role"),
        help_text=_("As the client likes to call them, for example a first name or 'my sister'."),
    )
    relationship = forms.ChoiceField(choices=Relationship.choices, label=_("Relationship"))
    circle = forms.ChoiceField(choices=Circle.choices, label=_("Circle"), widget=forms.RadioSelect)
    contact = forms.ChoiceField(choices=Contact.choices, label=_("How often in contact"))
    quality = forms.ChoiceField(
        choices=Quality.choices,
        label=_("Is the relationship supportive or conflictual?"),
        widget=forms.RadioSelect,
    )
    distress = forms.IntegerField(
        label=_("How much they trouble the client (0 to 10)"),
        required=False,
        min_value=0,
        max_value=10,
        help_text=_(
            "The client's own rating, 0 not at all to 10 the most; it helps choose the"
            " focus. Leave empty if not asked."
        ),
    )
    importance = forms.IntegerField(
        label=_("How much they matter to the client (0 to 10)"),
        required=False,
        min_value=0,
        max_value=10,
        help_text=_("0 not at all to 10 the most. Leave empty if not asked."),
    )
    satisfying = _text(_("What is satisfying"))
    unsatisfying = _text(_("What is unsatisfying"))
    client_expects = _text(_("What the client expects of them"))
    they_expect = _text(_("What they expect of the client"))
    would_change = _text(_("What the client would like to change"))
    recorded_on = _recorded_on(_("Recorded on"))

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"] = _session_field(episode)
        self.fields["recorded_on"].initial = date.today

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())


class LifeEventForm(forms.Form):
    kind = forms.ChoiceField(choices=EventKind.choices, label=_("What happened"))
    occurred_on = dates.date_field(
        dates.LIFE_PLANS,
        required=False,
        label=_("Date"),
        help_text=_("Give the date if it is known; otherwise give the month below."),
    )
    month = forms.CharField(
        required=False,
        label=_("Month, if the exact date is not known"),
        help_text=_("Year and month, for example 2026-03."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    anticipated = forms.BooleanField(
        required=False,
        label=_("Anticipated: expected, not yet happened"),
        help_text=_(
            "For a change ahead, such as a move, a birth or retirement; only an "
            "anticipated event may have a date after today."
        ),
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        label=_("Note"),
        help_text=_("A few words, for example 'moved to a new city' or 'lost my job'."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"] = _person_field(
            people, _("Person involved"), _("Choose from the interpersonal inventory, if anyone.")
        )
        self.order_fields(["kind", "occurred_on", "month", "anticipated", "person", "note"])

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = MONTH_PATTERN.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(
                _("Write the month as year and month, for example 2026-03.")
            )
        year, month = int(match.group(1)), int(match.group(2))
        earliest, latest = dates.LIFE_PLANS.bounds()
        if (year, month) > (latest.year, latest.month):
            raise forms.ValidationError(
                gettext("Give a month up to %(month)s.") % {"month": date_format(latest, "F Y")}
            )
        if year < earliest.year:
            raise forms.ValidationError(
                gettext("Give a month from %(month)s to now.")
                % {"month": date_format(earliest, "F Y")}
            )
        return date(year, month, 1)

    def clean_person(self):
        pk = self.cleaned_data["person"]
        return self.people[pk] if pk is not None else None

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("occurred_on"), cleaned.get("month")
        if self.errors:
            return cleaned
        if day and month:
            self.add_error("month", _("Give either the date or the month, not both."))
        elif not day and not month:
            self.add_error(
                "occurred_on", _("Give the date, or the month if the date is not known.")
            )
        else:
            cleaned["approximate"] = day is None
            cleaned["occurred_on"] = day or month
            self._check_anticipated(cleaned)
        return cleaned

    def _check_anticipated(self, cleaned):
        """Only an anticipated life event lies ahead, and an anticipated one must (its month
        may be this month)."""
        on, approximate = cleaned["occurred_on"], cleaned["approximate"]
        anticipated = cleaned.get("anticipated")
        today = date.today()
        field = "month" if approximate else "occurred_on"
        this_month = (today.year, today.month)
        ahead = (on.year, on.month) >= this_month if approximate else on > today
        in_future = (on.year, on.month) > this_month if approximate else ahead
        if anticipated and cleaned["kind"] in SYMPTOM_KINDS:
            self.add_error("anticipated", _("A change in mood is recorded once it has happened."))
        elif anticipated and not ahead:
            self.add_error(
                field,
                _("An anticipated event lies ahead: give a later date, or untick anticipated."),
            )
        elif in_future and not anticipated:
            self.add_error(
                field,
                _(
                    "This date is in the future. For a change the client expects, tick "
                    "anticipated; otherwise give a date up to today."
                ),
            )

    def event_fields(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occurred_on": data["occurred_on"],
            "approximate": data["approximate"],
            "anticipated": data["anticipated"],
            "person": data["person"],
            "note": data["note"].strip(),
        }


class ChooseAreaForm(forms.Form):
    area = forms.ChoiceField(
        choices=Area.choices, label=_("Problem area to work on"), widget=forms.RadioSelect
    )
    chosen_on = _recorded_on(_("Agreed on"))

    def __init__(self, *args, active_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.active = [area.area for area in active_areas]
        self.fields["chosen_on"].initial = date.today

    def clean_area(self):
        area = self.cleaned_data["area"]
        if area in self.active:
            raise forms.ValidationError(_("This area is already chosen for this episode."))
        if len(self.active) >= MAX_ACTIVE_AREAS:
            raise forms.ValidationError(
                gettext(
                    "%(most)s problem areas are already chosen, which is the most a course "
                    "can focus on. Set one aside first if you want to choose another."
                )
                % {"most": MAX_ACTIVE_AREAS}
            )
        return area


# Which details each area records (the rest stay empty).
AREA_DETAILS = {
    Area.GRIEF: ("loss", "deceased_person", "date_of_death", "grief_kind"),
    Area.ROLE_DISPUTE: ("other_party",),
    Area.ROLE_TRANSITION: ("old_role", "new_role", "losses", "gains"),
    Area.DEFICITS: ("isolation_pattern",),
}


GRIEF_KIND_GUIDE = _(
    "Most grief is uncomplicated: painful, with the mourning moving on. Think of complicated "
    "grief when it stays intense and stuck well beyond what the client's culture expects "
    "(often counted from six months to a year), and of delayed grief when little was felt at "
    "the time and it comes up now, sometimes set off by another loss. Leave empty until you "
    "know."
)
NON_DEATH_LOSS_REFUSED = _(
    "Your organisation counts only a death as grief. Work on this loss as a role transition: "
    "set this area aside and choose role transition."
)


class AreaDetailsForm(forms.Form):
    loss = forms.ChoiceField(
        choices=Loss.choices,
        required=False,
        label=_("What was lost"),
        help_text=_(
            "A death; or, where your organisation counts them as grief, a break-up, a "
            "divorce, or the loss of health or a home."
        ),
    )
    date_of_death = dates.date_field(
        dates.LIFE_HISTORY,
        too_late=FUTURE,
        required=False,
        label=_("Date of the death (or of the loss)"),
    )
    grief_kind = forms.ChoiceField(
        choices=[("", _("Not yet judged")), *GriefKind.choices],
        required=False,
        label=_("How the grief runs"),
        help_text=GRIEF_KIND_GUIDE,
        widget=forms.RadioSelect,
    )
    old_role = forms.CharField(required=False, max_length=200, label=_("The old role"))
    new_role = forms.CharField(required=False, max_length=200, label=_("The new role"))
    losses = _text(_("What was lost"))
    gains = _text(_("What may be gained"))
    isolation_pattern = _text(
        _("The pattern of isolation"),
        _("How relationships have tended to go, for example few close friends since school."),
    )

    def __init__(self, *args, area, people, non_death_losses_as_grief=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.non_death_losses_as_grief = non_death_losses_as_grief
        self.fields["deceased_person"] = _person_field(
            people, _("The person who died (or the relationship that was lost)")
        )
        self.fields["other_party"] = _person_field(people, _("The other person in the dispute"))
        wanted = AREA_DETAILS[area]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.order_fields(wanted)

    def _person(self, name):
        pk = self.cleaned_data[name]
        return self.people[pk] if pk is not None else None

    def clean_deceased_person(self):
        return self._person("deceased_person")

    def clean_loss(self):
        loss = self.cleaned_data["loss"] or Loss.DEATH
        if loss != Loss.DEATH and not self.non_death_losses_as_grief:
            raise forms.ValidationError(NON_DEATH_LOSS_REFUSED)
        return loss

    def clean_other_party(self):
        return self._person("other_party")


class DisputeStageForm(forms.Form):
    stage = forms.ChoiceField(
        choices=DisputeStage.choices, label=_("Stage of the dispute"), widget=forms.RadioSelect
    )
    recorded_on = _recorded_on(_("Recorded on"))
    note = forms.CharField(required=False, max_length=300, label=_("Note"))

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"] = _session_field(episode)
        self.fields["recorded_on"].initial = date.today


class GoalForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label=_("New goal, in the client's own words"),
        help_text=_("For example: 'Talk to my sister about how I feel without shouting'."),
    )

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


class OptionalGoalForm(GoalForm):
    """The new-goal part of the problem area's one form: blank adds no goal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False


class GoalReviewForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices, label=_("Status"))
    reviewed_on = _recorded_on(_("Reviewed on"))
    note = forms.CharField(required=False, max_length=300, label=_("Note"))

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"] = _session_field(episode)
        self.fields["reviewed_on"].initial = date.today


class StrategiesForm(forms.Form):
    keys = forms.MultipleChoiceField(
        required=False,
        label=_("Strategies to use in sessions"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, area, stage="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(s.key, s.title) for s in strategies.for_area(area, stage)]
        if stage:
            self.fields["keys"].help_text = gettext(
                "Strategies for the recorded stage of the dispute come before those of "
                "the other stages."
            )


class FormulationForm(forms.Form):
    text = forms.CharField(
        label=_("Formulation"),
        help_text=_("Plain words the client can read. Saving keeps every earlier version."),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=10000,
    )

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Write the formulation before saving it."))
        return text
