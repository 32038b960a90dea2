"""Reads of courses that pages repeat: an episode's course with its facts (and, for the
fidelity page, its score), its latest intake screen, a session about to change, supervisor
alerts, progress notes (and their gate), the risk facts the course keeps (intake findings,
open escalations), and the stored fidelity of a supervisor's team."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openipt.caseload import access
from openipt.caseload.models import Episode, EpisodeStatus

from . import appointments, modalities, readings, schedule
from .fidelity import POOLED_SUMS, PooledFidelity, load_courses
from .models import (
    Attendance,
    CourseFidelity,
    CoursePlan,
    CourseStartRequest,
    FollowUpSession,
    IntakeScreen,
    NoteAddendum,
    ProgressNote,
    Session,
    Stage,
    StartRequestStatus,
    SupervisorAlert,
)

# How long an acknowledged escalation stays listed on the supervisor's page.
ACKNOWLEDGED_SHOWN_DAYS = 14


def latest_intake(episode):
    return episode.intake_screens.order_by("-screened_on", "-id").first()


def load_course(episode, *, scoring=False):
    """The episode's course (plan, facts, schedule; with `scoring`, what its fidelity is
    scored from) or None, in a fixed number of queries."""
    found = load_courses(CoursePlan.objects.filter(episode=episode), scoring=scoring)
    return found[0] if found else None


def plan_of(episode):
    return CoursePlan.objects.filter(episode=episode).first()


def has_course(episode):
    return CoursePlan.objects.filter(episode=episode).exists()


def session_to_change(session):
    """A fresh copy of a session with its episode and client, for an action to change."""
    return Session.objects.select_related("episode__client").get(pk=session.pk)


def latest_supervisor_alert(episode):
    return episode.supervisor_alerts.select_related("supervisor").first()


@dataclass(frozen=True)
class MeasurePlan:
    """The measures a course of one modality uses here, for the start form and course page."""

    modality: object
    lines: list
    # (name of an instrument not offered here, names of what is asked instead or "")
    replaced: list


def measure_plan(modality, organisation, catalogue=None):
    catalogue = catalogue or readings.catalogue()
    lines = [
        (line.when, catalogue.names(line.codes))
        for line in schedule.measure_plan(modality, catalogue, organisation.start_end_measures)
    ]
    replaced = [
        (catalogue.label(code), catalogue.names(instead))
        for code, instead in schedule.replaced(modality, catalogue)
    ]
    return MeasurePlan(modality, lines, replaced)


def measure_plans(organisation):
    """A MeasurePlan for every shipped modality, in registry order."""
    catalogue = readings.catalogue()
    return [measure_plan(m, organisation, catalogue) for m in modalities.SHIPPED]


# --- stored fidelity: the supervisor's team -------------------------------------------

# How the team's courses can be ordered: key -> (label, ordering). Shares that expect
# nothing yet (None) go last either way.
FIDELITY_ORDERS = {
    "score": (_("Lowest score first"), (F("score").asc(nulls_last=True),)),
    "-score": (_("Highest score first"), (F("score").desc(nulls_last=True),)),
    "tasks": (_("Fewest tasks done first"), (F("task_share").asc(nulls_last=True),)),
    "measures": (_("Fewest measures taken first"), (F("measure_share").asc(nulls_last=True),)),
    "homework": (
        _("Least homework set and reviewed first"),
        (F("homework_share").asc(nulls_last=True),),
    ),
    "attendance": (_("Lowest attendance first"), (F("attendance_rate").asc(nulls_last=True),)),
    "client": (_("Client reference"), ("episode__client__reference",)),
    "clinician": (
        _("Clinician"),
        ("episode__clinician__last_name", "episode__clinician__first_name"),
    ),
}
UNDER_WAY, ENDED = "under_way", "ended"


def team_of(supervisor):
    """The ids of the clinicians a supervisor oversees (access.team_clinician_ids). Filtering
    episodes by `clinician__in` these rather than joining on `clinician__supervisor` lets the
    database start from the team's few clinicians and their episodes (the clinician index):
    with the join, SQLite's planner read every episode of the organisation, and with a
    subquery PostgreSQL did (docs/bench.md)."""
    return access.team_clinician_ids(supervisor)


def team_fidelity(supervisor, *, clinician=None, modality="", site=None, status=""):
    """The stored fidelity of the courses of a supervisor's team, filtered: a queryset."""
    rows = CourseFidelity.objects.filter(
        episode__organisation_id=supervisor.organisation_id,
        episode__clinician__in=team_of(supervisor),
    )
    if clinician is not None:
        rows = rows.filter(episode__clinician=clinician)
    if modality:
        rows = rows.filter(modality=modality)
    if site is not None:
        rows = rows.filter(episode__client__site=site)
    if status == UNDER_WAY:
        rows = rows.exclude(stage=Stage.ENDED)
    elif status == ENDED:
        rows = rows.filter(stage=Stage.ENDED)
    return rows


