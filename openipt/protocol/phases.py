"""Which phase a session falls in, and whether a modality definition hangs together.

Pure functions over the data in protocol.modalities: no database. The one outside fact,
which instrument codes exist, is read from the instrument modules through readings. The phase
boundaries of a course come from the modality's boundary rules (a small table keyed by
planned count), optionally moved by a clinician's overrides, which are stored as a plain
mapping such as {"initial_end": 4} so they fit a JSON field.
"""

import dataclasses
import re
from collections.abc import Iterable, Mapping

from . import readings
from .modalities import SHIPPED
from .modalities.base import (
    PHASE_ORDER,
    Audience,
    BoundaryRule,
    Modality,
    PhaseKey,
    Spacing,
    Task,
)

# initial_end: last session of the initial phase. termination_start: first session of
# the termination phase. The middle phase is whatever lies between.
OVERRIDE_KEYS = frozenset({"initial_end", "termination_start"})

# Task keys are stored in session records and URLs, so keep them plain.
TASK_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,49}")


class ModalityError(Exception):
    """The shipped modality definitions are inconsistent (raised at start-up)."""

    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__("Invalid modality definitions:\n" + "\n".join(self.problems))


@dataclasses.dataclass(frozen=True)
class PhaseBoundaries:
    """Phase limits for one planned course: initial 1..initial_end, termination
    termination_start..planned, middle in between."""

    planned: int
    initial_end: int
    termination_start: int

    def phase_of(self, session_number: int) -> PhaseKey:
        if session_number <= self.initial_end:
            return PhaseKey.INITIAL
        if session_number >= self.termination_start:
            return PhaseKey.TERMINATION
        return PhaseKey.MIDDLE

    def lengths(self) -> dict[PhaseKey, int]:
        return {
            PhaseKey.INITIAL: self.initial_end,
            PhaseKey.MIDDLE: self.termination_start - self.initial_end - 1,
            PhaseKey.TERMINATION: self.planned - self.termination_start + 1,
        }

    def empty_phases(self) -> list[PhaseKey]:
        return [key for key, length in self.lengths().items() if length < 1]


# --- phase derivation -------------------------------------------------------------------


def phase_for_session(
    modality: Modality,
    session_number: int,
    planned_sessions: int,
    boundary_overrides: Mapping[str, int | None] | None = None,
) -> PhaseKey:
    boundaries = phase_boundaries(modality, planned_sessions, boundary_overrides)
    if not is_whole_number(session_number) or not 1 <= session_number <= planned_sessions:
        raise ValueError(
            f"session {session_number!r} is outside the planned 1-{planned_sessions}; "
            "change the planned count to add sessions"
        )
    return boundaries.phase_of(session_number)


def phase_plan(
    modality: Modality,
    planned_sessions: int,
    overrides: Mapping[str, int | None] | None = None,
) -> list[tuple[int, PhaseKey]]:
    boundaries = phase_boundaries(modality, planned_sessions, overrides)
    return [(number, boundaries.phase_of(number)) for number in range(1, planned_sessions + 1)]


def phase_boundaries(
    modality: Modality,
    planned_sessions: int,
    overrides: Mapping[str, int | None] | None = None,
) -> PhaseBoundaries:
    """The modality's default boundaries for this plan, moved by any overrides.

    Raises ValueError for a planned count outside the modality's range, and for
    overrides that would leave any phase without a session.
    """
    check_planned_count(modality, planned_sessions)
    boundaries = apply_overrides(default_boundaries(modality, planned_sessions), overrides)
    empty = boundaries.empty_phases()
    if empty:
        raise ValueError(
            f"initial ending at session {boundaries.initial_end} and termination starting at"
            f" {boundaries.termination_start} of {planned_sessions} leaves no session in the "
            + " and ".join(str(key) for key in empty)
            + " phase"
        )
    return boundaries


def check_planned_count(modality: Modality, planned_sessions: int) -> None:
    if not is_whole_number(planned_sessions) or not modality.planned_sessions.allows(
        planned_sessions
    ):
        allowed = modality.planned_sessions
        raise ValueError(
            f"{modality.name} plans {allowed.minimum}-{allowed.maximum} sessions, "
            f"not {planned_sessions!r}"
        )


