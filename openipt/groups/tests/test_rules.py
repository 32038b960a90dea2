"""The group rules (groups/rules.py) as tables: the size warning, the drop-out rule and the
group outcome figures, plus properties of the drop-out rule. Pure: no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openipt.groups import rules
from openipt.groups.rules import AttendanceFact, MemberAttendance, MemberScores
from openipt.protocol.modalities import get

GROUP_IPT = get("group_ipt")
CODES = {"a": "attended", "l": "late", "d": "did_not_attend", "c": "cancelled"}


def facts(pattern, start=1):
    """'aad' -> sessions 1, 2, 3 attended, attended, did not attend; '.' skips a session
    (the group did not meet, or the member had not joined)."""
    return tuple(
        AttendanceFact(number, CODES[mark])
        for number, mark in enumerate(pattern, start)
        if mark != "."
    )


# --- size ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "warned"),
    [(0, True), (5, True), (6, False), (8, False), (10, False), (11, True), (14, True)],
)
def test_a_group_outside_six_to_ten_is_warned_about(members, warned):
    assert (rules.size_warning(GROUP_IPT, members) is not None) is warned


def test_the_warning_says_the_usual_size_and_the_most():
    assert "6 to 10" in rules.size_warning(GROUP_IPT, 12)
    assert "at most 14" in rules.size_warning(GROUP_IPT, 12)
    assert rules.room_left(GROUP_IPT, 12) == 2 and rules.room_left(GROUP_IPT, 15) == 0


def test_milestones_of_eight_sessions():
    assert rules.milestones(8) == {1: "baseline", 4: "half-way", 8: "end"}
    assert rules.milestones(16) == {1: "baseline", 8: "half-way", 16: "end"}


# --- the drop-out rule ---------------------------------------------------------------------

# (attendance so far, the organisation's limit, missed in a row, listed to follow up)
DROPOUT = [
    ("", 2, 0, False),
    ("a", 2, 0, False),
    ("d", 2, 1, False),
    ("dd", 2, 2, True),
    ("add", 2, 2, True),
    ("adda", 2, 0, False),
    ("ddda", 2, 0, False),
    # A cancellation the member told us about is still missed.
    ("acd", 2, 2, True),
    ("adc", 2, 2, True),
    # Late is present.
    ("adl", 2, 0, False),
    # A session the group did not hold (no record) neither counts nor breaks the run.
    ("ad.d", 2, 2, True),
    ("a.d", 2, 1, False),
    # Another organisation's limit.
    ("add", 3, 2, False),
    ("addd", 3, 3, True),
    ("d", 1, 1, True),
    ("a", 1, 0, False),
]


@pytest.mark.parametrize(("pattern", "limit", "missed", "listed"), DROPOUT)
def test_the_drop_out_rule(pattern, limit, missed, listed):
    member = MemberAttendance("M", "active", facts(pattern))
    assert rules.missed_in_a_row(member.sessions) == missed
    assert bool(rules.to_follow_up([member], limit)) is listed


@pytest.mark.parametrize("status", ["declined", "dropped_out", "completed", "referred_on"])
def test_members_who_have_left_are_not_listed(status):
    member = MemberAttendance("M", status, facts("dddd"))
    assert rules.to_follow_up([member], 2) == []


def test_the_list_says_how_many_were_missed():
    members = [
        MemberAttendance("A", "active", facts("aaa")),
        MemberAttendance("B", "active", facts("add")),
        MemberAttendance("C", "accepted", facts("dcd")),
    ]
    assert rules.to_follow_up(members, 2) == [("B", 2), ("C", 3)]


patterns = st.text(alphabet="adlc.", max_size=16)


@given(patterns, st.integers(1, 6))
def test_a_member_listed_has_missed_at_least_the_limit_and_attending_clears_it(pattern, limit):
    member = MemberAttendance("M", "active", facts(pattern))
    listed = rules.to_follow_up([member], limit)
    assert bool(listed) == (rules.missed_in_a_row(member.sessions) >= limit)
    attended_next = MemberAttendance("M", "active", facts(pattern + "a"))
    assert rules.to_follow_up([attended_next], limit) == []


@given(patterns, st.integers(1, 5))
def test_a_higher_limit_never_lists_more_members(pattern, limit):
    member = [MemberAttendance("M", "active", facts(pattern))]
    assert len(rules.to_follow_up(member, limit + 1)) <= len(rules.to_follow_up(member, limit))


# --- the group's outcome -------------------------------------------------------------------


def test_the_outcome_figures_of_a_group():
    members = [
        # A case at the start who recovered reliably: 16 -> 6.
        MemberScores("A", "completed", 8, phq9=(16, 12, 6)),
        # A case who improved reliably but is still a case: 20 -> 12.
        MemberScores("B", "completed", 7, phq9=(20, 12)),
        # A case with no reliable change: 12 -> 9 (recovered, not reliably).
        MemberScores("C", "completed", 6, phq9=(12, 9)),
        # Dropped out after two sessions, one PHQ-9: no pair.
        MemberScores("D", "dropped_out", 2, phq9=(14,)),
        # Not a case at the start: recovery does not apply.
        MemberScores("E", "active", 5, phq9=(8, 4)),
        # Screened and declined: not enrolled, not counted anywhere.
        MemberScores("F", "declined", 0, phq9=(22,)),
        # Joined, never came: enrolled, no finished course.
        MemberScores("G", "dropped_out", 0),
    ]
    result = rules.group_outcome(members)
    assert result.enrolled == 6
    assert result.mean_attended == round((8 + 7 + 6 + 2 + 5 + 0) / 6, 1) == 4.7
    assert result.dropped_out == 2 and result.dropout_percent == 33.3
    # Finished courses (ended, with two or more sessions: measures/outcomes.py): A, B, C, D;
    # E is still in the group. With a PHQ-9 pair: A, B, C.
    assert (result.finished_courses, result.paired, result.paired_percent) == (4, 3, 75.0)
    # Changes: -10, -8, -3, -4 -> mean -6.25, rounded to one place.
    assert result.mean_phq9_change == -6.2
    assert result.cases_at_start == 3
    assert (result.recovered, result.reliably_improved, result.reliably_recovered) == (2, 2, 1)
    assert result.recovery_percent == 66.7
    verdicts = {m.member: m.outcome.headline for m in result.members}
    assert verdicts == {
        "A": "Reliably recovered",
        "B": "Reliably improved",
        "C": "Recovered",
        "D": "Not enough scores yet",
        "E": "No reliable change",
        "G": "Not enough scores yet",
    }


# (members as (status, attended, PHQ-9s), expected (enrolled, mean attended, drop-out %,
#  paired %, mean change))
FIGURES = [
    ([], (0, None, None, None, None)),
    ([("screened", 0, ())], (0, None, None, None, None)),
    ([("active", 1, (15, 10))], (1, 1.0, 0.0, None, -5.0)),
    ([("active", 2, (15, 10))], (1, 2.0, 0.0, None, -5.0)),  # not ended: not finished
    ([("completed", 2, (15, 10))], (1, 2.0, 0.0, 100.0, -5.0)),
    ([("dropped_out", 2, (15,)), ("completed", 4, (10, 12))], (2, 3.0, 50.0, 50.0, 2.0)),
    ([("referred_on", 3, (18, 18)), ("accepted", 0, ())], (2, 1.5, 0.0, 100.0, 0.0)),
]


@pytest.mark.parametrize(("members", "expected"), FIGURES)
def test_group_figures(members, expected):
    result = rules.group_outcome(
        MemberScores(n, status, attended, phq9=phq9)
        for n, (status, attended, phq9) in enumerate(members)
    )
    got = (
        result.enrolled,
        result.mean_attended,
        result.dropout_percent,
        result.paired_percent,
        result.mean_phq9_change,
    )
    assert got == expected


def test_gad7_pairs_count_in_each_members_outcome():
    # PHQ-9 not a case (8 -> 7), GAD-7 a case that recovered reliably (12 -> 5).
    result = rules.group_outcome([MemberScores("A", "completed", 8, (8, 7), (12, 5))])
    assert result.recovered == 1 and result.reliably_recovered == 1
    assert result.mean_phq9_change == -1.0
