"""Courses at a chosen point, built through the real actions (for tests and the access matrix)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from openipt.protocol import actions, course
from openipt.protocol.fidelity import load_courses
from openipt.protocol.models import CoursePlan

START = date(2026, 9, 7)

NO_EXCLUSIONS = {
    "suicidal_crisis": False,
    "psychosis": False,
    "mania": False,
    "severe_dissociation": False,
}


def record_intake(
    actor, episode, *, referral=None, medication_review=None, phq9_total=14, **exclusions
):
    answers = {
        "screened_on": START,
        "phq9_total": phq9_total,
        "symptoms": "Low mood and poor sleep for two months.",
        "fit_answers": ["relationship_stress", "recent_change"],
        "notes": "",
        **NO_EXCLUSIONS,
        **exclusions,
    }
    return actions.record_intake(
        actor, episode, referral=referral, medication_review=medication_review, **answers
    )


def start_course(actor, episode, *, modality="individual_ipt", planned=12, **extra):
    """The course the test asks for. The rules of who may start what (start_rules.py) are
    left out unless `apply_start_rules=True`: the named people's unrelated clinician is a
    counsellor running individual IPT in many tests; protocol/tests/test_start_rules.py
    tests the rules themselves."""
    extra.setdefault("apply_start_rules", False)
    if not episode.intake_screens.exists():
        record_intake(actor, episode)
    return actions.start_course(
        actor,
        episode,
        modality=modality,
        planned_sessions=planned,
        session_minutes=50,
        frequency="weekly",
        started_on=START,
        **extra,
    )


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def schedule(actor, plan, count):
    return actions.schedule_sessions(actor, plan, first_at=at(START), count=count)


def record(actor, plan, session, *, attendance="attended", status="done", skip=()):
    """Record a session with every agenda task at `status` (keys in `skip` not applicable)."""
    facts = load_facts(plan)
    agenda = course.agenda_for(facts, session.number) if attendance == "attended" else []
    tasks = [
        (item.task.key, "not_applicable" if item.task.key in skip else status, "")
        for item in agenda
    ]
    return actions.record_session(
        actor,
        session,
        held_on=START + timedelta(weeks=session.number - 1),
        duration_minutes=50,
        attendance=attendance,
        tasks=tasks,
        # The builders record no inventory, timeline or scores behind the ticks: every
        # task is said done in the room (protocol/tools.py).
        without_record={key for key, _, _ in tasks},
    )


def load_courses_for(plan):
    """The course of a plan, loaded to be scored."""
    return load_courses(CoursePlan.objects.filter(pk=plan.pk), scoring=True)[0]


def load_facts(plan):
    return load_courses_for(plan).facts


def course_with_sessions(
    actor, episode, *, recorded, planned=12, scheduled=None, modality="individual_ipt"
):
    """A started course with `scheduled` sessions scheduled and the first `recorded`
    attended with every agenda task done."""
    plan = start_course(actor, episode, modality=modality, planned=planned)
    sessions = schedule(actor, plan, scheduled or max(recorded, 1))
    for session in sessions[:recorded]:
        record(actor, plan, session)
    return plan


def started_course(people):
    """The owner's episode with a course and session 1 scheduled (idempotent)."""
    episode = people.episode
    if not CoursePlan.objects.filter(episode=episode).exists():
        plan = start_course(people.owner, episode)
        schedule(people.owner, plan, 1)
    return episode


NOTE = {"text": "We went over the argument with her sister and how it started.", "plan": "Call."}


def signed_note(actor, plan, session, sections=None):
    """Session `session` recorded (attended, every agenda task done) and its note signed."""
    if not session.is_recorded:
        record(actor, plan, session)
    return actions.sign_note(actor, session, sections=sections or NOTE)


def note_of_first_session(people):
    """The owner's course with session 1 recorded and its note signed (for the access
    matrix: a note that exists is enough)."""
    started_course(people)
    plan = CoursePlan.objects.get(episode=people.episode)
    session = plan.episode.sessions.get(number=1)
    existing = getattr(session, "progress_note", None) if session.is_signed else None
    return existing or signed_note(people.owner, plan, session)


def ended_with_follow_ups(people, count=2, first_on=START + timedelta(weeks=20)):
    """The owner's course ended with `count` booster sessions four weeks apart (idempotent);
    returns the first follow-up session."""
    episode = people.episode
    if not episode.follow_up_sessions.exists():
        plan = start_course(people.owner, episode)
        schedule(people.owner, plan, 1)
        actions.end_course(
            people.owner,
            plan,
            ended_on=START + timedelta(weeks=14),
            reason="completed",
            problem_area_progress="Fewer arguments at home.",
            future_plan="Keep the weekly walk with a friend.",
            follow_up="booster",
            follow_up_first_on=first_on,
            follow_up_count=count,
        )
    return episode.follow_up_sessions.order_by("scheduled_for").first()


def free_homework(actor, episode, *, session=None, title="Notice a conversation"):
    """A free task (no worksheet) due on START, set in `session` or outside one."""
    from openipt.worksheets.actions import assign_homework  # noqa: PLC0415 (an app above)

    return assign_homework(
        actor,
        episode,
        worksheet="",
        title=title,
        instructions="",
        due_on=START,
        session=session,
    )
