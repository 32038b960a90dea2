"""Every registered definition is valid; the checks catch each kind of mistake."""

import dataclasses

import pytest

from openipt.formulation.models import Area
from openipt.worksheets import definitions
from openipt.worksheets.definitions.base import PROBLEM_AREAS, Field, Kind, Section, problems

ISSUE_WORKSHEETS = {
    "role_transition",
    "grief_journal",
    "assertive_script",
    "relapse_prevention",
    "support_network",
    "relationship_roles",
    "values_priorities",
    "conversation_prep",
    "self_compassion",
}


@pytest.mark.parametrize("code", sorted(definitions.ALL))
def test_every_definition_is_valid(code):
    definition = definitions.ALL[code]
    assert problems(definition) == []
    assert definition.code == code
    names = [f.name for f in definition.fields]
    assert len(names) == len(set(names)), "field names are unique"
    assert all(isinstance(f.kind, Kind) for f in definition.fields)
    assert set(definition.areas) <= set(Area.values)


def test_the_problem_areas_match_the_formulation_model():
    assert set(PROBLEM_AREAS) == set(Area.values)


def test_the_worksheets_and_techniques_of_the_issue_are_registered():
    assert set(definitions.WORKSHEETS) == ISSUE_WORKSHEETS
    assert set(definitions.TECHNIQUES) == {
        "communication_analysis",
        "decision_analysis",
        "role_play",
    }


def test_the_field_types_used_cover_every_kind():
    used = {f.kind for d in definitions.ALL.values() for f in d.fields}
    assert used == set(Kind)


def test_the_support_map_and_conversation_sheets_draw_on_the_inventory():
    for code in ("support_network", "conversation_prep"):
        assert any(f.kind == Kind.PERSON for f in definitions.get(code).fields)


def broken(**changes):
    return dataclasses.replace(definitions.get("conversation_prep"), **changes)


def test_duplicate_field_names_are_caught():
    twice = Section("Twice", (Field("goal", "Again", Kind.SHORT_TEXT),))
    sheet = broken(sections=definitions.get("conversation_prep").sections + (twice,))
    assert "field name 'goal' is used twice" in problems(sheet)


def test_unknown_field_types_and_areas_are_caught():
    odd = Section("Odd", (Field("colour", "Favourite colour", "colour_picker"),))
    found = problems(broken(sections=(odd,), areas=("grief", "money")))
    assert "field 'colour' has unknown type 'colour_picker'" in found
    assert "unknown problem area 'money'" in found


def test_ratings_need_both_ends_and_a_sheet_needs_an_area():
    scale = Section("Scale", (Field("how", "How much?", Kind.RATING, low="None"),))
    found = problems(broken(sections=(scale,), areas=()))
    assert "rating 'how' needs words for both ends of the scale" in found
    assert "it suits no problem area" in found


def test_an_unknown_code_is_an_error():
    with pytest.raises(definitions.UnknownWorksheet):
        definitions.get("horoscope")
