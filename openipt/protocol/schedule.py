"""Which measures a course expects: at each session, and what is still due at the next one.

The one rule. The due list (measures/due.py: the caseload badge, the portal's questionnaires),
the session page and fidelity all read it from here, so they cannot disagree.

Pure: it works on CourseFacts (sessions and their attendance, whether the course has ended),
the measures recorded as a set of (session number, instrument code), the organisation's extra
start and end measures, and a Catalogue of what the organisation can record. Loading those is
the callers' business (protocol/readings.py reads the measures app).

The rule (docs/course.md, "Which measures a session expects"):
- Only instruments the organisation can record are expected. One that is not offered is
  replaced by the substitutes its module declares (the PHQ-A by the PHQ-9 and the ASQ), or
  left out when it has none.
- A phase's every-session measures: at each attended session of the phase, and at the next.
- A phase's once measures: at each session of the phase until one of its sessions has it.
- The organisation's start measures: at the first attended session. Until a session is
  attended they are due at every session, so a missed session 1 carries them to session 2;
  one already recorded at an earlier, missed session (sent from home) counts.
- The organisation's end measures: at the last planned session only. When that session is
  missed, or the course ends before it, they are not expected.
- A modality's own start and end measures follow the same two rules; its midline measures the
  end rule at the half-way session (`midline_session`).
- A start, midline or end measure that the session's phase already expects follows the
  phase's rule.
- A measure another expected one covers is not expected beside it (the group check-in, whose
  questions the PHQ-9 asks too: its module declares COVERED_BY).
- Missed and cancelled sessions expect nothing. Once the course has ended nothing is due.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from .catalogue import EVERYTHING, Catalogue
from .course import CourseFacts, phase_is_over, phase_range
from .modalities.base import PHASE_ORDER, Modality, PhaseKey, midline_session

Recorded = frozenset[tuple[int, str]]


@dataclass(frozen=True)
class PhaseMeasures:
    """A phase's measures as asked here (after substitution)."""

    every_session: tuple[str, ...]
    once: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.every_session + self.once


def phase_measures(modality: Modality, key: PhaseKey, catalogue: Catalogue) -> PhaseMeasures:
    phase = modality.phase(key)
    every = catalogue.resolve(phase.every_session_measures)
    # A substitute can land in both lists (PHQ-A once, PHQ-9 every session): every wins.
    once = tuple(code for code in catalogue.resolve(phase.once_measures) if code not in every)
    return PhaseMeasures(every, once)


@dataclass(frozen=True)
class SessionMeasures:
    """What one session expects and what was recorded for it."""

    number: int
    phase: PhaseKey
    expected: tuple[str, ...]
    recorded: tuple[str, ...]
    missed: bool = False

    @property
    def outstanding(self) -> tuple[str, ...]:
        return tuple(code for code in self.expected if code not in self.recorded)


@dataclass(frozen=True)
class MeasureUnit:
    """One expected measure for fidelity: at a session, or once in a phase (session_number
    is then where it was first taken, None while not taken). `counted` is False for a once
    measure of a phase still going that has not been taken yet (pending)."""

    phase: PhaseKey
    instrument: str
    session_number: int | None
    completed: bool
    label: str = ""
    counted: bool = True


