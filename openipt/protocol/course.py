"""Where a course stands, what is overdue and what the next agenda holds.

Pure functions over plain facts (CourseFacts), so every rule is tested with a table and
no database. `facts_from_rows` turns loaded model rows into facts; views and the fidelity
view call it once per episode with rows they have already fetched.
"""

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import get_language, gettext, pgettext_lazy

from .modalities.base import PHASE_ORDER, Modality, PhaseKey, Task
from .models import TreatmentContract
from .phases import PhaseBoundaries, phase_boundaries

# Statuses and attendance values as stored (models.TaskStatus / models.Attendance).
DONE = "done"
NOT_DONE = "not_done"
NOT_APPLICABLE = "not_applicable"
SETTLED = frozenset({DONE, NOT_APPLICABLE})
SCHEDULED = "scheduled"
ATTENDED = "attended"
# Attendance counted against the client: the attendance rate is
# attended / (attended + these). A session the clinician cancelled is not counted.
CLIENT_MISSED = frozenset({"did_not_attend", "cancelled_client"})

# Task keys the overdue rules look at. The problem area itself is a later feature; until
# then the agenda task that records choosing it is the fact.
PROBLEM_AREA_TASK = "choose_problem_areas"
ENDING_TASK = "feelings_about_ending"
# "End date not agreed by session 3": a named choice. Courses whose initial phase is
# shorter (IPC) must agree it by the end of their initial phase instead.
END_DATE_DUE_BY_SESSION = 3


@dataclass(frozen=True)
class SessionFact:
    number: int
    attendance: str = SCHEDULED
    held_on: date | None = None

    @property
    def recorded(self) -> bool:
        return self.attendance != SCHEDULED

    @property
    def attended(self) -> bool:
        return self.attendance == ATTENDED


@dataclass(frozen=True)
class TaskFact:
    session_number: int
    task_key: str
    status: str
    note: str = ""
    # Ticked done while its tool held no record: "done in the room, not recorded".
    without_record: bool = False


@dataclass(frozen=True)
class HomeworkFact:
    """One piece of homework, for fidelity: the session it was set in when that was
    recorded, the day it was set, the day the client sent it (None: not yet) and whether
    the clinician has reviewed it (commented on it after it was sent)."""

    set_on: date
    set_in_session: int | None = None
    submitted_on: date | None = None
    reviewed: bool = False


@dataclass(frozen=True)
class CourseFacts:
    """Everything the course rules need to know about one course."""

    modality: Modality
    planned: int
    overrides: Mapping[str, int | None] = field(default_factory=dict)
    sessions: tuple[SessionFact, ...] = ()
    tasks: tuple[TaskFact, ...] = ()
    end_date_agreed: bool = False
    contract_missing: tuple[str, ...] = ()
    ended: bool = False

    @property
    def boundaries(self) -> PhaseBoundaries:
        return phase_boundaries(self.modality, self.planned, self.overrides)

    @property
    def recorded_numbers(self) -> list[int]:
        return sorted(s.number for s in self.sessions if s.recorded)

    @property
    def last_recorded(self) -> int:
        return max(self.recorded_numbers, default=0)

    def phase_name(self, key: str) -> str:
        return self.modality.phase(key).name


def facts_from_rows(plan, sessions, task_records, contract=None, ending=None) -> CourseFacts:
    """CourseFacts from a CoursePlan and its already-loaded sessions and task records."""
    numbers = {session.pk: session.number for session in sessions}
    return CourseFacts(
        modality=plan.definition,
        planned=plan.planned_sessions,
        overrides=plan.boundary_overrides or {},
        sessions=tuple(SessionFact(s.number, s.attendance, s.held_on) for s in sessions),
        tasks=tuple(
            TaskFact(numbers[r.session_id], r.task_key, r.status, r.note, r.done_without_record)
            for r in task_records
            if r.session_id in numbers
        ),
        end_date_agreed=plan.agreed_end_date is not None,
        contract_missing=tuple(contract.missing_items) if contract else every_contract_item(),
        ended=ending is not None,
    )


def every_contract_item() -> tuple[str, ...]:
    """The treatment contract's items in the current language: all of them are missing
    while a course has no contract."""
    return _contract_items_in(get_language())


