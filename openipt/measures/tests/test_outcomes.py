"""Outcome rules: a table of first/last pairs with the expected classification, the edges
named in the issue, and properties that must hold for any scores."""

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openipt.measures import outcomes
from openipt.measures.outcomes import GAD7, IMPROVEMENT_ANY, IMPROVEMENT_STRICT, PHQ9, Pair

T, F, N = True, False, None
RULES = (
    "case_at_start",
    "recovery",
    "reliable_improvement",
    "reliable_deterioration",
    "reliable_recovery",
    "response",
    "remission",
)

# (PHQ-9 first/last or None, GAD-7 first/last or None, expected in the order of RULES)
TABLE = [
    # The example: a case at the start, below both thresholds at the end, PHQ-9 down 8.
    ((14, 6), (9, 5), (T, T, T, F, T, T, F)),
    # PHQ-9 change of exactly 5 (not reliable) and 6 (reliable).
    ((15, 10), None, (T, F, F, F, F, F, F)),
    ((15, 9), None, (T, T, T, F, T, F, F)),
    ((16, 11), None, (T, F, F, F, F, F, F)),
    ((16, 10), None, (T, F, T, F, F, F, F)),
    ((8, 13), None, (F, N, F, F, N, F, F)),
    ((8, 14), None, (F, N, F, T, N, F, F)),
    # GAD-7 change of 3 (not reliable) and 4 (reliable), both directions.
    (None, (10, 7), (T, T, F, F, F, N, N)),
    (None, (10, 6), (T, T, T, F, T, N, N)),
    (None, (5, 8), (F, N, F, F, N, N, N)),
    (None, (5, 9), (F, N, F, T, N, N, N)),
    (None, (11, 8), (T, F, F, F, F, N, N)),
    # GAD-7 first score 7 (not a case) vs 8 (a case).
    (None, (7, 3), (F, N, T, F, N, N, N)),
    (None, (8, 4), (T, T, T, F, T, N, N)),
    # PHQ-9 first score 9 (not a case) vs 10 (a case); response at exactly 50%; remission < 5.
    ((9, 3), None, (F, N, T, F, N, T, T)),
    ((10, 4), None, (T, T, T, F, T, T, T)),
    ((10, 5), None, (T, T, F, F, F, T, F)),
    ((20, 11), None, (T, F, T, F, F, F, F)),
    ((12, 12), (12, 12), (T, F, F, F, F, F, F)),
    # Strict rule: PHQ-9 reliably better but GAD-7 reliably worse is not reliable improvement.
    ((18, 10), (4, 9), (T, F, F, T, F, F, F)),
    ((18, 12), (6, 9), (T, F, T, F, F, F, F)),
    # A case on GAD-7 only; recovered on both.
    ((8, 4), (12, 6), (T, T, T, F, T, T, T)),
    # Still a case at the end on GAD-7.
    ((12, 6), (6, 8), (T, F, T, F, F, T, F)),
    # Floor and ceiling.
    ((0, 0), None, (F, N, F, F, N, N, T)),
    ((27, 0), (21, 0), (T, T, T, F, T, T, T)),
    # No pairs at all: nothing can be judged.
    (None, None, (N, N, N, N, N, N, N)),
]


def pairs_of(phq9, gad7):
    pairs = {}
    if phq9:
        pairs[PHQ9] = Pair(*phq9)
    if gad7:
        pairs[GAD7] = Pair(*gad7)
    return pairs


@pytest.mark.parametrize(
    ("phq9", "gad7", "expected"),
    TABLE,
    ids=[f"phq9={p}-gad7={g}" for p, g, _ in TABLE],
)
def test_outcome_table(phq9, gad7, expected):
    outcome = outcomes.classify(pairs_of(phq9, gad7), attended_sessions=4, ended=True)
    got = tuple(getattr(outcome, rule) for rule in RULES)
    assert dict(zip(RULES, got, strict=True)) == dict(zip(RULES, expected, strict=True))


def test_the_table_is_big_enough():
    assert len(TABLE) >= 20


def test_the_lenient_rule_is_named_and_differs_only_on_mixed_change():
    pairs = pairs_of((18, 10), (4, 9))
    assert outcomes.reliable_improvement(pairs, IMPROVEMENT_STRICT) is False
    assert outcomes.reliable_improvement(pairs, IMPROVEMENT_ANY) is True
    with pytest.raises(ValueError, match="Unknown"):
        outcomes.reliable_improvement(pairs, "loose")


@pytest.mark.parametrize(
    ("attended", "ended", "finished"),
    [(0, T, F), (1, T, F), (2, T, T), (12, T, T), (2, F, F), (12, F, F)],
)
def test_finished_course_needs_an_ended_course_with_two_attended_sessions(
    attended, ended, finished
):
    """A course still running has not finished, however many sessions it has had
    (issue 11: counting any episode with two attended sessions was wrong)."""
    assert outcomes.finished_course(attended, ended=ended) is finished
    outcome = outcomes.classify({}, attended, ended=ended)
    assert outcome.finished_course is finished
    finished_line = outcome.lines[0]
    assert finished_line.name == "Finished course"
    assert ("still running" in finished_line.reason) is not ended


