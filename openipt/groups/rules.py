"""The group rules, as pure functions over plain facts: the size warning, the drop-out rule
and the group's outcome figures. No database; each rule is tested with a table
(groups/tests/test_rules.py) and its choices are written up in docs/groups.md.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext, pgettext

from openipt.measures import outcomes
from openipt.protocol.modalities.base import Modality, midline_session

# Attendance as stored (models.GroupAttendance). Late is present; a cancellation the member
# told us about is still a missed session for the drop-out rule.
PRESENT = frozenset({"attended", "late"})
MISSED = frozenset({"did_not_attend", "cancelled"})
# Member statuses as stored (models.MemberStatus).
DROPPED_OUT = "dropped_out"
LEAVING = frozenset({"dropped_out", "completed", "referred_on"})
JOINED = frozenset({"accepted", "active"}) | LEAVING
CURRENT = frozenset({"screened", "accepted", "active"})


# --- size --------------------------------------------------------------------------------


def size_warning(modality: Modality, members: int) -> str | None:
    """A warning (never a refusal) when the group is outside the modality's usual size."""
    smallest, largest = modality.group_size or (None, None)
    if smallest is None or smallest <= members <= largest:
        return None
    if members < smallest:
        return ngettext(
            "%(members)s member: %(modality)s groups usually have %(smallest)s to "
            "%(largest)s. A smaller group can still run.",
            "%(members)s members: %(modality)s groups usually have %(smallest)s to "
            "%(largest)s. A smaller group can still run.",
            members,
        ) % {
            "members": members,
            "modality": modality.name,
            "smallest": smallest,
            "largest": largest,
        }
    return gettext(
        "%(members)s members: %(modality)s groups usually have %(smallest)s to %(largest)s, "
        "and at most %(most)s."
    ) % {
        "members": members,
        "modality": modality.name,
        "smallest": smallest,
        "largest": largest,
        "most": modality.group.largest,
    }


def room_left(modality: Modality, members: int) -> int:
    """How many more members the group may take (GroupFormat.largest)."""
    return max(modality.group.largest - members, 0)


# --- milestones --------------------------------------------------------------------------


def milestones(planned: int) -> dict[int, str]:
    """The sessions where the full measure is asked: session number -> its name. (The
    course schedule moves the first to the first attended session of each member.)"""
    found = {
        1: pgettext("group session where the measure is asked", "baseline"),
        midline_session(planned): pgettext("group session where the measure is asked", "half-way"),
        planned: pgettext("group session where the measure is asked", "end"),
    }
    return dict(sorted(found.items()))


# --- the drop-out rule -------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceFact:
    number: int  # the group session
    attendance: str


@dataclass(frozen=True)
class MemberAttendance:
    member: object  # whatever the caller uses to name the member
    status: str
    sessions: tuple[AttendanceFact, ...] = ()


def missed_in_a_row(sessions: Iterable[AttendanceFact]) -> int:
    """Sessions missed one after another at the end of the member's record so far (group
    sessions that did not take place have no record, so they neither count nor break it)."""
    count = 0
    for fact in sorted(sessions, key=lambda fact: -fact.number):
        if fact.attendance not in MISSED:
            break
        count += 1
    return count


def to_follow_up(members: Iterable[MemberAttendance], limit: int) -> list[tuple[object, int]]:
    """(member, sessions missed in a row) for each current member who has missed `limit` or
    more group sessions in a row: the organisation's drop-out rule (default two)."""
    found = []
    for member in members:
        if member.status not in CURRENT:
            continue
        missed = missed_in_a_row(member.sessions)
        if missed >= max(limit, 1):
            found.append((member.member, missed))
    return found


# --- the group's outcome -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberScores:
    """What one member's outcome needs: their status, how many group sessions they attended
    and their PHQ-9 and GAD-7 totals in time order (from the pre-group screen on)."""

    member: object
    status: str
    attended: int
    phq9: Sequence[int] = ()
    gad7: Sequence[int] = ()

    @property
    def pairs(self) -> dict[str, outcomes.Pair]:
        found = {}
        for code, totals in (("phq9", self.phq9), ("gad7", self.gad7)):
            if len(totals) > 1:
                found[code] = outcomes.Pair(totals[0], totals[-1])
        return found


@dataclass(frozen=True)
class MemberOutcome:
    member: object
    status: str
    attended: int
    outcome: outcomes.Outcome

    @property
    def phq9(self):
        return self.outcome.pairs.get("phq9")


@dataclass(frozen=True)
class GroupOutcome:
    enrolled: int
    mean_attended: float | None
    dropped_out: int
    finished_courses: int
    paired: int
    mean_phq9_change: float | None
    cases_at_start: int
    recovered: int
    reliably_improved: int
    reliably_recovered: int
    members: tuple[MemberOutcome, ...] = field(default=())

    @property
    def dropout_percent(self) -> float | None:
        return percent(self.dropped_out, self.enrolled)

    @property
    def paired_percent(self) -> float | None:
        return percent(self.paired, self.finished_courses)

    @property
    def recovery_percent(self) -> float | None:
        return percent(self.recovered, self.cases_at_start)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def group_outcome(
    members: Iterable[MemberScores], *, rule: str = outcomes.DEFAULT_IMPROVEMENT_RULE
) -> GroupOutcome:
    """The group's figures over the members who joined (screened and declined members are
    not enrolled), each member judged by the existing outcome rules (measures/outcomes.py).

    - mean sessions attended: over the enrolled members (a late arrival counts);
    - drop-out: enrolled members who left as "dropped out";
    - paired-score completeness: of the members with a finished course (two or more group
      sessions attended, the NHS definition), those with a first and a last PHQ-9;
    - mean PHQ-9 change: last minus first, over the members with a PHQ-9 pair (negative is
      better);
    - recovery, reliable improvement and reliable recovery: members for whom the rule holds;
      recovery is counted among the members who were a case at the start.
    """
    enrolled = [m for m in members if m.status in JOINED]
    judged = tuple(
        MemberOutcome(
            m.member,
            m.status,
            m.attended,
            outcomes.classify(
                m.pairs, m.attended, ended=m.status in LEAVING, improvement_rule=rule
            ),
        )
        for m in enrolled
    )
    finished = [m for m in judged if m.outcome.finished_course]
    changes = [-m.phq9.fall for m in judged if m.phq9 is not None]
    return GroupOutcome(
        enrolled=len(enrolled),
        mean_attended=mean([m.attended for m in enrolled]),
        dropped_out=sum(1 for m in enrolled if m.status == DROPPED_OUT),
        finished_courses=len(finished),
        paired=sum(1 for m in finished if m.phq9 is not None),
        mean_phq9_change=mean(changes),
        cases_at_start=sum(1 for m in judged if m.outcome.case_at_start),
        recovered=sum(1 for m in judged if m.outcome.recovery),
        reliably_improved=sum(1 for m in judged if m.outcome.reliable_improvement),
        reliably_recovered=sum(1 for m in judged if m.outcome.reliable_recovery),
        members=judged,
    )