def default_boundaries(modality: Modality, planned_sessions: int) -> PhaseBoundaries:
    rule = boundary_rule_for(modality, planned_sessions)
    return PhaseBoundaries(
        planned=planned_sessions,
        initial_end=rule.initial_sessions,
        termination_start=planned_sessions - rule.termination_sessions + 1,
    )


def boundary_rule_for(modality: Modality, planned_sessions: int) -> BoundaryRule:
    """The last rule whose from_planned is at or below the planned count."""
    covering = [rule for rule in modality.boundary_rules if rule.from_planned <= planned_sessions]
    if not covering:
        raise ValueError(f"{modality.code} has no boundary rule for {planned_sessions} sessions")
    return max(covering, key=lambda rule: rule.from_planned)


def apply_overrides(
    boundaries: PhaseBoundaries, overrides: Mapping[str, int | None] | None
) -> PhaseBoundaries:
    # None means "no override" so a stored {"initial_end": null} behaves like a missing key.
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    unknown = set(given) - OVERRIDE_KEYS
    if unknown:
        raise ValueError(
            f"unknown boundary override {sorted(unknown)}; use {sorted(OVERRIDE_KEYS)}"
        )
    for key, value in given.items():
        if not is_whole_number(value):
            raise ValueError(f"boundary override {key} must be a session number, not {value!r}")
    return dataclasses.replace(boundaries, **given)


def tasks_for_phase(modality: Modality, phase_key: str) -> tuple[Task, ...]:
    return modality.phase(phase_key).tasks


def is_whole_number(value: object) -> bool:
    # bool is an int subclass; True sessions makes no sense.
    return isinstance(value, int) and not isinstance(value, bool)


# --- validation ---------------------------------------------------------------------------


def validate_all(modalities: Iterable[Modality] | None = None) -> None:
    """Raise ModalityError listing every problem in the modalities (default: shipped)."""
    problems = registry_problems(modalities)
    if problems:
        raise ModalityError(problems)


def registry_problems(modalities: Iterable[Modality] | None = None) -> list[str]:
    modalities = SHIPPED if modalities is None else tuple(modalities)
    codes = [modality.code for modality in modalities]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    problems = [f"modality code {code!r} is used more than once" for code in duplicates]
    for modality in modalities:
        problems.extend(validate_modality(modality))
    return problems


def validate_modality(modality: Modality) -> list[str]:
    """Every inconsistency in one definition, as readable lines; empty when sound."""
    checks = (
        settings_problems,
        session_range_problems,
        phase_list_problems,
        boundary_rule_problems,
        coverage_problems,
        task_problems,
        guide_problems,
        reference_problems,
        measure_problems,
        group_problems,
    )
    return [f"{modality.code}: {problem}" for check in checks for problem in check(modality)]


def settings_problems(modality: Modality) -> Iterable[str]:
    if modality.audience not in {audience.value for audience in Audience}:
        yield f"unknown audience {modality.audience!r}"
    if modality.spacing not in {spacing.value for spacing in Spacing}:
        yield f"unknown spacing {modality.spacing!r}"
    shortest, longest = modality.session_minutes
    if not 0 < shortest <= longest:
        yield f"session minutes {modality.session_minutes} are not a range"


def session_range_problems(modality: Modality) -> Iterable[str]:
    sessions = modality.planned_sessions
    if not 1 <= sessions.minimum <= sessions.default <= sessions.maximum:
        yield f"planned sessions need 1 <= minimum <= default <= maximum, got {sessions}"
    typical_low, typical_high = sessions.typical_range
    if not sessions.minimum <= typical_low <= typical_high <= sessions.maximum:
        yield f"typical range {sessions.typical_range} is not inside the planned range"
    above = sessions.reason_above
    if above is not None and not sessions.default <= above < sessions.maximum:
        yield f"reason_above {above} must be from the default up to below the maximum"


def phase_list_problems(modality: Modality) -> Iterable[str]:
    # Every plan gives each phase at least one session, so a missing phase is a gap.
    keys = tuple(phase.key for phase in modality.phases)
    if keys != PHASE_ORDER:
        yield f"phases must be {', '.join(PHASE_ORDER)} in that order, got {', '.join(keys)}"
    for phase in modality.phases:
        if not phase.tasks:
            yield f"phase {phase.key} has no tasks"