def test_pairs_are_the_first_and_last_of_each_measure_in_order():
    rows = [
        SimpleNamespace(instrument=code, total=total)
        for code, total in [
            ("phq9", 18),
            ("gad7", 12),
            ("wsas", 30),
            ("phq9", 11),
            ("phq9", 7),
            ("phqa", 5),
        ]
    ]
    # GAD-7 was scored once: no pair. WSAS and PHQ-A are not paired measures.
    assert outcomes.pairs_from(rows) == {PHQ9: Pair(18, 7)}


def test_sentence_in_words():
    assert (
        outcomes.classify(pairs_of((14, 6), (9, 5)), 6, ended=True).sentence
        == "Reliably recovered: PHQ-9 14 → 6, GAD-7 9 → 5"
    )
    assert (
        outcomes.classify(pairs_of((12, 9), None), 6, ended=True).sentence
        == "Recovered: PHQ-9 12 → 9"
    )
    assert (
        outcomes.classify(pairs_of((18, 10), (4, 9)), 6, ended=True).sentence
        == "Reliably deteriorated: PHQ-9 18 → 10, GAD-7 4 → 9"
    )
    assert (
        outcomes.classify(pairs_of((12, 9), (2, 6)), 6, ended=True).sentence
        == "Recovered, with reliable deterioration: PHQ-9 12 → 9, GAD-7 2 → 6"
    )
    assert (
        outcomes.classify(pairs_of((12, 11), None), 6, ended=True).headline == "No reliable change"
    )
    assert outcomes.classify({}, 0, ended=True).sentence.startswith("Not enough scores yet")


def test_every_rule_has_a_line_in_words():
    outcome = outcomes.classify(pairs_of((14, 6), (9, 5)), 3, ended=True)
    names = [line.name for line in outcome.lines]
    assert names == [*outcomes.RULE_NAMES, "Finished course"]
    by_name = {line.name: line for line in outcome.lines}
    assert by_name["Recovery"].verdict == "Yes"
    assert "PHQ-9 down 8" in by_name["Reliable improvement"].reason
    assert by_name["Response"].reason.startswith("PHQ-9 14 → 6, a fall of 57%")
    assert by_name["Finished course"].reason.startswith("3 attended sessions")


# --- properties ----------------------------------------------------------------------------

phq9_pairs = st.none() | st.builds(Pair, st.integers(0, 27), st.integers(0, 27))
gad7_pairs = st.none() | st.builds(Pair, st.integers(0, 21), st.integers(0, 21))


# No deadline: the suite shares a busy machine, and these rules have no slow path to catch.
relaxed = settings(deadline=None)


def build(phq9, gad7):
    return {code: pair for code, pair in ((PHQ9, phq9), (GAD7, gad7)) if pair is not None}


@relaxed
@given(phq9_pairs, gad7_pairs)
def test_reliable_recovery_implies_recovery_and_reliable_improvement(phq9, gad7):
    pairs = build(phq9, gad7)
    if outcomes.reliable_recovery(pairs):
        assert outcomes.recovery(pairs) is True
        assert outcomes.reliable_improvement(pairs) is True


@relaxed
@given(phq9_pairs, gad7_pairs)
def test_improvement_and_deterioration_are_never_both_true_under_the_strict_rule(phq9, gad7):
    pairs = build(phq9, gad7)
    both = outcomes.reliable_improvement(pairs) and outcomes.reliable_deterioration(pairs)
    assert not both


@relaxed
@given(phq9_pairs, gad7_pairs)
def test_recovery_is_judged_exactly_when_a_case_at_the_start(phq9, gad7):
    pairs = build(phq9, gad7)
    assert (outcomes.recovery(pairs) is not None) == (outcomes.case_at_start(pairs) is True)


@relaxed
@given(phq9_pairs, gad7_pairs)
def test_the_strict_rule_is_never_looser_than_the_lenient_one(phq9, gad7):
    pairs = build(phq9, gad7)
    if outcomes.reliable_improvement(pairs, IMPROVEMENT_STRICT):
        assert outcomes.reliable_improvement(pairs, IMPROVEMENT_ANY)


@relaxed
@given(st.integers(0, 27), st.integers(0, 27))
def test_swapping_first_and_last_swaps_improvement_and_deterioration(first, last):
    forward, backward = {PHQ9: Pair(first, last)}, {PHQ9: Pair(last, first)}
    assert outcomes.reliable_improvement(forward) == outcomes.reliable_deterioration(backward)


@relaxed
@given(st.integers(1, 27), st.integers(0, 27))
def test_response_means_the_last_score_is_at_most_half_the_first(first, last):
    assert outcomes.response(Pair(first, last)) == (last <= first / 2)


@relaxed
@given(phq9_pairs, gad7_pairs, st.integers(0, 20))
def test_every_classification_has_a_sentence(phq9, gad7, attended):
    outcome = outcomes.classify(build(phq9, gad7), attended, ended=True)
    assert outcome.sentence
    assert len(outcome.lines) == len(outcomes.RULE_NAMES) + 1