class CourseSchedule:
    """The schedule of one course. Build it once per course and ask it questions."""

    def __init__(
        self,
        facts: CourseFacts,
        recorded: Iterable[tuple[int, str]] = (),
        start_end: Iterable[str] = (),
        catalogue: Catalogue = EVERYTHING,
    ):
        self.facts = facts
        self.recorded: Recorded = frozenset(recorded)
        self.catalogue = catalogue
        modality = facts.modality
        self.extra = catalogue.resolve([*modality.start_end_measures, *(start_end or ())])
        self.midline_codes = catalogue.resolve(modality.midline_measures)
        self.midline = midline_session(facts.planned)
        self.boundaries = facts.boundaries
        self.phases = {key: phase_measures(facts.modality, key, catalogue) for key in PHASE_ORDER}
        self.attended = sorted(s.number for s in facts.sessions if s.attended)
        self.missed = {s.number for s in facts.sessions if s.recorded and not s.attended}

    # --- one session -------------------------------------------------------------------

    def phase_of(self, number: int) -> PhaseKey:
        return self.boundaries.phase_of(number)

    def measures_of(self, number: int) -> PhaseMeasures:
        return self.phases[self.phase_of(number)]

    def expected_at(self, number: int) -> tuple[str, ...]:
        """The codes session `number` expects, given what was recorded before it (as if it
        is attended: a missed session expects nothing, see `session`)."""
        covered = self._covered_at(number)
        return tuple(code for code in self._asked_at(number) if code not in covered)

    def _asked_at(self, number: int) -> tuple[str, ...]:
        """`expected_at` before measures covered by another are left out."""
        key, measures = self.phase_of(number), self.measures_of(number)
        codes = list(measures.every_session)
        codes += [code for code in measures.once if not self._in_phase_before(code, key, number)]
        if self._is_first_attended(number):
            codes += [
                code
                for code in self.extra
                if code not in measures.all and not self._before(code, number)
            ]
        if number == self.midline:
            codes += [code for code in self.midline_codes if code not in measures.all]
        if number == self.facts.planned:
            codes += [code for code in self.extra if code not in measures.all]
        return tuple(dict.fromkeys(codes))

    def _covered_at(self, number: int) -> frozenset[str]:
        """Codes session `number` would ask that another code asked there covers."""
        asked = self._asked_at(number)
        return frozenset(
            code
            for code in asked
            if any(other in asked for other in self.catalogue.covered_by.get(code, ()))
        )

    def session(self, number: int) -> SessionMeasures:
        """What session `number` expects (nothing when missed) and what it has."""
        recorded = tuple(code for n, code in sorted(self.recorded) if n == number)
        missed = number in self.missed
        expected = () if missed or number > self.facts.planned else self.expected_at(number)
        return SessionMeasures(number, self.phase_of(number), expected, recorded, missed)

    # --- what is due -------------------------------------------------------------------

    def next_number(self) -> int | None:
        """The lowest-numbered session still to be held within the plan; None when the
        course has ended or no such session is booked."""
        if self.facts.ended:
            return None
        waiting = [
            s.number
            for s in self.facts.sessions
            if not s.recorded and s.number <= self.facts.planned
        ]
        return min(waiting, default=None)

    def due(self) -> SessionMeasures | None:
        """The next session with the codes it still expects; None when nothing is due."""
        number = self.next_number()
        if number is None:
            return None
        found = self.session(number)
        return found if found.outstanding else None

    # --- fidelity ------------------------------------------------------------------------

    def units(self) -> list[MeasureUnit]:
        """Every measure fidelity expects so far, in phase and session order."""
        units = []
        for key in PHASE_ORDER:
            numbers = [n for n in self.attended if self.phase_of(n) == key]
            if numbers:
                units += self._phase_units(key, numbers)
        units += self._start_end_units()
        return units

    def _phase_units(self, key, numbers):
        measures = self.phases[key]
        for number in numbers:
            covered = self._covered_at(number)
            for code in measures.every_session:
                if code in covered:
                    continue
                yield self._labelled(
                    MeasureUnit(key, code, number, (number, code) in self.recorded)
                )
        over = phase_is_over(self.facts, key)
        first, last = phase_range(self.boundaries, key)
        for code in measures.once:
            taken = [n for n in range(first, last + 1) if (n, code) in self.recorded]
            unit = MeasureUnit(
                key, code, taken[0] if taken else None, bool(taken), counted=bool(taken) or over
            )
            yield self._labelled(unit)

    def _start_end_units(self):
        if not self.attended:
            return []
        first, planned, midline = self.attended[0], self.facts.planned, self.midline
        units = []
        for code in self.extra:
            # When the first attended session is the last planned one, the end rule (taken
            # at that very session) is the one that counts.
            if first != planned and self._asks_alone(code, first):
                done = self._before(code, first + 1)
                units.append(MeasureUnit(self.phase_of(first), code, first, done))
            if planned in self.attended and self._asks_alone(code, planned):
                done = (planned, code) in self.recorded
                units.append(MeasureUnit(self.phase_of(planned), code, planned, done))
        for code in self.midline_codes:
            # Already a start or end unit asking for it at that very session: counted once. A
            # start measure taken before the first attended session (from home) does not
            # stand for the half-way one, which the due list still asks for there.
            as_start = midline == first != planned and not self._before(code, first)
            counted = code in self.extra and (as_start or midline == planned)
            if midline in self.attended and not counted and self._asks_alone(code, midline):
                done = (midline, code) in self.recorded
                units.append(MeasureUnit(self.phase_of(midline), code, midline, done))
        return [self._labelled(unit) for unit in units]

    def _asks_alone(self, code: str, number: int) -> bool:
        """A start, midline or end measure counts as its own unit at session `number`
        unless the phase already expects it there or another measure covers it."""
        return code not in self.measures_of(number).all and code not in self._covered_at(number)

    def _labelled(self, unit: MeasureUnit) -> MeasureUnit:
        return MeasureUnit(
            unit.phase,
            unit.instrument,
            unit.session_number,
            unit.completed,
            self.catalogue.label(unit.instrument),
            unit.counted,
        )

    # --- helpers -------------------------------------------------------------------------

    def _is_first_attended(self, number: int) -> bool:
        return not any(n < number for n in self.attended)

    def _before(self, code: str, number: int) -> bool:
        return any(n < number and c == code for n, c in self.recorded)

    def _in_phase_before(self, code: str, key: PhaseKey, number: int) -> bool:
        first, _ = phase_range(self.boundaries, key)
        return any(first <= n < number and c == code for n, c in self.recorded)


