"""Fidelity: were the protocol tasks of each phase done, and the measures taken, as the
modality expects?

`episode_fidelity` is pure: it scores one course from its CourseFacts and the set of
(session number, instrument) measures given. `load_courses` fetches everything for any
number of courses in a fixed number of queries, and `team_table` builds the supervisor's
per-clinician table from it.

Scoring (see docs/course.md):
- a required once-only task is expected once in each phase that has an attended session:
  done in its phase, late (done in a later phase), skipped (marked not applicable),
  missing (the phase is over and it was not done) or pending (the phase is still going);
- a required every-session task is expected at every attended session of its phase:
  done, skipped or missing;
- the share is (done + late) / (done + late + missing); skipped and pending do not count;
- measures: the units of schedule.CourseSchedule, the same rule the due list uses.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from openipt.accounts.models import User

from . import readings
from .catalogue import EVERYTHING, Catalogue
from .course import (
    DONE,
    NOT_APPLICABLE,
    CourseFacts,
    attendance_rate,
    facts_from_rows,
    phase_is_over,
)
from .modalities.base import PHASE_ORDER, PhaseKey
from .models import CoursePlan, Session, SessionTaskRecord
from .schedule import CourseSchedule, MeasureUnit

DONE_IN_PHASE = "done"
LATE = "late"
MISSING = "missing"
SKIPPED = "skipped"
PENDING = "pending"


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


def share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def percent(value: float | None) -> str:
    """A share for a page: "92%", or "none yet" when nothing was expected."""
    return "none yet" if value is None else f"{round(value * 100)}%"


class Percentages:
    """Display forms of the shares, for templates."""

    @property
    def task_percent(self):
        return percent(self.task_share)

    @property
    def measure_percent(self):
        return percent(self.measure_share)

    @property
    def attendance_percent(self):
        return percent(self.attendance_rate)


@dataclass
class EpisodeFidelity(Percentages):
    units: list[TaskUnit] = field(default_factory=list)
    # Counted measures; a once measure of a phase still going, not yet taken, is pending.
    measures: list[MeasureUnit] = field(default_factory=list)
    pending_measures: list[MeasureUnit] = field(default_factory=list)
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


# --- scoring one course ----------------------------------------------------------------


def episode_fidelity(
    facts: CourseFacts,
    measures_given: Iterable[tuple[int, str]] = (),
    start_end_measures: Iterable[str] = (),
    catalogue: Catalogue = EVERYTHING,
):
    """Fidelity of one course from its facts and the (session number, instrument) measures
    given; the measures expected come from the one schedule rule (schedule.py)."""
    schedule = CourseSchedule(facts, measures_given, start_end_measures, catalogue)
    return fidelity_of(facts, schedule)


def fidelity_of(facts: CourseFacts, schedule: CourseSchedule) -> EpisodeFidelity:
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
        return TaskUnit(**unit, status=status, session_number=first.session_number, note=first.note)
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
        )


# --- loading ---------------------------------------------------------------------------


@dataclass
class Course:
    """One course with its facts and fidelity, ready for a page."""

    plan: CoursePlan
    facts: CourseFacts
    fidelity: EpisodeFidelity
    sessions: list  # Session rows, by number
    records: list  # SessionTaskRecord rows of those sessions
    schedule: CourseSchedule  # the measures each session expects (schedule.py)

    @property
    def episode(self):
        return self.plan.episode


def load_courses(plans) -> list[Course]:
    """Score every course in the `plans` queryset in a fixed number of queries: the plans
    (with episode, client, clinician, contract and ending), their sessions, their task
    records and the measures given at their sessions."""
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
    return [
        _course(
            plan,
            sessions[plan.episode_id],
            records[plan.episode_id],
            measures[plan.episode_id],
            catalogue,
        )
        for plan in plans
    ]


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
    return Course(
        plan=plan,
        facts=facts,
        fidelity=fidelity_of(facts, schedule),
        sessions=sessions,
        records=records,
        schedule=schedule,
    )


# --- the supervisor's table ------------------------------------------------------------


@dataclass
class ClinicianRow(Percentages):
    clinician: object
    courses: list[Course] = field(default_factory=list)

    def _total(self, name):
        return sum(len(getattr(course.fidelity, name)) for course in self.courses)

    @property
    def task_share(self):
        achieved = sum(course.fidelity.achieved for course in self.courses)
        return share(achieved, sum(course.fidelity.counted for course in self.courses))

    @property
    def late(self):
        return self._total("late")

    @property
    def missing(self):
        return self._total("missing")

    @property
    def skipped(self):
        return self._total("skipped")

    @property
    def attendance_rate(self):
        return attendance_rate(s for course in self.courses for s in course.facts.sessions)

    @property
    def measure_share(self):
        units = [unit for course in self.courses for unit in course.fidelity.measures]
        return share(sum(unit.completed for unit in units), len(units))


def team_table(supervisor) -> list[ClinicianRow]:
    """One row per clinician the supervisor oversees, with each of their courses."""
    team = User.objects.filter(
        supervisor=supervisor, organisation_id=supervisor.organisation_id
    ).order_by("last_name", "first_name", "id")
    rows = {member.pk: ClinicianRow(member) for member in team}
    plans = CoursePlan.objects.filter(episode__clinician_id__in=list(rows)).order_by(
        "episode__client__reference", "id"
    )
    for course in load_courses(plans):
        rows[course.episode.clinician_id].courses.append(course)
    return list(rows.values())
