"""Decision support for problem areas: table-driven cases over small synthetic records."""

from datetime import date

import pytest

from openipt.formulation import decision
from openipt.formulation.decision import EventFact, PersonFact, Thresholds, propose
from openipt.formulation.models import Area, Circle, EventKind, Quality, Relationship

AS_OF = date(2026, 9, 15)

MUM = PersonFact("mum", "Mum", "parent", "inner", "supportive")
DAD = PersonFact("dad", "Dad", "deceased", "inner", "supportive")
UNCLE = PersonFact("uncle", "Uncle Ray", "other", "middle", "neither")
SAM = PersonFact("sam", "Sam", "partner", "inner", "conflictual", unsatisfying=True)
SAM_CONTENT = PersonFact("sam", "Sam", "partner", "inner", "conflictual", unsatisfying=False)
JO = PersonFact("jo", "Jo", "friend", "middle", "supportive")
KIM = PersonFact("kim", "Kim", "friend", "middle", "supportive")
GP = PersonFact("gp", "Dr Patel", "professional", "outer", "supportive")
FRIENDS = (MUM, JO, KIM)  # enough close people that interpersonal deficits does not apply

ONSET = EventFact("onset", date(2026, 6, 1))


def death(on, person=None):
    return EventFact("death", on, person=person)


def dispute(on, person=None):
    return EventFact("dispute", on, person=person)


def change(on, note=""):
    return EventFact("life_change", on, note=note)


# id: (people, events, proposed areas, words that must appear in the reasons or notes)
CASES = {
    "grief: inner-circle death in the months before onset": (
        (*FRIENDS, DAD),
        (death(date(2026, 3, 10), "dad"), ONSET),
        ["grief"],
        ["Dad, in the inner circle, died in March 2026, 2 months before the low mood started."],
    ),
    "grief: a death not linked to anyone in the inventory": (
        FRIENDS,
        (death(date(2026, 5, 2)), ONSET),
        ["grief"],
        ["no person from the inventory is linked to it"],
    ),
    "no grief: the death was in the middle circle": (
        (*FRIENDS, UNCLE),
        (death(date(2026, 4, 1), "uncle"), ONSET),
        [],
        ["is in the middle circle; grief is proposed for a death in the inner circle"],
    ),
    "no grief: the death was long before onset": (
        (*FRIENDS, DAD),
        (death(date(2024, 1, 5), "dad"), ONSET),
        [],
        ["falls outside the 6 months before the low mood started"],
    ),
    "role dispute: strained inner-circle relationship and a recent dispute": (
        (*FRIENDS, SAM),
        (ONSET, dispute(date(2026, 7, 20), "sam")),
        ["role_dispute"],
        [
            "Sam, in the inner circle, is marked conflictual",
            "A dispute with Sam is on the timeline in July 2026, after the low mood had started.",
        ],
    ),
    "no role dispute: strained but no dispute on the timeline": (
        (*FRIENDS, SAM),
        (ONSET,),
        [],
        ["The relationship with Sam is strained, but no dispute is on the timeline"],
    ),
    "no role dispute: a dispute, but nothing unsatisfying recorded": (
        (*FRIENDS, SAM_CONTENT),
        (ONSET, dispute(date(2026, 7, 20), "sam")),
        [],
        ["that relationship is not an inner-circle one marked conflictual"],
    ),
    "role transition: a recent life change": (
        FRIENDS,
        (change(date(2026, 2, 1), "moved to a new city"), ONSET),
        ["role_transition"],
        [
            "A life change is on the timeline in February 2026, 4 months before the low mood"
            " started: moved to a new city."
        ],
    ),
    "no role transition: the change was years ago": (
        FRIENDS,
        (change(date(2023, 2, 1), "new job"), ONSET),
        [],
        ["No death, dispute or life change on the timeline fits the rules"],
    ),
    "interpersonal deficits: nothing else fits and few relationships": (
        (JO, GP, DAD),
        (ONSET, EventFact("isolation", date(2025, 11, 1))),
        ["deficits"],
        [
            "Only 1 person is recorded in the inner and middle circles",
            "Isolation is on the timeline in November 2025.",
        ],
    ),
    "ambiguous: a death and a life change propose two areas": (
        (*FRIENDS, DAD),
        (death(date(2026, 4, 1), "dad"), change(date(2026, 5, 1), "retired"), ONSET),
        ["grief", "role_transition"],
        ["Dad, in the inner circle, died", "retired"],
    ),
    "three areas fit: the page asks for the best two": (
        (*FRIENDS, DAD, SAM),
        (
            death(date(2026, 4, 1), "dad"),
            dispute(date(2026, 5, 1), "sam"),
            change(date(2026, 5, 1)),
            ONSET,
        ),
        ["grief", "role_dispute", "role_transition"],
        ["At most two areas can be chosen"],
    ),
    "nothing recorded: no proposal, and it says why": (
        (),
        (),
        [],
        ["Nothing is recorded yet. Add the important people to the inventory"],
    ),
    "events but an empty inventory: deficits cannot be judged": (
        (),
        (change(date(2020, 1, 1)),),
        [],
        [
            "The start of the low mood is not on the timeline",
            "The inventory is empty, so interpersonal deficits cannot be judged.",
        ],
    ),
}


