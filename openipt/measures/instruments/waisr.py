"""WAI-SR, Working Alliance Inventory, short revised (Hatcher & Gillaspy 2006): session feedback
on the working alliance, after Bordin's goals, tasks and bond.

Licence UNSETTLED: the Working Alliance Inventory is copyrighted (Horvath; permissions through the
Society for Psychotherapy Research) and free for research and clinical use with a copyright
release, which does not plainly cover a product. So this module holds structure and scoring
only, with short item labels, anchors and instructions of our own; ``Item.text`` stays empty.

Scoring as published: twelve items rated 1-5, all worded in the same direction (none reversed),
total 12-60; three subscales of four items each (goal 4, 6, 8, 11; task 1, 2, 10, 12; bond 3, 5,
7, 9), 4-20 each. Higher is a stronger alliance. No cut-offs are published, so there is one band.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import base
from .base import Answers, Band, Instrument, Item, Option, ScoreResult

CODE = "waisr"
NAME = "WAI-SR"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = False
LOINC_PANEL = None
LOINC_TOTAL = None
CASENESS_THRESHOLD = None
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("How our work together feels")
ABOUT = _(
    "asks how our work together feels to you: whether you agree on goals and on how to work "
    "on them, and how you get on. Higher scores mean the work together feels stronger."
)

INSTRUCTIONS = (
    "These questions are about your sessions and the person you see. There are no right or "
    "wrong answers; how you really feel helps most. Choose how often each is true for you."
)

# Our own anchors for the published five steps.
OPTIONS = tuple(
    Option(points, label, points)
    for points, label in enumerate(
        ("Rarely", "Sometimes", "Quite often", "Very often", "Always"), 1
    )
)

# (item number, our label, subscale)
_ITEMS = (
    (1, "Clearer about how I could change", "task"),
    (2, "New ways of looking at my problem", "task"),
    (3, "Feeling liked", "bond"),
    (4, "Setting goals together", "goal"),
    (5, "Respecting each other", "bond"),
    (6, "Working towards goals we both agreed", "goal"),
    (7, "Feeling appreciated", "bond"),
    (8, "Agreeing what is important to work on", "goal"),
    (9, "Feeling cared about, even when I do things they would not", "bond"),
    (10, "What I do in sessions will help me change", "task"),
    (11, "A shared idea of what change would be good for me", "goal"),
    (12, "The way we work on my problem is right", "task"),
)
ITEMS = tuple(Item(f"q{number}", label, OPTIONS) for number, label, _ in _ITEMS)
SUBSCALES = {
    name: tuple(f"q{number}" for number, _, scale in _ITEMS if scale == name)
    for name in ("goal", "task", "bond")
}

BANDS = (
    Band(
        12,
        60,
        gettext_noop("no published cut-off"),
        _("How our work together feels"),
    ),
)

DEFINITION = Instrument(
    code=CODE,
    name=NAME,
    version=VERSION,
    instructions=INSTRUCTIONS,
    items=ITEMS,
    bands=BANDS,
    loinc_panel=LOINC_PANEL,
    loinc_total=LOINC_TOTAL,
    caseness_threshold=CASENESS_THRESHOLD,
    licence="UNSETTLED: WAI copyright (Horvath; SPR); structure, scoring and own labels only.",
    licence_settled=LICENCE_SETTLED,
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of the twelve items (12-60), with the three subscale totals in the notes."""
    base.refuse_proration(DEFINITION, prorate)
    base.raise_if_invalid(validate(answers))
    points = base.points_by_item(DEFINITION, answers)
    total = sum(points.values())
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=DEFINITION.is_case(total),
        items_scored=len(points),
        notes=(subscale_note(points),),
    )


def subscales(points: dict[str, int]) -> dict[str, int]:
    return {name: sum(points[key] for key in keys) for name, keys in SUBSCALES.items()}


def subscale_note(points: dict[str, int]) -> str:
    found = subscales(points)
    return (
        f"Goal {found['goal']}, task {found['task']}, bond {found['bond']} (each 4-20; higher "
        "is a stronger alliance)."
    )
