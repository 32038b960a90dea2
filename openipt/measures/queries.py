"""Reads of measures and risk flags that cross relations or repeat across pages.

The `*_for` functions are the gates for measure records, built on
caseload.access.record_for (404 outside the organisation, 403 inside it without access).
"""

from dataclasses import dataclass
from datetime import time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from openipt.accounts.staff import overseer_of
from openipt.caseload import access
from openipt.caseload.models import Episode, EpisodeStatus
from openipt.protocol import escalation, readings, schedule
from openipt.protocol.models import Attendance, CourseEnding, CoursePlan

from . import charts, instruments, outcomes
from .instruments import srm5
from .models import (
    FlagStatus,
    MeasureAdministration,
    QuestionnaireDraft,
    RhythmDiaryDraft,
    RhythmWeek,
    RiskFlag,
)


def administration_for(user, pk, need=access.VIEW_CLINICAL):
    administrations = MeasureAdministration.objects.select_related(
        "session", "recorded_by", "organisation"
    )
    return access.record_for(user, administrations, pk, need, what="measure")


def risk_flag_for(user, pk, need=access.VIEW_CLINICAL):
    """A safety flag through its gate (`access.flag_for`): who may see it, follow it up
    (`access.FOLLOW_UP`) or hand it on (`access.REASSIGN`)."""
    flags = RiskFlag.objects.select_related(
        "administration",
        "resolved_by",
        "acknowledged_by",
        "session",
        "responsible",
        "organisation",
        "episode__client",
        "episode__clinician",
        "episode__organisation",
    )
    flag = access.flag_for(user, flags, pk, need)
    flag.client = flag.episode.client
    if flag.administration is not None:
        flag.administration.episode = flag.episode
    return flag


def late_flag_recipient(clinician, organisation):
    """Who is mailed when a flag followed up by `clinician` waits too long: their
    supervisor, or, when they have none (or none who can receive mail), the
    organisation's safety lead; None when there is nobody to tell."""
    person = overseer_of(clinician, organisation)
    if person is None or not person.email:
        # A supervisor without an address: the safety lead, if they have one.
        lead = organisation.safety_lead
        person = lead if lead is not None and lead.is_active and lead.email else None
    return person


@dataclass(frozen=True)
class AfterSafetyAnswer:
    """What the portal may promise a client after a safety answer, and no more."""

    working_days: int
    someone_told_when_late: bool


def after_a_safety_answer(episode):
    organisation = episode.organisation
    recipient = late_flag_recipient(episode.clinician, organisation)
    return AfterSafetyAnswer(organisation.risk_acknowledgement_working_days, recipient is not None)


def with_open_flag(clients, user):
    """The clients queryset with `has_open_flag` on each row: an open safety flag of the
    client that `user` follows (`access.flag_scope`, as in `open_risk_flags`)."""
    flags = RiskFlag.objects.filter(client=OuterRef("pk"), status=FlagStatus.OPEN).filter(
        access.flag_scope(user)
    )
    return clients.annotate(has_open_flag=Exists(flags))


def open_risk_flags(user):
    """Open flags a clinician treats or was handed, a supervisor oversees, or the safety
    lead answers for (`access.flag_scope`), oldest first; one query.

    The organisation admin gets none: flags are clinical content.
    """
    return (
        RiskFlag.objects.filter(organisation_id=user.organisation_id, status=FlagStatus.OPEN)
        .filter(access.flag_scope(user))
        .select_related("client", "administration", "episode__clinician", "responsible")
        .order_by("raised_at", "id")
    )


@dataclass(frozen=True)
class Trajectory:
    code: str
    name: str
    x_title: str
    svg: SafeString
    # (chart point, administration) in time order, for the table beside the chart.
    rows: tuple


