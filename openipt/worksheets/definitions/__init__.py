"""Worksheet and technique definitions as data: one module each, registered here by code.

Adding one means copying a sibling module, listing it below and adding its test
(tests/test_definitions.py checks every registered definition).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import (
    assertive_script,
    clarification,
    communication_analysis,
    conversation_prep,
    decision_analysis,
    empathic_listening,
    encouragement_of_affect,
    grief_journal,
    handover,
    joining_a_group,
    new_ways_to_connect,
    readiness_to_end,
    relapse_prevention,
    relationship_roles,
    role_play,
    role_transition,
    self_compassion,
    support_network,
    therapeutic_relationship,
    values_priorities,
    volunteering,
)
from .base import HOMEWORK, PROBLEM_AREAS, TECHNIQUE, Field, Kind, Section, Worksheet

ALL: dict[str, Worksheet] = {
    module.DEFINITION.code: module.DEFINITION
    for module in (
        role_transition,
        grief_journal,
        assertive_script,
        relapse_prevention,
        support_network,
        relationship_roles,
        values_priorities,
        conversation_prep,
        self_compassion,
        volunteering,
        joining_a_group,
        new_ways_to_connect,
        communication_analysis,
        decision_analysis,
        role_play,
        clarification,
        encouragement_of_affect,
        empathic_listening,
        therapeutic_relationship,
        readiness_to_end,
        handover,
    )
}
# Earlier versions a module keeps (its EARLIER tuple) because a later one removed or reworded
# prompts: a sheet answered on version 1 is shown with version 1's prompts.
EARLIER: dict[tuple[str, str], Worksheet] = {
    (earlier.code, earlier.version): earlier
    for module in (relationship_roles,)
    for earlier in module.EARLIER
}
WORKSHEETS = {code: d for code, d in ALL.items() if d.use == HOMEWORK}
TECHNIQUES = {code: d for code, d in ALL.items() if d.use == TECHNIQUE}
RELAPSE_PREVENTION = "relapse_prevention"


class UnknownWorksheet(KeyError):
    pass


def get(code: str, version: str = "") -> Worksheet:
    """The definition with this code: the version a record was answered on when it is kept,
    else the current one (a version that only added prompts keeps every earlier answer's)."""
    if (code, version) in EARLIER:
        return EARLIER[(code, version)]
    try:
        return ALL[code]
    except KeyError:
        raise UnknownWorksheet(f"No worksheet with code {code!r}.") from None


def homework_choices():
    return [(code, d.name) for code, d in WORKSHEETS.items()]


def task_sheet(title: str) -> Worksheet:
    """A free task (homework without a worksheet) is answered as a one-field sheet."""
    notes = Field("notes", _("What I did and how it went"), Kind.LONG_TEXT, required=True)
    return Worksheet(
        code="task",
        name=title,
        version="1",
        purpose="",
        areas=PROBLEM_AREAS,
        sections=(Section(_("Your notes"), (notes,)),),
    )
