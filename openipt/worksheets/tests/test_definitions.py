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
    "volunteering",
    "joining_a_group",
    "new_ways_to_connect",
}

# The prompts of the source articles' exercises, as a checklist written from the articles
# (docs/worksheets.md, "What the sheets ask, and where it comes from"): for each worksheet,
# what the article asks, and the field that asks it here in our own words.
ARTICLE_PROMPTS = {
    "role_transition": {
        "describe the change": "change",
        "effect on identity or routine": "identity_routine",
        "what was lost": "miss_most",
        "what might be gained": "new_possible",
        "coping strategies already tried": "coping_tried",
        "new roles or skills to build": "skills_needed",
    },
    "grief_journal": {
        "what is missed most about the person": "miss_most",
        "emotions being avoided": "avoided_feelings",
        "routines that changed since the loss": "changed_days",
        "support that changed since the loss": "changed_support",
        "what you would say to them today": "say_to_them",
        "honouring their memory while moving forward": "honour",
    },
    "assertive_script": {
        "I feel [emotion]": "feeling",
        "when [situation]": "situation",
        "because [reason]": "reason",
        "I would prefer [need or boundary]": "preference",
    },
    "relapse_prevention": {
        "warning signs of depression returning": "warning_signs",
        "relationship stressors that could trigger relapse": "triggers",
        "people to reach out to": "contacts",
        "IPT skills that help": "skills",
        "plan if mood worsens": "if_worse",
    },
    "support_network": {
        "inner circle: people trusted deeply": "inner_person",
        "middle circle: friends and acquaintances": "middle",
        "outer circle: helpers": "outer",
        "who to reach out to more": "closer",
        "relationships that drain rather than help": "draining",
    },
    "relationship_roles": {
        "the role I often play": "usual_role",
        "what the role helps me feel": "role_gives",
        "what it sometimes causes": "role_costs",
        "the relationship where it shows most": "person",
        "a healthier way to engage": "healthier_way",
    },
    "values_priorities": {
        "my most important relationship values": "values",
        "values missing or neglected": "neglected",
        "changes to align actions with values": "change",
    },
    "conversation_prep": {
        "the main issue to discuss": "issue",
        "my emotion and why": "my_feeling",
        "the outcome I would like": "goal",
        "a good time and place": "when_where",
        "what the other person might feel or need": "their_needs",
        "how to say it clearly and kindly": "opening",
    },
    "self_compassion": {
        "the situation that triggered guilt": "what_happened",
        "what I wish I had done differently": "wish_done",
        "what I would say to a friend": "friend_would_say",
        "how to repair it": "repair",
        "what to remind myself next time": "next_time",
    },
    "volunteering": {
        "brainstorm ways to help someone in need": "ideas",
    },
    "joining_a_group": {
        "find a group to join": "chosen",
        "getting to know the people there": "how_it_went",
    },
    "new_ways_to_connect": {
        "creative ways to connect with people": "ideas",
    },
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
        "clarification",
        "encouragement_of_affect",
        "therapeutic_relationship",
        "empathic_listening",
        "readiness_to_end",
        "handover",
    }


# The techniques the articles name, with what each asks (issue 14, item 7).
TECHNIQUE_PROMPTS = {
    "communication_analysis": {
        "the interaction recalled in detail": "steps",
        "tone of voice": "tone",
        "volume": "volume",
        "hand gestures and body language": "gestures",
        "eye contact": "eye_contact",
        "the feelings it evoked": "client_felt",
    },
    "clarification": {
        "the client's own perception of the problem": "client_view",
        "biases and misconceptions": "assumptions",
        "unhealthy patterns": "pattern",
    },
    "encouragement_of_affect": {
        "unwanted or painful feelings": "feelings",
        "experienced in a safe setting": "how_expressed",
        "becoming easier to accept": "bearable",
    },
    "therapeutic_relationship": {
        "the present relationship with the therapist": "what_happened",
        "tendencies that hamper other relationships": "outside_pattern",
        "changing them": "try_outside",
    },
    "empathic_listening": {
        "a secure outlet for the client's emotions": "shared",
        "support offered back": "reflected",
    },
    "readiness_to_end": {
        "review of progress against goals": "goals_reviewed",
        "feelings about ending": "ending_feelings",
        "warning signs of relapse": "warning_signs",
        "a relapse-prevention plan": "plan_agreed",
        "options for further treatment or boosters": "further_options",
    },
    "handover": {
        "the response so far": "response",
        "where the client is referred": "referred_to",
        "medication review": "medication_review",
        "risk now": "risk_now",
    },
}


@pytest.mark.parametrize("code", sorted(TECHNIQUE_PROMPTS))
def test_every_technique_asks_what_the_articles_name(code):
    fields = {f.name for f in definitions.get(code).fields}
    missing = {
        prompt: name for prompt, name in TECHNIQUE_PROMPTS[code].items() if name not in fields
    }
    assert missing == {}


def test_a_checklist_item_cannot_be_required():
    item = Section("Ticks", (Field("done", "Done", Kind.CHECK, required=True),))
    assert "checklist item 'done' cannot be required" in problems(broken(sections=(item,)))


@pytest.mark.parametrize("code", sorted(ARTICLE_PROMPTS))
def test_every_prompt_of_the_articles_exercise_is_asked(code):
    fields = {f.name for f in definitions.get(code).fields}
    missing = {prompt: name for prompt, name in ARTICLE_PROMPTS[code].items() if name not in fields}
    assert missing == {}


def test_every_homework_worksheet_is_on_the_checklist():
    assert set(definitions.WORKSHEETS) == set(ARTICLE_PROMPTS)


def test_an_earlier_version_keeps_its_own_prompts():
    current = definitions.get("relationship_roles")
    first = definitions.get("relationship_roles", "1")
    assert (current.version, first.version) == ("2", "1")
    assert "i_expect" in {f.name for f in first.fields}
    assert "i_expect" not in {f.name for f in current.fields}
    assert problems(first) == []
    # A version nobody kept is answered with the current prompts (they only added some).
    assert definitions.get("grief_journal", "1") is definitions.get("grief_journal")


@pytest.mark.parametrize("earlier", list(definitions.EARLIER.values()), ids=str)
def test_kept_versions_are_older_than_the_current_one(earlier):
    assert int(earlier.version) < int(definitions.get(earlier.code).version)


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
