"""Shared shapes for questionnaire instruments: definitions, answers, results.

An instrument module describes its questionnaire with these frozen dataclasses and keeps its own
scoring rule in a pure ``score()``. Nothing here touches the database, so scoring can be tested
and reused (forms, FHIR export, reports) without it; the one message a page shows (an answer
missing) is translated with Django's gettext, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

Answer = int | str | None
Answers = Mapping[str, Answer]

# Flags that mean a clinician must follow up on safety, whatever the total.
SELF_HARM_ITEM = "self_harm_item"
SELF_HARM_ITEM_UNANSWERED = "self_harm_item_unanswered"
SUICIDE_ITEM_YES = "suicide_item_yes"
# A "yes" to a question about thoughts of killing oneself right now (ASQ question 5).
SUICIDE_THOUGHTS_NOW = "suicide_thoughts_now"
SAFETY_FLAGS = frozenset(
    {SELF_HARM_ITEM, SELF_HARM_ITEM_UNANSWERED, SUICIDE_ITEM_YES, SUICIDE_THOUGHTS_NOW}
)

# Flags that are not about safety but tell the clinician and their supervisor at once (a
# positive mania screen); protocol.escalation turns them into a reason to discuss the course.
MANIA_SCREEN_POSITIVE = "mania_screen_positive"
ALERT_FLAGS = frozenset({MANIA_SCREEN_POSITIVE})

# The form-level key for errors that belong to no single item (Django's convention).
NON_ITEM_ERRORS = "__all__"


class InvalidAnswers(ValueError):
    """Raised by score() when answers fail validation; ``errors`` maps item key to message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


class ProrationNotSupported(ValueError):
    """Raised when proration is asked of an instrument that defines no proration rule."""


@dataclass(frozen=True)
class Option:
    """One allowed answer. ``score`` is None when the answer adds nothing to the total."""

    value: int | str
    label: str
    score: int | None
    loinc: str | None = None


@dataclass(frozen=True)
class Item:
    """One question. ``text`` holds published wording only where it is free to reproduce."""

    key: str
    label: str
    options: tuple[Option, ...]
    text: str | None = None
    scored: bool = True
    required: bool = True
    loinc: str | None = None

    def option_for(self, value: Answer) -> Option | None:
        # Strict on type: True == 1 and 2.0 == 2 in Python, but neither is a valid answer.
        for option in self.options:
            if type(value) is type(option.value) and value == option.value:
                return option
        return None

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options if option.score is not None)

    @property
    def min_score(self) -> int:
        return min(option.score for option in self.options if option.score is not None)


@dataclass(frozen=True)
class Band:
    """A severity band, inclusive at both ends."""

    lower: int
    upper: int
    label: str
    client_label: str

    def contains(self, total: int) -> bool:
        return self.lower <= total <= self.upper


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    version: str
    instructions: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    loinc_panel: str | None = None
    loinc_total: str | None = None
    caseness_threshold: int | None = None
    supports_proration: bool = False
    licence: str = ""
    licence_settled: bool = True
    # For an instrument whose total is not a sum of item scores (the ASQ's screen result).
    declared_max_total: int | None = None

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{self.name} has no item {key!r}")

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def total_is_item_sum(self) -> bool:
        return self.declared_max_total is None

    @property
    def max_total(self) -> int:
        if not self.total_is_item_sum:
            return self.declared_max_total
        return sum(item.max_score for item in self.scored_items)

    @property
    def min_total(self) -> int:
        """The lowest total: 0, or more where every item starts above 0 (WAI-SR, 12)."""
        if not self.total_is_item_sum:
            return 0
        return sum(item.min_score for item in self.scored_items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.contains(total):
                return band
        raise ValueError(f"{self.name}: total {total} is outside {self.min_total}-{self.max_total}")

    def is_case(self, total: int) -> bool | None:
        if self.caseness_threshold is None:
            return None
        return total >= self.caseness_threshold


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    version: str
    total: int
    band: Band
    caseness: bool | None = None
    flags: frozenset[str] = frozenset()
    prorated: bool = False
    items_scored: int = 0
    imputed: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def needs_safety_follow_up(self) -> bool:
        return bool(self.flags & SAFETY_FLAGS)


def is_unanswered(value: Answer) -> bool:
    return value is None


def validate_answers(instrument: Instrument, answers: Answers) -> dict[str, str]:
    """Per-item messages for unknown keys, missing required answers and disallowed values."""
    if not isinstance(answers, Mapping):
        return {NON_ITEM_ERRORS: "Answers must be a mapping of question keys to answers."}
    errors = {
        key: unknown_item_message(instrument, key)
        for key in answers
        if not is_known(instrument, key)
    }
    for item in instrument.items:
        message = item_error(item, answers.get(item.key))
        if message:
            errors[item.key] = message
    return errors


def is_known(instrument: Instrument, key: object) -> bool:
    return isinstance(key, str) and key in instrument.item_keys


def unknown_item_message(instrument: Instrument, key: object) -> str:
    # Never shown: the forms post only the instrument's own keys (a programming error).
    return f"{key!r} is not a question in {instrument.name}."


def item_error(item: Item, value: Answer) -> str | None:
    if is_unanswered(value):
        return missing_message(item) if item.required else None
    if item.option_for(value) is None:
        return disallowed_message(item, value)
    return None


def missing_message(item: Item) -> str:
    # Shown by the item on the staff pages; the label is the questionnaire's own wording.
    return gettext("An answer is needed for “%(question)s”.") % {"question": item.label}


def disallowed_message(item: Item, value: object) -> str:
    # Never shown: the form's choice field refuses a value that is not an option first.
    allowed = ", ".join(repr(option.value) for option in item.options)
    return f"{value!r} is not an allowed answer for “{item.label}” (allowed: {allowed})."


def points_by_item(instrument: Instrument, answers: Answers) -> dict[str, int]:
    """Points of each answered scored item; unanswered and not-applicable items are left out.

    Call only with answers that passed validation.
    """
    points = {}
    for item in instrument.scored_items:
        option = item.option_for(answers.get(item.key))
        if option is not None and option.score is not None:
            points[item.key] = option.score
    return points


def raise_if_invalid(errors: Mapping[str, str]) -> None:
    if errors:
        raise InvalidAnswers(errors)


def refuse_proration(instrument: Instrument, prorate: bool) -> None:
    # Ignoring the request would hide a scoring choice; saying no keeps it visible.
    if prorate:
        raise ProrationNotSupported(f"{instrument.name} has no proration rule; answer every item.")
