"""ASRM, Altman Self-Rating Mania Scale (Altman, Hedeker, Peterson & Davis 1997), used in IPSRT.

Licence UNSETTLED: Dr Altman keeps the copyright; the scale may be copied without permission by
researchers and by clinicians for their own patients, which does not plainly cover a product.
So, as for the PHQ-A, this module holds structure and scoring only, with item labels, answer
anchors and instructions of our own; ``Item.text`` stays empty on purpose.

Scoring as published: five items (mood, self-confidence, sleep, speech, activity) each scored
0-4 for the past week, total 0-20; a total of 6 or more suggests mania or hypomania.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import base
from .base import Answers, Band, Instrument, Item, Option, ScoreResult

CODE = "asrm"
NAME = "ASRM"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
# Offered: only our own labels are shipped while the licence is unsettled.
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = False
# The reference gives no LOINC codes for the ASRM; none are invented.
LOINC_PANEL = None
LOINC_TOTAL = None
CASENESS_THRESHOLD = 6
# A positive screen tells the clinician and their supervisor (protocol.escalation).
ALERT_FLAGS = frozenset({base.MANIA_SCREEN_POSITIVE})
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Signs of a high over the past week")
ABOUT = _(
    "asks about signs of a high over the past week: feeling unusually cheerful or confident, "
    "needing less sleep, talking more or being more active. Lower scores mean fewer signs."
)

INSTRUCTIONS = (
    "Think about the past week compared with how you usually are. For each, choose how often "
    "it was true."
)

# Our own anchors for the published 0-4 steps (none to "all of the time").
OPTIONS = (
    Option(0, "Not more than usual", 0),
    Option(1, "Now and then", 1),
    Option(2, "Often", 2),
    Option(3, "Most of the time", 3),
    Option(4, "All of the time", 4),
)

ITEMS = (
    Item("mood", "Happier or more cheerful than usual", OPTIONS),
    Item("confidence", "More self-confident than usual", OPTIONS),
    Item("sleep", "Needing less sleep than usual", OPTIONS),
    Item("speech", "Talking more than usual", OPTIONS),
    Item("activity", "More active than usual", OPTIONS),
)

BANDS = (
    Band(
        0,
        5,
        gettext_noop("below the mania cut-off"),
        _("Few or no signs of a high"),
    ),
    Band(
        6,
        20,
        gettext_noop("possible mania or hypomania"),
        _("Some signs of a high"),
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
    licence="UNSETTLED: copyright Dr E. G. Altman; structure, scoring and own labels only.",
    licence_settled=LICENCE_SETTLED,
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of the five items (0-20); 6 or more is a positive screen and raises the
    mania flag, which tells the clinician and their supervisor (protocol.escalation)."""
    base.refuse_proration(DEFINITION, prorate)
    base.raise_if_invalid(validate(answers))
    points = base.points_by_item(DEFINITION, answers)
    total = sum(points.values())
    caseness = DEFINITION.is_case(total)
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=caseness,
        flags=ALERT_FLAGS if caseness else frozenset(),
        items_scored=len(points),
    )