# The columns a row of the team fidelity page shows (clinic/templatetags/fidelity_rows.py):
# a row reads no others, and its episode, client and clinician nothing but these.
FIDELITY_ROW_FIELDS = (
    "modality",
    "stage",
    "planned_sessions",
    "sessions_recorded",
    "tasks_late",
    "tasks_missing",
    "tasks_without_record",
    "measures_taken",
    "measures_expected",
    "task_share",
    "measure_share",
    "homework_share",
    "closing_share",
    "attendance_rate",
    "score",
    "stale",
    "episode__client__reference",
    "episode__clinician__first_name",
    "episode__clinician__last_name",
    "episode__clinician__username",
)


def in_order(rows, order):
    """Rows for one page of a list: with client and clinician, in the chosen order, and
    only the columns the page shows (turning every column of a course's row, its episode,
    client and clinician into objects was a good part of the page's time)."""
    ordering = FIDELITY_ORDERS.get(order, FIDELITY_ORDERS["score"])[1]
    return (
        rows.select_related("episode__client", "episode__clinician")
        .only(*FIDELITY_ROW_FIELDS)
        .order_by(*ordering, "episode_id")
    )


def pooled_by_clinician(rows) -> dict[int, PooledFidelity]:
    """Clinician id -> their courses' stored fidelity pooled (PooledFidelity): one query."""
    sums = {name: Sum(name) for name in POOLED_SUMS}
    grouped = (
        rows.order_by()
        .values("episode__clinician_id")
        .annotate(courses=Count("pk"), stale=Count("pk", filter=Q(stale=True)), **sums)
    )
    return {row.pop("episode__clinician_id"): PooledFidelity(**row) for row in grouped}


