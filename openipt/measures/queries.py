"""Reads of measures and risk flags that cross relations or repeat across pages.

The `*_for` functions are the gates for measure objects: they load the object within the
user's organisation (404 outside it) and then pass its episode through the episode gate in
caseload/access.py (403 inside the organisation without access).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe

from openipt.accounts.models import Role
from openipt.caseload import access
from openipt.caseload.models import EpisodeStatus
from openipt.protocol.models import Attendance, Session

from . import charts, instruments, outcomes
from .models import FlagStatus, MeasureAdministration, RiskFlag


def administration_for(user, pk, need=access.VIEW_CLINICAL):
    administration = (
        MeasureAdministration.objects.select_related("session", "recorded_by", "organisation")
        .filter(pk=pk, organisation_id=user.organisation_id)
        .first()
    )
    if administration is None:
        raise Http404("No such measure.")
    administration.episode = access.episode_for(user, administration.episode_id, need=need)
    return administration


def risk_flag_for(user, pk, need=access.VIEW_CLINICAL):
    flag = (
        RiskFlag.objects.select_related("administration", "resolved_by")
        .filter(pk=pk, organisation_id=user.organisation_id)
        .first()
    )
    if flag is None:
        raise Http404("No such flag.")
    flag.episode = access.episode_for(user, flag.episode_id, need=need)
    flag.client = flag.episode.client
    flag.administration.episode = flag.episode
    return flag


def open_risk_flags(user):
    """Open flags a clinician treats, or a supervisor oversees, oldest first; one query.

    The organisation admin gets none: flags are clinical content.
    """
    flags = (
        RiskFlag.objects.filter(organisation_id=user.organisation_id, status=FlagStatus.OPEN)
        .select_related("client", "administration", "episode__clinician")
        .order_by("raised_at", "id")
    )
    if user.role in (Role.THERAPIST, Role.COUNSELLOR):
        return flags.filter(Q(episode__clinician=user) | Q(client__clinician=user))
    if user.role == Role.SUPERVISOR:
        return flags.filter(
            Q(episode__clinician__supervisor=user) | Q(client__clinician__supervisor=user)
        )
    return flags.none()


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
            definition.name, points, lambda total: definition.band_for(total).label, caseness
        ),
        points=points,
        bands=[charts.BandShade(b.lower, b.upper, b.label) for b in definition.bands],
        max_total=definition.max_total,
        x_title=x_title,
        caseness=caseness,
    )
    # Every text in the markup was escaped by charts.trajectory_svg.
    markup = mark_safe(svg)  # noqa: S308
    rows = tuple(zip(points, rows, strict=True))
    return Trajectory(definition.code, definition.name, x_title, markup, rows)


def chart_title(name):
    return f"{name} scores over this episode"


def episode_administrations(episode):
    return list(
        episode.administrations.select_related("session", "recorded_by").order_by(
            "administered_on", "created_at", "id"
        )
    )


def attended_sessions(episode):
    return Session.objects.filter(episode=episode, attendance=Attendance.ATTENDED).count()


def improvement_rule():
    return settings.OPENIPT_RELIABLE_IMPROVEMENT_RULE


def episode_outcome(episode, administrations):
    return outcomes.classify(
        outcomes.pairs_from(administrations),
        attended_sessions(episode),
        improvement_rule=improvement_rule(),
    )


def episode_page(episode):
    """Context for the measures parts of the episode page and the progress report."""
    administrations = episode_administrations(episode)
    flags = list(episode.risk_flags.select_related("administration", "resolved_by"))
    return {
        "administrations": administrations,
        "trajectories": trajectories(administrations, id_prefix=f"chart-{episode.pk}"),
        "outcome": episode_outcome(episode, administrations),
        "risk_flags": [flag for flag in flags if flag.is_open],
        "resolved_flags": [flag for flag in flags if not flag.is_open],
    }


def client_page(client):
    """Context for the client page: open flags, and the charts of the current episode.

    The current episode is the latest open one, else the latest; call only for users who
    may see the client's clinical record.
    """
    flags = list(
        RiskFlag.objects.filter(client=client, status=FlagStatus.OPEN)
        .select_related("administration", "client")
        .order_by("raised_at", "id")
    )
    episodes = list(client.episodes.order_by("-opened_on", "-id"))
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
