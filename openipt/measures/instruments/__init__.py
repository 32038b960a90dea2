"""Instruments as code: one module per instrument, registered here by code.

Questionnaire modules (phq9, gad7, wsas, phqa) expose CODE, NAME, VERSION, LOINC_PANEL,
LOINC_TOTAL, ITEMS, BANDS, CASENESS_THRESHOLD, DEFINITION, validate(answers) and
score(answers, *, prorate=False). srm5 is a weekly rhythm record rather than a questionnaire:
it exposes ACTIVITIES, validate(week) and weekly_regularity(week). See docs/instruments.md.

An instrument with safety questions also exposes safety_answers(answers, *, finished): the
one rule for which answers need a clinician's follow-up (see `safety_answers` below).

Adding an instrument means copying a sibling module and listing it below.
"""

from __future__ import annotations

from types import ModuleType

from django.conf import settings

from . import gad7, phq9, phqa, srm5, wsas
from .base import Instrument

INSTRUMENTS: dict[str, ModuleType] = {
    module.CODE: module for module in (phq9, gad7, wsas, phqa, srm5)
}

QUESTIONNAIRES: dict[str, Instrument] = {
    code: module.DEFINITION for code, module in INSTRUMENTS.items() if hasattr(module, "DEFINITION")
}


# Questionnaires clinicians and clients may record. PHQ-A's licence is UNSETTLED
# (docs/instruments.md), so it is offered only where the deployment says so with
# OPENIPT_SHOW_PHQA. SRM-5 is a weekly diary with a form of its own.
ALWAYS_OFFERED = ("phq9", "gad7", "wsas")


def recordable() -> dict[str, Instrument]:
    """Instrument code -> definition for the questionnaires that may be recorded here."""
    codes = list(ALWAYS_OFFERED)
    if settings.OPENIPT_SHOW_PHQA:
        codes.append("phqa")
    return {code: QUESTIONNAIRES[code] for code in codes}


class UnknownInstrument(KeyError):
    pass


def get(code: str) -> ModuleType:
    """The module of a registered instrument, e.g. get("phq9").score(answers)."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise UnknownInstrument(f"No instrument with code {code!r}.") from None


def safety_answers(code: str, answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) for each answer that needs a safety follow-up, as the
    instrument itself defines it; [] for instruments without safety questions.
    `finished=False` for answers still being given (a draft)."""
    rule = getattr(get(code), "safety_answers", None)
    return rule(answers, finished=finished) if rule else []