def boundary_rule_problems(modality: Modality) -> Iterable[str]:
    starts = [rule.from_planned for rule in modality.boundary_rules]
    if not starts:
        yield "no boundary rules"
    if starts != sorted(set(starts)):
        yield f"boundary rules must start at strictly increasing counts, got {starts}"
    for start in starts:
        if start > modality.planned_sessions.maximum:
            yield f"boundary rule from {start} sessions is above the planned maximum"


def coverage_problems(modality: Modality) -> Iterable[str]:
    """Every allowed planned count must give each phase at least one session."""
    sessions = modality.planned_sessions
    for planned in range(sessions.minimum, sessions.maximum + 1):
        try:
            boundaries = default_boundaries(modality, planned)
        except ValueError:
            yield f"no boundary rule covers {planned} planned sessions"
            continue
        for key in boundaries.empty_phases():
            yield f"with {planned} planned sessions the {key} phase has no session"


def task_problems(modality: Modality) -> Iterable[str]:
    keys = [task.key for task in modality.tasks]
    for key in sorted({key for key in keys if keys.count(key) > 1}):
        yield f"task key {key!r} is used more than once"
    for task in modality.tasks:
        if not TASK_KEY_PATTERN.fullmatch(task.key):
            yield f"task key {task.key!r} is not lower_snake_case of at most 50 characters"
        if not task.title.strip():
            yield f"task {task.key!r} has no title"


def guide_problems(modality: Modality) -> Iterable[str]:
    # Non-specialist counsellors rely on the guide; therapists may work from the title.
    if modality.audience != Audience.COUNSELLOR:
        return
    for task in modality.tasks:
        if not task.guide.strip():
            yield f"counsellor task {task.key!r} has no guide"


def reference_problems(modality: Modality) -> Iterable[str]:
    """builds_on may only name tasks of the same or an earlier phase."""
    phase_index = {}
    for index, phase in enumerate(modality.phases):
        for task in phase.tasks:
            phase_index.setdefault(task.key, index)
    for index, phase in enumerate(modality.phases):
        for task in phase.tasks:
            for ref in task.builds_on:
                if ref not in phase_index:
                    yield f"task {task.key!r} builds on unknown task {ref!r}"
                elif ref == task.key:
                    yield f"task {task.key!r} builds on itself"
                elif phase_index[ref] > index:
                    yield f"task {task.key!r} builds on {ref!r} from a later phase"


def measure_problems(modality: Modality) -> Iterable[str]:
    # Instruments are written in the measures app (one module each); modalities name them
    # only by code, and every code must be a registered instrument.
    known = readings.instrument_codes()
    for phase in modality.phases:
        for code in phase.measures:
            if code not in known:
                yield f"phase {phase.key} expects unknown measure {code!r}"
    for code in modality.start_end_measures + modality.midline_measures:
        if code not in known:
            yield f"start, midline or end measures name unknown measure {code!r}"


def group_problems(modality: Modality) -> Iterable[str]:
    """A modality that runs as a group says how big, how long and how members start."""
    group = modality.group
    if group is None:
        return
    if modality.group_size is None:
        yield "a group format needs the usual group size (group_size)"
    elif not 2 <= modality.group_size[0] <= modality.group_size[1] <= group.largest:
        yield f"group size {modality.group_size} must lie within 2..{group.largest} members"
    sessions = modality.planned_sessions
    if not group.planned_choices or any(not sessions.allows(n) for n in group.planned_choices):
        yield f"group session choices {group.planned_choices} must lie in the planned range"
    if modality.group_planned_default not in group.planned_choices:
        yield (
            f"the default of {modality.group_planned_default} sessions is not among the"
            " group's choices"
        )
    if not 30 <= group.session_minutes <= 240:
        yield f"a group session of {group.session_minutes} minutes is outside 30..240"
    if group.pre_group_sessions not in (1, 2):
        yield f"pre-group sessions must be 1 or 2, got {group.pre_group_sessions}"
    if group.parent_at_second_pre_group and group.pre_group_sessions != 2:
        yield "a parent can join the second pre-group session only when there are two"
