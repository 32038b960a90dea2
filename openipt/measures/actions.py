"""Every change to measures and risk flags, each atomic and audited in the same transaction."""

import logging
from datetime import time

from django.db import transaction
from django.utils import timezone

from openipt import notices
from openipt.accounts.models import Organisation
from openipt.audit.record import record
from openipt.calendar_rules import add_working_days
from openipt.protocol.actions import escalate_if_needed
from openipt.protocol.escalation import facts_for

from . import instruments
from .instruments import srm5
from .models import (
    FlagStatus,
    MeasureAdministration,
    QuestionnaireDraft,
    RhythmDiaryDraft,
    RhythmWeek,
    RiskFlag,
)

# Which organisation setting turns proration on for which instrument. Proration is an
# UNSETTLED convention (docs/instruments.md), so it is never on without the organisation's choice.
PRORATION_SETTINGS = {"phq9": "allow_phq9_proration"}

UNANSWERED = "not answered"

logger = logging.getLogger(__name__)


class FlagAlreadyResolved(Exception):
    """A resolved flag is a record of what was done: it is never resolved again or edited."""


def prorates(organisation, instrument_code):
    setting = PRORATION_SETTINGS.get(instrument_code)
    return bool(setting and getattr(organisation, setting))


@transaction.atomic
def record_administration(
    actor,
    episode,
    instrument_code,
    answers,
    *,
    administered_on,
    respondent,
    session=None,
    request=None,
):
    """Score and store one questionnaire; raise a risk flag for each safety answer.

    Raises instruments.base.InvalidAnswers (before anything is written) when the answers
    do not pass the instrument's validation.
    """
    if instrument_code not in instruments.QUESTIONNAIRES:
        raise instruments.UnknownInstrument(f"{instrument_code!r} is not a questionnaire.")
    if session is not None and session.episode_id != episode.pk:
        raise ValueError("The session belongs to another episode.")
    organisation = Organisation.objects.get(pk=episode.organisation_id)
    module = instruments.get(instrument_code)
    result = module.score(answers, prorate=prorates(organisation, instrument_code))
    administration = MeasureAdministration.objects.create(
        organisation=organisation,
        episode=episode,
        session=session,
        instrument=result.instrument,
        instrument_version=result.version,
        administered_on=administered_on,
        respondent=respondent,
        answers=dict(answers),
        total=result.total,
        band=result.band.label,
        items_scored=result.items_scored,
        prorated=result.prorated,
        flags=sorted(result.flags),
        notes=list(result.notes),
        recorded_by=actor,
    )
    client = episode.client
    detail = f"{module.NAME}" + (", prorated" if result.prorated else "")
    record(actor, "measure.recorded", administration, client=client, request=request, detail=detail)
    for flag in _raise_flags(administration):
        record(actor, "risk_flag.raised", flag, client=client, request=request)
    # Counsellor mode: a safety answer or a high PHQ-9 tells the supervisor at once.
    escalate_if_needed(actor, episode, facts_for(episode), request=request)
    return administration


def _raise_flags(administration):
    definition = administration.definition
    answers = administration.answers
    flags = []
    for reason, key in instruments.safety_answers(administration.instrument, answers):
        item, value = definition.item(key), answers.get(key)
        flags.append(
            RiskFlag.objects.create(
                organisation_id=administration.organisation_id,
                episode_id=administration.episode_id,
                client_id=administration.episode.client_id,
                administration=administration,
                reason=reason,
                item_key=key,
                item_label=item.text or item.label,
                answer_value="" if value is None else str(value),
                answer_label=_answer_label(item, value),
            )
        )
    return flags


def _answer_label(item, value):
    option = item.option_for(value)
    return option.label if option else UNANSWERED


