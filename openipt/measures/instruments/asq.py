"""ASQ, Ask Suicide-Screening Questions (NIMH; Horowitz et al. 2012), a brief suicide risk screen.

Developed by NIMH's intramural researchers; NIMH offers the toolkit as a free resource and its
written material is in the public domain, so the published wording is used, unaltered (sources
and the check made are in docs/instruments.md). Validated for ages 10-24 and later for adults.

Scoring, as the toolkit states it: a "yes" to any of questions 1-4 is a positive screen, and then
question 5 is asked: "yes" to it is an acute positive screen (imminent risk), "no" a non-acute
positive screen. The toolkit gives no total; the stored "total" is that result as a number
(0 negative, 1 non-acute positive, 2 acute positive) so that it can be charted and banded.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import base
from .base import Answers, Band, Instrument, Item, ScoreResult
from .scales import YES_NO_OPTIONS

CODE = "asq"
NAME = "ASQ"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = True
# The reference gives no LOINC codes for the ASQ; none are invented.
LOINC_PANEL = None
LOINC_TOTAL = None
CASENESS_THRESHOLD = None
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Thoughts of dying")
ABOUT = _(
    "asks whether you have had thoughts of dying or of ending your life. Your clinician "
    "reads every answer and will talk with you about any “yes”."
)

SCREEN_KEYS = ("q1", "q2", "q3", "q4")
ACUITY_KEY = "q5"

INSTRUCTIONS = "Please answer each question yes or no."

NEGATIVE, NON_ACUTE_POSITIVE, ACUTE_POSITIVE = 0, 1, 2

ITEMS = (
    Item(
        "q1",
        "Wished to be dead",
        YES_NO_OPTIONS,
        scored=False,
        text="In the past few weeks, have you wished you were dead?",
    ),
    Item(
        "q2",
        "Better off dead",
        YES_NO_OPTIONS,
        scored=False,
        text=(
            "In the past few weeks, have you felt that you or your family would be better off "
            "if you were dead?"
        ),
    ),
    Item(
        "q3",
        "Thoughts of suicide this week",
        YES_NO_OPTIONS,
        scored=False,
        text="In the past week, have you been having thoughts about killing yourself?",
    ),
    Item(
        "q4",
        "Ever tried",
        YES_NO_OPTIONS,
        scored=False,
        text="Have you ever tried to kill yourself?",
    ),
    # Asked when any of 1-4 is "yes" (validate() then requires it).
    Item(
        ACUITY_KEY,
        "Thoughts of suicide right now",
        YES_NO_OPTIONS,
        text="Are you having thoughts of killing yourself right now?",
        scored=False,
        required=False,
    ),
)

BANDS = (
    Band(
        NEGATIVE,
        NEGATIVE,
        gettext_noop("negative screen"),
        _("No thoughts of suicide reported"),
    ),
    Band(
        NON_ACUTE_POSITIVE,
        NON_ACUTE_POSITIVE,
        gettext_noop("non-acute positive screen"),
        _("Answers your clinician will talk through with you"),
    ),
    Band(
        ACUTE_POSITIVE,
        ACUTE_POSITIVE,
        gettext_noop("acute positive screen"),
        _("Answers your clinician will follow up straight away"),
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
    licence="US government work (NIMH), in the public domain; published wording, unaltered.",
    declared_max_total=ACUTE_POSITIVE,
)


def is_positive(answers: Answers) -> bool:
    return any(answers.get(key) == "yes" for key in SCREEN_KEYS)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages; question 5 is needed once any of questions 1-4 is "yes"."""
    errors = base.validate_answers(DEFINITION, answers)
    if base.NON_ITEM_ERRORS in errors or ACUITY_KEY in errors:
        return errors
    if is_positive(answers) and base.is_unanswered(answers.get(ACUITY_KEY)):
        errors[ACUITY_KEY] = gettext(
            "An answer is needed for “%(question)s”. It is asked whenever any of questions "
            "1-4 is answered yes."
        ) % {"question": DEFINITION.item(ACUITY_KEY).label}
    return errors


def screen_result(answers: Answers) -> int:
    """0 negative, 1 non-acute positive, 2 acute positive. A "yes" to question 5 is acute
    even when questions 1-4 were all "no": thoughts of suicide right now are never negative."""
    if answers.get(ACUITY_KEY) == "yes":
        return ACUTE_POSITIVE
    return NON_ACUTE_POSITIVE if is_positive(answers) else NEGATIVE


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """The screen result (0-2) with its band; every "yes" raises a safety flag."""
    base.refuse_proration(DEFINITION, prorate)
    base.raise_if_invalid(validate(answers))
    total = screen_result(answers)
    answered = sum(1 for item in ITEMS if not base.is_unanswered(answers.get(item.key)))
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=DEFINITION.is_case(total),
        flags=frozenset(code for code, _ in safety_answers(answers)),
        items_scored=answered,
    )


def safety_answers(answers: Answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) for each "yes": questions 1-4 as suicide items, question 5 as
    thoughts of suicide right now. The same whether or not the answers are finished."""
    found = [(base.SUICIDE_ITEM_YES, key) for key in SCREEN_KEYS if answers.get(key) == "yes"]
    if answers.get(ACUITY_KEY) == "yes":
        found.append((base.SUICIDE_THOUGHTS_NOW, ACUITY_KEY))
    return found