def trajectories(administrations, *, id_prefix):
    """One chart per instrument recorded in the episode, in the registry's order."""
    by_code = {}
    for administration in administrations:
        by_code.setdefault(administration.instrument, []).append(administration)
    return [
        _trajectory(instruments.QUESTIONNAIRES[code], by_code[code], f"{id_prefix}-{code}")
        for code in instruments.QUESTIONNAIRES
        if code in by_code
    ]


def _trajectory(definition, rows, chart_id):
    points, x_title = charts.points_from(rows)
    caseness = definition.caseness_threshold
    svg = charts.trajectory_svg(
        chart_id=chart_id,
        title=chart_title(definition.name),
        description=charts.describe(
            definition.name,
            points,
            lambda total: gettext(definition.band_for(total).label),
            caseness,
        ),
        points=points,
        # Band names are kept in English (gettext_noop in the modules): shown translated.
        bands=[charts.BandShade(b.lower, b.upper, gettext(b.label)) for b in definition.bands],
        max_total=definition.max_total,
        x_title=x_title,
        caseness=caseness,
    )
    # Every text in the markup was escaped by charts.trajectory_svg.
    markup = mark_safe(svg)  # noqa: S308
    rows = tuple(zip(points, rows, strict=True))
    return Trajectory(definition.code, definition.name, x_title, markup, rows)


def chart_title(name):
    return gettext("%(name)s scores over this episode") % {"name": name}


def episode_administrations(episode):
    return list(
        episode.administrations.select_related("session", "recorded_by").order_by(
            "administered_on", "created_at", "id"
        )
    )


# The scores the course page shows at the top, in this order.
HEADLINE_MEASURES = ("phq9", "gad7")


def latest_scores(episode):
    """The latest administration of each headline measure (PHQ-9, GAD-7) of the episode,
    in that order, leaving out a measure never given. One query."""
    latest = {}
    for administration in episode.administrations.filter(instrument__in=HEADLINE_MEASURES).order_by(
        "administered_on", "created_at", "id"
    ):
        latest[administration.instrument] = administration
    return [latest[code] for code in HEADLINE_MEASURES if code in latest]


def record_form_defaults(episode, today):
    """What the staff measure form offers: today's session of the episode (held or
    scheduled today), and who answered the episode's latest questionnaire. Two queries."""
    today_only = Q(held_on=today) | Q(held_on__isnull=True, scheduled_for__date=today)
    session = episode.sessions.filter(today_only).order_by("number").first()
    latest = episode.administrations.order_by("-created_at", "-id").first()
    defaults = {"session": session}
    if latest is not None:
        defaults["respondent"] = latest.respondent
    return defaults


def phq9_totals(episode):
    """(date completed, total) of every PHQ-9 of the episode, oldest first."""
    return list(
        MeasureAdministration.objects.filter(episode=episode, instrument="phq9")
        .order_by("administered_on", "created_at", "id")
        .values_list("administered_on", "total")
    )


def earlier_on_same_occasion(episode, code, *, day, session=None):
    """The first administration of this questionnaire already recorded for the session
    (or, without a session, on the day), or None."""
    found = MeasureAdministration.objects.filter(episode=episode, instrument=code)
    found = (
        found.filter(session=session) if session is not None else found.filter(administered_on=day)
    )
    return found.select_related("session").order_by("created_at", "id").first()


def rhythm_weeks_of(episode):
    """The episode's SRM-5 weeks, latest first, with the session each is tied to."""
    return list(
        RhythmWeek.objects.filter(episode=episode)
        .select_related("session")
        .order_by("-week_starting")
    )


@dataclass(frozen=True)
class RhythmChart:
    svg: SafeString
    scored: int
    unscored: int


def rhythm_chart(weeks, *, chart_id):
    """The weekly regularity scores over weeks, oldest first, as SVG (weeks without a score
    are left out of the line and named in the text alternative)."""
    ordered = sorted(weeks, key=lambda week: week.week_starting)
    points = [
        charts.week_point(week.week_starting, week.score)
        for week in ordered
        if week.score is not None
    ]
    unscored = len(ordered) - len(points)
    svg = charts.regularity_svg(
        chart_id=chart_id,
        title=gettext("SRM-5 regularity, week by week"),
        description=charts.describe_regularity("SRM-5", points, unscored),
        points=points,
        max_score=srm5.MAX_SCORE,
    )
    # Every text in the markup was escaped by charts.regularity_svg.
    return RhythmChart(mark_safe(svg), len(points), unscored)  # noqa: S308


