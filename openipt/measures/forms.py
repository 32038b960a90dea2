"""Forms for recording a measure and resolving a risk flag.

The measure form is generated from the instrument definition: one radio group per item.
Items are optional to Django; the instrument's own validate() decides what is missing or not
allowed, so each item gets the instrument's message and proration (when the organisation
allows it) can accept a gap.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openipt import dates

from . import instruments, queries
from .instruments import base
from .models import AssessmentOutcome, Respondent

ITEM_PREFIX = "item_"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        day = session.held_on or session.scheduled_for.date()
        return gettext("Session %(number)s (%(day)s)") % {
            "number": session.number,
            "day": date_format(day, "j M Y"),
        }


@dataclass(frozen=True)
class RunningTotal:
    total: int
    answered: int
    questions: int
    maximum: int


def score_map(item):
    return " ".join(f"{o.value}={o.score}" for o in item.options if o.score is not None)


class ItemAnswers:
    """One radio group per question of an instrument, named ITEM_PREFIX + item key; the
    instrument's own validate() decides what is missing or not allowed."""

    def add_item_fields(self, definition, *, prorate=False):
        self.definition = definition
        self.prorate = prorate
        for item in definition.items:
            # Published wording where it is free to use; our own short label otherwise.
            self.fields[ITEM_PREFIX + item.key] = item_field(item)

    def item_fields(self):
        """(number, bound field, item) for each question, in order."""
        return [
            (number, self[ITEM_PREFIX + item.key], item)
            for number, item in enumerate(self.definition.items, start=1)
        ]

    def scored_item_fields(self):
        """(number, bound field, item, score map) for each question: the score map ("0=0
        1=1 ...", value=score) lets the page add up the answers as they are given; empty
        for a question that adds nothing, or when the total is not a sum of answers."""
        summed = self.definition.total_is_item_sum
        return [
            (number, field, item, score_map(item) if summed and item.scored else "")
            for number, field, item in self.item_fields()
        ]

    def running_total(self):
        """The total of the answers given so far and how many scored questions they
        answer, as the page first shows it (a refused form shows what was posted)."""
        total = answered = 0
        scored = [item for item in self.definition.items if item.scored]
        for item in scored:
            raw = self.data.get(self.add_prefix(ITEM_PREFIX + item.key)) if self.is_bound else None
            option = item.option_for(option_value(item, raw))
            if option is not None and option.score is not None:
                total += option.score
                answered += 1
        return RunningTotal(total, answered, len(scored), self.definition.max_total)

    def check_items(self):
        module = instruments.get(self.definition.code)
        validate_kwargs = {"prorate": True} if self.prorate else {}
        self.add_instrument_errors(module.validate(self.answers(), **validate_kwargs))

    def add_instrument_errors(self, errors):
        """Put each of the instrument's messages by its item."""
        for key, message in errors.items():
            name = None if key == base.NON_ITEM_ERRORS else ITEM_PREFIX + key
            # A choice Django already refused has its message; one per item is enough.
            if name is None or name not in self.errors:
                self.add_error(name, message)

    def answers(self):
        """Item key -> the option's value (int or str), None when unanswered."""
        return {
            item.key: option_value(item, self.cleaned_data.get(ITEM_PREFIX + item.key))
            for item in self.definition.items
        }

    # A second administration of the same questionnaire for the same session (or, without
    # a session, on the same day) is saved only when the person confirms it: a repeat is
    # more often a slip than a choice, and it changes charts and outcomes.
    def confirm_if_repeated(self, episode, *, day, session=None):
        """Add the warning (by the confirm box) when this would be a repeat that is not
        confirmed; returns whether the form may be saved."""
        earlier = queries.earlier_on_same_occasion(
            episode, self.definition.code, day=day, session=session
        )
        self.repeat_of = earlier
        if earlier is not None and not self.cleaned_data.get("confirm_repeat"):
            self.add_error("confirm_repeat", repeat_message(self.definition, earlier))
        return "confirm_repeat" not in self.errors


def repeat_message(definition, earlier):
    facts = {"name": definition.name, "day": date_format(earlier.administered_on, "j F Y")}
    if earlier.session:
        return gettext(
            "A %(name)s is already recorded for session %(number)s (%(day)s). Tick the box to "
            "record a second one, or cancel."
        ) % {**facts, "number": earlier.session.number}
    return (
        gettext(
            "A %(name)s is already recorded on %(day)s. Tick the box to record a second one, or "
            "cancel."
        )
        % facts
    )


def confirm_repeat_field(definition):
    return forms.BooleanField(
        required=False,
        label=gettext("Yes, record a second %(name)s for the same occasion")
        % {"name": definition.name},
    )


