"""Each client's history of episodes, planned before any row is written.

Plain values only (no model instances), so the plan of 100,000 episodes is cheap to
hold and the session budget can be met exactly enough before anything is seeded.

What an episode became:
- WAITING: open, referred and screened, the course not started yet;
- OPEN_COURSE: open, a course under way (sessions recorded, the next ones scheduled);
- NOT_ENTERED: ended after the screen, no session held;
- DROPPED_OUT: ended after 1-3 sessions, the later ones missed;
- FINISHED: ended after every planned session was recorded.
"""

from dataclasses import dataclass
from datetime import date, timedelta

WAITING = "waiting"
OPEN_COURSE = "open_course"
NOT_ENTERED = "not_entered"
DROPPED_OUT = "dropped_out"
FINISHED = "finished"
ENDED_KINDS = (NOT_ENTERED, DROPPED_OUT, FINISHED)

# A client's history starts between 2.5 and 5 years ago.
HISTORY_DAYS = 5 * 365
# Three clients in four have an open episode (their latest); one in ten of those is
# still waiting for the course to start.
OPEN_SHARE = 0.75
WAITING_SHARE = 0.1
# Share of ended episodes that drop out after 1-3 sessions. Full courses take what
# the session budget leaves; the rest never started (referred elsewhere, declined,
# could not be contacted): at 1.5 recorded sessions per episode that is most of them.
DROPPED_OUT_SHARE = 0.15
MOST_FINISHED_SHARE = 0.75
# An episode now and then is with a clinician other than the client's responsible one
# (cover, a reassignment); these are what the OR in access.visible_clients must find.
REASSIGNED_SHARE = 0.05
# Planned sessions: individual IPT mostly 12 (up to 16); IPC 3-6, mostly 4-5.
PLANNED = {
    "individual_ipt": (12, 12, 12, 12, 12, 14, 16),
    "ipc": (4, 4, 5, 5, 6),
}


@dataclass
class EpisodePlan:
    client: int  # index into the organisation's clients
    clinician: int  # index into the clinicians
    opened_on: date
    kind: str = NOT_ENTERED
    modality: str = "individual_ipt"
    planned: int = 12
    course_start: date | None = None
    recorded: int = 0  # sessions recorded (attended or missed)

    @property
    def is_open(self):
        return self.kind in (WAITING, OPEN_COURSE)

    @property
    def has_course(self):
        return self.kind in (OPEN_COURSE, DROPPED_OUT, FINISHED)


def plan_histories(rng, scale, clinician_modalities, client_clinicians, focus_client, today):
    """Every episode of every client, with its kind and number of recorded sessions.

    clinician_modalities: the modality each clinician delivers; client_clinicians: the
    responsible clinician of each client; focus_client: the client whose latest episode
    must be a course under way (the pages about one course are measured on it).
    """
    counts = _episodes_per_client(rng, scale.clients, scale.episodes)
    plans = []
    for client, count in enumerate(counts):
        own = client_clinicians[client]
        plans += _client_episodes(rng, client, own, count, len(clinician_modalities), today)
    for plan in plans:
        plan.modality = clinician_modalities[plan.clinician]
        plan.planned = rng.choice(PLANNED[plan.modality])
    latest = {plan.client: plan for plan in plans}  # the last one of each client wins
    for plan in latest.values():
        _maybe_open(rng, plan, today, force=plan.client == focus_client)
    ended = [plan for plan in plans if not plan.is_open]
    _choose_ended_kinds(rng, ended, scale.sessions, plans)
    for plan in ended:
        _end_before(plan, today)
    return plans


def _episodes_per_client(rng, clients, episodes):
    # One each, the rest spread unevenly: some clients come back often, some never.
    weights = [rng.uniform(0.3, 1.7) for _ in range(clients)]
    counts = [1] * clients
    for client in rng.choices(range(clients), weights, k=episodes - clients):
        counts[client] += 1
    return counts


def _client_episodes(rng, client, own_clinician, count, clinicians, today):
    first = today - timedelta(days=rng.randrange(HISTORY_DAYS // 2, HISTORY_DAYS))
    slot = (today - first).days / count
    plans = []
    for number in range(count):
        clinician = own_clinician
        if rng.random() < REASSIGNED_SHARE:
            clinician = rng.randrange(clinicians)
        jitter = rng.randrange(max(1, int(slot) // 8))
        opened_on = first + timedelta(days=int(number * slot) + jitter)
        plans.append(EpisodePlan(client, clinician, opened_on))
    return plans


def _maybe_open(rng, plan, today, *, force):
    if not force and rng.random() >= OPEN_SHARE:
        return
    # Referred within the last 20 weeks (the focus client: 10 weeks ago, mid-course).
    plan.opened_on = max(plan.opened_on, today - timedelta(days=rng.randrange(14, 140)))
    if force:
        plan.opened_on = today - timedelta(weeks=10)
    if not force and rng.random() < WAITING_SHARE:
        plan.kind = WAITING
        return
    plan.kind = OPEN_COURSE
    plan.course_start = plan.opened_on + timedelta(days=_wait_days(rng, short=force))
    held = (today - plan.course_start).days // 7 + 1 if plan.course_start <= today else 0
    plan.recorded = max(0, min(held, plan.planned - 1))


def _wait_days(rng, *, short=False):
    """Referral to first session: mostly 1-6 weeks, one in ten longer (up to 20 weeks)."""
    if short or rng.random() < 0.9:
        return rng.randrange(7, 42)
    return rng.randrange(42, 140)


def _choose_ended_kinds(rng, ended, session_budget, plans):
    """Ended episodes: a fixed share drop out, full courses take what the budget leaves."""
    if not ended:
        return
    spent = sum(plan.recorded for plan in plans if plan.is_open)
    mean_course = sum(plan.planned for plan in ended) / len(ended)
    dropped_sessions = DROPPED_OUT_SHARE * 2 * len(ended)  # 1-3 sessions, 2 on average
    finished_share = (session_budget - spent - dropped_sessions) / (mean_course * len(ended))
    finished_share = min(MOST_FINISHED_SHARE, max(0.0, finished_share))
    for plan in ended:
        draw = rng.random()
        if draw < finished_share:
            plan.kind = FINISHED
            plan.recorded = plan.planned
        elif draw < finished_share + DROPPED_OUT_SHARE:
            plan.kind = DROPPED_OUT
            plan.recorded = rng.randint(1, 3)
        else:
            plan.kind = NOT_ENTERED
            continue
        plan.course_start = plan.opened_on + timedelta(days=_wait_days(rng))


def _end_before(plan, today):
    # A course that ends near today is moved back so its last session and its ending
    # are in the past: an ended course cannot have sessions still to come.
    if plan.course_start is None:
        return
    ends = plan.course_start + timedelta(weeks=plan.recorded)
    if ends > today:
        plan.opened_on -= ends - today
        plan.course_start -= ends - today


def summary(plans):
    """How many episodes of each kind, and the recorded sessions: for the seeding report."""
    kinds = {}
    for plan in plans:
        kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
    return kinds, sum(plan.recorded for plan in plans)