@dataclass(frozen=True)
class ActivityRow:
    label: str
    habitual_time: object
    hits: int
    qualifies: bool
    # (time or None, True hit / False off-time / None not counted) per day
    days: tuple


@dataclass(frozen=True)
class WeekDetail:
    week: RhythmWeek
    days: tuple  # the seven dates
    rows: tuple[ActivityRow, ...]


def week_detail(week):
    """A stored week re-read through srm5.weekly_regularity: each activity's times, which
    were within 45 minutes of its usual time, and the usual time itself."""
    times = {
        key: [time.fromisoformat(value) if value else None for value in days]
        for key, days in week.times.items()
    }
    result = srm5.weekly_regularity(times)
    rows = tuple(
        ActivityRow(
            label=activity.label,
            habitual_time=activity.habitual_time,
            hits=activity.hits,
            qualifies=activity.qualifies,
            days=tuple(zip(times.get(activity.key) or [None] * 7, activity.hit_days, strict=True)),
        )
        for activity in result.activities
    )
    days = tuple(week.week_starting + timedelta(days=n) for n in range(srm5.DAYS_IN_WEEK))
    return WeekDetail(week, days, rows)


def rhythm_diary_of(client, episode):
    """The client's SRM-5 diary week in progress for the episode, or None."""
    return RhythmDiaryDraft.objects.filter(client=client, episode=episode).first()


def rhythm_week_recorded(episode, week_starting):
    """Whether an SRM-5 week starting that day is already recorded for the episode."""
    return RhythmWeek.objects.filter(episode=episode, week_starting=week_starting).exists()


def own_rhythm_weeks(client, episode):
    """The weeks of the client's diary already sent for the episode, latest first."""
    return list(
        RhythmWeek.objects.filter(episode=episode, episode__client=client).order_by(
            "-week_starting"
        )
    )


def course_uses(episode, code):
    """Whether the episode's course asks for the instrument here (in any phase)."""
    plan = CoursePlan.objects.filter(episode=episode).first()
    return plan is not None and schedule.uses(plan.definition, code, readings.catalogue())


def attended_and_ended(episode):
    """(attended treatment sessions, whether the course has ended), in one query: what a
    finished course needs."""
    return (
        Episode.objects.filter(pk=episode.pk)
        .annotate(
            attended=Count("sessions", filter=Q(sessions__attendance=Attendance.ATTENDED)),
            ended=Exists(CourseEnding.objects.filter(episode_id=OuterRef("pk"))),
        )
        .values_list("attended", "ended")
        .get()
    )


def improvement_rule():
    return settings.OPENIPT_RELIABLE_IMPROVEMENT_RULE


def episode_outcome(episode, administrations):
    attended, ended = attended_and_ended(episode)
    return outcomes.classify(
        outcomes.pairs_from(administrations),
        attended,
        ended=ended,
        improvement_rule=improvement_rule(),
    )


def episode_page(episode):
    """Context for the measures parts of the episode page and the progress report."""
    administrations = episode_administrations(episode)
    flags = list(episode.risk_flags.select_related("administration", "resolved_by", "responsible"))
    return {
        "administrations": administrations,
        "trajectories": trajectories(administrations, id_prefix=f"chart-{episode.pk}"),
        "outcome": episode_outcome(episode, administrations),
        "risk_flags": [flag for flag in flags if flag.is_open],
        "resolved_flags": [flag for flag in flags if not flag.is_open],
    }