@functools.cache
def _contract_items_in(language):
    # Translated once per language, not for every course: the group session page builds the
    # facts of each member's course, and these labels were most of that work.
    with translation.override(language):
        return tuple(str(label) for _, label in TreatmentContract.ITEMS)


def phase_range(boundaries: PhaseBoundaries, key: PhaseKey) -> tuple[int, int]:
    """First and last session number of a phase."""
    return {
        PhaseKey.INITIAL: (1, boundaries.initial_end),
        PhaseKey.MIDDLE: (boundaries.initial_end + 1, boundaries.termination_start - 1),
        PhaseKey.TERMINATION: (boundaries.termination_start, boundaries.planned),
    }[key]


def phase_is_over(facts: CourseFacts, key: PhaseKey) -> bool:
    """The course ended, every session of the phase is recorded, or a later one is."""
    if facts.ended:
        return True
    first, last = phase_range(facts.boundaries, key)
    recorded = set(facts.recorded_numbers)
    return all(n in recorded for n in range(first, last + 1)) or facts.last_recorded > last


# --- where we are ----------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """The next session to hold (None once every planned session is recorded)."""

    next_number: int | None
    phase: PhaseKey | None
    phase_name: str
    planned: int
    recorded: int
    attended: int

    @property
    def summary(self) -> str:
        if self.next_number is None:
            return f"All {self.planned} sessions recorded"
        return f"Session {self.next_number} of {self.planned} - {self.phase_name.lower()}"


def position(facts: CourseFacts) -> Position:
    recorded = set(facts.recorded_numbers)
    upcoming = [n for n in range(1, facts.planned + 1) if n not in recorded]
    next_number = upcoming[0] if upcoming else None
    phase = facts.boundaries.phase_of(next_number) if next_number else None
    return Position(
        next_number=next_number,
        phase=phase,
        phase_name=facts.phase_name(phase) if phase else "",
        planned=facts.planned,
        recorded=len(recorded),
        attended=sum(1 for s in facts.sessions if s.attended),
    )


@dataclass(frozen=True)
class PhaseSpan:
    key: PhaseKey
    name: str
    first: int
    last: int
    recorded: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def phase_spans(facts: CourseFacts) -> list[PhaseSpan]:
    """Each phase with its session range and how many of its sessions are recorded."""
    b = facts.boundaries
    ranges = {key: phase_range(b, key) for key in PHASE_ORDER}
    recorded = facts.recorded_numbers
    return [
        PhaseSpan(
            key=key,
            name=facts.phase_name(key),
            first=first,
            last=last,
            recorded=sum(1 for n in recorded if first <= n <= last),
        )
        for key, (first, last) in ranges.items()
    ]


# --- the agenda ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    task: Task
    phase: PhaseKey
    # A once-only task of an earlier phase that was never done or ruled out.
    carried_over: bool = False
    # Offered because this session's own phase has nothing left to do (see agenda_for).
    borrowed: bool = False
    review: bool = False

    @property
    def phase_label(self) -> str:
        """The phase's key in the reader's words, for "still to do from the initial phase"."""
        return PHASE_WORDS[self.phase]


# A phase key as a word inside a sentence (the badges of agenda items).
PHASE_WORDS = {
    PhaseKey.INITIAL: pgettext_lazy("phase", "initial"),
    PhaseKey.MIDDLE: pgettext_lazy("phase", "middle"),
    PhaseKey.TERMINATION: pgettext_lazy("phase", "termination"),
}


def settled_before(facts: CourseFacts, number: int) -> set[str]:
    """Task keys done or ruled out (not applicable) in sessions before `number`."""
    return {t.task_key for t in facts.tasks if t.session_number < number and t.status in SETTLED}


def agenda_for(facts: CourseFacts, number: int) -> list[AgendaItem]:
    """The agenda of session `number`: the tasks of its phase, without once-only tasks
    already settled in an earlier session, after any required once-only tasks of earlier
    phases still outstanding. Tasks already recorded for this session always stay.
    A session whose phase has nothing left (see `_when_phase_is_settled`) is not empty."""
    phase = facts.boundaries.phase_of(number)
    settled = settled_before(facts, number)
    recorded_here = {t.task_key for t in facts.tasks if t.session_number == number}
    items = []
    for earlier in PHASE_ORDER[: PHASE_ORDER.index(phase)]:
        for task in facts.modality.phase(earlier).tasks:
            outstanding = task.required and not task.every_session and task.key not in settled
            if outstanding or task.key in recorded_here:
                items.append(AgendaItem(task, earlier, carried_over=True))
    for task in facts.modality.phase(phase).tasks:
        if task.every_session or task.key not in settled or task.key in recorded_here:
            items.append(AgendaItem(task, phase))
    listed = {item.task.key for item in items}
    extra = _when_phase_is_settled(facts.modality, phase, settled)
    return items + [item for item in extra if item.task.key not in listed]