def uses(modality: Modality, code: str, catalogue: Catalogue) -> bool:
    """Whether a course of this modality asks for the instrument here, in any phase."""
    return any(code in phase_measures(modality, key, catalogue).all for key in PHASE_ORDER)


def codes_asked(
    modality: Modality, catalogue: Catalogue, start_end: Iterable[str] = ()
) -> frozenset[str]:
    """Every instrument a course of this modality can expect here: its phases' measures,
    its own and the organisation's start and end measures (`start_end`), its midline ones."""
    codes = {code for key in PHASE_ORDER for code in phase_measures(modality, key, catalogue).all}
    codes.update(catalogue.resolve([*modality.start_end_measures, *(start_end or ())]))
    codes.update(catalogue.resolve(modality.midline_measures))
    return frozenset(codes)


@dataclass(frozen=True)
class PlanLine:
    when: str
    codes: tuple[str, ...]


def measure_plan(
    modality: Modality, catalogue: Catalogue, start_end: Iterable[str] = ()
) -> list[PlanLine]:
    """The measures a course of this modality will use here, phase by phase, for the start
    form and the course page."""
    lines = []
    for key in PHASE_ORDER:
        phase = modality.phase(key)
        measures = phase_measures(modality, key, catalogue)
        if measures.every_session:
            when = gettext("%(phase)s: every session") % {"phase": phase.name}
            lines.append(PlanLine(when, measures.every_session))
        if measures.once:
            lines.append(
                PlanLine(gettext("%(phase)s: once") % {"phase": phase.name}, measures.once)
            )
    extra = catalogue.resolve([*modality.start_end_measures, *(start_end or ())])
    if extra:
        lines.append(PlanLine(gettext("First attended and last planned session"), extra))
    midline = catalogue.resolve(modality.midline_measures)
    if midline:
        lines.append(PlanLine(gettext("Half-way session"), midline))
    return lines


def replaced(modality: Modality, catalogue: Catalogue) -> list[tuple[str, tuple[str, ...]]]:
    """(code, what is asked instead) for each instrument the modality expects that is not
    offered here; an empty tuple when nothing replaces it."""
    asked = []
    for key in PHASE_ORDER:
        phase = modality.phase(key)
        asked += [*phase.every_session_measures, *phase.once_measures]
    asked += [*modality.start_end_measures, *modality.midline_measures]
    return [
        (code, catalogue.resolve([code]))
        for code in dict.fromkeys(asked)
        if not catalogue.is_offered(code)
    ]
