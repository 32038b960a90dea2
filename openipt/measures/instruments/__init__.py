"""Instruments as code: one module per instrument, registered here by code.

Questionnaire modules (phq9, gad7, wsas, phqa) expose CODE, NAME, VERSION, LOINC_PANEL,
LOINC_TOTAL, ITEMS, BANDS, CASENESS_THRESHOLD, DEFINITION, validate(answers) and
score(answers, *, prorate=False). srm5 is a weekly rhythm record rather than a questionnaire:
it exposes ACTIVITIES, validate(week) and weekly_regularity(week). See docs/instruments.md.

Adding an instrument means copying a sibling module and listing it below.
"""

from __future__ import annotations

from types import ModuleType

from . import gad7, phq9, phqa, srm5, wsas
from .base import Instrument

INSTRUMENTS: dict[str, ModuleType] = {
    module.CODE: module for module in (phq9, gad7, wsas, phqa, srm5)
}

QUESTIONNAIRES: dict[str, Instrument] = {
    code: module.DEFINITION for code, module in INSTRUMENTS.items() if hasattr(module, "DEFINITION")
}


class UnknownInstrument(KeyError):
    pass


def get(code: str) -> ModuleType:
    """The module of a registered instrument, e.g. get("phq9").score(answers)."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise UnknownInstrument(f"No instrument with code {code!r}.") from None
