"""Session check-in: a brief question a group member answers at the sessions between the full
PHQ-9s, and the PHQ-9's own safety question.

Group IPT programmes measure lightly between their full measures: in Bolton et al. 2003 (JAMA
289(23):3117-3124) each member said at every session whether they felt better or worse, and
StrongMinds asks the full PHQ-9 only at screening, before the group, half-way and at the end. The
first question is our own wording; the second is PHQ-9 question 9 with its published wording
and answers (free to reproduce; copyright Pfizer, no permission needed), so every member is asked
the safety question at every session and a positive answer raises the same flag it raises in
the PHQ-9. Where a PHQ-9 is asked at the same session, it asks both, so the check-in is not asked
beside it (COVERED_BY, read by the course schedule).

The stored total is the mood answer as a number (0 better, 1 about the same, 2 worse) so it can
be charted and banded; it is not a symptom score and plays no part in the outcome rules.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import base, phq9
from .base import Answers, Band, Instrument, Item, Option, ScoreResult

CODE = "checkin"
NAME = "Session check-in"
SHORT_NAME = "Check-in"
VERSION = "1"
KIND = "questionnaire"
AT_HOME = True
OFFERED_BY_DEFAULT = True
LICENCE_SETTLED = True
# Our own question and no panel: no LOINC codes exist, none are invented.
LOINC_PANEL = None
LOINC_TOTAL = None
CASENESS_THRESHOLD = None
# The PHQ-9 asks this check-in's safety question and measures mood in full.
COVERED_BY = ("phq9",)
# How the portal names it to clients, beside its code (docs/portal.md).
CLIENT_NAME = _("Since the last session")
ABOUT = _(
    "asks whether your mood has been better, about the same or worse since the last session, "
    "and whether you have had thoughts of being better off dead or of hurting yourself."
)

MOOD_KEY = "mood"
SELF_HARM_ITEM_KEY = phq9.SELF_HARM_ITEM_KEY
BETTER, SAME, WORSE = 0, 1, 2

INSTRUCTIONS = "Think about the time since the last session."

ITEMS = (
    Item(
        MOOD_KEY,
        "Mood since the last session",
        (
            Option(BETTER, "Better", BETTER),
            Option(SAME, "About the same", SAME),
            Option(WORSE, "Worse", WORSE),
        ),
        text="Since the last session, has your mood been better, about the same or worse?",
    ),
    # PHQ-9 question 9, word for word and with its answers and codes; over the last two weeks,
    # as the PHQ-9 asks it.
    Item(
        SELF_HARM_ITEM_KEY,
        phq9.DEFINITION.item(SELF_HARM_ITEM_KEY).label,
        phq9.DEFINITION.item(SELF_HARM_ITEM_KEY).options,
        text=(
            "Over the last 2 weeks, how often have you been bothered by thoughts that you would"
            " be better off dead or of hurting yourself in some way?"
        ),
        scored=False,
        loinc=phq9.DEFINITION.item(SELF_HARM_ITEM_KEY).loinc,
    ),
)

BANDS = (
    Band(
        BETTER,
        BETTER,
        gettext_noop("better"),
        _("Mood better than at the last session"),
    ),
    Band(
        SAME,
        SAME,
        gettext_noop("about the same"),
        _("Mood about the same as at the last session"),
    ),
    Band(
        WORSE,
        WORSE,
        gettext_noop("worse"),
        _("Mood worse than at the last session"),
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
    licence=(
        "Our own mood question; PHQ-9 question 9 with its published wording (free to "
        "reproduce; copyright Pfizer, no permission needed)."
    ),
)


def validate(answers: Answers) -> dict[str, str]:
    """Per-item error messages: both questions are needed, the safety question always."""
    return base.validate_answers(DEFINITION, answers)


def score(answers: Answers, *, prorate: bool = False) -> ScoreResult:
    """The mood answer (0 better, 1 about the same, 2 worse) with its band; a safety answer
    of 1 or more raises the PHQ-9's self-harm flag."""
    base.refuse_proration(DEFINITION, prorate)
    base.raise_if_invalid(validate(answers))
    total = answers[MOOD_KEY]
    return ScoreResult(
        instrument=CODE,
        version=VERSION,
        total=total,
        band=DEFINITION.band_for(total),
        caseness=None,
        flags=frozenset(code for code, _ in safety_answers(answers)),
        items_scored=1,
    )


def safety_answers(answers: Answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) when the safety question is answered 1 or more, as in the PHQ-9.
    It is never optional here, so a blank answer is only an answer not given yet."""
    value = answers.get(SELF_HARM_ITEM_KEY)
    if base.is_unanswered(value) or not isinstance(value, int):
        return []
    return [(base.SELF_HARM_ITEM, SELF_HARM_ITEM_KEY)] if value >= 1 else []
