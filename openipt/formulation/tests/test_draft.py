"""The draft formulation, assembled in plain words from the recorded facts."""

from datetime import date

from openipt.formulation.draft import (
    SICK_ROLE,
    AreaFacts,
    DraftFacts,
    EventLine,
    ScoreFact,
    draft,
)


def test_a_full_draft_uses_every_kind_of_fact():
    facts = DraftFacts(
        concerns="Low mood and poor sleep since the spring",
        first_score=ScoreFact("PHQ-9", 17, "moderately severe", date(2026, 9, 1)),
        latest_score=ScoreFact("PHQ-9", 11, "moderate", date(2026, 10, 20)),
        onset="March 2026",
        worsening=("May 2026",),
        events=(
            EventLine("death", "January 2026", person="Dad"),
            EventLine("life_change", "2 February 2026", note="moved to a new city"),
        ),
        areas=(
            AreaFacts("grief", person="Dad", when="January 2026", goals=("Visit his grave",)),
            AreaFacts("role_transition", old_role="living near family", new_role="living alone"),
        ),
        planned_sessions=12,
        end_date=date(2026, 12, 1),
    )
    text = draft(facts)
    assert "How you have been: Low mood and poor sleep since the spring." in text
    assert "your PHQ-9 score was 17 (moderately severe)" in text
    assert "On 20 October 2026 it was 11 (moderate)." in text
    assert str(SICK_ROLE) in text
    assert "your low mood began around March 2026. It got worse around May 2026." in text
    assert "Dad died (January 2026); moved to a new city (2 February 2026)." in text
    assert "two things. Grief after the death of Dad in January 2026." in text
    assert "The change from living near family to living alone." in text
    assert "Your goals, in your own words:\n- Visit his grave" in text
    assert "We plan to meet for 12 sessions, finishing around 1 December 2026." in text


def test_a_dispute_names_the_stage_in_plain_words():
    text = draft(DraftFacts(areas=(AreaFacts("role_dispute", person="Sam", stage="impasse"),)))
    assert "The disagreement with Sam. Right now the talking about it has stopped." in text


def test_with_nothing_recorded_the_draft_is_short_and_says_what_is_missing():
    text = draft(DraftFacts())
    assert text.startswith(str(SICK_ROLE))
    assert "we have not chosen this together yet" in text
    assert "sessions" not in text.split(str(SICK_ROLE))[1]


def test_the_draft_says_when_the_sick_role_was_discussed():

    text = draft(DraftFacts(sick_role_given_on=date(2026, 10, 5)))
    assert "We first talked about this on 5 October 2026." in text
    assert "first talked" not in draft(DraftFacts())
