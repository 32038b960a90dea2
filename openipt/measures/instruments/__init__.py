"""Instruments as code: one module per instrument, registered here by code.

The module is the one place an instrument is described. Every module declares:
- CODE, NAME, VERSION, LOINC_PANEL, LOINC_TOTAL (None where none exists), ABOUT (what it asks,
  in plain words for clients), and SHORT_NAME where pages need a shorter name than NAME;
- KIND: "questionnaire" (items, answers, a total) or "diary" (the SRM-5: daily times kept for a
  week);
- AT_HOME: whether clients may fill it in from the portal;
- OFFERED_BY_DEFAULT, and OFFERED_WITH_SETTING for one that is not: the setting that offers it;
- LICENCE_SETTLED: whether its published wording may be shipped (otherwise own labels only);
- CLIENT_NAME (optional): how the portal names it to clients, in plain words, beside its code;
- SUBSTITUTES (optional): what a course asks instead where it is not offered;
- COVERED_BY (optional): instruments that ask all of its questions, so a session that asks
  one of them does not ask it too (the group check-in and the PHQ-9).

Questionnaire modules also expose ITEMS, BANDS, CASENESS_THRESHOLD, DEFINITION, validate(answers)
and score(answers, *, prorate=False); srm5 exposes ACTIVITIES, validate(week) and
weekly_regularity(week). See docs/instruments.md.

An instrument with safety questions also exposes safety_answers(answers, *, finished): the
one rule for which answers need a clinician's follow-up (see `safety_answers` below).

Adding an instrument means writing its module (copy a sibling) and listing it in MODULES:
the forms, the portal, the course schedule and fidelity read it from here
(tests/test_instrument_registry.py checks that nothing else needs an edit).
"""

from __future__ import annotations

from types import ModuleType

from django.conf import settings

from . import asq, asrm, checkin, gad7, phq9, phqa, srm5, waisr, wsas
from .base import Instrument

QUESTIONNAIRE = "questionnaire"
DIARY = "diary"

# In the order pages list them.
MODULES: tuple[ModuleType, ...] = (phq9, gad7, wsas, phqa, asq, asrm, waisr, checkin, srm5)

INSTRUMENTS: dict[str, ModuleType] = {module.CODE: module for module in MODULES}

QUESTIONNAIRES: dict[str, Instrument] = {
    code: module.DEFINITION for code, module in INSTRUMENTS.items() if module.KIND == QUESTIONNAIRE
}


class UnknownInstrument(KeyError):
    pass


def get(code: str) -> ModuleType:
    """The module of a registered instrument, e.g. get("phq9").score(answers)."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise UnknownInstrument(f"No instrument with code {code!r}.") from None


def is_offered(code: str) -> bool:
    """Whether this deployment records the instrument: offered by default, or turned on by
    the setting its module names (the PHQ-A's OPENIPT_SHOW_PHQA, while its licence is open)."""
    module = get(code)
    if module.OFFERED_BY_DEFAULT:
        return True
    setting = getattr(module, "OFFERED_WITH_SETTING", None)
    return bool(setting and getattr(settings, setting, False))


def offered() -> tuple[str, ...]:
    """Codes of every instrument recorded here, questionnaires and diaries, in order."""
    return tuple(code for code in INSTRUMENTS if is_offered(code))


def recordable() -> dict[str, Instrument]:
    """Instrument code -> definition for the questionnaires that may be recorded here."""
    return {code: QUESTIONNAIRES[code] for code in offered() if code in QUESTIONNAIRES}


def at_home() -> tuple[str, ...]:
    """Codes of the offered instruments clients may fill in from the portal."""
    return tuple(code for code in offered() if get(code).AT_HOME)


def is_diary(code: str) -> bool:
    return get(code).KIND == DIARY


def short_name(code: str) -> str:
    """How pages name the instrument in lists ("PHQ-9", "SRM-5"); the code if unknown."""
    module = INSTRUMENTS.get(code)
    if module is None:
        return code
    return getattr(module, "SHORT_NAME", module.NAME)


def client_name(code: str) -> str:
    """What the portal calls it ("Your mood over the last two weeks"); its name if none."""
    module = get(code)
    return getattr(module, "CLIENT_NAME", module.NAME)


# An estimate for clients, not a published figure: about 20 seconds a question, the pace of
# one tap per question on a phone, rounded up to whole minutes.
SECONDS_PER_QUESTION = 20


def minutes_to_complete(code: str) -> int:
    """About how many minutes a questionnaire takes to fill in, from its number of items."""
    items = len(QUESTIONNAIRES[code].items)
    return max(1, -(-items * SECONDS_PER_QUESTION // 60))


def substitutes() -> dict[str, tuple[str, ...]]:
    """Code -> what a course asks instead where that instrument is not offered."""
    return {code: getattr(module, "SUBSTITUTES", ()) for code, module in INSTRUMENTS.items()}


def covered_by() -> dict[str, tuple[str, ...]]:
    """Code -> the instruments whose questions include all of its own (COVERED_BY)."""
    return {
        code: module.COVERED_BY
        for code, module in INSTRUMENTS.items()
        if getattr(module, "COVERED_BY", ())
    }


def safety_answers(code: str, answers, *, finished: bool = True) -> list[tuple[str, str]]:
    """(flag code, item key) for each answer that needs a safety follow-up, as the
    instrument itself defines it; [] for instruments without safety questions.
    `finished=False` for answers still being given (a draft)."""
    rule = getattr(get(code), "safety_answers", None)
    return rule(answers, finished=finished) if rule else []
