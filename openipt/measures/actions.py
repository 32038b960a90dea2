"""Every change to measures and risk flags, each atomic and audited in the same transaction."""

import logging
from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openipt import notices
from openipt.accounts.models import Organisation
from openipt.audit.record import record
from openipt.calendar_rules import add_working_days
from openipt.caseload import access, events
from openipt.conflicts import refused_on_conflict
from openipt.protocol import actions as course_actions
from openipt.protocol import fidelity_store
from openipt.protocol.actions import escalate_if_needed
from openipt.protocol.escalation import facts_for
from openipt.protocol.models import Attendance
from openipt.protocol.queries import latest_intake

from . import instruments
from .instruments import srm5
from .models import (
    UNANSWERED,
    FlagSource,
    FlagStatus,
    MeasureAdministration,
    QuestionnaireDraft,
    Respondent,
    RhythmDiaryDraft,
    RhythmWeek,
    RiskFlag,
)
from .queries import late_flag_recipient, phq9_totals

# Which organisation setting turns proration on for which instrument. Proration is an
# UNSETTLED convention (docs/instruments.md), so it is never on without the organisation's choice.
PRORATION_SETTINGS = {"phq9": "allow_phq9_proration"}

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
    language="en",
    follow_up=None,
    request=None,
):
    """Score and store one questionnaire; raise a risk flag for each safety answer.
    `language` is the one its questions were asked in (the score never depends on it).
    `follow_up`: the booster or maintenance session it was asked at, after the ending.

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
        follow_up=follow_up,
        instrument=result.instrument,
        instrument_version=result.version,
        administered_on=administered_on,
        respondent=respondent,
        language=language,
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
    record(
        actor,
        "measure.recorded",
        administration,
        client=client,
        request=request,
        facts={"instrument": administration.instrument, "prorated": result.prorated},
    )
    events.episode_changed(events.MEASURE_RECORDED, administration=administration)
    if session is not None:  # only a measure given at a session counts in the schedule
        fidelity_store.refresh(episode.pk)
    _raise_flags(administration, actor=actor, request=request)
    # Counsellor mode: a safety answer or a high PHQ-9 tells the supervisor at once.
    escalate_if_needed(actor, episode, facts_for(episode), request=request)
    return administration


def _raise_flags(administration, *, actor, request):
    """A flag for each safety answer of a recorded questionnaire: the open flag already
    raised for the same answer while the questionnaire was unfinished (same episode,
    session, questionnaire and question) is linked to it; otherwise a new flag is raised.
    Each is audited."""
    episode, answers = administration.episode, administration.answers
    code, session_id = administration.instrument, administration.session_id
    flags = []
    for reason, key in instruments.safety_answers(code, answers):
        unsent = _unsent_flags(episode.pk, session_id, code).filter(item_key=key)
        linked = _link(unsent, administration, actor=actor, request=request)
        if not linked:
            flag = _new_flag(
                episode, session_id, code, reason, key, answers.get(key), administration
            )
            record(
                actor,
                "risk_flag.raised",
                flag,
                client=episode.client,
                request=request,
                facts={"source": flag.source},
            )
            linked = [flag]
        flags += linked
    return flags


def _unsent_flags(episode_id, session_id, instrument):
    """Open flags raised from a questionnaire not yet sent, for one session's questionnaire."""
    return RiskFlag.objects.filter(
        episode_id=episode_id,
        session_id=session_id,
        instrument=instrument,
        status=FlagStatus.OPEN,
        administration__isnull=True,
    )


def _link(unsent, administration, *, actor, request):
    """Link each of these unsent flags to the administration that was sent; audited."""
    linked = []
    for flag in unsent:
        # Conditional, so a flag is linked once even if two sends race.
        if RiskFlag.objects.filter(pk=flag.pk, administration__isnull=True).update(
            administration=administration
        ):
            flag.administration = administration
            linked.append(flag)
            record(
                actor,
                "risk_flag.linked",
                flag,
                client=administration.episode.client,
                request=request,
            )
    return linked