def all_words(assessment):
    return " ".join(assessment.reasons_as_shown())


@pytest.mark.parametrize("case", sorted(CASES))
def test_proposals(case):
    people, events, expected, phrases = CASES[case]
    assessment = propose(people, events, as_of=AS_OF)
    assert assessment.areas == expected
    for phrase in phrases:
        assert phrase in all_words(assessment), f"missing {phrase!r} in {assessment}"
    for proposal in assessment.proposals:
        assert proposal.reasons, "every proposal gives its reasons"


def test_nothing_recorded_proposes_none_and_explains():
    assessment = propose([], [], as_of=AS_OF)
    assert assessment.proposals == ()
    assert len(assessment.notes) == 1


def test_without_onset_periods_count_back_from_today():
    recent = propose([*FRIENDS], [change(date(2026, 1, 10))], as_of=AS_OF)
    assert recent.areas == ["role_transition"]
    assert "in January 2026" in all_words(recent)
    old = propose([*FRIENDS], [change(date(2025, 6, 1))], as_of=AS_OF)
    assert old.areas == []


def test_thresholds_are_configurable():
    people, events = (*FRIENDS, DAD), (death(date(2026, 2, 20), "dad"), ONSET)
    assert propose(people, events, as_of=AS_OF).areas == ["grief"]
    strict = Thresholds(grief_lookback_months=2)
    assert propose(people, events, as_of=AS_OF, thresholds=strict).areas == []
    roomy = Thresholds(deficits_max_close_people=5)
    assert propose(FRIENDS, (ONSET,), as_of=AS_OF, thresholds=roomy).areas == ["deficits"]


def test_proposals_name_the_person_and_date_they_are_about():
    assessment = propose(
        (*FRIENDS, DAD, SAM),
        (death(date(2026, 4, 1), "dad"), dispute(date(2026, 7, 1), "sam"), ONSET),
        as_of=AS_OF,
    )
    grief, dispute_proposal = assessment.proposals
    assert (grief.person, grief.on) == ("dad", date(2026, 4, 1))
    assert dispute_proposal.person == "sam"


def test_rule_vocabulary_matches_the_model_choices():
    assert set(decision.AREA_NAMES) == set(Area.values)
    assert {decision.INNER, decision.MIDDLE, decision.OUTER} == set(Circle.values)
    assert set(decision.CONFLICTUAL_QUALITIES) <= set(Quality.values)
    assert set(decision.NOT_COUNTED_AS_CLOSE) <= set(Relationship.values)
    kinds = {decision.DEATH, decision.DISPUTE, decision.LIFE_CHANGE, decision.ISOLATION}
    assert kinds | {decision.ONSET} <= set(EventKind.values)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 6, 1), 6, date(2025, 12, 1)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert decision.months_before(day, months) == expected