@transaction.atomic
def resolve_risk_flag(actor, flag, *, assessment_outcome, action_taken, safety_plan, request=None):
    """Record the clinician's follow-up; the flag is then resolved, for good.

    The update is conditional on the flag still being open, so two clinicians resolving
    at once cannot both succeed.
    """
    now = timezone.now()
    updated = RiskFlag.objects.filter(pk=flag.pk, status=FlagStatus.OPEN).update(
        status=FlagStatus.RESOLVED,
        assessment_outcome=assessment_outcome,
        action_taken=action_taken,
        safety_plan=safety_plan,
        resolved_by=actor,
        resolved_at=now,
    )
    if not updated:
        raise FlagAlreadyResolved("This flag has already been resolved.")
    # Resolving also acknowledges: the clinician has plainly seen it.
    RiskFlag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor
    )
    flag.refresh_from_db()
    record(actor, "risk_flag.resolved", flag, client=flag.client, request=request)
    return flag


# --- questionnaires at home (portal) ---------------------------------------------------


@transaction.atomic
def save_questionnaire_draft(actor, client, session, instrument_code, answers, *, request=None):
    """Keep a client's partial answers for the questionnaire due at `session`; never scored."""
    draft, _ = QuestionnaireDraft.objects.update_or_create(
        client=client,
        session=session,
        instrument=instrument_code,
        defaults={"episode_id": session.episode_id, "answers": dict(answers)},
    )
    record(actor, "questionnaire.draft_saved", draft, client=client, request=request)
    return draft


@transaction.atomic
def finish_questionnaire(actor, client, session, instrument_code, answers, *, request=None):
    """The client sends a questionnaire with every question answered: the answers are kept
    and scored in one change, and the draft goes. Raises InvalidAnswers (nothing written)
    when the answers do not pass the instrument's validation."""
    draft = save_questionnaire_draft(
        actor, client, session, instrument_code, answers, request=request
    )
    return complete_questionnaire(actor, draft, request=request)


@transaction.atomic
def complete_questionnaire(actor, draft, *, request=None):
    """Score the finished draft as an at-home administration for its session; drop the draft.

    Raises instruments.base.InvalidAnswers (nothing written, draft kept) when incomplete.
    """
    session = draft.session
    administration = record_administration(
        actor,
        session.episode,
        draft.instrument,
        draft.answers,
        administered_on=timezone.localdate(),
        respondent="client_at_home",
        session=session,
        request=request,
    )
    draft.delete()
    return administration


# --- acknowledging flags and telling the supervisor ------------------------------------


@transaction.atomic
def acknowledge_risk_flag(actor, flag, *, request=None):
    """The clinician has seen the flag. Returns False when it was already acknowledged."""
    updated = RiskFlag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=actor
    )
    flag.refresh_from_db()
    if updated:
        record(actor, "risk_flag.acknowledged", flag, client=flag.client, request=request)
    return bool(updated)


def acknowledgement_deadline(flag, organisation):
    # Working days are counted on the local calendar, not UTC's.
    raised = timezone.localtime(flag.raised_at)
    return add_working_days(raised, organisation.risk_acknowledgement_working_days)


def flags_past_acknowledgement(now):
    """Open, unacknowledged flags whose supervisor has not been told and whose
    organisation's acknowledgement time (in working days) has run out by `now`."""
    candidates = RiskFlag.objects.filter(
        status=FlagStatus.OPEN,
        acknowledged_at__isnull=True,
        supervisor_notified_at__isnull=True,
        raised_at__lt=now,
    ).select_related("organisation", "client", "episode__clinician__supervisor")
    return [f for f in candidates if acknowledgement_deadline(f, f.organisation) <= now]


def notify_unacknowledged_risk_flags(now=None):
    """Email each late flag's supervisor once; returns the flags whose supervisor was told.

    The mail names no client and no answer: it asks the supervisor to sign in.
    """
    now = now or timezone.now()
    told = []
    for flag in flags_past_acknowledgement(now):
        if _notify_supervisor(flag, now):
            told.append(flag)
    return told


@transaction.atomic
def _notify_supervisor(flag, now):
    supervisor = flag.episode.clinician.supervisor
    if supervisor is None or not supervisor.email:
        # Nobody to tell: left unclaimed so it is sent once a supervisor is named.
        logger.warning("Risk flag %s is late but its clinician has no supervisor.", flag.pk)
        return False
    # Claim the flag first, so two runs at once cannot both send.
    claimed = RiskFlag.objects.filter(pk=flag.pk, supervisor_notified_at__isnull=True).update(
        supervisor_notified_at=now
    )
    if not claimed:
        return False
    record(
        None,
        "risk_flag.supervisor_notified",
        flag,
        client=flag.client,
        detail=f"supervisor {supervisor.pk}",
    )
    notices.send_after_commit(notices.unacknowledged_risk_flag(flag, supervisor))
    return True