def _new_flag(episode, session_id, instrument, reason, key, value, administration=None):
    item = instruments.QUESTIONNAIRES[instrument].item(key)
    return RiskFlag.objects.create(
        organisation_id=episode.organisation_id,
        episode_id=episode.pk,
        client_id=episode.client_id,
        administration=administration,
        instrument=instrument,
        session_id=session_id,
        source=FlagSource.RECORDED if administration else FlagSource.UNFINISHED,
        reason=reason,
        item_key=key,
        item_label=item.text or item.label,
        answer_value="" if value is None else str(value),
        answer_label=_answer_label(item, value),
    )


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
        # Never shown: the flag's page says it in its own words.
        raise FlagAlreadyResolved("This flag has already been resolved.")
    # Resolving also acknowledges: the clinician has plainly seen it.
    RiskFlag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor
    )
    flag.refresh_from_db()
    record(actor, "risk_flag.resolved", flag, client=flag.client, request=request)
    return flag


# --- the PHQ-9 of the intake screen and of the course ending ----------------------------
#
# Both are full administrations, asked item by item, so item 9 is asked and raises its
# flag there as anywhere else. The course's own records keep a PHQ-9 total
# (IntakeScreen.phq9_total, CourseEnding.first_phq9 / last_phq9), set here from the
# administrations in the same change, so the two never disagree. Rows from before this
# (typed totals, no administration) are kept as they were.


@transaction.atomic
def record_intake_screen(
    actor,
    episode,
    *,
    phq9_answers=None,
    referral=None,
    medication_review=None,
    request=None,
    **screen,
):
    """The intake screen, with its PHQ-9 (None when it was not asked) recorded as a
    client-in-session administration on the day of the screen. Returns (screen,
    administration or None). Raises InvalidAnswers (nothing written) for a bad PHQ-9."""
    administration = None
    if phq9_answers is not None:
        administration = record_administration(
            actor,
            episode,
            "phq9",
            phq9_answers,
            administered_on=screen["screened_on"],
            respondent=Respondent.CLIENT_IN_SESSION,
            request=request,
        )
    total = administration.total if administration else None
    # A safety answer at intake stays in view with the course (measures/risk.py).
    safety = bool(administration.risk_flags.exists()) if administration else None
    intake = course_actions.record_intake(
        actor,
        episode,
        referral=referral,
        medication_review=medication_review,
        request=request,
        phq9_total=total,
        phq9_safety_answer=safety,
        **screen,
    )
    return intake, administration


@transaction.atomic
def end_course(actor, plan, *, phq9_answers=None, request=None, **ending):
    """End the course (protocol.actions.end_course), with a PHQ-9 asked at the ending (None
    when it was not) recorded as an administration on the end date. The summary's first
    and last PHQ-9 are then taken from the episode's records (`phq9_summary`). Returns
    (ending, administration or None)."""
    episode = plan.episode
    administration = None
    if phq9_answers is not None:
        administration = record_administration(
            actor,
            episode,
            "phq9",
            phq9_answers,
            administered_on=ending["ended_on"],
            respondent=Respondent.CLIENT_IN_SESSION,
            request=request,
        )
    first, last = phq9_summary(episode)
    summary = course_actions.end_course(
        actor, plan, request=request, first_phq9=first, last_phq9=last, **ending
    )
    return summary, administration


@transaction.atomic
def record_follow_up(actor, follow_up, *, phq9_answers=None, request=None, **fields):
    """Record a booster or maintenance session (protocol.actions.record_follow_up) with the
    PHQ-9 asked at it, if it was (tied to the follow-up, dated the session's day; its
    safety answers raise flags as anywhere else). Returns (follow_up, administration or
    None)."""
    follow_up = course_actions.record_follow_up(actor, follow_up, request=request, **fields)
    administration = None
    if phq9_answers is not None and follow_up.attendance == Attendance.ATTENDED:
        administration = record_administration(
            actor,
            follow_up.episode,
            "phq9",
            phq9_answers,
            administered_on=follow_up.held_on,
            respondent=Respondent.CLIENT_IN_SESSION,
            follow_up=follow_up,
            request=request,
        )
    return follow_up, administration


