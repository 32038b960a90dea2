"""Forms generated from a worksheet definition, and the small forms around homework.

A definition's required fields are enforced only when the answers are submitted (or a
technique is recorded); a draft may be saved half-done. Answers come out of
`AnswersForm.answers()` as JSON-ready values keyed by field name.
"""

from datetime import date, timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from openipt import dates

from . import definitions
from .definitions.base import RATING_MAX, RATING_MIN, Kind

SHORT_MAX, LONG_MAX = 300, 5000
LIST_HELP = gettext_lazy("One item per line.")
REQUIRED_MESSAGE = gettext_lazy("Please answer this before submitting.")


def _field_for(spec, people):
    # Required fields are enforced on submit only (drafts may be half-done), so say so.
    needed = gettext("Required before you submit.") if spec.required else ""
    help_text = _joined(needed, spec.help)
    common = {"label": spec.label, "help_text": help_text, "required": False}
    if spec.kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_MAX, **common)
    if spec.kind == Kind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    if spec.kind == Kind.LIST:
        common["help_text"] = _joined(help_text, LIST_HELP)
        return forms.CharField(
            max_length=LONG_MAX, widget=forms.Textarea(attrs={"rows": spec.lines}), **common
        )
    if spec.kind == Kind.RATING:
        scale = gettext("%(low_number)s = %(low)s, %(high_number)s = %(high)s.") % {
            "low_number": RATING_MIN,
            "low": spec.low,
            "high_number": RATING_MAX,
            "high": spec.high,
        }
        common["help_text"] = _joined(help_text, scale)
        return forms.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, **common)
    if spec.kind == Kind.DATE:
        return dates.date_field(dates.WORKSHEET, **common)
    if spec.kind == Kind.PERSON:
        return _person_field(spec, people, common)
    if spec.kind == Kind.CHECK:
        return forms.BooleanField(**common)
    raise ValueError(f"Unknown field type {spec.kind!r}")


def _joined(*parts):
    # Prompts and help are lazy translations: read them in the active language first.
    return " ".join(str(part) for part in parts if part)


def _person_field(spec, people, common):
    # Without anyone in the inventory yet, the person is written in as short text.
    if not people:
        return forms.CharField(max_length=SHORT_MAX, **common)
    choices = [("", gettext("Choose someone"))] + [(label, label) for label in people]
    return forms.ChoiceField(choices=choices, **common)


class AnswersForm(forms.Form):
    """The fields of one definition. `require=True` enforces the definition's required fields."""

    def __init__(self, definition, *args, answers=None, people=(), require=False, **kwargs):
        super().__init__(*args, initial=_initial(definition, answers or {}), **kwargs)
        self.definition = definition
        self.require = require
        people = list(people)
        for spec in definition.fields:
            old = (answers or {}).get(spec.name)
            if spec.kind == Kind.PERSON and people and old and old not in people:
                people.append(old)  # keep an earlier answer selectable
            self.fields[spec.name] = _field_for(spec, people)

    def sections(self):
        """(section, bound fields) pairs, in the definition's order, for the template."""
        return [(s, [self[f.name] for f in s.fields]) for s in self.definition.sections]

    def clean(self):
        cleaned = super().clean()
        if self.require:
            for spec in self.definition.fields:
                if (
                    spec.required
                    and _is_empty(cleaned.get(spec.name))
                    and spec.name not in self.errors
                ):
                    self.add_error(spec.name, REQUIRED_MESSAGE)
        return cleaned

    def answers(self):
        result = {}
        for spec in self.definition.fields:
            value = self.cleaned_data.get(spec.name)
            if spec.kind == Kind.LIST:
                value = [line.strip() for line in (value or "").splitlines() if line.strip()]
            elif spec.kind == Kind.DATE:
                value = value.isoformat() if value else ""
            elif spec.kind == Kind.CHECK:
                value = True if value else None  # an unticked item is simply not there
            if not _is_empty(value):
                result[spec.name] = value
        return result


def _is_empty(value):
    return value is None or value == "" or value == []


def _initial(definition, answers):
    initial = {}
    for spec in definition.fields:
        value = answers.get(spec.name)
        if value is not None:
            initial[spec.name] = "\n".join(value) if spec.kind == Kind.LIST else value
    return initial


