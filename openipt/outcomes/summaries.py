"""Keeping each episode's outcome summary true to its records.

Three ways, one result:
- **on each change**: the actions of caseload, protocol and measures name the moment an
  episode's facts change (caseload/events.py) and the listener here updates that one
  summary in the same transaction, in a fixed number of queries whatever the size of the
  episode (at most three);
- **from the records** (`recompute`, `rebuild_all`): every summary worked out afresh from
  the episodes' records in six queries per batch; `openipt rebuild-outcome-summaries`;
- **marked** (`mark_for_recomputation`): for a change made outside these actions (an
  erasure, a correction), the summaries are flagged stale in the caller's transaction and
  recomputed once it commits.

A property test (tests/test_summary_properties.py) checks that the first way always
arrives where the second does. Every moment that changes a summary is listed in
docs/outcomes.md, "What keeps a summary up to date".
"""

import logging

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from openipt.caseload import events
from openipt.caseload.models import Episode
from openipt.measures import outcomes
from openipt.measures.models import MeasureAdministration
from openipt.measures.queries import improvement_rule
from openipt.protocol.models import Attendance, CourseEnding, CoursePlan, IntakeScreen, Session

from .models import OutcomeSummary
from .periods import quarter_number

PAIRED = outcomes.PAIRED_MEASURES
# Episodes worked out together by the rebuild: six queries and one insert per batch.
REBUILD_BATCH = 2000

logger = logging.getLogger(__name__)


def listen_to_episode_events():
    events.listen(events.EPISODE_OPENED, episode_opened)
    events.listen(events.EPISODE_REASSIGNED, episode_reassigned)
    events.listen(events.CLIENT_SITE_CHANGED, client_site_changed)
    events.listen(events.INTAKE_RECORDED, intake_recorded)
    events.listen(events.COURSE_STARTED, course_started)
    events.listen(events.SESSIONS_CHANGED, sessions_changed)
    events.listen(events.COURSE_ENDED, course_ended)
    events.listen(events.MEASURE_RECORDED, measure_recorded)


# --- the rules, from the stored facts ------------------------------------------------------


def pairs_of(summary):
    """The first and last score of each measure given at least twice (outcomes.pairs_from)."""
    return {
        code: outcomes.Pair(getattr(summary, f"{code}_first"), getattr(summary, f"{code}_last"))
        for code in PAIRED
        if getattr(summary, f"{code}_count") > 1
    }


def judge(summary):
    """Set what follows from the summary's facts: the waiting time, the quarter the course
    ended in, and the result of every rule of measures/outcomes.py under the reliable
    improvement rule in force."""
    summary.ended_quarter = quarter_number(summary.ended_on) if summary.ended_on else None
    summary.waiting_days = (
        (summary.first_treatment_on - summary.referred_on).days
        if summary.first_treatment_on is not None
        else None
    )
    rule = improvement_rule()
    pairs = pairs_of(summary)
    results = outcomes.rule_results(
        pairs,
        summary.attended_sessions,
        ended=summary.ended_on is not None,
        improvement_rule=rule,
    )
    for name, value in results.items():
        setattr(summary, name, value)
    summary.improvement_rule = rule
    summary.has_pairs = bool(pairs)
    return summary


# --- on each change ------------------------------------------------------------------------


def episode_opened(*, episode):
    summary = OutcomeSummary(
        episode=episode,
        organisation_id=episode.organisation_id,
        clinician_id=episode.clinician_id,
        site_id=episode.client.site_id,
        referred_on=episode.opened_on,
    )
    judge(summary).save(force_insert=True)


def episode_reassigned(*, episode):
    _set(episode.pk, clinician_id=episode.clinician_id)


def client_site_changed(*, client):
    # One statement for all the client's episodes; an episode without a summary yet gets
    # the new site when its summary is made.
    OutcomeSummary.objects.filter(episode__client_id=client.pk).update(
        site_id=client.site_id, updated_at=timezone.now()
    )