def client_page(client, episodes=None):
    """Context for the client page: open flags, and the charts of the current episode.

    The current episode is the latest open one, else the latest; call only for users who
    may see the client's clinical record. `episodes`: the client's episodes if the page
    has read them already (in any order), so they are not read twice.
    """
    flags = list(
        RiskFlag.objects.filter(client=client, status=FlagStatus.OPEN)
        .select_related("administration", "client", "responsible")
        .order_by("raised_at", "id")
    )
    if episodes is None:
        episodes = client.episodes.all()
    episodes = sorted(episodes, key=lambda episode: (episode.opened_on, episode.pk), reverse=True)
    current = next((e for e in episodes if e.status == EpisodeStatus.OPEN), None)
    current = current or (episodes[0] if episodes else None)
    charts_of_current = []
    if current is not None:
        charts_of_current = trajectories(
            episode_administrations(current), id_prefix=f"chart-{current.pk}"
        )
    return {
        "risk_flags": flags,
        "measures_episode": current,
        "trajectories": charts_of_current,
    }


# --- the client's own (portal) ------------------------------------------------------------


def drafts_for(client, session):
    """Instrument code -> the client's unsent answers for questionnaires due at `session`."""
    return {
        d.instrument: d for d in QuestionnaireDraft.objects.filter(client=client, session=session)
    }


def draft_answers(client, session, code):
    draft = QuestionnaireDraft.objects.filter(client=client, session=session, instrument=code)
    found = draft.first()
    return dict(found.answers) if found else {}


def own_administration(client, pk):
    """One of the signed-in client's questionnaires (404 for anyone else's)."""
    administrations = MeasureAdministration.objects.prefetch_related("risk_flags")
    return access.own_record(
        client, administrations, pk, what="questionnaire", client_path="episode__client"
    )


def client_administrations(client):
    """Every questionnaire of the client's episodes, oldest first."""
    return list(
        MeasureAdministration.objects.filter(episode__client=client)
        .select_related("organisation", "recorded_by", "session")
        .order_by("administered_on", "created_at", "id")
    )


def client_trajectories(administrations):
    """One chart per questionnaire, with the plain band names clients see."""
    by_code = {}
    for administration in administrations:
        by_code.setdefault(administration.instrument, []).append(administration)
    found = []
    for code, definition in instruments.QUESTIONNAIRES.items():
        rows = by_code.get(code)
        if not rows:
            continue
        # A wide and a narrow drawing; CSS shows the one that fits the screen (issue 19).
        svg = "".join(_client_chart(definition, rows, layout) for layout in CLIENT_CHART_LAYOUTS)
        table = [(row, definition.band_for(row.total).client_label) for row in rows]
        # Every text in the markup was escaped by charts.trajectory_svg.
        found.append({"definition": definition, "svg": mark_safe(svg), "rows": table})  # noqa: S308
    return found


CLIENT_CHART_LAYOUTS = (charts.WIDE, charts.NARROW)


def _client_chart(definition, rows, layout):
    points, x_title = charts.points_from(rows)
    return charts.trajectory_svg(
        chart_id=f"my-{definition.code}-{layout.css}",
        title=gettext("Your %(name)s scores") % {"name": definition.name},
        description=charts.describe(
            definition.name, points, lambda t: definition.band_for(t).client_label, None
        ),
        points=points,
        bands=[charts.BandShade(b.lower, b.upper, b.client_label) for b in definition.bands],
        max_total=definition.max_total,
        x_title=x_title,
        caseness=None,
        layout=layout,
    )


def with_alert_screens(clients):
    """Set `alert_screens` on each client (from its prefetched open_episodes): the screens
    whose latest score raised an alert flag, such as a positive mania screen. One query."""
    episodes = [episode for client in clients for episode in client.open_episodes]
    rows = readings.alerting_screens([episode.pk for episode in episodes]) if episodes else {}
    for client in clients:
        client.alert_screens = [
            screen
            for episode in client.open_episodes
            for screen in escalation.alert_screens_of(rows.get(episode.pk, []))
        ]
    return clients