def display_answers(definition, answers):
    """[(section, [(field, value)])] for showing or printing answers; value None = unanswered."""
    return [
        (section, [(spec, answers.get(spec.name)) for spec in section.fields])
        for section in definition.sections
    ]


# --- homework ---------------------------------------------------------------------------

TASK = ""  # the worksheet choice that means "a task in my own words"


class AssignForm(forms.Form):
    worksheet = forms.ChoiceField(
        label=gettext_lazy("Worksheet"),
        choices=[(TASK, gettext_lazy("No worksheet: a task described below"))]
        + definitions.homework_choices(),
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Optional for a worksheet (its name is used); required for a task."),
    )
    instructions = forms.CharField(
        label=gettext_lazy("Instructions for the client"),
        max_length=LONG_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_on = dates.date_field(
        dates.APPOINTMENT,
        label=gettext_lazy("Due on"),
        help_text=gettext_lazy("Defaults to the next session."),
    )

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < date.today() - timedelta(days=1):
            raise forms.ValidationError(gettext("The due date cannot be in the past."))
        return due

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("worksheet") == TASK:
            if not cleaned.get("title"):
                self.add_error("title", gettext("Give the task a short title."))
            if not cleaned.get("instructions"):
                self.add_error("instructions", gettext("Describe the task for the client."))
        return cleaned


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Comment for the client"),
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write a comment before saving.")},
    )


class ReviewForm(forms.Form):
    """Homework looked at in a session, with an optional comment: submitted homework is
    marked reviewed, homework not submitted is marked done on paper."""

    comment = forms.CharField(
        label=gettext_lazy("Comment for the client (optional)"),
        max_length=LONG_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BoosterForm(forms.Form):
    booster_on = dates.date_field(
        dates.APPOINTMENT,
        label=gettext_lazy("Booster check-in date"),
        required=False,
        help_text=gettext_lazy("When you and the client will check in after the course."),
    )


class StatementForm(forms.Form):
    feeling = forms.CharField(
        label=gettext_lazy("I feel …"),
        max_length=200,
        help_text=gettext_lazy("The emotion, in a word or two."),
    )
    situation = forms.CharField(
        label=gettext_lazy("when …"),
        max_length=300,
        help_text=gettext_lazy("What happens, without blame."),
    )
    reason = forms.CharField(label=gettext_lazy("because …"), max_length=300)
    preference = forms.CharField(
        label=gettext_lazy("I would prefer …"),
        max_length=300,
        help_text=gettext_lazy("What you need, or your limit."),
    )

    def __init__(self, *args, preview_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        if preview_url:  # with htmx, each field refreshes the preview as it changes
            for field in self.fields.values():
                field.widget.attrs.update(
                    {
                        "hx-post": preview_url,
                        "hx-trigger": "input changed delay:300ms",
                        "hx-target": "#statement-preview",
                        "hx-swap": "outerHTML",
                        "hx-include": "closest form",
                    }
                )


class TechniqueMetaForm(forms.Form):
    """Which session and problem area a technique record belongs to."""

    session = forms.TypedChoiceField(label=gettext_lazy("Session"), coerce=int)
    problem_area = forms.TypedChoiceField(
        label=gettext_lazy("Problem area"), coerce=int, required=False, empty_value=None
    )
    statement = forms.TypedChoiceField(
        label=gettext_lazy("Assertive statement rehearsed"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, sessions=(), areas=(), statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._sessions, self._areas, self._statements = sessions, areas, statements
        self.fields["session"].choices = [("", gettext("Choose a session"))] + [
            (s.pk, _session_choice(s)) for s in sessions
        ]
        self.fields["problem_area"].choices = [("", gettext("None"))] + [
            (a.pk, str(a)) for a in areas
        ]
        self.fields["statement"].choices = [("", gettext("None"))] + [
            (s.pk, s.sentence) for s in statements
        ]

    def chosen(self):
        """The chosen session, problem area and statement as records (None when not chosen)."""

        def pick(rows, pk):
            return next((row for row in rows if row.pk == pk), None)

        data = self.cleaned_data
        return {
            "session": pick(self._sessions, data["session"]),
            "problem_area": pick(self._areas, data["problem_area"]),
            "statement": pick(self._statements, data["statement"]),
        }


def _session_choice(session):
    return gettext("Session %(number)s, %(date)s") % {
        "number": session.number,
        "date": date_format(session.scheduled_for, "j M Y"),
    }