class RhythmWeekExists(Exception):
    """A week starting on that date is already recorded for the episode."""


@transaction.atomic
def record_rhythm_week(actor, episode, *, week_starting, times, session=None, request=None):
    """Score one SRM-5 week (srm5.weekly_regularity) and store it with its times. A week tied
    to a session counts as that session's SRM-5 in the course schedule."""
    if session is not None and session.episode_id != episode.pk:
        raise ValueError("The session belongs to another episode.")
    if RhythmWeek.objects.filter(episode=episode, week_starting=week_starting).exists():
        raise RhythmWeekExists("A week starting on that date is already recorded.")
    result = srm5.weekly_regularity(times)
    week = RhythmWeek.objects.create(
        organisation_id=episode.organisation_id,
        episode=episode,
        session=session,
        week_starting=week_starting,
        times={
            key: [moment.strftime("%H:%M") if moment else None for moment in days]
            for key, days in times.items()
        },
        score=result.score,
        hits=result.hits,
        qualifying_activities=result.qualifying_activities,
        instrument_version=srm5.VERSION,
        recorded_by=actor,
    )
    record(actor, "rhythm_week.recorded", week, client=episode.client, request=request)
    return week


# --- the SRM-5 diary in the portal -----------------------------------------------------


@transaction.atomic
def start_rhythm_diary(actor, client, episode, *, week_starting, request=None):
    """Begin a week of the client's SRM-5 diary. Raises RhythmWeekExists (nothing written)
    when a week starting that day is already recorded."""
    if RhythmWeek.objects.filter(episode=episode, week_starting=week_starting).exists():
        raise RhythmWeekExists("A week starting on that day is already in your diary.")
    draft, _ = RhythmDiaryDraft.objects.update_or_create(
        client=client,
        episode=episode,
        defaults={"week_starting": week_starting, "times": {}, "days_saved": []},
    )
    record(actor, "rhythm_diary.started", draft, client=client, request=request)
    return draft


@transaction.atomic
def save_rhythm_day(actor, draft, *, day, times, session=None, request=None):
    """Keep one day's five times (`times`: activity key -> time or None) in the draft. When
    every day of the week is saved, the week is sent (`send_rhythm_diary`) and returned;
    otherwise the draft is."""
    if not 1 <= day <= srm5.DAYS_IN_WEEK:
        raise ValueError(f"Day {day} is outside the week.")
    stored = {
        key: list(draft.times.get(key) or [None] * srm5.DAYS_IN_WEEK) for key in srm5.ACTIVITY_KEYS
    }
    for key in srm5.ACTIVITY_KEYS:
        moment = times.get(key)
        stored[key][day - 1] = moment.strftime("%H:%M") if moment else None
    draft.times = stored
    draft.days_saved = sorted({*draft.days_saved, day})
    draft.save(update_fields=["times", "days_saved", "updated_at"])
    record(
        actor,
        "rhythm_diary.day_saved",
        draft,
        client=draft.client,
        request=request,
        detail=f"day {day}",
    )
    if len(draft.days_saved) == srm5.DAYS_IN_WEEK:
        return send_rhythm_diary(actor, draft, session=session, request=request)
    return draft


@transaction.atomic
def send_rhythm_diary(actor, draft, *, session=None, request=None):
    """Score the diary's week as an SRM-5 week (days never filled in count as not done),
    tied to `session` (the next one, which reviews it), and drop the draft."""
    week = record_rhythm_week(
        actor,
        draft.episode,
        week_starting=draft.week_starting,
        times=draft_week(draft),
        session=session,
        request=request,
    )
    draft.delete()
    return week


def draft_week(draft):
    """The draft's times as srm5 expects them: activity key -> seven times or None."""
    return {
        key: [_clock(value) for value in (draft.times.get(key) or [None] * srm5.DAYS_IN_WEEK)]
        for key in srm5.ACTIVITY_KEYS
    }


def _clock(value):
    return time.fromisoformat(value) if value else None