def phq9_summary(episode):
    """(first, last) PHQ-9 totals known for the episode, for the course ending: its PHQ-9
    administrations in order, preceded by the latest intake screen's total when that screen
    is older than the first administration (a typed total from before the intake asked
    the items); (None, None) when there is none."""
    known = phq9_totals(episode)
    screen = latest_intake(episode)
    if screen and screen.phq9_total is not None and (not known or screen.screened_on < known[0][0]):
        known.insert(0, (screen.screened_on, screen.phq9_total))
    return (known[0][1], known[-1][1]) if known else (None, None)


# --- questionnaires at home (portal) ---------------------------------------------------


@transaction.atomic
def save_questionnaire_draft(actor, client, session, instrument_code, answers, *, request=None):
    """Keep a client's partial answers for the questionnaire due at `session`; never scored.

    A safety answer among them raises its flag now, in this change, marked as coming from
    an unfinished questionnaire: it never waits for the questionnaire to be sent. Saving
    the same answer again raises nothing more, and changing the answer back leaves the
    flag open until a clinician records the follow-up.
    """
    draft = _store_draft(actor, client, session, instrument_code, answers, request=request)
    raised = []
    for reason, key in instruments.safety_answers(instrument_code, draft.answers, finished=False):
        if (
            _unsent_flags(session.episode_id, session.pk, instrument_code)
            .filter(item_key=key)
            .exists()
        ):
            continue
        flag = _new_flag(
            session.episode, session.pk, instrument_code, reason, key, draft.answers.get(key)
        )
        record(
            actor,
            "risk_flag.raised",
            flag,
            client=client,
            request=request,
            facts={"source": flag.source},
        )
        raised.append(flag)
    if raised:
        # Counsellor mode: an open flag tells the supervisor at once, as a recorded one does.
        escalate_if_needed(actor, session.episode, facts_for(session.episode), request=request)
    return draft


def _store_draft(actor, client, session, instrument_code, answers, *, request):
    # update_or_create locks the draft row, so two saves of one questionnaire at once
    # take turns, and the check for an open flag above sees the other's flag.
    draft, _ = QuestionnaireDraft.objects.update_or_create(
        client=client,
        session=session,
        instrument=instrument_code,
        defaults={"episode_id": session.episode_id, "answers": dict(answers)},
    )
    record(actor, "questionnaire.draft_saved", draft, client=client, request=request)
    return draft


@transaction.atomic
def finish_questionnaire(
    actor, client, session, instrument_code, answers, *, language="en", request=None
):
    """The client sends a questionnaire with every question answered: the answers are kept
    and scored in one change, and the draft goes. Raises InvalidAnswers (nothing written)
    when the answers do not pass the instrument's validation."""
    draft = _store_draft(actor, client, session, instrument_code, answers, request=request)
    return complete_questionnaire(actor, draft, language=language, request=request)


@transaction.atomic
def complete_questionnaire(actor, draft, *, language="en", request=None):
    """Score the finished draft as an at-home administration for its session; drop the draft.

    Flags raised while it was unfinished are linked to the administration, including one
    whose answer the client changed before sending (it stays open until followed up).
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
        language=language,
        request=request,
    )
    unsent = _unsent_flags(session.episode_id, session.pk, draft.instrument)
    _link(unsent, administration, actor=actor, request=request)
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
    """Open, unacknowledged flags whose late notice has not been sent and whose
    organisation's acknowledgement time (in working days) has run out by `now`."""
    candidates = RiskFlag.objects.filter(
        status=FlagStatus.OPEN,
        acknowledged_at__isnull=True,
        supervisor_notified_at__isnull=True,
        raised_at__lt=now,
    ).select_related(
        "organisation__safety_lead",
        "client",
        "episode__clinician__supervisor",
        "responsible__supervisor",
    )
    return [f for f in candidates if acknowledgement_deadline(f, f.organisation) <= now]