def _when_phase_is_settled(modality, phase: PhaseKey, settled: set[str]) -> list[AgendaItem]:
    """What a session offers once its phase's once-only tasks were all settled earlier
    (ticked at the phase's first session, say) and the phase repeats nothing: a review of
    the phase's main task, then the every-session tasks of the nearest phase that has some
    (the middle phase in every modality: the work on the problem area goes on).
    Depends only on earlier sessions, so saving this session's agenda does not change it."""
    tasks = modality.phase(phase).tasks
    if not tasks or any(t.every_session or t.key not in settled for t in tasks):
        return []
    review = _review_task(tasks)
    items = [AgendaItem(review, phase, review=True)] if review else []
    for neighbour in _nearest_phases(phase):
        repeated = [t for t in modality.phase(neighbour).tasks if t.every_session]
        if repeated:
            return items + [AgendaItem(t, neighbour, borrowed=True) for t in repeated]
    return items


def _review_task(tasks) -> Task | None:
    """The phase's task that builds on the most earlier records (the problem area choice
    in the initial phase, the progress review in the termination phase): the one worth
    going back over. Ties go to the later task."""
    building = [t for t in tasks if t.builds_on]
    if not building:
        return None
    return max(reversed(building), key=lambda t: len(t.builds_on))


def _nearest_phases(phase: PhaseKey) -> list[PhaseKey]:
    here = PHASE_ORDER.index(phase)
    others = [key for key in PHASE_ORDER if key != phase]
    return sorted(others, key=lambda key: abs(PHASE_ORDER.index(key) - here))


# --- what is overdue -------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    key: str
    message: str


def _done(facts: CourseFacts, task_key: str) -> bool:
    return any(t.task_key == task_key and t.status in SETTLED for t in facts.tasks)


def _has_task(facts: CourseFacts, task_key: str) -> bool:
    return any(task.key == task_key for task in facts.modality.tasks)


def end_date_due_by(facts: CourseFacts) -> int:
    return min(END_DATE_DUE_BY_SESSION, facts.boundaries.initial_end)


def overdue_items(facts: CourseFacts) -> list[Overdue]:
    """What should have happened by now and has not. Each rule looks at the last
    recorded session: a step is overdue once the session it was due by is recorded."""
    if facts.ended:
        return []
    rules = (_problem_area_rule, _end_date_rule, _contract_rule, _termination_rule)
    return [item for rule in rules if (item := rule(facts)) is not None]


def _problem_area_rule(facts):
    due = facts.boundaries.initial_end
    if facts.last_recorded < due or not _has_task(facts, PROBLEM_AREA_TASK):
        return None
    if _done(facts, PROBLEM_AREA_TASK):
        return None
    return Overdue(
        "problem_area",
        gettext(
            "No problem area has been chosen, and the initial phase ended at session"
            " %(number)s. It is on the next agenda."
        )
        % {"number": due},
    )


def _end_date_rule(facts):
    due = end_date_due_by(facts)
    if facts.last_recorded < due or facts.end_date_agreed:
        return None
    return Overdue(
        "end_date",
        gettext(
            "The end date has not been agreed, and it was due by session %(number)s. Record"
            " it in the treatment contract."
        )
        % {"number": due},
    )


def _contract_rule(facts):
    if facts.last_recorded < facts.boundaries.initial_end or not facts.contract_missing:
        return None
    return Overdue(
        "contract",
        gettext(
            "The treatment contract is not complete at the end of the initial phase. Not yet"
            " recorded: %(items)s."
        )
        % {"items": ", ".join(str(item) for item in facts.contract_missing).lower()},
    )


