"""Shapes of a worksheet definition: a worksheet has sections, a section has fields.

Definitions are plain frozen dataclasses (Django only marks their wording with
gettext_lazy, so a prompt reads in the reader's language wherever it is shown); they can be
validated, turned into forms (worksheets/forms.py), printed blank and rendered as a completed record
from the same data. Adding a worksheet means copying a sibling module and listing it in
definitions/__init__.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    LIST = "list"  # several short lines, stored as a list of strings
    RATING = "rating"  # a whole number from 0 to 10
    DATE = "date"
    PERSON = "person"  # someone from the episode's interpersonal inventory
    CHECK = "check"  # an item of a checklist, ticked or not; only a tick is stored


# The four IPT problem areas (formulation.models.Area values), kept here as plain strings
# so definitions stay free of Django; a test checks they match the model's choices.
PROBLEM_AREAS = ("grief", "role_dispute", "role_transition", "deficits")

# Where a definition is used: homework the client completes, or a record a clinician
# keeps of a technique used in a session.
HOMEWORK = "homework"
TECHNIQUE = "technique"

RATING_MIN, RATING_MAX = 0, 10
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind
    help: str = ""
    required: bool = False
    # For ratings: what the two ends of the 0-10 scale mean.
    low: str = ""
    high: str = ""
    # For lists: how many answer lines the blank printed form leaves.
    lines: int = 3


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    intro: str = ""


@dataclass(frozen=True)
class Worksheet:
    code: str
    name: str
    version: str
    purpose: str
    areas: tuple[str, ...]
    sections: tuple[Section, ...]
    use: str = HOMEWORK

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    @property
    def area_labels(self) -> list[str]:
        labels = dict(zip(PROBLEM_AREAS, AREA_LABELS, strict=True))
        return [labels[area] for area in self.areas]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


AREA_LABELS = (_("Grief"), _("Role dispute"), _("Role transition"), _("Interpersonal deficits"))


def problems(definition: Worksheet) -> list[str]:
    """Everything wrong with a definition, as sentences; an empty list means it is valid."""
    found = []
    if not NAME_PATTERN.match(definition.code):
        found.append(f"code {definition.code!r} is not a lowercase identifier")
    if not definition.sections:
        found.append("it has no sections")
    if not definition.areas:
        found.append("it suits no problem area")
    found += [f"unknown problem area {a!r}" for a in definition.areas if a not in PROBLEM_AREAS]
    if len(set(definition.areas)) != len(definition.areas):
        found.append("a problem area is listed twice")
    if definition.use not in (HOMEWORK, TECHNIQUE):
        found.append(f"unknown use {definition.use!r}")
    names = [f.name for f in definition.fields]
    found += [
        f"field name {n!r} is used twice" for n in sorted({n for n in names if names.count(n) > 1})
    ]
    for f in definition.fields:
        found += _field_problems(f)
    for section in definition.sections:
        if not section.fields:
            found.append(f"section {section.title!r} has no fields")
    return found


def _field_problems(f: Field) -> list[str]:
    found = []
    if not NAME_PATTERN.match(f.name):
        found.append(f"field name {f.name!r} is not a lowercase identifier")
    if not isinstance(f.kind, Kind):
        found.append(f"field {f.name!r} has unknown type {f.kind!r}")
    if not f.label.strip():
        found.append(f"field {f.name!r} has no prompt")
    if f.kind == Kind.RATING and not (f.low and f.high):
        found.append(f"rating {f.name!r} needs words for both ends of the scale")
    if f.kind == Kind.CHECK and f.required:
        # An unticked box is an answer too ("not done"), so a tick cannot be demanded.
        found.append(f"checklist item {f.name!r} cannot be required")
    return found
