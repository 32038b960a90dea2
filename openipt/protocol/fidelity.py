"""Fidelity: were the protocol tasks of each phase done, the measures taken, the homework
set and reviewed, and the course closed as the modality expects?

`episode_fidelity` is pure: it scores one course from its CourseFacts, the set of
(session number, instrument) measures given, its homework and whether it has a
relapse-prevention plan. `load_courses` fetches everything for any number of courses in a
fixed number of queries; a course is scored only when its `fidelity` is asked for, so
pages that show where a course stands do not score it. The scores lists read are stored
per course (fidelity_store.py, models.CourseFidelity).

Scoring (see docs/course.md, "Fidelity"):
- a required once-only task is expected once in each phase that has an attended session:
  done in its phase, late (done in a later phase), skipped (marked not applicable),
  missing (the phase is over and it was not done) or pending (the phase is still going);
- a required every-session task is expected at every attended session of its phase:
  done, skipped or missing;
- the task share is (done + late) / (done + late + missing); skipped and pending do not
  count;
- measures: the units of schedule.CourseSchedule, the same rule the due list uses;
- records behind the ticks: homework set at each attended middle-phase session and, once
  sent, reviewed (where the middle phase asks for homework); the course ending once every
  planned session is recorded; the relapse-prevention plan once the termination phase
  has begun (where the modality asks for one);
- the overall score is the mean of the parts that expect something so far (tasks,
  measures, homework, ending), so ticked tasks alone cannot make a course score 100%.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F
from django.utils.translation import gettext

from . import readings
from .catalogue import EVERYTHING, Catalogue
from .course import (
    DONE,
    NOT_APPLICABLE,
    CourseFacts,
    HomeworkFact,
    SessionFact,
    attendance_rate,
    facts_from_rows,
    phase_is_over,
)
from .modalities.base import PHASE_ORDER, PhaseKey
from .models import CoursePlan, Percentages, Session, SessionTaskRecord
from .schedule import CourseSchedule, MeasureUnit

DONE_IN_PHASE = "done"
LATE = "late"
MISSING = "missing"
SKIPPED = "skipped"
PENDING = "pending"

# Tasks whose substance is checked against records, not only their tick (named the way
# course.py names the tasks its overdue rules read): where a modality's middle phase
# requires them, homework must be set and reviewed; where its termination phase requires
# the plan, a relapse-prevention plan must be written.
SET_HOMEWORK_TASK = "set_homework"
REVIEW_HOMEWORK_TASK = "review_homework"
RELAPSE_PLAN_TASK = "relapse_prevention_plan"

HOMEWORK_SET = "homework_set"
HOMEWORK_REVIEWED = "homework_reviewed"
ENDING = "ending"
RELAPSE_PLAN = "relapse_plan"


@dataclass(frozen=True)
class TaskUnit:
    """One expected occurrence of a required task."""

    phase: PhaseKey
    phase_name: str
    task_key: str
    title: str
    status: str
    session_number: int | None = None
    note: str = ""
    # Done (in its phase or late) while its tool held no record: the clinician's reason,
    # "done in the room, not recorded". Still counted as done; listed and counted apart.
    without_record: bool = False


@dataclass(frozen=True)
class RecordUnit:
    """One record a course should hold (homework set at a session, homework reviewed, the
    ending, the relapse-prevention plan). `counted` is False while it may still come."""

    kind: str
    title: str
    completed: bool
    counted: bool = True
    session_number: int | None = None


def share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def mean_of(shares: Iterable[float | None]) -> float | None:
    """The mean of the shares that exist (a part that expects nothing yet is left out)."""
    found = [value for value in shares if value is not None]
    return sum(found) / len(found) if found else None


def completed_share(units: Sequence) -> float | None:
    return share(sum(1 for unit in units if unit.completed), len(units))


@dataclass
class EpisodeFidelity(Percentages):
    units: list[TaskUnit] = field(default_factory=list)
    # Counted measures; a once measure of a phase still going, not yet taken, is pending.
    measures: list[MeasureUnit] = field(default_factory=list)
    pending_measures: list[MeasureUnit] = field(default_factory=list)
    # Records behind the ticks, counted; and those that may still come (pending).
    records: list[RecordUnit] = field(default_factory=list)
    pending_records: list[RecordUnit] = field(default_factory=list)
    attendance_rate: float | None = None

    def with_status(self, *statuses: str) -> list[TaskUnit]:
        return [unit for unit in self.units if unit.status in statuses]

    @property
    def done(self):
        return self.with_status(DONE_IN_PHASE)

    @property
    def late(self):
        return self.with_status(LATE)

    @property
    def missing(self):
        return self.with_status(MISSING)

    @property
    def skipped(self):
        return self.with_status(SKIPPED)

    @property
    def done_without_record(self) -> list[TaskUnit]:
        """Ticks counted as done whose tool held no record ("done, not recorded")."""
        return [unit for unit in self.with_status(DONE_IN_PHASE, LATE) if unit.without_record]

    @property
    def achieved(self) -> int:
        return len(self.with_status(DONE_IN_PHASE, LATE))

    @property
    def counted(self) -> int:
        return len(self.with_status(DONE_IN_PHASE, LATE, MISSING))

    @property
    def task_share(self) -> float | None:
        return share(self.achieved, self.counted)

    @property
    def measures_completed(self) -> int:
        return sum(1 for unit in self.measures if unit.completed)

    @property
    def measure_share(self) -> float | None:
        return share(self.measures_completed, len(self.measures))

    @property
    def measures_missing(self) -> list[MeasureUnit]:
        return [unit for unit in self.measures if not unit.completed]

    def records_of(self, *kinds: str) -> list[RecordUnit]:
        return [unit for unit in self.records if unit.kind in kinds]

    @property
    def homework(self) -> list[RecordUnit]:
        return self.records_of(HOMEWORK_SET, HOMEWORK_REVIEWED)

    @property
    def closing(self) -> list[RecordUnit]:
        return self.records_of(ENDING, RELAPSE_PLAN)

    @property
    def homework_completed(self) -> int:
        return sum(1 for unit in self.homework if unit.completed)

    @property
    def closing_completed(self) -> int:
        return sum(1 for unit in self.closing if unit.completed)

    @property
    def homework_share(self) -> float | None:
        return completed_share(self.homework)

    @property
    def closing_share(self) -> float | None:
        return completed_share(self.closing)

    @property
    def records_missing(self) -> list[RecordUnit]:
        return [unit for unit in self.records if not unit.completed]

    @property
    def score(self) -> float | None:
        """The mean of the parts that expect something so far (attendance is the
        client's, not the clinician's, so it is shown beside the score, not in it)."""
        return mean_of(
            (self.task_share, self.measure_share, self.homework_share, self.closing_share)
        )


@dataclass
class PooledFidelity(Percentages):
    """Stored fidelity summed over many courses (a clinician's, a team's): each share is
    pooled over the courses' units, and the score is the mean of the pooled shares, as
    for one course."""

    courses: int = 0
    tasks_achieved: int = 0
    tasks_counted: int = 0
    tasks_late: int = 0
    tasks_missing: int = 0
    tasks_skipped: int = 0
    tasks_without_record: int = 0
    measures_taken: int = 0
    measures_expected: int = 0
    homework_done: int = 0
    homework_expected: int = 0
    closing_done: int = 0
    closing_expected: int = 0
    sessions_attended: int = 0
    sessions_missed: int = 0
    stale: int = 0  # courses whose stored row waits for recomputation

    @property
    def task_share(self):
        return share(self.tasks_achieved, self.tasks_counted)

    @property
    def measure_share(self):
        return share(self.measures_taken, self.measures_expected)

    @property
    def homework_share(self):
        return share(self.homework_done, self.homework_expected)

    @property
    def closing_share(self):
        return share(self.closing_done, self.closing_expected)

    @property
    def attendance_rate(self):
        return share(self.sessions_attended, self.sessions_attended + self.sessions_missed)

    @property
    def score(self):
        return mean_of(
            (self.task_share, self.measure_share, self.homework_share, self.closing_share)
        )


# Stored columns that PooledFidelity sums.
POOLED_SUMS = tuple(
    name for name in PooledFidelity.__dataclass_fields__ if name not in ("courses", "stale")
)


# --- scoring one course ----------------------------------------------------------------


def episode_fidelity(
    facts: CourseFacts,
    measures_given: Iterable[tuple[int, str]] = (),
    start_end_measures: Iterable[str] = (),
    catalogue: Catalogue = EVERYTHING,
    homework: Iterable[HomeworkFact] = (),
    relapse_plan: bool = False,
):
    """Fidelity of one course from its facts, the (session number, instrument) measures
    given, its homework and whether a relapse-prevention plan is written; the measures
    expected come from the one schedule rule (schedule.py)."""
    schedule = CourseSchedule(facts, measures_given, start_end_measures, catalogue)
    return fidelity_of(facts, schedule, homework, relapse_plan)


def fidelity_of(
    facts: CourseFacts,
    schedule: CourseSchedule,
    homework: Iterable[HomeworkFact] = (),
    relapse_plan: bool = False,
) -> EpisodeFidelity:
    b = facts.boundaries
    attended = sorted(s.number for s in facts.sessions if s.attended)
    by_phase = {key: [n for n in attended if b.phase_of(n) == key] for key in PHASE_ORDER}
    result = EpisodeFidelity(attendance_rate=attendance_rate(facts.sessions))
    for key in PHASE_ORDER:
        if not by_phase[key]:
            continue
        over = phase_is_over(facts, key)
        phase = facts.modality.phase(key)
        for task in phase.tasks:
            if not task.required:
                continue
            if task.every_session:
                result.units.extend(_every_session_units(facts, phase, task, by_phase[key]))
            else:
                result.units.append(_once_unit(facts, phase, task, over))
    for unit in schedule.units():
        (result.measures if unit.counted else result.pending_measures).append(unit)
    for unit in [*homework_units(facts, tuple(homework)), *closing_units(facts, relapse_plan)]:
        (result.records if unit.counted else result.pending_records).append(unit)
    return result


def _records(facts, task_key):
    return sorted(
        (t for t in facts.tasks if t.task_key == task_key), key=lambda t: t.session_number
    )


def _once_unit(facts, phase, task, over):
    records = _records(facts, task.key)
    unit = {"phase": phase.key, "phase_name": phase.name, "task_key": task.key, "title": task.title}
    done = [t for t in records if t.status == DONE]
    if done:
        first = done[0]
        in_phase = facts.boundaries.phase_of(first.session_number) == phase.key
        status = DONE_IN_PHASE if in_phase else LATE
        return TaskUnit(
            **unit,
            status=status,
            session_number=first.session_number,
            note=first.note,
            without_record=first.without_record,
        )
    ruled_out = [t for t in records if t.status == NOT_APPLICABLE]
    if ruled_out:
        r = ruled_out[0]
        return TaskUnit(**unit, status=SKIPPED, session_number=r.session_number, note=r.note)
    last_note = records[-1].note if records else ""
    return TaskUnit(**unit, status=MISSING if over else PENDING, note=last_note)


def _every_session_units(facts, phase, task, numbers):
    statuses = {t.session_number: t for t in _records(facts, task.key)}
    for number in numbers:
        found = statuses.get(number)
        status = {DONE: DONE_IN_PHASE, NOT_APPLICABLE: SKIPPED}.get(
            found.status if found else None, MISSING
        )
        yield TaskUnit(
            phase=phase.key,
            phase_name=phase.name,
            task_key=task.key,
            title=task.title,
            status=status,
            session_number=number,
            note=found.note if found else "",
            without_record=status == DONE_IN_PHASE and found.without_record,
        )


# --- records behind the ticks -----------------------------------------------------------


def _requires(facts, key: PhaseKey, task_key: str) -> bool:
    return any(task.key == task_key and task.required for task in facts.modality.phase(key).tasks)


def session_set_in(homework: HomeworkFact, attended: Sequence[SessionFact]) -> int | None:
    """The session homework was set in: the one recorded with it, else the latest attended
    session held on or before the day it was set (None: set before any)."""
    if homework.set_in_session is not None:
        return homework.set_in_session
    held = [s.number for s in attended if s.held_on is not None and s.held_on <= homework.set_on]
    return max(held, default=None)


def homework_units(facts: CourseFacts, homework: Sequence[HomeworkFact]) -> list[RecordUnit]:
    """Homework set at each attended middle-phase session, and each piece set there and
    sent by the client reviewed, where the middle phase requires those tasks.

    Homework not yet set at the latest session is pending until a later session is
    recorded or the course ends; sent homework not yet reviewed is pending until a session
    is held after the day it was sent (on that day it may have come after the session), or
    the course ends."""
    middle = PhaseKey.MIDDLE
    attended = sorted((s for s in facts.sessions if s.attended), key=lambda s: s.number)
    numbers = [s.number for s in attended if facts.boundaries.phase_of(s.number) == middle]
    set_at = [session_set_in(piece, attended) for piece in homework]
    units = []
    if _requires(facts, middle, SET_HOMEWORK_TASK):
        for number in numbers:
            done = number in set_at
            later = facts.ended or facts.last_recorded > number
            title = gettext("Homework set at session %(number)s") % {"number": number}
            units.append(RecordUnit(HOMEWORK_SET, title, done, done or later, number))
    if _requires(facts, middle, REVIEW_HOMEWORK_TASK):
        for piece, number in zip(homework, set_at, strict=True):
            if number not in numbers or piece.submitted_on is None:
                continue
            seen_since = any(
                s.number > number and s.held_on is not None and s.held_on > piece.submitted_on
                for s in attended
            )
            counted = piece.reviewed or facts.ended or seen_since
            title = gettext("Homework set at session %(number)s reviewed after it was sent") % {
                "number": number
            }
            units.append(RecordUnit(HOMEWORK_REVIEWED, title, piece.reviewed, counted, number))
    return units


def closing_units(facts: CourseFacts, relapse_plan: bool) -> list[RecordUnit]:
    """The ending, once the course has ended or every planned session is recorded; the
    relapse-prevention plan, where the termination phase requires it, once that phase has
    an attended session (counted when written or when the phase is over)."""
    units = []
    every_planned = set(range(1, facts.planned + 1)) <= set(facts.recorded_numbers)
    if facts.ended or every_planned:
        units.append(RecordUnit(ENDING, gettext("Course ending recorded"), facts.ended))
    termination = PhaseKey.TERMINATION
    reached = any(
        s.attended and facts.boundaries.phase_of(s.number) == termination for s in facts.sessions
    )
    if reached and _requires(facts, termination, RELAPSE_PLAN_TASK):
        over = phase_is_over(facts, termination)
        title = gettext("Relapse-prevention plan written")
        units.append(RecordUnit(RELAPSE_PLAN, title, relapse_plan, relapse_plan or over))
    return units


# --- loading ---------------------------------------------------------------------------


@dataclass
class Course:
    """One course with its facts and schedule, ready for a page; scored (`fidelity`) only
    when asked, from what `load_courses(..., scoring=True)` loaded besides."""

    plan: CoursePlan
    facts: CourseFacts
    sessions: list  # Session rows, by number
    records: list  # SessionTaskRecord rows of those sessions
    schedule: CourseSchedule  # the measures each session expects (schedule.py)
    # Loaded only for scoring: the course's homework and whether it has a relapse plan.
    homework: tuple[HomeworkFact, ...] | None = None
    relapse_plan: bool | None = None

    @property
    def episode(self):
        return self.plan.episode

    @cached_property
    def fidelity(self) -> EpisodeFidelity:
        if self.homework is None:
            raise RuntimeError("Load the course with scoring=True to score it.")
        return fidelity_of(self.facts, self.schedule, self.homework, self.relapse_plan)


def load_courses(plans, *, scoring=False) -> list[Course]:
    """Every course in the `plans` queryset in a fixed number of queries: the plans (with
    episode, client, clinician, contract and ending), their sessions, their task records
    and the measures given at their sessions; with `scoring`, also their homework and
    relapse-prevention plans, so that each can be scored."""
    plans = list(
        plans.select_related(
            "episode__client",
            "episode__clinician",
            "episode__organisation",
            "episode__treatment_contract",
            "episode__course_ending",
        )
    )
    episode_ids = [plan.episode_id for plan in plans]
    # Two flat queries grouped here: nested prefetches cost more than the scoring
    # itself on a large team (docs/bench.md).
    sessions = _grouped(
        Session.objects.filter(episode_id__in=episode_ids).order_by("number"), "episode_id"
    )
    records = _grouped(
        SessionTaskRecord.objects.filter(session__episode_id__in=episode_ids)
        .annotate(episode_id=F("session__episode_id"))
        .order_by("id"),
        "episode_id",
    )
    _attach_task_records(sessions, records)
    measures = readings.measures_given(episode_ids)
    catalogue = readings.catalogue()
    courses = [
        _course(
            plan,
            sessions[plan.episode_id],
            records[plan.episode_id],
            measures[plan.episode_id],
            catalogue,
        )
        for plan in plans
    ]
    if scoring and courses:
        homework = readings.homework_facts(episode_ids)
        plans_written = readings.relapse_plan_episodes(episode_ids)
        for course in courses:
            course.homework = tuple(HomeworkFact(**row) for row in homework[course.episode.pk])
            course.relapse_plan = course.plan.episode_id in plans_written
    return courses


def _attach_task_records(sessions, records):
    """Fill each session's `task_records` as a prefetch would, so forms and templates
    reading `session.task_records.all()` run no query of their own."""
    by_session = defaultdict(list)
    for rows in records.values():
        for record in rows:
            by_session[record.session_id].append(record)
    for rows in sessions.values():
        for session in rows:
            session._prefetched_objects_cache = {"task_records": by_session[session.pk]}


def _grouped(rows, key):
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _course(plan, sessions, records, measures, catalogue):
    episode = plan.episode
    facts = facts_from_rows(
        plan,
        sessions,
        records,
        contract=getattr(episode, "treatment_contract", None),
        ending=getattr(episode, "course_ending", None),
    )
    schedule = CourseSchedule(facts, measures, episode.organisation.start_end_measures, catalogue)
    return Course(plan=plan, facts=facts, sessions=sessions, records=records, schedule=schedule)
