"""The due list and fidelity agree, on random courses (Hypothesis).

Each course: any shipped modality and planned count, sessions recorded as attended, missed
or cancelled (by either side), the next one booked or not, the course ended or not, the
organisation's extra start/end measures, measures recorded (or not) at any session so far,
SRM-5 weeks among them, and the PHQ-A offered or not. The due list comes from
measures.due's rule (CourseSchedule.due, what the caseload and the portal show), fidelity from
fidelity.episode_fidelity (what the supervisor sees). Both read the real instrument registry
through readings.catalogue().
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from openipt.measures import instruments
from openipt.protocol import readings
from openipt.protocol.course import CourseFacts, SessionFact
from openipt.protocol.fidelity import episode_fidelity
from openipt.protocol.modalities import SHIPPED
from openipt.protocol.schedule import CourseSchedule, codes_asked

RECORDED_ATTENDANCE = ("attended", "did_not_attend", "cancelled_client", "cancelled_clinician")
CODES = tuple(instruments.INSTRUMENTS)


def catalogue(show_phqa):
    # The catalogue readings builds, with the PHQ-A offered or not (OPENIPT_SHOW_PHQA).
    real = readings.catalogue()
    offered = set(real.offered) | {"phqa"} if show_phqa else set(real.offered) - {"phqa"}
    return type(real)(frozenset(offered), real.substitutes, real.labels, real.covered_by)


@st.composite
def courses(draw):
    modality = draw(st.sampled_from(SHIPPED))
    allowed = modality.planned_sessions
    planned = draw(st.integers(allowed.minimum, allowed.maximum))
    held = draw(st.integers(0, planned))
    attendance = draw(st.lists(st.sampled_from(RECORDED_ATTENDANCE), min_size=held, max_size=held))
    sessions = [SessionFact(n, a) for n, a in enumerate(attendance, 1)]
    booked = held < planned and draw(st.booleans())
    if booked:
        sessions.append(SessionFact(held + 1, "scheduled"))
    last = held + 1 if booked else held
    recorded = draw(
        st.sets(st.tuples(st.integers(1, max(last, 1)), st.sampled_from(CODES)), max_size=40)
    )
    recorded = {(n, code) for n, code in recorded if n <= last}
    facts = CourseFacts(modality, planned, sessions=tuple(sessions), ended=draw(st.booleans()))
    extra = draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))
    return facts, recorded, extra, catalogue(draw(st.booleans()))


def attended_at(facts, number):
    sessions = tuple(
        SessionFact(s.number, "attended" if s.number == number else s.attendance)
        for s in facts.sessions
    )
    return CourseFacts(facts.modality, facts.planned, sessions=sessions, ended=facts.ended)


def open_at(facts, result, number):
    """Codes fidelity still expects at session `number`: its every-session, start and end
    units there, and its phase's once units not yet taken."""
    phase = facts.boundaries.phase_of(number)
    return {
        unit.instrument
        for unit in result.measures + result.pending_measures
        if not unit.completed
        and (unit.session_number == number or (unit.session_number is None and unit.phase == phase))
    }


@settings(max_examples=300, deadline=None)
@given(courses())
def test_the_due_list_is_what_fidelity_expects_at_the_next_session(course):
    facts, recorded, extra, offered = course
    due = CourseSchedule(facts, recorded, extra, offered).due()
    booked = any(not s.recorded for s in facts.sessions)
    if facts.ended or not booked:
        assert due is None
        return
    number = next(s.number for s in facts.sessions if not s.recorded)
    # Hold the next session with nothing more recorded: fidelity expects the due list there.
    result = episode_fidelity(attended_at(facts, number), recorded, extra, offered)
    assert open_at(facts, result, number) == set(due.outstanding if due else ())
    # Record what was due: fidelity then expects nothing more at that session.
    given_all = recorded | {(number, code) for code in (due.outstanding if due else ())}
    result = episode_fidelity(attended_at(facts, number), given_all, extra, offered)
    assert open_at(facts, result, number) == set()


@settings(max_examples=300, deadline=None)
@given(courses())
def test_no_course_expects_an_instrument_the_organisation_cannot_record(course):
    facts, recorded, extra, offered = course
    schedule = CourseSchedule(facts, recorded, extra, offered)
    due = schedule.due()
    expected = set(due.outstanding if due else ())
    expected |= {unit.instrument for unit in schedule.units()}
    for session in facts.sessions:
        if session.number <= facts.planned:
            expected |= set(schedule.session(session.number).expected)
    assert expected <= offered.offered


@settings(max_examples=200, deadline=None)
@given(courses())
def test_a_missed_session_is_never_where_a_measure_is_missing(course):
    facts, recorded, extra, offered = course
    result = episode_fidelity(facts, recorded, extra, offered)
    missed = {s.number for s in facts.sessions if s.recorded and not s.attended}
    # Only a once measure taken at a missed session (sent from home) is placed there.
    assert all(unit.completed for unit in result.measures if unit.session_number in missed)


@settings(max_examples=300, deadline=None)
@given(courses())
def test_every_code_a_course_expects_is_among_those_its_modality_can_ask(course):
    # Pages that read only what a modality can ask (readings.measures_given's `asked`) miss
    # nothing a schedule expects.
    facts, recorded, extra, offered = course
    schedule = CourseSchedule(facts, recorded, extra, offered)
    expected = {unit.instrument for unit in schedule.units()}
    for number in range(1, facts.planned + 1):
        expected |= set(schedule.session(number).expected)
    assert expected <= codes_asked(facts.modality, offered, extra)