def pooled(parts) -> PooledFidelity:
    """Several PooledFidelity summed (a team's total from its clinicians')."""
    total = PooledFidelity()
    for part in parts:
        for name in (*POOLED_SUMS, "courses", "stale"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


# --- the caseload: what each client's courses need ------------------------------------

# A caseload filter besides the stages: an open episode whose course has not started.
NOT_STARTED = "not_started"


def _open_courses_of_client():
    """The stored rows of the courses of a listed client's open episodes (a subquery)."""
    return CourseFidelity.objects.filter(
        episode__client=OuterRef("pk"), episode__status=EpisodeStatus.OPEN
    )


def with_course_attention(clients, now=None):
    """The clients queryset with, on each row, `next_appointment` (the earliest session of
    any of their episodes still to come, with `next_session_episode` and
    `next_session_number` for the link to it), `next_follow_up` (the earliest booster or
    maintenance session after an ending still to come, with `next_follow_up_episode` and
    `next_follow_up_id`) and `overdue_steps` (course steps overdue in their open episodes'
    courses, from the stored rows), in the same query."""
    now = now or timezone.now()
    upcoming = appointments.upcoming(Session.objects.filter(episode__client=OuterRef("pk")), now)
    follow_ups = FollowUpSession.objects.filter(
        episode__client=OuterRef("pk"),
        attendance=Attendance.SCHEDULED,
        scheduled_for__gte=timezone.localdate(now),
    ).order_by("scheduled_for", "id")
    overdue = (
        _open_courses_of_client()
        .order_by()
        .values("episode__client")
        .annotate(n=Sum("overdue_steps"))
        .values("n")
    )
    return clients.annotate(
        next_appointment=Subquery(upcoming.values("scheduled_for")[:1]),
        # The same session, for the link to its page.
        next_session_episode=Subquery(upcoming.values("episode_id")[:1]),
        next_session_number=Subquery(upcoming.values("number")[:1]),
        next_follow_up=Subquery(follow_ups.values("scheduled_for")[:1]),
        next_follow_up_episode=Subquery(follow_ups.values("episode_id")[:1]),
        next_follow_up_id=Subquery(follow_ups.values("id")[:1]),
        overdue_steps=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
    )


def clients_at_stage(clients, stage):
    """Clients with an open episode whose course is at `stage` (a Stage, or NOT_STARTED:
    an open episode without a course)."""
    if stage == NOT_STARTED:
        waiting = Episode.objects.filter(
            client=OuterRef("pk"), status=EpisodeStatus.OPEN, course_plan__isnull=True
        )
        return clients.filter(Exists(waiting))
    return clients.filter(Exists(_open_courses_of_client().filter(stage=stage)))


def clients_with_measures_due(clients):
    """Clients with an open episode whose course's next session still expects a measure."""
    return clients.filter(Exists(_open_courses_of_client().exclude(due_measures="")))


# --- risk facts the course keeps (measures/risk.py puts them in view) ------------------


def intake_findings(episode_ids):
    """Episode id -> what its latest intake screen found that keeps risk in view (an
    exclusion, a PHQ-9 safety answer), for episodes where it found something. One query;
    `episode_ids` may be a list or a query of ids."""
    latest = IntakeScreen.objects.filter(episode_id=OuterRef("episode_id")).order_by(
        "-screened_on", "-id"
    )
    findings = (
        Q(suicidal_crisis=True)
        | Q(psychosis=True)
        | Q(mania=True)
        | Q(severe_dissociation=True)
        | Q(phq9_safety_answer=True)
    )
    screens = IntakeScreen.objects.filter(episode_id__in=episode_ids).filter(
        findings, pk=Subquery(latest.values("pk")[:1])
    )
    return {screen.episode_id: screen.risk_findings for screen in screens}


def open_alerts(episode_ids):
    """Episode id -> its escalations not yet acknowledged, newest first. One query."""
    found = defaultdict(list)
    alerts = SupervisorAlert.objects.filter(
        episode_id__in=episode_ids, acknowledged_at__isnull=True
    ).select_related("supervisor")
    for alert in alerts.order_by("-created_at", "-id"):
        found[alert.episode_id].append(alert)
    return found


def episodes_with_open_alerts(episode_ids):
    """The ids of those episodes that have an escalation not yet acknowledged: all a list
    row's marker needs (no alert row, no supervisor). One query."""
    return set(
        SupervisorAlert.objects.filter(episode_id__in=episode_ids, acknowledged_at__isnull=True)
        .order_by()
        .values_list("episode_id", flat=True)
        .distinct()
    )


def team_open_episodes(supervisor):
    """The ids of the open episodes of the clinicians a supervisor oversees, as a list: read
    once, then given to each query that needs them rather than compiled into each."""
    return list(
        Episode.objects.filter(
            organisation_id=supervisor.organisation_id,
            clinician__in=team_of(supervisor),
            status=EpisodeStatus.OPEN,
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def episodes_with_clients(ids, *, status):
    """The episodes with these ids and status, with client and clinician, oldest first."""
    return list(
        Episode.objects.filter(pk__in=list(ids), status=status)
        .select_related("client", "clinician")
        .order_by("opened_on", "pk")
    )


def supervisor_alerts_for(supervisor, now=None):
    """(open, recently acknowledged) escalations of a supervisor's team: the alerts sent to
    them or about a clinician they now supervise. Open ones oldest first; acknowledged ones
    from the last ACKNOWLEDGED_SHOWN_DAYS days, newest first. One query."""
    now = now or timezone.now()
    since = now - timedelta(days=ACKNOWLEDGED_SHOWN_DAYS)
    mine = Q(supervisor=supervisor) | Q(episode__clinician__in=team_of(supervisor))
    alerts = (
        SupervisorAlert.objects.filter(mine, episode__organisation_id=supervisor.organisation_id)
        .filter(Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gte=since))
        .select_related("episode__client", "episode__clinician", "raised_by", "acknowledged_by")
        .order_by("created_at", "id")
    )
    rows = list(alerts)
    open_ = [alert for alert in rows if alert.is_open]
    done = sorted((a for a in rows if not a.is_open), key=lambda a: a.acknowledged_at, reverse=True)
    return open_, done


def supervisor_alert_for(user, pk, need=access.VIEW_CLINICAL):
    alerts = SupervisorAlert.objects.select_related("episode__clinician", "supervisor")
    return access.record_for(user, alerts, pk, need, what="alert")


# --- course starts held for approval (start_rules.py) -------------------------------------


def start_requests_waiting_for(supervisor):
    """Course starts held for this supervisor's approval (their team's), oldest first.
    One query."""
    return list(
        CourseStartRequest.objects.filter(
            status=StartRequestStatus.PENDING,
            episode__clinician__in=team_of(supervisor),
            episode__organisation_id=supervisor.organisation_id,
        )
        .select_related("episode__client", "requested_by")
        .order_by("requested_at", "id")
    )


def start_request_to_decide(user, pk):
    """A held course start, for its clinician's supervisor to decide: through the episode
    gate (404 for another organisation), then 403 for anyone but that supervisor."""
    requests = CourseStartRequest.objects.select_related("episode__client", "episode__clinician")
    held = access.record_for(user, requests, pk, access.VIEW_CLINICAL, what="request")
    if held.episode.clinician.supervisor_id != user.pk:
        raise PermissionDenied("Only the clinician's supervisor decides a held course start.")
    return held


def start_requests_of(episode):
    """The episode's held course starts, newest first, for the start form."""
    return list(episode.course_start_requests.select_related("decided_by").order_by("-pk"))


# --- progress notes ----------------------------------------------------------------------


def _notes():
    addenda = NoteAddendum.objects.select_related("written_by").order_by("signed_at", "id")
    return ProgressNote.objects.select_related(
        "session", "written_by", "signed_by", "cosigned_by"
    ).prefetch_related(Prefetch("addenda", queryset=addenda, to_attr="addenda_list"))


def progress_note_for(user, pk, need=access.VIEW_CLINICAL):
    """A progress note through the episode gate: the treating clinician and their
    supervisor read it (403 for anyone else in the organisation, the admin included)."""
    return access.record_for(user, _notes(), pk, need, what="note")


def note_of(session):
    """The session's progress note with its addenda, or None. Two queries."""
    return _notes().filter(session=session).first()


def notes_waiting_for(supervisor):
    """Signed notes waiting for this supervisor's co-signature, oldest first."""
    return list(
        ProgressNote.objects.filter(
            cosignature_required=True,
            cosigned_at__isnull=True,
            signed_at__isnull=False,
            signed_by__supervisor=supervisor,
            episode__organisation_id=supervisor.organisation_id,
        )
        .select_related("session", "signed_by", "episode__client")
        .order_by("signed_at", "id")
    )


# --- courses that continue an earlier one ------------------------------------------------


def ended_courses_of(episode):
    """The client's other courses in this organisation that have ended, latest first: the
    courses a new one (maintenance, or a course after a relapse) may continue."""
    return list(
        CoursePlan.objects.filter(
            episode__client_id=episode.client_id,
            episode__organisation_id=episode.organisation_id,
            episode__course_ending__isnull=False,
        )
        .exclude(episode_id=episode.pk)
        .select_related("episode__course_ending")
        .order_by("-episode__course_ending__ended_on", "-pk")
    )


@dataclass(frozen=True)
class CourseLinks:
    """The earlier course this one continues, and the later courses that continue it."""

    continues: object  # CoursePlan or None
    continued_by: list


def course_links(plan):
    """Both directions of the link between a course and the client's other courses."""
    continues = None
    if plan.continues_episode_id is not None:
        continues = (
            CoursePlan.objects.filter(episode_id=plan.continues_episode_id)
            .select_related("episode__course_ending")
            .first()
        )
    continued_by = list(
        CoursePlan.objects.filter(continues_episode_id=plan.episode_id).order_by("started_on", "pk")
    )
    return CourseLinks(continues=continues, continued_by=continued_by)


# --- booster and maintenance sessions after the ending -----------------------------------


def follow_up_of(episode, pk):
    """The episode's follow-up session `pk`, or None."""
    return episode.follow_up_sessions.filter(pk=pk).first()


def follow_up_scores(follow_up):
    """(instrument code, total) of each measure asked at a follow-up session."""
    return list(follow_up.administrations.order_by("id").values_list("instrument", "total"))