class AdministrationForm(ItemAnswers, forms.Form):
    administered_on = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The date cannot be in the future."),
        label=_("Date completed"),
        error_messages={"required": _("Enter the date the questionnaire was completed.")},
    )
    respondent = forms.ChoiceField(
        label=_("Who answered"),
        choices=Respondent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who answered the questionnaire.")},
    )
    session = SessionChoiceField(
        queryset=None,
        required=False,
        label=_("Session"),
        empty_label=_("Not tied to a session"),
        help_text=_("The session it was given in or brought to, if there was one."),
    )

    def __init__(self, *args, definition, episode, prorate=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.repeat_of = None
        self.fields["administered_on"].initial = date.today
        self.fields["session"].queryset = episode.sessions.order_by("number")
        self.add_item_fields(definition, prorate=prorate)
        self.fields["confirm_repeat"] = confirm_repeat_field(definition)

    def detail_fields(self):
        return [self["administered_on"], self["session"]]

    def clean(self):
        cleaned = super().clean()
        self.check_items()
        day = cleaned.get("administered_on")
        if day is not None and "session" not in self.errors:
            self.confirm_if_repeated(self.episode, day=day, session=cleaned.get("session"))
        return cleaned


class SessionAdministrationForm(AdministrationForm):
    """The AdministrationForm as the session page shows it: tied to that session (not a
    choice), dated the day it was held (or today) and answered by the client in the session
    unless the clinician changes either. Use a prefix per questionnaire."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_session = session
        del self.fields["session"]
        self.fields["administered_on"].initial = session.held_on or date.today()
        self.fields["respondent"].initial = Respondent.CLIENT_IN_SESSION

    def clean(self):
        self.cleaned_data["session"] = self.fixed_session
        return super().clean()

    @property
    def details_summary(self):
        """The date and respondent as they stand, for the folded part of the form."""
        day = self.fields["administered_on"].initial
        who = dict(Respondent.choices)[Respondent.CLIENT_IN_SESSION].lower()
        if self.is_bound:
            return gettext("as entered")
        return gettext("%(day)s, %(who)s") % {"day": date_format(day, "j M Y"), "who": who}


class AskedAtMeetingForm(ItemAnswers, forms.Form):
    """A questionnaire asked as part of another record (the intake screen, the course
    ending). Optional as a whole: every question blank means it was not asked. Once any
    answer is given, the instrument checks all of them, so item 9 is never skipped.
    Use a prefix, e.g. AskedAtMeetingForm(data, prefix="phq9", ...)."""

    def __init__(self, *args, definition, prorate=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.repeat_of = None
        self.add_item_fields(definition, prorate=prorate)
        self.fields["confirm_repeat"] = confirm_repeat_field(definition)

    def clean(self):
        cleaned = super().clean()
        if self.given():
            self.check_items()
        return cleaned

    def given(self):
        """Whether any question was answered (valid forms only)."""
        return any(value is not None for value in self.answers().values())

    def answers_given(self):
        return self.answers() if self.given() else None


def option_value(item, raw):
    """The option value of a radio answer as posted ("2" -> 2), None when blank."""
    if raw in (None, ""):
        return None
    for option in item.options:
        if str(option.value) == raw:
            return option.value
    return raw


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ResolutionForm(forms.Form):
    assessment_outcome = forms.ChoiceField(
        label=_("What did your risk assessment find?"),
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your risk assessment found.")},
    )
    action_taken = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_(
            "For example: who you spoke with, what was agreed, any referral or contact made, "
            "and when you will next check in."
        ),
        error_messages={"required": _("Describe what was done after the answer was seen.")},
    )
    safety_plan = forms.TypedChoiceField(
        label=_("Is a safety plan in place?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a safety plan is in place.")},
    )


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.get_role_display().lower()})"


class ReassignForm(forms.Form):
    """Who follows a flag up now: one of the supervisor's team."""

    clinician = ClinicianChoiceField(
        queryset=None,
        label=_("Who should follow this flag up?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose who should follow this flag up."),
            "invalid_choice": _("Choose one of the clinicians of your team listed here."),
        },
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = team


# --- questionnaires at home (portal) ---------------------------------------------------


def item_field(item):
    return forms.ChoiceField(
        label=item.text or item.label,
        choices=[(str(option.value), option.label) for option in item.options],
        widget=forms.RadioSelect,
        required=False,
    )


class QuestionForm(forms.Form):
    """One question (step mode) or all of them (one-page mode), named by item key."""

    def __init__(self, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = item_field(item)

    def answers(self):
        """Item key -> option value for the questions answered on this form."""
        found = {}
        for item in self.items:
            raw = self.cleaned_data.get(item.key)
            option = next((o for o in item.options if str(o.value) == raw), None)
            if option is not None:
                found[item.key] = option.value
        return found


def initial_from(answers):
    return {key: str(value) for key, value in answers.items() if value is not None}
