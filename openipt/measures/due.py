"""Which questionnaires are expected at an episode's next session.

The next session is the lowest-numbered session of the episode's course that is still
scheduled (its attendance not yet recorded). What it expects:
- every measure of its phase's `every_session_measures`;
- each of its phase's `once_measures` not yet recorded in an earlier session of that phase;
- the organisation's `start_end_measures` when it is the first or the last planned session;
minus what is already recorded for that very session (at home, or earlier in the day).

`due_for_episodes` works for a whole caseload in three queries, whatever its size;
`measures_due` is the one-episode form used by the portal.
"""

from dataclasses import dataclass

from openipt.caseload.queries import open_episode_of
from openipt.protocol.models import Attendance, CoursePlan, Session

from . import instruments
from .models import MeasureAdministration


@dataclass(frozen=True)
class Due:
    session: Session
    phase: str
    codes: tuple[str, ...]

    @property
    def names(self):
        return [_name(code) for code in self.codes]

    @property
    def summary(self):
        """Short staff wording, e.g. "PHQ-9 and GAD-7 due for session 4"."""
        names = self.names
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{joined} due for session {self.session.number}"


def _name(code):
    definition = instruments.QUESTIONNAIRES.get(code)
    if definition is not None:
        return definition.name
    return getattr(instruments.INSTRUMENTS.get(code), "NAME", code)


def expected_codes(plan, number, start_end_measures, earlier_in_phase=frozenset()):
    """Instrument codes session `number` of `plan` expects, in a stable order.

    `earlier_in_phase` holds the codes already recorded in earlier sessions of the
    same phase; a once-per-phase measure found there is not expected again.
    """
    phase = plan.definition.phase(plan.boundaries.phase_of(number))
    codes = list(phase.every_session_measures)
    codes += [code for code in phase.once_measures if code not in earlier_in_phase]
    if number in (1, plan.planned_sessions):
        codes += list(start_end_measures or ())
    return tuple(dict.fromkeys(codes))


def due_for_episodes(episodes, organisation):
    """Episode id -> Due for each episode whose next session still expects a measure.

    Three queries for any number of episodes: the plans, their scheduled sessions and
    the administrations tied to sessions.
    """
    ids = [episode.pk for episode in episodes]
    if not ids:
        return {}
    plans = {plan.episode_id: plan for plan in CoursePlan.objects.filter(episode_id__in=ids)}
    next_sessions = {}
    scheduled = Session.objects.filter(
        episode_id__in=list(plans), attendance=Attendance.SCHEDULED
    ).order_by("episode_id", "number")
    for session in scheduled:
        next_sessions.setdefault(session.episode_id, session)
    recorded = {}  # episode id -> [(session number, code)]
    given = MeasureAdministration.objects.filter(
        episode_id__in=list(next_sessions), session__isnull=False
    ).values_list("episode_id", "session__number", "instrument")
    for episode_id, number, code in given:
        recorded.setdefault(episode_id, []).append((number, code))
    start_end = organisation.start_end_measures
    found = {}
    for episode_id, session in next_sessions.items():
        due = _due(plans[episode_id], session, recorded.get(episode_id, []), start_end)
        if due is not None:
            found[episode_id] = due
    return found


def _due(plan, session, recorded, start_end_measures):
    if session.number > plan.planned_sessions:
        return None
    boundaries = plan.boundaries
    phase = boundaries.phase_of(session.number)
    earlier = {
        code
        for number, code in recorded
        if number < session.number and boundaries.phase_of(number) == phase
    }
    here = {code for number, code in recorded if number == session.number}
    expected = expected_codes(plan, session.number, start_end_measures, earlier)
    codes = tuple(code for code in expected if code not in here)
    return Due(session, str(phase), codes) if codes else None


def measures_due(episode):
    """The Due of one episode, or None when nothing is expected (or no session is booked)."""
    return due_for_episodes([episode], episode.organisation).get(episode.pk)


def clients_with_due_measures(clients, organisation):
    """Set `measures_due` (a list of Due) on each client from its prefetched open_episodes."""
    episodes = [episode for client in clients for episode in client.open_episodes]
    due = due_for_episodes(episodes, organisation)
    for client in clients:
        client.measures_due = [due[e.pk] for e in client.open_episodes if e.pk in due]
    return clients


def due_for_client(client):
    """(episode, Due) for the client's open episode, keeping only the questionnaires that
    may be recorded here; Due is None when nothing is due."""
    episode = open_episode_of(client)
    if episode is None:
        return None, None
    due = measures_due(episode)
    if due is None:
        return episode, None
    recordable = instruments.recordable()
    codes = tuple(code for code in due.codes if code in recordable)
    if not codes:
        return episode, None
    return episode, Due(due.session, due.phase, codes)
