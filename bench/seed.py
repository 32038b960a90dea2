"""One synthetic organisation at a chosen scale, written with bulk inserts.

The same Scale (including its random seed) gives the same people and records every
run, with dates counted back from today, so two runs differ only by the code and the
machine.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from openipt.accounts.models import DEFAULT_SITE_NAME, Organisation, Role, Site, User
from openipt.audit import chain
from openipt.audit.models import AuditEvent
from openipt.caseload.models import REFERENCE_ALPHABET, Client, Episode, EpisodeStatus
from openipt.measures.instruments import phq9
from openipt.measures.models import MeasureAdministration
from openipt.protocol.models import Attendance, CoursePlan, Session

# Rows per INSERT; Django lowers it further where the database limits parameters (SQLite).
BATCH_SIZE = 1000
# Every synthetic course is individual IPT planned at 12 sessions; about 1 in 10 is missed.
PLANNED_SESSIONS = 12
MISSED_SHARE = 0.1
# Every seeded person has this password, so a kept database (--keep) can be explored
# with `openipt runserver`. Hashed once: hashing per user would dominate seeding.
BENCH_PASSWORD = "bench-password-not-secret"
# Every Nth client has a portal account, as if a quarter had accepted an invitation.
PORTAL_EVERY = 4
# Share of episodes assigned to a clinician other than the client's responsible one;
# these are what the OR-across-a-join in access.visible_clients has to find.
REASSIGNED_SHARE = 0.1
# Audit events span this many days back from now.
HISTORY_DAYS = 730

GIVEN_NAMES = ["Robin", "Alex", "Sam", "Maya", "Daniel", "Priya", "Amina", "Lukas", "Hannah"]
FAMILY_NAMES = ["Okafor", "Mensah", "Brandt", "Nwosu", "Novak", "Raman", "Diallo", "Kowalczyk"]
# What a client's trail mostly holds today: views, with the odd change.
CLIENT_ACTIONS = ["client.viewed"] * 6 + ["client.updated", "audit.viewed"]
EPISODE_ACTIONS = ["episode.viewed"] * 6 + ["episode.opened", "episode.closed"]


@dataclass(frozen=True)
class Scale:
    clients: int = 2000
    records: int = 30000
    sessions: int = 30000
    clinicians: int = 40
    supervisors: int = 4
    random_seed: int = 2026


@dataclass
class Cast:
    """Who requests each benchmarked page, and which records the pages are about."""

    admin: User
    all_clients: int
    busiest_clinician: User
    busiest_visible: int  # clients the busiest clinician can list
    supervisor: User  # supervises the busiest clinician
    supervisor_visible: int
    focus_client: Client  # the client with the longest audit trail
    focus_episode: Episode  # the focus client's latest episode
    focus_trail: int  # audit events about the focus client
    portal_user: User  # a client with a portal account and an open episode


def seed_organisation(scale):
    rng = random.Random(scale.random_seed)
    password = make_password(BENCH_PASSWORD)
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Benchmark (synthetic)", slug="bench")
        admin, supervisors, clinicians = _staff(organisation, scale, password)
        clients = _clients(rng, organisation, clinicians, scale.clients, password)
        episodes = _episodes(rng, clients, clinicians)
        _courses(rng, episodes, scale.sessions)
        trail = _audit_events(rng, clients, episodes, admin, scale.records)
    return _cast(admin, supervisors, clients, episodes, trail)


def _staff(organisation, scale, password):
    site = Site.objects.create(organisation=organisation, name=DEFAULT_SITE_NAME)
    admin = _person(organisation, "bench-admin", Role.ADMIN, password, "Ada", "Admin")
    supervisors = [
        _person(organisation, f"bench-supervisor-{n:02}", Role.SUPERVISOR, password, "Sam", n)
        for n in range(1, scale.supervisors + 1)
    ]
    for supervisor in supervisors:
        supervisor.site = site
    User.objects.bulk_create([admin, *supervisors], batch_size=BATCH_SIZE)
    clinicians = []
    for n in range(1, scale.clinicians + 1):
        # One in four is a counsellor: both roles own caseloads through the same rules.
        role = Role.COUNSELLOR if n % 4 == 0 else Role.THERAPIST
        clinician = _person(organisation, f"bench-clinician-{n:02}", role, password, "Tara", n)
        clinician.supervisor = supervisors[n % len(supervisors)]
        clinician.site = site
        clinicians.append(clinician)
    User.objects.bulk_create(clinicians, batch_size=BATCH_SIZE)
    return admin, supervisors, clinicians


def _person(organisation, username, role, password, first_name, last_name):
    return User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=first_name,
        last_name=str(last_name),
        email=f"{username}@bench.invalid",
        password=password,
    )


def _clients(rng, organisation, clinicians, count, password):
    # Uneven caseloads, as in a real service: some carry up to three times as many as others.
    weights = [rng.uniform(0.5, 1.5) for _ in clinicians]
    references = _unique_references(rng, count)
    clients = []
    for n, reference in enumerate(references):
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        # Drawn in the order they always were, so a seed gives the same people as before.
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        clinician = rng.choices(clinicians, weights)[0]
        clients.append(
            Client(
                organisation=organisation,
                site_id=clinician.site_id,
                reference=reference,
                given_name=given,
                family_name=family,
                date_of_birth=born,
                email=f"client{n}@bench.invalid",
                clinician=clinician,
            )
        )
    _give_portal_accounts(organisation, clients[::PORTAL_EVERY], password)
    return Client.objects.bulk_create(clients, batch_size=BATCH_SIZE)


def _unique_references(rng, count):
    # Drawn here rather than by the model default so that a seed gives the same references.
    references = set()
    while len(references) < count:
        references.add("C-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6)))
    return sorted(references)


def _give_portal_accounts(organisation, clients, password):
    users = [
        User(
            username=f"bench-{client.reference.lower()}",
            organisation=organisation,
            role=Role.CLIENT,
            first_name=client.given_name,
            last_name=client.family_name,
            email=client.email,
            password=password,
        )
        for client in clients
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    for client, user in zip(clients, users, strict=True):
        client.user = user


def _episodes(rng, clients, clinicians):
    """One or two courses per client; only the latest may still be open."""
    today = timezone.localdate()
    episodes = []
    for client in clients:
        opened_on = today - timedelta(days=rng.randrange(30, HISTORY_DAYS))
        courses = 2 if rng.random() < 0.3 else 1
        for course in range(courses):
            latest = course == courses - 1
            still_open = latest and rng.random() < 0.75
            clinician = client.clinician
            if rng.random() < REASSIGNED_SHARE:
                clinician = rng.choice(clinicians)
            closed_on = None if still_open else min(opened_on + timedelta(weeks=16), today)
            episodes.append(
                Episode(
                    organisation_id=client.organisation_id,
                    client=client,
                    clinician=clinician,
                    opened_on=opened_on,
                    closed_on=closed_on,
                    status=EpisodeStatus.OPEN if still_open else EpisodeStatus.CLOSED,
                    presenting_concerns="Low mood after a change at home; sleeping poorly.",
                )
            )
            opened_on = min(opened_on + timedelta(weeks=20), today)
    return Episode.objects.bulk_create(episodes, batch_size=BATCH_SIZE)


def _courses(rng, episodes, session_count):
    """A 12-session individual IPT course for every episode, with about `session_count`
    sessions recorded across them and a PHQ-9 at each attended one (falling over the
    course, as in a course that helps)."""
    plans = [
        CoursePlan(
            episode=episode,
            modality="individual_ipt",
            planned_sessions=PLANNED_SESSIONS,
            started_on=episode.opened_on,
            session_minutes=50,
            frequency="weekly",
            created_by_id=episode.clinician_id,
        )
        for episode in episodes
    ]
    CoursePlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    per_episode = max(1, min(PLANNED_SESSIONS, round(session_count / len(episodes))))
    sessions = [
        _session(rng, episode, number)
        for episode in episodes
        for number in range(1, per_episode + 1)
    ]
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    scores = [
        _phq9(rng, session) for session in sessions if session.attendance == Attendance.ATTENDED
    ]
    MeasureAdministration.objects.bulk_create(scores, batch_size=BATCH_SIZE)


def _session(rng, episode, number):
    held_on = episode.opened_on + timedelta(weeks=number - 1)
    attended = rng.random() > MISSED_SHARE
    return Session(
        episode=episode,
        number=number,
        scheduled_for=timezone.make_aware(datetime.combine(held_on, time(10))),
        held_on=held_on,
        duration_minutes=50 if attended else None,
        attendance=Attendance.ATTENDED if attended else Attendance.DID_NOT_ATTEND,
        recorded_by_id=episode.clinician_id,
    )


def _phq9(rng, session):
    total = max(0, min(27, 18 - session.number + rng.randint(-3, 3)))
    answers = {f"q{item}": 0 for item in range(1, 10)}
    for index in range(total):
        key = f"q{index % 8 + 1}"  # item 9 stays 0: no risk flags in the synthetic data
        answers[key] = min(answers[key] + 1, 3)
    total = sum(answers.values())
    return MeasureAdministration(
        organisation_id=session.episode.organisation_id,
        episode=session.episode,
        session=session,
        instrument="phq9",
        instrument_version=phq9.VERSION,
        administered_on=session.held_on,
        respondent="client_in_session",
        answers=answers,
        total=total,
        band=phq9.DEFINITION.band_for(total).label,
        items_scored=9,
        recorded_by_id=session.episode.clinician_id,
    )


def _audit_events(rng, clients, episodes, admin, count):
    """`count` events about clients, returning how many each client got.

    Attention is skewed (Zipf): a few clients have long trails, most have short ones,
    so the audit page is measured on a client with thousands of events.
    """
    episodes_of = defaultdict(list)
    for episode in episodes:
        episodes_of[episode.client_id].append(episode)
    ranked = rng.sample(clients, len(clients))
    cumulative, total = [], 0.0
    for rank in range(len(ranked)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    now = timezone.now()
    events = [
        _audit_event(rng, client, episodes_of[client.pk], admin, now)
        for client in rng.choices(ranked, cum_weights=cumulative, k=count)
    ]
    # Linked into the organisation's hash chain as record() would, then inserted in bulk
    # (seed_organisation's transaction holds the chain meanwhile).
    chain.link(events, chain.tip(events[0].organisation_id) if events else "")
    AuditEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    trail = Counter(event.client_id for event in events)
    # With --records 0 there is no trail at all; the top-ranked client is then the focus.
    trail[ranked[0].pk] += 0
    return trail


def _audit_event(rng, client, episodes, admin, now):
    clinician = client.clinician
    actor = rng.choices([clinician, clinician.supervisor, admin], weights=[8, 1, 1])[0]
    if episodes and rng.random() < 0.5:
        obj, action = rng.choice(episodes), rng.choice(EPISODE_ACTIONS)
    else:
        obj, action = client, rng.choice(CLIENT_ACTIONS)
    return AuditEvent(
        actor=actor,
        organisation_id=client.organisation_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        client=client,
        at=now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 24 * 3600)),
        ip=f"10.20.{rng.randrange(256)}.{rng.randrange(1, 255)}",
    )


def _cast(admin, supervisors, clients, episodes, trail):
    visible = _visible_client_ids(clients, episodes)
    busiest = max(visible["clinician"], key=lambda pk: len(visible["clinician"][pk]))
    busiest_clinician = User.objects.get(pk=busiest)
    supervisor = busiest_clinician.supervisor
    focus_pk = max(trail, key=trail.get)
    focus_client = next(client for client in clients if client.pk == focus_pk)
    return Cast(
        admin=admin,
        all_clients=len(clients),
        busiest_clinician=busiest_clinician,
        busiest_visible=len(visible["clinician"][busiest]),
        supervisor=supervisor,
        supervisor_visible=len(visible["supervisor"][supervisor.pk]),
        focus_client=focus_client,
        focus_episode=max(
            (episode for episode in episodes if episode.client_id == focus_pk),
            key=lambda episode: (episode.opened_on, episode.pk),
        ),
        focus_trail=trail[focus_pk],
        portal_user=_portal_user(clients, episodes),
    )


def _visible_client_ids(clients, episodes):
    """Who can list which clients, worked out independently of access.visible_clients,
    so the bench can check that the list pages show what they should."""
    supervisor_of = {client.clinician_id: client.clinician.supervisor_id for client in clients}
    supervisor_of.update(
        {episode.clinician_id: episode.clinician.supervisor_id for episode in episodes}
    )
    visible = {"clinician": defaultdict(set), "supervisor": defaultdict(set)}
    pairs = [(client.clinician_id, client.pk) for client in clients]
    pairs += [(episode.clinician_id, episode.client_id) for episode in episodes]
    for clinician_id, client_id in pairs:
        visible["clinician"][clinician_id].add(client_id)
        visible["supervisor"][supervisor_of[clinician_id]].add(client_id)
    return visible


def _portal_user(clients, episodes):
    open_for = {episode.client_id for episode in episodes if episode.is_open}
    with_account = [client for client in clients if client.user_id]
    # Prefer a client with a course under way: the portal home then shows it.
    chosen = next((client for client in with_account if client.pk in open_for), with_account[0])
    return chosen.user
