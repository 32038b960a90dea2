"""PHQ-9, Patient Health Questionnaire (depression), Kroenke, Spitzer & Williams 2001.

Free to reproduce, translate, display and distribute (copyright Pfizer; no permission needed),
so the published wording is used. See docs/instruments.md for sources and choices.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import base
from .base import Answers, Band, Instrument, Item, Option, ScoreResult
from .scales import FREQUENCY_OPTIONS

CODE = "phq9"
NAME = "PHQ-9"
VERSION = "1"
KIND = "questionnaire"
# What the module declares about its use (instruments/__init__.py reads these).
AT_HOME = True
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = True
# Pfizer's terms let anyone translate it: an official translation may be shipped as data
# (instruments/translations/, docs/instruments.md "Translations").
TRANSLATION_FREE = True
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Your mood over the last two weeks")
ABOUT = _(
    "asks about low mood and how it has affected sleep, energy, appetite and interest "
    "in things over the last two weeks. Lower scores mean fewer or milder difficulties."
)
LOINC_PANEL = "44249-1"
LOINC_TOTAL = "44261-6"
CASENESS_THRESHOLD = 10
SELF_HARM_ITEM_KEY = "q9"

# UNSETTLED (docs/instruments.md): proration after Arrieta et al. 2017. Off unless the caller
# asks for it; then at most this many of items 1-9 may be missing.
PRORATION_MAX_MISSING = 2

INSTRUCTIONS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

DIFFICULTY_OPTIONS = (
    Option(0, "Not difficult at all", 0, loinc="LA6572-7"),
    Option(1, "Somewhat difficult", 1, loinc="LA6573-5"),
    Option(2, "Very difficult", 2, loinc="LA6575-0"),
    Option(3, "Extremely difficult", 3, loinc="LA6574-3"),
)


def _symptom(number: int, label: str, text: str, loinc: str) -> Item:
    return Item(f"q{number}", label, FREQUENCY_OPTIONS, text=text, loinc=loinc)


ITEMS = (
    _symptom(1, "Interest or pleasure", "Little interest or pleasure in doing things", "44250-9"),
    _symptom(2, "Low mood", "Feeling down, depressed, or hopeless", "44255-8"),
    _symptom(3, "Sleep", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    _symptom(4, "Energy", "Feeling tired or having little energy", "44254-1"),
    _symptom(5, "Appetite", "Poor appetite or overeating", "44251-7"),
    _symptom(
        6,
        "Feeling bad about yourself",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "44258-2",
    ),
    _symptom(
        7,
        "Concentration",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    _symptom(
        8,
        "Slowed down or restless",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "44253-3",
    ),
    _symptom(
        9,
        "Thoughts of death or self-harm",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
    ),
    # Recorded for the clinician, never added to the total.
    Item(
        "q10",
        "How hard these problems made daily life",
        DIFFICULTY_OPTIONS,
        text=(
            "If you checked off any problems, how difficult have these problems made it for you "
            "to do your work, take care of things at home, or get along with other people?"
        ),
        scored=False,
        required=False,
        loinc="69722-7",
    ),
)

BANDS = (
    Band(0, 4, gettext_noop("minimal"), _("Few or no signs of depression")),
    Band(5, 9, gettext_noop("mild"), _("Some signs of depression")),
    Band(10, 14, gettext_noop("moderate"), _("A moderate level of depression")),
    Band(
        15,
        19,
        gettext_noop("moderately severe"),
        _("A fairly severe level of depression"),
    ),
    Band(20, 27, gettext_noop("severe"), _("A severe level of depression")),
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
    supports_proration=True,
    licence="Free to reproduce and translate; copyright Pfizer, no permission needed.",
)

SYMPTOM_KEYS = tuple(item.key for item in DEFINITION.scored_items)


def validate(answers: Answers, *, prorate: bool = False) -> dict[str, str]:
    """Per-item error messages; empty when the answers can be scored."""
    errors = base.validate_answers(DEFINITION, answers)
    if prorate and base.NON_ITEM_ERRORS not in errors:
        _allow_prorated_gaps(errors, answers)
    return errors


def _allow_prorated_gaps(errors: dict[str, str], answers: Answers) -> None:
    missing = missing_symptom_keys(answers)
    if len(missing) <= PRORATION_MAX_MISSING:
        for key in missing:
            del errors[key]
        return
    for key in missing:
        # Always more than PRORATION_MAX_MISSING, so the count is always plural.
        errors[key] = gettext(
            "An answer is needed for “%(question)s”. Proration allows at most %(most)s "
            "unanswered items among 1-9; %(count)s are unanswered."
        ) % {
            "question": DEFINITION.item(key).label,
            "most": PRORATION_MAX_MISSING,
            "count": len(missing),
        }


def missing_symptom_keys(answers: Answers) -> list[str]:
    return [key for key in SYMPTOM_KEYS if base.is_unanswered(answers.get(key))]


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """Total of items 1-9 (0-27) with its band; item 10 is recorded but never counted.

    With ``prorate=True`` up to two of items 1-9 may be unanswered; see prorated_total().
    """
    base.raise_if_invalid(validate(answers, prorate=prorate))
    points = base.points_by_item(DEFINITION, answers)
    missing = missing_symptom_keys(answers)
    total = prorated_total(points.values(), len(SYMPTOM_KEYS)) if missing else sum(points.values())
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=DEFINITION.is_case(total),
        flags=self_harm_flags(answers),
        prorated=bool(missing),
        items_scored=len(points),
        imputed=tuple(missing),
        notes=_proration_notes(missing),
    )


def prorated_total(answered_points, item_count: int) -> int:
    """Each missing item takes the mean of the answered ones: sum * item_count / answered.

    Rounded half up (12.5 -> 13), not with Python's round(), which rounds halves to even and
    would move some totals down. Exact fractions keep 4.5 from becoming 4.4999.
    """
    points = list(answered_points)
    exact = Fraction(sum(points) * item_count, len(points))
    return floor(exact + Fraction(1, 2))


def safety_answers(answers: Answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) for each answer that needs a clinician's safety follow-up: item 9
    at 1 or more. In a finished questionnaire an unanswered item 9 (possible only with
    proration) needs one too; in one still being filled in it is just not answered yet."""
    value = answers.get(SELF_HARM_ITEM_KEY)
    if base.is_unanswered(value):
        return [(base.SELF_HARM_ITEM_UNANSWERED, SELF_HARM_ITEM_KEY)] if finished else []
    return [(base.SELF_HARM_ITEM, SELF_HARM_ITEM_KEY)] if value >= 1 else []


def self_harm_flags(answers: Answers) -> frozenset[str]:
    return frozenset(code for code, _ in safety_answers(answers))


def _proration_notes(missing: list[str]) -> tuple[str, ...]:
    if not missing:
        return ()
    numbers = ", ".join(key.removeprefix("q") for key in missing)
    return (
        f"Prorated: item(s) {numbers} unanswered; each took the mean of the answered items, "
        "and the total was rounded half up.",
    )
