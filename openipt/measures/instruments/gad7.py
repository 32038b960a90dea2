"""GAD-7, Generalized Anxiety Disorder scale, Spitzer, Kroenke, Williams & Löwe 2006.

Free to reproduce (copyright Pfizer; no permission needed), so the published wording is used.
The lowest answer is "Not at all" (a common misprint adds "sure").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import base
from .base import Answers, Band, Instrument, Item, ScoreResult
from .scales import FREQUENCY_OPTIONS

CODE = "gad7"
NAME = "GAD-7"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = True
# Pfizer's terms let anyone translate it: an official translation may be shipped as data
# (instruments/translations/, docs/instruments.md "Translations").
TRANSLATION_FREE = True
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Worry and nerves over the last two weeks")
ABOUT = _(
    "asks about worry and feeling nervous or on edge over the last two weeks. "
    "Lower scores mean less worry."
)
LOINC_PANEL = "69737-5"
LOINC_TOTAL = "70274-6"
CASENESS_THRESHOLD = 8

INSTRUCTIONS = "Over the last 2 weeks, how often have you been bothered by the following problems?"


def _symptom(number: int, label: str, text: str, loinc: str) -> Item:
    return Item(f"q{number}", label, FREQUENCY_OPTIONS, text=text, loinc=loinc)


ITEMS = (
    _symptom(1, "Nervous or on edge", "Feeling nervous, anxious, or on edge", "69725-0"),
    _symptom(2, "Uncontrollable worry", "Not being able to stop or control worrying", "68509-9"),
    _symptom(3, "Worrying too much", "Worrying too much about different things", "69733-4"),
    _symptom(4, "Trouble relaxing", "Trouble relaxing", "69734-2"),
    _symptom(5, "Restlessness", "Being so restless that it is hard to sit still", "69735-9"),
    _symptom(6, "Irritability", "Becoming easily annoyed or irritable", "69689-8"),
    _symptom(7, "Fear", "Feeling afraid, as if something awful might happen", "69736-7"),
)

BANDS = (
    Band(0, 4, gettext_noop("minimal"), _("Few or no signs of anxiety")),
    Band(5, 9, gettext_noop("mild"), _("Some signs of anxiety")),
    Band(10, 14, gettext_noop("moderate"), _("A moderate level of anxiety")),
    Band(15, 21, gettext_noop("severe"), _("A severe level of anxiety")),
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
    licence="Free to reproduce; copyright Pfizer, no permission needed.",
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of the seven items (0-21) with its band. No proration rule exists for GAD-7."""
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
    )
