"""PHQ-A, the PHQ-9 adapted for adolescents (used in IPT-A).

Licence UNSETTLED: check before shipping any wording. Until then this module holds structure and
scoring only, with our own short labels; ``Item.text`` stays empty on purpose.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from . import base, phq9
from .base import Answers, Instrument, Item, ScoreResult
from .scales import FREQUENCY_OPTIONS, YES_NO_OPTIONS

CODE = "phqa"
NAME = "PHQ-A"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
# Licence UNSETTLED: offered only where the deployment turns this setting on.
OFFERED_BY_DEFAULT = False
OFFERED_WITH_SETTING = "OPENIPT_SHOW_PHQA"
# Where the PHQ-A is not offered, a course that expects it asks these instead: the PHQ-9 (the
# same nine symptom questions, item 9 included) and the ASQ (wishes to be dead, thoughts of
# suicide, a past attempt, thoughts right now), so the suicide questions are still asked and
# still raise flags (docs/instruments.md).
SUBSTITUTES = ("phq9", "asq")
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Your mood over the last two weeks")
ABOUT = _("asks about low mood over the last two weeks. Lower scores mean fewer difficulties.")
LOINC_PANEL = "89206-7"
LOINC_TOTAL = "89204-2"
# No caseness rule: the adult cut-off is not established for adolescents (docs/instruments.md).
CASENESS_THRESHOLD = None
LICENCE_SETTLED = False
SELF_HARM_ITEM_KEY = "q9"
BANDS = phq9.BANDS  # same total range and cut-offs as PHQ-9
SUICIDE_ITEM_KEYS = ("serious_thoughts_past_month", "attempt_ever")

INSTRUCTIONS = "How often in the past two weeks have you been bothered by each of these?"

# The reference gives no LOINC item or answer codes for PHQ-A, so the options carry none.
_UNCODED_FREQUENCY = tuple(replace(option, loinc=None) for option in FREQUENCY_OPTIONS)

_SYMPTOM_LABELS = (
    "Low, irritable or hopeless mood",
    "Little interest or enjoyment",
    "Sleep problems",
    "Appetite or weight changes",
    "Tiredness or low energy",
    "Feeling bad about yourself",
    "Trouble concentrating",
    "Slowed down or restless",
    "Thoughts of death or self-harm",
)

ITEMS = tuple(
    Item(f"q{number}", label, _UNCODED_FREQUENCY)
    for number, label in enumerate(_SYMPTOM_LABELS, start=1)
) + (
    # Required: a blank safety answer must not pass as "no".
    Item(
        "depressed_past_year", "Low or sad most days in the past year", YES_NO_OPTIONS, scored=False
    ),
    Item(
        "serious_thoughts_past_month",
        "Serious thoughts of ending your life in the past month",
        YES_NO_OPTIONS,
        scored=False,
    ),
    Item("attempt_ever", "Ever tried to end your life", YES_NO_OPTIONS, scored=False),
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
    licence="UNSETTLED: check before shipping its wording; structure and own labels only.",
    licence_settled=LICENCE_SETTLED,
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of items 1-9 (0-27) with the PHQ-9 bands; the yes/no items raise flags only."""
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
        flags=safety_flags(answers),
        items_scored=len(points),
    )


def safety_answers(answers: Answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) for each answer that needs a clinician's safety follow-up: a
    "yes" to either suicide question, and item 9 at 1 or more (it asks the same as PHQ-9
    item 9, so it gets the same rule). The same whether or not the answers are finished."""
    value = answers.get(SELF_HARM_ITEM_KEY)
    found = (
        [(base.SELF_HARM_ITEM, SELF_HARM_ITEM_KEY)] if isinstance(value, int) and value >= 1 else []
    )
    found += [
        (base.SUICIDE_ITEM_YES, key) for key in SUICIDE_ITEM_KEYS if answers.get(key) == "yes"
    ]
    return found


def safety_flags(answers: Answers) -> frozenset[str]:
    return frozenset(code for code, _ in safety_answers(answers))
