"""WSAS, Work and Social Adjustment Scale, Mundt, Marks, Shear & Greist 2002.

Licence UNSETTLED, so only our own short labels are used, never the published wording.
It fits IPT well: it measures social functioning rather than symptoms.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import base
from .base import Answers, Band, Instrument, Item, Option, ScoreResult

CODE = "wsas"
NAME = "WSAS"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
# Offered: only our own labels are shipped while the licence is unsettled.
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = False
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("How difficulties affect your daily life")
ABOUT = _(
    "asks how much your difficulties get in the way of work, home life, social life, "
    "hobbies and relationships. Lower scores mean they get in the way less."
)
# No LOINC codes for WSAS that we could confirm; none are invented here.
LOINC_PANEL = None
LOINC_TOTAL = None
CASENESS_THRESHOLD = None
NOT_APPLICABLE = "na"
WORK_ITEM_KEY = "work"

INSTRUCTIONS = (
    "Because of your problems, how much is each of these parts of your life affected? "
    "0 means not at all, 8 means extremely."
)

# Our own anchor words on the even points; odd points sit between them.
_ANCHORS = {0: "Not at all", 2: "A little", 4: "Clearly", 6: "A lot", 8: "Extremely"}
IMPAIRMENT_OPTIONS = tuple(
    Option(points, f"{points} – {_ANCHORS[points]}" if points in _ANCHORS else str(points), points)
    for points in range(9)
)
WORK_OPTIONS = IMPAIRMENT_OPTIONS + (
    Option(
        NOT_APPLICABLE, "Not applicable: not working, for reasons unrelated to my problems", None
    ),
)

ITEMS = (
    Item(WORK_ITEM_KEY, "Work", WORK_OPTIONS),
    Item("home_management", "Managing the home", IMPAIRMENT_OPTIONS),
    Item("social_leisure", "Leisure with other people", IMPAIRMENT_OPTIONS),
    Item("private_leisure", "Leisure on your own", IMPAIRMENT_OPTIONS),
    Item("close_relationships", "Close relationships", IMPAIRMENT_OPTIONS),
)

BANDS = (
    Band(0, 9, gettext_noop("subclinical"), _("Daily life is little affected")),
    Band(
        10,
        20,
        gettext_noop("significant impairment"),
        _("Daily life is clearly affected"),
    ),
    Band(
        21,
        40,
        gettext_noop("moderately severe or worse"),
        _("Daily life is badly affected"),
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
    licence="UNSETTLED: widely reproduced in public services; own labels only until settled.",
    licence_settled=False,
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of the five items (0-40) with its band.

    UNSETTLED: when work is marked not applicable the total is over the four other items
    (0-32), labelled as such, and banded with the same cut-offs; nothing is imputed.
    """
    base.refuse_proration(DEFINITION, prorate)
    base.raise_if_invalid(validate(answers))
    points = base.points_by_item(DEFINITION, answers)
    total = sum(points.values())
    not_applicable = not_applicable_keys(answers)
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=DEFINITION.is_case(total),
        items_scored=len(points),
        not_applicable=not_applicable,
        notes=_not_applicable_notes(not_applicable, len(points)),
    )


def not_applicable_keys(answers: Answers) -> tuple[str, ...]:
    return tuple(key for key in DEFINITION.item_keys if answers.get(key) == NOT_APPLICABLE)


def _not_applicable_notes(not_applicable: tuple[str, ...], items_scored: int) -> tuple[str, ...]:
    if not not_applicable:
        return ()
    labels = ", ".join(DEFINITION.item(key).label.lower() for key in not_applicable)
    return (
        f"Total over {items_scored} items ({labels}: not applicable); "
        f"it ranges 0-{8 * items_scored}, so it reads lower than a 5-item total.",
    )