def notify_unacknowledged_risk_flags(now=None):
    """Email each late flag's overseer once: the follow-up clinician's supervisor, or the
    organisation's safety lead when that clinician has no supervisor
    (`queries.late_flag_recipient`). Returns the flags whose overseer was told.

    The mail names no client and no answer: it asks them to sign in.
    """
    now = now or timezone.now()
    told = []
    for flag in flags_past_acknowledgement(now):
        if _notify_overseer(flag, now):
            told.append(flag)
    return told


@transaction.atomic
def _notify_overseer(flag, now):
    clinician = access.follow_up_clinician(flag)
    recipient = late_flag_recipient(clinician, flag.organisation)
    if recipient is None:
        # Nobody to tell: left unclaimed so it is sent once a supervisor or lead is named.
        logger.warning(
            "Risk flag %s is late but has no supervisor or safety lead to tell.", flag.pk
        )
        return False
    # Claim the flag first, so two runs at once cannot both send.
    claimed = RiskFlag.objects.filter(pk=flag.pk, supervisor_notified_at__isnull=True).update(
        supervisor_notified_at=now
    )
    if not claimed:
        return False
    as_lead = recipient.pk != clinician.supervisor_id
    record(
        None,
        "risk_flag.supervisor_notified",
        flag,
        client=flag.client,
        facts={
            "recipient_role": "safety_lead" if as_lead else "supervisor",
            "recipient": recipient.pk,
        },
    )
    notices.send_after_commit(notices.unacknowledged_risk_flag(flag, recipient, as_lead=as_lead))
    return True


# --- who follows a flag up -------------------------------------------------------------


class NotInTheTeam(ValueError):
    """A flag's follow-up goes only to an active clinician of the supervisor's team."""


@transaction.atomic
def reassign_risk_flag(actor, flag, *, to, request=None):
    """A supervisor hands an open flag's follow-up to another clinician of their team
    (say, while the treating clinician is away). Handing it to the treating clinician
    hands it back. The new clinician may then see and resolve the flag (access.py), and
    is mailed (no clinical detail). Raises FlagAlreadyResolved or NotInTheTeam."""
    if not (
        to.organisation_id == flag.organisation_id
        and to.supervisor_id == actor.pk
        and to.is_clinician
        and to.is_active
    ):
        raise NotInTheTeam(gettext("Choose an active therapist or counsellor of your team."))
    responsible = None if to.pk == flag.episode.clinician_id else to
    updated = RiskFlag.objects.filter(pk=flag.pk, status=FlagStatus.OPEN).update(
        responsible=responsible
    )
    if not updated:
        # Never shown: the flag's page says it in its own words.
        raise FlagAlreadyResolved("This flag has already been resolved.")
    flag.responsible = responsible
    record(
        actor,
        "risk_flag.reassigned",
        flag,
        client=flag.client,
        request=request,
        facts={"to": to.pk},
    )
    notices.send_after_commit(notices.risk_flag_handed_over(flag, to, actor))
    return flag


class RhythmWeekExists(Exception):
    """A week starting on that date is already recorded for the episode."""


@transaction.atomic
def record_rhythm_week(actor, episode, *, week_starting, times, session=None, request=None):
    """Score one SRM-5 week (srm5.weekly_regularity) and store it with its times. A week tied
    to a session counts as that session's SRM-5 in the course schedule."""
    if session is not None and session.episode_id != episode.pk:
        raise ValueError("The session belongs to another episode.")
    result = srm5.weekly_regularity(times)
    # The unique constraint is the check: a week already there is refused, never a 500.
    exists = RhythmWeekExists(gettext("A week starting on that date is already recorded."))
    with refused_on_conflict(exists):
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
    if session is not None:  # a week tied to a session is that session's SRM-5
        fidelity_store.refresh(episode.pk)
    return week


# --- the SRM-5 diary in the portal -----------------------------------------------------


@transaction.atomic
def start_rhythm_diary(actor, client, episode, *, week_starting, request=None):
    """Begin a week of the client's SRM-5 diary. Raises RhythmWeekExists (nothing written)
    when a week starting that day is already recorded."""
    if RhythmWeek.objects.filter(episode=episode, week_starting=week_starting).exists():
        raise RhythmWeekExists(gettext("A week starting on that day is already in your diary."))
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
        facts={"day": day},
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
