"""Episodes with a known pathway, built through the real actions, and summaries made
directly for the figures (which read nothing else)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openipt.caseload.actions import open_episode
from openipt.measures.actions import record_administration
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.summaries import judge
from openipt.protocol import actions as course_actions
from openipt.protocol.modalities import MODALITIES
from openipt.protocol.tests.builders import NO_EXCLUSIONS


def score(actor, episode, code, total, day):
    return record_administration(
        actor,
        episode,
        code,
        answers_totalling(QUESTIONNAIRES[code], total),
        administered_on=day,
        respondent="client_in_session",
    )


def pathway(
    actor,
    client,
    *,
    referred_on,
    wait_days=14,
    attended=0,
    missed=0,
    phq9=(),
    gad7=(),
    ended=False,
    reason="completed",
    modality="individual_ipt",
):
    """An episode referred on `referred_on`: intake that day, the course started and its
    first session `wait_days` later, then `attended` sessions attended and `missed` missed,
    weekly; the PHQ-9 and GAD-7 totals given in order, one a week from the first session;
    the course ended a week after the last session when `ended`."""
    episode = open_episode(actor, client, opened_on=referred_on)
    course_actions.record_intake(
        actor,
        episode,
        screened_on=referred_on,
        phq9_total=None,
        symptoms="Low mood.",
        fit_answers=[],
        notes="",
        **NO_EXCLUSIONS,
    )
    first_day = referred_on + timedelta(days=wait_days)
    plan = course_actions.start_course(
        actor,
        episode,
        modality=modality,
        # At least the modality's shortest plan: the stored fidelity works the phases out
        # from the plan as it starts, and a count outside the range has none.
        planned_sessions=max(attended + missed, MODALITIES[modality].planned_sessions.minimum),
        session_minutes=50,
        frequency="weekly",
        started_on=first_day,
        # Outcomes are counted whoever started the course (protocol/start_rules.py aside).
        apply_start_rules=False,
    )
    sessions = attended + missed
    if sessions:
        first_at = timezone.make_aware(datetime.combine(first_day, time(10)))
        scheduled = course_actions.schedule_sessions(actor, plan, first_at=first_at, count=sessions)
        for index, session in enumerate(scheduled):
            course_actions.record_session(
                actor,
                session,
                held_on=first_day + timedelta(weeks=index),
                duration_minutes=50,
                attendance="attended" if index < attended else "did_not_attend",
            )
    for code, totals in (("phq9", phq9), ("gad7", gad7)):
        for index, total in enumerate(totals):
            score(actor, episode, code, total, first_day + timedelta(weeks=index))
    if ended:
        course_actions.end_course(
            actor,
            plan,
            ended_on=first_day + timedelta(weeks=max(sessions, 1)),
            reason=reason,
            problem_area_progress="Some.",
            future_plan="Keep going.",
        )
    return episode


def summary_row(episode, **facts):
    """A judged summary for `episode` with these facts (dates, counts, scores), saved:
    for figure tests, which read summaries only. `phq9=(first, last)` and `gad7=...`
    give a pair (two scores)."""
    summary = OutcomeSummary(
        episode=episode,
        organisation_id=episode.organisation_id,
        clinician_id=episode.clinician_id,
        site_id=episode.client.site_id,
        referred_on=facts.pop("referred_on", date(2026, 1, 5)),
        modality=facts.pop("modality", "individual_ipt"),
    )
    for code in ("phq9", "gad7"):
        pair = facts.pop(code, None)
        if pair is not None:
            first, last = pair
            setattr(summary, f"{code}_count", 2)
            setattr(summary, f"{code}_first", first)
            setattr(summary, f"{code}_last", last)
    for name, value in facts.items():
        setattr(summary, name, value)
    judge(summary)
    OutcomeSummary.objects.filter(pk=episode.pk).delete()
    summary.save(force_insert=True)
    return summary