def _termination_rule(facts):
    b = facts.boundaries
    if facts.last_recorded < b.termination_start or not _has_task(facts, ENDING_TASK):
        return None
    if _done(facts, ENDING_TASK):
        return None
    remaining = b.planned - b.termination_start + 1
    return Overdue(
        "termination",
        gettext(
            "Ending has not been talked about, and the last %(remaining)s sessions began at"
            " session %(number)s. It is on the next agenda."
        )
        % {"remaining": remaining, "number": b.termination_start},
    )


# --- changes to the plan ---------------------------------------------------------------


def rephased_sessions(
    modality: Modality,
    recorded: Iterable[int],
    old: tuple[int, Mapping[str, int | None]],
    new: tuple[int, Mapping[str, int | None]],
) -> list[int]:
    """Recorded sessions whose phase would change if the plan went from `old` to `new`
    (each a (planned, overrides) pair). Raises ValueError if the new plan is invalid."""
    before = phase_boundaries(modality, *old)
    after = phase_boundaries(modality, *new)
    return sorted(
        n for n in recorded if n > after.planned or before.phase_of(n) != after.phase_of(n)
    )


def trailing_missed(sessions: Sequence[SessionFact]) -> int:
    """Sessions missed by the client in a row at the end of the record so far."""
    count = 0
    for session in sorted((s for s in sessions if s.recorded), key=lambda s: -s.number):
        if session.attendance not in CLIENT_MISSED:
            break
        count += 1
    return count


def last_attended_on(sessions: Iterable[SessionFact]) -> date | None:
    """The day of the last attended session: the ending form's default end date."""
    days = [s.held_on for s in sessions if s.attended and s.held_on is not None]
    return max(days, default=None)


def attendance_rate(sessions: Iterable[SessionFact]) -> float | None:
    attended = missed = 0
    for session in sessions:
        attended += session.attended
        missed += session.attendance in CLIENT_MISSED
    total = attended + missed
    return attended / total if total else None


# --- organisation defaults -------------------------------------------------------------


def planned_default(modality: Modality, organisation_defaults: Mapping | None) -> int:
    """The organisation's default planned count for the modality when it is valid,
    otherwise the modality's own default."""
    value = (organisation_defaults or {}).get(modality.code)
    whole = isinstance(value, int) and not isinstance(value, bool)
    return (
        value
        if whole and modality.planned_sessions.allows_by_default(value)
        else (modality.planned_sessions.default)
    )


def planned_default_problems(defaults: object, registry: Mapping[str, Modality]) -> list[str]:
    """Every problem in an organisation's planned_session_defaults, as readable lines."""
    if not isinstance(defaults, Mapping):
        return ["planned session defaults must map modality codes to session counts"]
    problems = []
    for code, value in defaults.items():
        modality = registry.get(code)
        if modality is None:
            problems.append(f"{code!r} is not a modality")
            continue
        allowed = modality.planned_sessions
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or not allowed.allows_by_default(value):
            # A default needs no reason, so it stays at or below the plain ceiling.
            problems.append(
                f"{modality.name} plans {allowed.minimum}-{allowed.without_reason} sessions "
                f"by default, not {value!r}"
            )
    return problems


def progress_cells(facts: CourseFacts) -> list[dict]:
    """One cell per planned session for the phase bar: its number, phase and state."""
    by_number = {s.number: s for s in facts.sessions}
    cells = []
    for number in range(1, facts.planned + 1):
        session = by_number.get(number)
        state = "upcoming"
        if session is not None and session.recorded:
            state = "attended" if session.attended else "missed"
        cells.append(
            {
                "number": number,
                "phase": facts.boundaries.phase_of(number),
                "state": state,
                "x": number - 1,
            }
        )
    return cells


def session_history(facts: CourseFacts, sessions) -> list[dict]:
    """Each session with its phase name and how many of its agenda tasks were done."""
    done = {}
    total = {}
    for task in facts.tasks:
        total[task.session_number] = total.get(task.session_number, 0) + 1
        if task.status == DONE:
            done[task.session_number] = done.get(task.session_number, 0) + 1
    return [
        {
            "session": s,
            "phase_name": facts.phase_name(facts.boundaries.phase_of(s.number))
            if s.number <= facts.planned
            else "",
            "done": done.get(s.number, 0),
            "total": total.get(s.number, 0),
        }
        for s in sessions
    ]
