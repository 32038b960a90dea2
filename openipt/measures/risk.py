"""Risk where the work happens: what the risk banner of the episode, course and session pages
shows, and the markers of the caseload and the supervisor's page.

Four kinds of fact, each kept by its own app and read here in one place:
- open safety flags (measures.RiskFlag), including those raised from a questionnaire the
  client has not sent yet;
- what the latest intake screen found: an exclusion (acute suicidal crisis, psychosis,
  mania, severe dissociation) or a positive PHQ-9 item 9 (protocol.IntakeScreen);
- escalations the supervisor has not acknowledged yet (protocol.SupervisorAlert);
- positive mania screens: a screen whose latest score raised an alert flag (the ASRM).

This module sits in the measures app because it is the lowest app that can read all four.
Each function runs a fixed number of queries, whatever the number of episodes or clients.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from openipt.caseload import access
from openipt.caseload.models import EpisodeStatus
from openipt.protocol import escalation, readings
from openipt.protocol import queries as course_queries

from .models import FlagStatus, RiskFlag


@dataclass(frozen=True)
class RiskInView:
    """What the banner shows for one episode. Empty (falsy) when there is nothing."""

    flags: tuple = ()
    intake: tuple = ()  # plain labels of what the latest intake screen found
    alerts: tuple = ()  # SupervisorAlert rows not yet acknowledged
    mania: tuple = ()  # escalation.Screen rows of positive alert screens

    def __bool__(self):
        return bool(self.flags or self.intake or self.alerts or self.mania)


@dataclass(frozen=True)
class Marker:
    """One short marker on a list row: its kind (for the style) and its words."""

    kind: str
    text: str


NOT_READ = object()  # the page has not read it: risk_in_view reads it


def risk_in_view(episode, open_flags=None, latest_intake=NOT_READ):
    """The risk banner of one episode, in four queries; fewer when the page has already
    read the episode's open flags (`open_flags`, oldest first, with their administration
    and responsible clinician) or its latest intake screen (`latest_intake`, None if it
    has none), which are then not read again."""
    flags = open_flags
    if flags is None:
        flags = (
            RiskFlag.objects.filter(episode=episode, status=FlagStatus.OPEN)
            .select_related("administration", "responsible")
            .order_by("raised_at", "id")
        )
    if latest_intake is NOT_READ:
        intake = course_queries.intake_findings([episode.pk]).get(episode.pk, ())
    else:
        intake = latest_intake.risk_findings if latest_intake is not None else ()
    rows = readings.alerting_screens([episode.pk]).get(episode.pk, [])
    return RiskInView(
        flags=tuple(flags),
        intake=tuple(intake),
        alerts=tuple(course_queries.open_alerts([episode.pk]).get(episode.pk, ())),
        mania=escalation.alert_screens_of(rows),
    )


def markers(flags, intake, alerts):
    """The markers of one list row from its facts (the mania badge is drawn on its own):
    `flags` and `alerts` are whether it has any."""
    found = []
    if flags:
        found.append(Marker("flag", pgettext("caseload marker", "Safety answer to follow up")))
    found += [
        Marker("intake", gettext("Intake: %(finding)s") % {"finding": label}) for label in intake
    ]
    if alerts:
        found.append(Marker("alert", gettext("Escalated, not yet acknowledged")))
    return found


def mark_clients(clients, open_flags):
    """Set `risk_markers` on each caseload row from its prefetched `open_episodes`, and the
    open flags the page already lists (`open_flags`): two queries for the whole list."""
    episode_ids = [episode.pk for client in clients for episode in client.open_episodes]
    intake = course_queries.intake_findings(episode_ids) if episode_ids else {}
    alerted = course_queries.episodes_with_open_alerts(episode_ids) if episode_ids else set()
    flagged = {flag.client_id for flag in open_flags}
    for client in clients:
        ids = [episode.pk for episode in client.open_episodes]
        client.risk_markers = markers(
            client.pk in flagged,
            [label for pk in ids for label in intake.get(pk, ())],
            any(pk in alerted for pk in ids),
        )
    return clients


@dataclass(frozen=True)
class TeamRow:
    """A client of the supervisor's team with risk in view, for the supervisor's page."""

    episode: object
    markers: list
    mania: tuple


def team_risk(supervisor, open_flags):
    """The open episodes of a supervisor's team that have risk in view, with their markers,
    oldest episode first. A fixed number of queries: the team's intake findings, its open
    escalations and its alerting screens, then the episodes with their clients."""
    team = course_queries.team_open_episodes(supervisor)
    intake = course_queries.intake_findings(team)
    alerted = course_queries.episodes_with_open_alerts(team)
    screens = readings.alerting_screens(team)
    flagged = {flag.episode_id for flag in open_flags}
    ids = set(intake) | alerted | set(screens) | flagged
    episodes = course_queries.episodes_with_clients(ids, status=EpisodeStatus.OPEN)
    episodes = [e for e in episodes if access.VIEW_CLINICAL in team_permissions(supervisor, e)]
    return [
        TeamRow(
            episode,
            markers(episode.pk in flagged, intake.get(episode.pk, ()), episode.pk in alerted),
            escalation.alert_screens_of(screens.get(episode.pk, [])),
        )
        for episode in episodes
    ]


def team_permissions(supervisor, episode):
    """What the supervisor holds on a team episode (the episodes come from their team, and a
    flag handed to one of their clinicians may name an episode outside it)."""
    if episode.clinician.supervisor_id == supervisor.pk:
        return access.SUPERVISOR
    return access.NOTHING
