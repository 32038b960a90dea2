"""The records of one episode, as rows for bench/tables.py: screen, plan, contract,
sessions with their agenda records and measures, homework, risk flags and the ending.

Agenda records come from the modality's own agenda (`protocol.course.agenda_for`), so
each session records the tasks a clinician would have been shown; scores come from
each instrument's own score().
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bench import history
from openipt.accounts.models import User
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode, EpisodeStatus
from openipt.measures import instruments
from openipt.measures.models import FlagSource, FlagStatus, MeasureAdministration, RiskFlag
from openipt.protocol import course as course_rules
from openipt.protocol import modalities, tools
from openipt.protocol.modalities.base import PhaseKey
from openipt.protocol.models import (
    Attendance,
    CourseEnding,
    CoursePlan,
    EndReason,
    FollowUp,
    IntakeScreen,
    Referral,
    Session,
    SessionTaskRecord,
    TaskStatus,
    TreatmentContract,
)
from openipt.protocol.phases import phase_boundaries
from openipt.worksheets import definitions
from openipt.worksheets.models import Homework, HomeworkStatus, RelapsePreventionPlan

# Parents before children: the order rows are inserted in.
INSERT_ORDER = (
    User,
    Client,
    Episode,
    IntakeScreen,
    Referral,
    CoursePlan,
    TreatmentContract,
    Session,
    SessionTaskRecord,
    MeasureAdministration,
    RiskFlag,
    Homework,
    CourseEnding,
    RelapsePreventionPlan,
    AuditEvent,
)
# The measures the bench seeds; others a modality expects (WSAS, SRM-5, PHQ-A) are left
# out, so the fidelity pages find them missing as they would in a service that skips them.
SEEDED_MEASURES = ("phq9", "gad7")
# Each expected measure is recorded this often (the first PHQ-9 always).
MEASURE_RECORDED = 0.92
# How a recorded agenda task went.
TASK_OUTCOMES = (
    (TaskStatus.DONE, 0.85),
    (TaskStatus.NOT_DONE, 0.10),
    (TaskStatus.NOT_APPLICABLE, 0.05),
)
# Of the sessions a client misses: did not attend, cancelled by client, by clinician.
MISSED_SHARE = 0.1
MISSED_KINDS = (
    Attendance.DID_NOT_ATTEND,
    Attendance.DID_NOT_ATTEND,
    Attendance.DID_NOT_ATTEND,
    Attendance.CANCELLED_BY_CLIENT,
    Attendance.CANCELLED_BY_CLINICIAN,
)
HOMEWORK_SET = 0.6
SYMPTOMS = "Low mood and poor sleep for some months; finding it hard to keep up with work."
CONCERNS = "Low mood after a change at home; sleeping poorly."
FIT_ANSWERS = ["relationship_stress", "recent_change", "prefers_short_therapy"]


class Scorer:
    """Answers and scores by (instrument, total, self-harm answer), each scored once by the
    instrument's own score(): the seeded totals, bands and flags are the ones the
    application would have computed."""

    def __init__(self):
        self.known = {}

    def answers_and_result(self, code, total, self_harm):
        key = (code, total, self_harm)
        if key not in self.known:
            answers = _answers(code, total, self_harm)
            self.known[key] = (answers, instruments.get(code).score(answers))
        return self.known[key]


def _answers(code, total, self_harm):
    definition = instruments.QUESTIONNAIRES[code]
    keys = [item.key for item in definition.scored_items]
    answers = dict.fromkeys(keys, 0)
    if code == "phq9":
        answers["q9"] = 1 if self_harm else 0
        keys = [key for key in keys if key != "q9"]
        total -= answers["q9"]
    for index in range(min(total, 3 * len(keys))):
        answers[keys[index % len(keys)]] += 1
    return answers


def episode_rows(rows, rng, plan, client, clinician, organisation, today, scorer):
    """Every row of one planned episode, added to `rows` (a tables.Tables)."""
    episode = rows[Episode].add(
        organisation_id=organisation.pk,
        client_id=client["id"],
        clinician_id=clinician.pk,
        opened_on=plan.opened_on,
        closed_on=None,
        status=EpisodeStatus.OPEN if plan.is_open else EpisodeStatus.CLOSED,
        presenting_concerns=CONCERNS,
    )
    trajectory = _trajectory(rng, plan.planned)
    screen = _intake_screen(rows, rng, plan, episode, clinician, trajectory, today)
    if plan.has_course:
        CourseRows(rows, rng, plan, episode, clinician, today, scorer).write(trajectory)
    elif not plan.is_open:
        episode["closed_on"] = min(today, screen["screened_on"] + timedelta(days=21))
    return episode


def _trajectory(rng, planned):
    """PHQ-9 totals over the planned course: most start at caseness; half recover, most of
    the rest improve a little, one in ten gets worse. GAD-7 follows at its own scale."""
    start = rng.randint(10, 24) if rng.random() < 0.88 else rng.randint(5, 9)
    draw = rng.random()
    if draw < 0.5:
        end = rng.randint(2, 9)
    elif draw < 0.9:
        end = max(0, start - rng.randint(2, 7))
    else:
        end = min(27, start + rng.randint(3, 7))
    steps = max(1, planned - 1)
    phq9 = [
        _clamp(round(start + (end - start) * k / steps) + rng.randint(-2, 2), 27)
        for k in range(planned + 1)
    ]
    gad7 = [_clamp(round(total * 21 / 27) + rng.randint(-3, 3), 21) for total in phq9]
    return {"phq9": phq9, "gad7": gad7}


def _clamp(value, highest):
    return max(0, min(highest, value))


def _intake_screen(rows, rng, plan, episode, clinician, trajectory, today):
    screened_on = min(today, plan.opened_on + timedelta(days=rng.randrange(7)))
    # One ended-without-treatment episode in six was screened out and referred elsewhere.
    excluded = plan.kind == history.NOT_ENTERED and rng.random() < 1 / 6
    screen = rows[IntakeScreen].add(
        episode_id=episode["id"],
        screened_on=screened_on,
        phq9_total=trajectory["phq9"][0],
        symptoms=SYMPTOMS,
        suicidal_crisis=False,
        psychosis=excluded,
        mania=False,
        severe_dissociation=False,
        fit_answers=FIT_ANSWERS,
        recorded_by_id=clinician.pk,
    )
    if excluded:
        rows[Referral].add(
            episode_id=episode["id"],
            intake_screen_id=screen["id"],
            referred_to="Community mental health team",
            reason="Psychotic symptoms at screening: IPT is not the right main treatment.",
            referred_on=screened_on,
            recorded_by_id=clinician.pk,
        )
    return screen


class CourseRows:
    """The course of one episode: plan, contract, sessions (recorded and scheduled),
    agenda records, measures, risk flags, homework and, if it ended, the ending."""

    def __init__(self, rows, rng, plan, episode, clinician, today, scorer):
        self.rows, self.rng, self.plan = rows, rng, plan
        self.episode, self.clinician, self.today, self.scorer = episode, clinician, today, scorer
        self.modality = modalities.get(plan.modality)
        self.boundaries = phase_boundaries(self.modality, plan.planned)
        self.task_facts = []
        self.phq9_totals = []
        self.missed = 0

    def write(self, trajectory):
        plan = self.plan
        self.rows[CoursePlan].add(
            episode_id=self.episode["id"],
            modality=plan.modality,
            planned_sessions=plan.planned,
            started_on=plan.course_start,
            agreed_end_date=self._agreed_end_date(),
            session_minutes=self.modality.session_minutes[0],
            frequency="weekly",
            created_by_id=self.clinician.pk,
        )
        self._contract()
        measured_phases = set()
        sessions = []
        for number in range(1, plan.recorded + 1):
            session = self._recorded_session(number)
            sessions.append(session)
            if session["attendance"] == Attendance.ATTENDED:
                self._agenda_records(session)
                self._measures(session, trajectory, measured_phases)
                self._homework(session)
        if plan.is_open:
            self._scheduled_sessions()
        else:
            self._ending(sessions)

    def _agreed_end_date(self):
        if self.plan.recorded < 2 or self.rng.random() > 0.9:
            return None
        return self.plan.course_start + timedelta(weeks=self.plan.planned)

    def _contract(self):
        if self.plan.recorded == 0:
            return
        agreed = {
            field: self.plan.course_start + timedelta(days=7 * self.rng.randrange(3))
            for field, _ in TreatmentContract.ITEMS
            if self.rng.random() < 0.92
        }
        self.rows[TreatmentContract].add(
            episode_id=self.episode["id"], updated_by_id=self.clinician.pk, **agreed
        )

    def _held_on(self, number):
        return self.plan.course_start + timedelta(weeks=number - 1)

    def _recorded_session(self, number):
        held_on = self._held_on(number)
        attendance = Attendance.ATTENDED
        dropped_later = self.plan.kind == history.DROPPED_OUT and number > 1
        if dropped_later or (number > 1 and self.rng.random() < MISSED_SHARE):
            missed = Attendance.DID_NOT_ATTEND if dropped_later else self.rng.choice(MISSED_KINDS)
            attendance = missed
            self.missed += 1
        attended = attendance == Attendance.ATTENDED
        return self.rows[Session].add(
            episode_id=self.episode["id"],
            number=number,
            scheduled_for=_at_ten(held_on),
            held_on=held_on,
            duration_minutes=self.modality.session_minutes[0] if attended else None,
            attendance=attendance,
            recorded_by_id=self.clinician.pk,
        )

    def _agenda_records(self, session):
        facts = course_rules.CourseFacts(
            modality=self.modality, planned=self.plan.planned, tasks=tuple(self.task_facts)
        )
        number = session["number"]
        for item in course_rules.agenda_for(facts, number):
            status = self._task_status()
            self.task_facts.append(course_rules.TaskFact(number, item.task.key, status))
            self.rows[SessionTaskRecord].add(
                session_id=session["id"],
                task_key=item.task.key,
                status=status,
                note="",
                done_without_record=status == "done" and _unseeded_tool(item.task.key),
                recorded_by_id=self.clinician.pk,
            )

    def _task_status(self):
        draw = self.rng.random()
        for status, share in TASK_OUTCOMES:
            if draw < share:
                return status
            draw -= share
        return TASK_OUTCOMES[-1][0]

    def _measures(self, session, trajectory, measured_phases):
        number = session["number"]
        phase = self.modality.phase(self._phase_of(number))
        expected = list(phase.every_session_measures)
        if phase.key not in measured_phases:
            measured_phases.add(phase.key)
            expected += phase.once_measures
        for code in dict.fromkeys(expected):
            baseline = number == 1 and code == "phq9"
            if code in SEEDED_MEASURES and (baseline or self.rng.random() < MEASURE_RECORDED):
                self._administration(session, code, trajectory[code][number - 1])

    def _phase_of(self, number):
        return self.boundaries.phase_of(number)

    def _administration(self, session, code, total):
        self_harm = code == "phq9" and self.rng.random() < (0.10 if total >= 15 else 0.03)
        answers, result = self.scorer.answers_and_result(code, total, self_harm)
        if code == "phq9":
            self.phq9_totals.append(result.total)
        administration = self.rows[MeasureAdministration].add(
            organisation_id=self.episode["organisation_id"],
            episode_id=self.episode["id"],
            session_id=session["id"],
            instrument=code,
            instrument_version=result.version,
            administered_on=session["held_on"],
            answers=answers,
            total=result.total,
            band=result.band.label,
            items_scored=result.items_scored,
            flags=sorted(result.flags),
            recorded_by_id=self.clinician.pk,
        )
        for reason in sorted(result.flags):
            self._risk_flag(administration, session, reason, answers)

    def _risk_flag(self, administration, session, reason, answers):
        item = PHQ9_SELF_HARM_ITEM
        raised_at = _at_ten(session["held_on"]) + timedelta(hours=1)
        # A flag from the latest session of a course under way may still be open.
        latest = self.plan.is_open and session["number"] == self.plan.recorded
        still_open = latest and self.rng.random() < 0.6
        resolution = {}
        if not still_open:
            resolved_at = raised_at + timedelta(days=1)
            resolution = {
                "status": FlagStatus.RESOLVED,
                "assessment_outcome": "thoughts_no_plan",
                "action_taken": "Talked it through; agreed a safety plan and who to call.",
                "safety_plan": True,
                "resolved_by_id": self.clinician.pk,
                "resolved_at": resolved_at,
                "acknowledged_at": resolved_at,
                "acknowledged_by_id": self.clinician.pk,
            }
        option = item.option_for(answers["q9"])
        self.rows[RiskFlag].add(
            organisation_id=self.episode["organisation_id"],
            episode_id=self.episode["id"],
            client_id=self.episode["client_id"],
            administration_id=administration["id"],
            instrument="phq9",
            session_id=session["id"],
            source=FlagSource.RECORDED,
            reason=reason,
            item_key="q9",
            item_label=item.text or item.label,
            answer_value=str(answers["q9"]),
            answer_label=option.label,
            raised_at=raised_at,
            **resolution,
        )

    def _homework(self, session):
        held_on = session["held_on"]
        if self._phase_of(session["number"]) != PhaseKey.MIDDLE or self.rng.random() > HOMEWORK_SET:
            return
        worksheet = self.rng.choice(WORKSHEETS)
        due_on = held_on + timedelta(days=6)
        progress = {}
        if due_on >= self.today:
            if self.rng.random() < 0.3:
                progress = {"status": HomeworkStatus.DRAFT, "draft_saved_at": _at_ten(self.today)}
        elif self.rng.random() < 0.7:
            progress = {
                "status": HomeworkStatus.SUBMITTED,
                "submitted_at": _at_ten(due_on - timedelta(days=1)),
            }
            next_session = held_on + timedelta(weeks=1)
            if next_session <= self.today and self.rng.random() < 0.9:
                progress["reviewed_at"] = _at_ten(next_session)
        # Otherwise never done: overdue while the course is open.
        self.rows[Homework].add(
            episode_id=self.episode["id"],
            client_id=self.episode["client_id"],
            worksheet=worksheet.code,
            worksheet_version=worksheet.version,
            title=str(worksheet.name),  # stored as text, as the action stores it
            instructions="",
            due_on=due_on,
            set_in_session_id=session["id"],
            assigned_by_id=self.clinician.pk,
            **progress,
        )

    def _follow_up(self, finished):
        return FollowUp.BOOSTER if finished and self.rng.random() < 0.2 else FollowUp.NONE

    def _scheduled_sessions(self):
        last = min(self.plan.planned, self.plan.recorded + self.rng.randint(1, 3))
        for weeks_ahead, number in enumerate(range(self.plan.recorded + 1, last + 1), start=0):
            day = max(self._held_on(number), self.today + timedelta(days=1 + 7 * weeks_ahead))
            self.rows[Session].add(
                episode_id=self.episode["id"], number=number, scheduled_for=_at_ten(day)
            )

    def _ending(self, sessions):
        finished = self.plan.kind == history.FINISHED
        reason = EndReason.DROPPED_OUT
        if finished:
            reason = EndReason.COMPLETED if self.rng.random() < 0.85 else EndReason.ENDED_EARLY
        ended_on = min(self.today, sessions[-1]["held_on"] + timedelta(days=7))
        self.rows[CourseEnding].add(
            episode_id=self.episode["id"],
            ended_on=ended_on,
            reason=reason,
            missed_sessions=self.missed,
            referred_to="",
            first_phq9=self.phq9_totals[0] if self.phq9_totals else None,
            last_phq9=self.phq9_totals[-1] if self.phq9_totals else None,
            problem_area_progress="Fewer arguments at home; talking to a friend weekly.",
            future_plan="Keep the weekly call; come back if sleep worsens for two weeks.",
            follow_up=self._follow_up(finished),
            recorded_by_id=self.clinician.pk,
        )
        self.episode["closed_on"] = ended_on
        if finished and self.rng.random() < 0.8:
            self.rows[RelapsePreventionPlan].add(
                episode_id=self.episode["id"],
                version=RELAPSE_PLAN.version,
                answers={},
                updated_by_id=self.clinician.pk,
            )


WORKSHEETS = tuple(definitions.WORKSHEETS.values())
PHQ9_SELF_HARM_ITEM = instruments.QUESTIONNAIRES["phq9"].item("q9")
RELAPSE_PLAN = definitions.get(definitions.RELAPSE_PREVENTION)


def _at_ten(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


# The tools whose records the bench does not seed (the formulation's inventory, timeline,
# problem areas and goals, the rhythm diary): a "done" tick of their tasks is seeded as
# done in the room and not recorded, as the agenda would require (protocol/tools.py).
UNSEEDED_TOOLS = {tools.INVENTORY, tools.TIMELINE, tools.PROBLEM_AREA, tools.GOALS, tools.RHYTHM}


def _unseeded_tool(task_key):
    return tools.tool_for(task_key) in UNSEEDED_TOOLS