def intake_recorded(*, screen):
    summary = _locked(screen.episode_id)
    if summary is not None and (
        summary.assessed_on is None or screen.screened_on < summary.assessed_on
    ):
        summary.assessed_on = screen.screened_on
        summary.save(update_fields=["assessed_on", "updated_at"])


def course_started(*, plan):
    _set(plan.episode_id, modality=plan.modality, course_started_on=plan.started_on)


def sessions_changed(*, episode_id):
    """A session recorded, or its record corrected: the attended sessions are counted again
    (one aggregate over the episode's sessions), since a correction can take one away."""
    attended = Session.objects.filter(
        episode_id=episode_id, attendance=Attendance.ATTENDED
    ).aggregate(count=Count("pk"), first=Min("held_on"))
    summary = _locked(episode_id)
    if summary is not None:
        summary.attended_sessions = attended["count"]
        summary.first_treatment_on = attended["first"]
        judge(summary).save()


def course_ended(*, ending):
    summary = _locked(ending.episode_id)
    if summary is not None:
        summary.ended_on = ending.ended_on
        summary.end_reason = ending.reason
        judge(summary).save()


def measure_recorded(*, administration):
    # A booster's score after the ending is not part of the course's outcome.
    if administration.instrument not in PAIRED or administration.follow_up_id is not None:
        return
    summary = _locked(administration.episode_id)
    if summary is not None:
        add_score(
            summary, administration.instrument, administration.administered_on, administration.total
        )
        judge(summary).save()


def add_score(summary, code, day, total):
    """A new score of a paired measure. It was recorded after every score already counted,
    so among scores of the same day it comes last (the order of outcomes.pairs_from:
    day, then time of recording): it is the first only if its day is earlier than the
    first's, and the last unless its day is earlier than the last's."""
    count = getattr(summary, f"{code}_count")
    if count == 0 or day < getattr(summary, f"{code}_first_on"):
        setattr(summary, f"{code}_first", total)
        setattr(summary, f"{code}_first_on", day)
    if count == 0 or day >= getattr(summary, f"{code}_last_on"):
        setattr(summary, f"{code}_last", total)
        setattr(summary, f"{code}_last_on", day)
    setattr(summary, f"{code}_count", count + 1)


def _set(episode_id, **fields):
    if not OutcomeSummary.objects.filter(pk=episode_id).update(updated_at=timezone.now(), **fields):
        recompute([episode_id])


def _locked(episode_id):
    """The episode's summary, locked until the change commits; None when it had none (an
    episode from before summaries were kept), which is then worked out from its records,
    the change included."""
    summary = OutcomeSummary.objects.select_for_update().filter(pk=episode_id).first()
    if summary is None:
        recompute([episode_id])
    return summary


# --- from the records ----------------------------------------------------------------------


@transaction.atomic
def recompute(episode_ids):
    """Work out these episodes' summaries afresh from their records (an episode that no
    longer exists loses its summary). Returns how many were written."""
    ids = sorted(set(episode_ids))
    if not ids:
        return 0
    return _replace(Episode.objects.filter(pk__in=ids), OutcomeSummary.objects.filter(pk__in=ids))


def rebuild_all(*, batch_size=REBUILD_BATCH):
    """Every episode's summary, worked out afresh, a batch of episode ids at a time (each
    batch in its own transaction, with its summaries locked while it is replaced).
    Returns how many summaries were written."""
    bounds = Episode.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        OutcomeSummary.objects.all().delete()
        return 0
    written = 0
    for start in range(bounds["low"], bounds["high"] + 1, batch_size):
        with transaction.atomic():
            in_batch = {"pk__gte": start, "pk__lt": start + batch_size}
            written += _replace(
                Episode.objects.filter(**in_batch), OutcomeSummary.objects.filter(**in_batch)
            )
    return written


def recompute_stale():
    """Recompute every summary marked stale (left so when a recomputation after commit
    failed). Returns how many were written."""
    stale = list(OutcomeSummary.objects.filter(stale=True).values_list("pk", flat=True))
    return sum(
        recompute(stale[start : start + REBUILD_BATCH])
        for start in range(0, len(stale), REBUILD_BATCH)
    )


