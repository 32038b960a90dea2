"""Which measures are still due at an episode's next session, for the caseload and the portal.

The rule itself is protocol.schedule.CourseSchedule (docs/course.md, "Which measures a session
expects"), the same one fidelity and the session page use: this module only loads what it
needs for many episodes at once and names the result. The next session is the lowest-numbered
session of the course still to be held; nothing is due once the course has ended.

`due_for_episodes` works for any number of episodes in three queries; `measures_due` is the
one-episode form; `due_for_client` gives the portal what is due in each of a client's open
episodes (a client may have more than one at once). The caseload reads what each course's
stored row (protocol.models.CourseFidelity, kept up to date by the actions) says is due, read
with the page's open episodes (`clients_with_due_measures`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext

from openipt.caseload.queries import open_episodes_of_client
from openipt.protocol import readings
from openipt.protocol.course import facts_from_rows
from openipt.protocol.models import CourseFidelity, CoursePlan, Session
from openipt.protocol.schedule import CourseSchedule

from . import instruments


class Wording:
    """What a due list says, from its `codes` and session `number`."""

    @property
    def names(self):
        return [instruments.short_name(code) for code in self.codes]

    @property
    def client_names(self):
        """How the portal names them to clients: plain words, then the code."""
        return [
            f"{instruments.client_name(code)} ({instruments.short_name(code)})"
            for code in self.codes
        ]

    @property
    def summary(self):
        """Short staff wording, e.g. "PHQ-9 and GAD-7 due for session 4"."""
        joined = get_text_list(self.names, gettext("and"))
        return gettext("%(names)s due for session %(number)s") % {
            "names": joined,
            "number": self.number,
        }


@dataclass(frozen=True)
class DueAt(Wording):
    """What is due at a course's next session, as its stored row says (the caseload)."""

    number: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Due(Wording):
    session: Session
    phase: str
    codes: tuple[str, ...]

    @property
    def number(self):
        return self.session.number

    @property
    def questionnaires(self):
        return tuple(code for code in self.codes if not instruments.is_diary(code))

    @property
    def diaries(self):
        return tuple(code for code in self.codes if instruments.is_diary(code))


def schedules_for(episode_ids, organisation):
    """Episode id -> (CourseSchedule, its sessions by number) for the episodes with a course.

    Three queries for any number of episodes: the plans (with their ending), the sessions,
    and the measures given at sessions.
    """
    plans = CoursePlan.objects.filter(episode_id__in=list(episode_ids)).select_related(
        "episode__course_ending"
    )
    plans = {plan.episode_id: plan for plan in plans}
    if not plans:
        return {}
    sessions = defaultdict(list)
    for session in Session.objects.filter(episode_id__in=list(plans)).order_by("number"):
        sessions[session.episode_id].append(session)
    given = readings.measures_given(list(plans))
    catalogue = readings.catalogue()
    found = {}
    for episode_id, plan in plans.items():
        rows = sessions[episode_id]
        ending = getattr(plan.episode, "course_ending", None)
        facts = facts_from_rows(plan, rows, [], ending=ending)
        schedule = CourseSchedule(
            facts, given[episode_id], organisation.start_end_measures, catalogue
        )
        found[episode_id] = (schedule, {session.number: session for session in rows})
    return found


def due_for_episodes(episodes, organisation):
    """Episode id -> Due for each episode whose next session still expects a measure."""
    found = {}
    for episode_id, (schedule, by_number) in schedules_for(
        [episode.pk for episode in episodes], organisation
    ).items():
        due = schedule.due()
        if due is not None:
            found[episode_id] = Due(by_number[due.number], str(due.phase), due.outstanding)
    return found


def measures_due(episode):
    """The Due of one episode, or None when nothing is expected (or no session is booked)."""
    return due_for_episodes([episode], episode.organisation).get(episode.pk)


# What the caseload's open episodes must be read with for `clients_with_due_measures`
# (caseload.queries.with_open_episodes(..., episode_extras=DUE_FIELDS)).
DUE_FIELDS = ("fidelity__due_session", "fidelity__due_measures")


def clients_with_due_measures(clients):
    """Set `measures_due` (a list of DueAt) on each client from its prefetched
    open_episodes, as their courses' stored rows say. No query: the rows were read with
    the episodes (DUE_FIELDS)."""
    for client in clients:
        found = (_due_at(episode) for episode in client.open_episodes)
        client.measures_due = [due for due in found if due is not None]
    return clients


def _due_at(episode):
    try:
        row = episode.fidelity
    except CourseFidelity.DoesNotExist:  # no course yet: nothing is due
        return None
    if not row.due_measures:
        return None
    return DueAt(row.due_session, tuple(row.due_measures.split()))


@dataclass(frozen=True)
class EpisodeDue:
    """One open episode of a client and what is due in it that the client may fill in at
    home (questionnaires and the SRM-5 diary); `due` is None when nothing is."""

    episode: object
    due: Due | None


def due_for_client(client):
    """An EpisodeDue for each of the client's open episodes, oldest first. Four queries
    whatever the number of episodes."""
    episodes = open_episodes_of_client(client)
    if not episodes:
        return []
    found = due_for_episodes(episodes, episodes[0].organisation)
    return [EpisodeDue(episode, _at_home(found.get(episode.pk))) for episode in episodes]


def due_in_episode(client, episode_id):
    """The EpisodeDue of one of the client's open episodes, or None when it is not one."""
    return next((row for row in due_for_client(client) if row.episode.pk == episode_id), None)


def _at_home(due):
    if due is None:
        return None
    at_home = instruments.at_home()
    codes = tuple(code for code in due.codes if code in at_home)
    return Due(due.session, due.phase, codes) if codes else None


def next_session_of(episode):
    """The session a diary week sent now is brought to: the next one still to be held, or
    None (the course ended, or no session is booked)."""
    found = schedules_for([episode.pk], episode.organisation).get(episode.pk)
    if found is None:
        return None
    schedule, by_number = found
    number = schedule.next_number()
    return by_number.get(number) if number is not None else None
