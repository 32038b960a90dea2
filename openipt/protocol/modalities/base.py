"""The shapes every modality definition is written in.

A modality is data: one frozen Modality per module, built from Phase and Task values.
Code that needs to know how a modality behaves (phase derivation, validation, the
fidelity view) reads these fields; it never branches on a modality's code.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Audience(StrEnum):
    """Who delivers the modality: decides how much the task guides must carry."""

    THERAPIST = "therapist"
    COUNSELLOR = "counsellor"


class Spacing(StrEnum):
    WEEKLY = "weekly"
    FLEXIBLE = "flexible"
    MONTHLY = "monthly"


class PhaseKey(StrEnum):
    INITIAL = "initial"
    MIDDLE = "middle"
    TERMINATION = "termination"


# Phases in the order sessions pass through them.
PHASE_ORDER = (PhaseKey.INITIAL, PhaseKey.MIDDLE, PhaseKey.TERMINATION)


@dataclass(frozen=True, kw_only=True)
class Task:
    """One protocol step of a phase, checked by the fidelity view.

    key: stable identifier stored with session records; never rename a shipped key.
    required: counts towards fidelity; optional steps are shown but not scored.
    guide: what to do and ask, in plain words a non-specialist counsellor can follow.
    every_session: repeated in each session of the phase rather than done once.
    builds_on: keys of tasks (same or earlier phase) whose record this task uses,
        so a page can show, say, the inventory next to the progress review.
    """

    key: str
    title: str
    required: bool = True
    guide: str = ""
    every_session: bool = False
    builds_on: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Phase:
    """A phase and what is expected in it.

    every_session_measures: measure codes expected at each session of the phase.
    once_measures: measure codes expected at least once during the phase.
    """

    key: PhaseKey
    name: str
    tasks: tuple[Task, ...]
    every_session_measures: tuple[str, ...] = ()
    once_measures: tuple[str, ...] = ()

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.every_session_measures + self.once_measures))


@dataclass(frozen=True, kw_only=True)
class SessionRange:
    """How many sessions may be planned; typical is the usual band inside the range.
    A plan above `reason_above` (when set) is allowed only with a recorded reason."""

    minimum: int
    maximum: int
    default: int
    typical: tuple[int, int] | None = None
    reason_above: int | None = None

    @property
    def typical_range(self) -> tuple[int, int]:
        return self.typical or (self.minimum, self.maximum)

    def allows(self, planned: int) -> bool:
        return self.minimum <= planned <= self.maximum

    def needs_reason(self, planned: int) -> bool:
        return self.reason_above is not None and planned > self.reason_above

    @property
    def without_reason(self) -> int:
        """The most sessions a plan may have without a reason: the ceiling of defaults."""
        return self.maximum if self.reason_above is None else self.reason_above

    def allows_by_default(self, planned: int) -> bool:
        return self.minimum <= planned <= self.without_reason


@dataclass(frozen=True, kw_only=True)
class BoundaryRule:
    """Phase lengths for every planned count from `from_planned` up to the next rule.

    The middle phase takes the sessions between; a table of these rules replaces
    per-modality code for short courses (IPC) whose phases shrink with the plan.
    """

    from_planned: int
    initial_sessions: int
    termination_sessions: int


@dataclass(frozen=True, kw_only=True)
class GroupFormat:
    """How a modality runs as a group (the groups app reads it; None: it does not).

    The usual number of members is the modality's `group_size`: a group outside it gets a
    warning, not a refusal.
    largest: the most members a group may have at once.
    planned_choices: the numbers of group sessions a group may plan (within the modality's
        planned range, so each member's course is a valid course of the modality).
    default_planned: the choice offered first; None: the modality's own default.
    session_minutes: the usual length of a group session, whatever the length of the
        modality's individual sessions (a group needs time for every member).
    pre_group_sessions: individual meetings with each member before the group (1 or 2).
    parent_at_second_pre_group: the second pre-group meeting may include a parent (IPT-A).
    """

    largest: int
    planned_choices: tuple[int, ...]
    default_planned: int | None = None
    session_minutes: int = 90
    pre_group_sessions: int = 1
    parent_at_second_pre_group: bool = False


@dataclass(frozen=True, kw_only=True)
class Modality:
    code: str
    name: str
    summary: str
    audience: Audience
    planned_sessions: SessionRange
    session_minutes: tuple[int, int]
    spacing: Spacing
    boundary_rules: tuple[BoundaryRule, ...]
    phases: tuple[Phase, ...]
    # Only for modalities that define them (group IPT, IPT-A); None means not applicable.
    group_size: tuple[int, int] | None = None
    client_age: tuple[int, int] | None = None
    # Measures expected at the first attended and at the last planned session, by the same
    # rule as the organisation's start and end measures (protocol/schedule.py).
    start_end_measures: tuple[str, ...] = ()
    # Measures expected at the half-way session of the plan (`midline_session`) only.
    midline_measures: tuple[str, ...] = ()
    # Set for a modality that may run as a group (groups app); None otherwise.
    group: GroupFormat | None = None
    # A continuation phase (maintenance IPT): starting it asks which acute course it follows.
    follows_acute_course: bool = False

    def phase(self, key: str) -> Phase:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise ValueError(f"{self.code} has no phase {key!r}")

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for phase in self.phases for task in phase.tasks)

    @property
    def group_planned_default(self) -> int | None:
        """The group sessions offered first when the modality runs as a group."""
        if self.group is None:
            return None
        return self.group.default_planned or self.planned_sessions.default


def midline_session(planned: int) -> int:
    """The half-way session of a plan: 3 of 6, 4 of 8, 6 of 12, 8 of 16."""
    return (planned + 1) // 2


def replace_tasks(tasks: tuple[Task, ...], *replacements: Task) -> tuple[Task, ...]:
    """`tasks` with each task swapped for the replacement of the same key, order kept.

    Lets a variant (IPT-A, IPSRT) reword a few shared steps without copying the list.
    """
    by_key = {task.key: task for task in replacements}
    unknown = set(by_key) - {task.key for task in tasks}
    if unknown:
        raise KeyError(f"no task to replace for {sorted(unknown)}")
    return tuple(by_key.get(task.key, task) for task in tasks)


def same_measures_phases(
    initial: tuple[Task, ...],
    middle: tuple[Task, ...],
    termination: tuple[Task, ...],
    measures: tuple[str, ...],
) -> tuple[Phase, ...]:
    """The three phases of a variant that asks the same measures at every session of each
    (IPT-A, perinatal IPT, IPT-ED), under the usual phase names."""
    return tuple(
        Phase(key=key, name=name, tasks=tasks, every_session_measures=measures)
        for key, name, tasks in (
            (PhaseKey.INITIAL, _("Initial phase"), initial),
            (PhaseKey.MIDDLE, _("Middle phase"), middle),
            (PhaseKey.TERMINATION, _("Termination phase"), termination),
        )
    )