def _replace(episodes, summaries):
    list(summaries.select_for_update().values_list("pk", flat=True))  # wait for writers
    fresh = summaries_from_records(episodes)
    summaries.delete()
    OutcomeSummary.objects.bulk_create(fresh, batch_size=500)
    return len(fresh)


def summaries_from_records(episodes):
    """Unsaved, judged summaries of these episodes (a queryset), from their records: six
    queries, whatever the number of episodes."""
    within = {"episode__in": episodes.values("pk")}
    plans = {
        row[0]: row[1:]
        for row in CoursePlan.objects.filter(**within).values_list(
            "episode_id", "modality", "started_on"
        )
    }
    endings = {
        row[0]: row[1:]
        for row in CourseEnding.objects.filter(**within).values_list(
            "episode_id", "ended_on", "reason"
        )
    }
    assessed = dict(
        IntakeScreen.objects.filter(**within)
        .order_by()
        .values("episode_id")
        .annotate(first=Min("screened_on"))
        .values_list("episode_id", "first")
    )
    attended = {
        row[0]: row[1:]
        for row in Session.objects.filter(**within, attendance=Attendance.ATTENDED)
        .order_by()
        .values("episode_id")
        .annotate(count=Count("pk"), first=Min("held_on"))
        .values_list("episode_id", "count", "first")
    }
    scores = _scores_of(within)
    summaries = []
    for pk, organisation_id, clinician_id, site_id, opened_on in episodes.order_by(
        "pk"
    ).values_list("pk", "organisation_id", "clinician_id", "client__site_id", "opened_on"):
        summary = OutcomeSummary(
            episode_id=pk,
            organisation_id=organisation_id,
            clinician_id=clinician_id,
            site_id=site_id,
            referred_on=opened_on,
            assessed_on=assessed.get(pk),
        )
        summary.modality, summary.course_started_on = plans.get(pk, ("", None))
        summary.ended_on, summary.end_reason = endings.get(pk, (None, ""))
        summary.attended_sessions, summary.first_treatment_on = attended.get(pk, (0, None))
        for name, value in scores.get(pk, {}).items():
            setattr(summary, name, value)
        summary.updated_at = timezone.now()
        summaries.append(judge(summary))
    return summaries


def _scores_of(within):
    """Episode id -> the first and last score (and their days) and the number of scores
    of each paired measure, from the scores in the order of outcomes.pairs_from."""
    found = {}
    rows = (
        MeasureAdministration.objects.filter(
            **within, instrument__in=PAIRED, follow_up__isnull=True
        )
        .order_by("episode_id", "instrument", "administered_on", "created_at", "id")
        .values_list("episode_id", "instrument", "administered_on", "total")
    )
    for episode_id, code, day, total in rows.iterator(chunk_size=5000):
        facts = found.setdefault(episode_id, {})
        if f"{code}_count" not in facts:
            facts[f"{code}_first"], facts[f"{code}_first_on"] = total, day
            facts[f"{code}_count"] = 0
        facts[f"{code}_last"], facts[f"{code}_last_on"] = total, day
        facts[f"{code}_count"] += 1
    return found


# --- marked by a change made elsewhere -----------------------------------------------------


def mark_for_recomputation(episode_ids):
    """For a change to episodes' records made outside the actions that keep summaries up to
    date (an erasure, a correction): call it inside that change's transaction. The
    summaries are marked stale at once and worked out afresh from the records once the
    change commits (nothing is recomputed if it rolls back). Should that recomputation
    fail, the summaries stay marked, the dashboard says so, and
    `openipt rebuild-outcome-summaries --stale` finishes the job."""
    ids = sorted(set(episode_ids))
    if not ids:
        return
    OutcomeSummary.objects.filter(pk__in=ids).update(stale=True)
    transaction.on_commit(lambda: recompute(ids), robust=True)
