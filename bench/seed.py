"""One synthetic organisation at a chosen scale, written with bulk inserts.

The same Scale (including its random seed) gives the same people and records every
run, with dates counted back from today, so two runs differ only by the code and the
machine. Clients are written in batches, each batch in one transaction with every
record of its episodes, so memory stays flat however large the scale.
"""

import random
from collections import Counter
from datetime import date, timedelta
from time import perf_counter

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bench import history
from bench.courses import INSERT_ORDER, Scorer, episode_rows
from bench.tables import Tables
from openipt.accounts.models import Organisation, Role, Site, User
from openipt.audit import chain
from openipt.audit.models import AuditEvent
from openipt.caseload.models import REFERENCE_ALPHABET, Client

# Clients per transaction: every record of their episodes is built, written and dropped.
CLIENTS_PER_BATCH = 250
AUDIT_EVENTS_PER_BATCH = 20_000
# Every seeded person has this password, so a kept database (--keep) can be explored
# with `openipt runserver` and the load benchmark can sign in. Hashed once: hashing per
# user would dominate seeding.
BENCH_PASSWORD = "bench-password-not-secret"
# Every Nth client has a portal account, as if a quarter had accepted an invitation.
PORTAL_EVERY = 4
# Audit events span this many days back from now.
AUDIT_DAYS = 730
# Sites grow with the service: one for every five supervisors' teams (at least one).
TEAMS_PER_SITE = 5

GIVEN_NAMES = ["Robin", "Alex", "Sam", "Maya", "Daniel", "Priya", "Amina", "Lukas", "Hannah"]
FAMILY_NAMES = ["Okafor", "Mensah", "Brandt", "Nwosu", "Novak", "Raman", "Diallo", "Kowalczyk"]
# What a client's trail mostly holds today: views, with the odd change.
CLIENT_ACTIONS = ["client.viewed"] * 6 + ["client.updated", "audit.viewed"]
EPISODE_ACTIONS = ["episode.viewed"] * 6 + ["episode.opened", "episode.closed"]


def seed_organisation(scale, say=print):
    """Seed the organisation; return the rows written per model and the episode kinds."""
    rng = random.Random(scale.random_seed)
    today = timezone.localdate()
    password = make_password(BENCH_PASSWORD)
    counts = Counter()
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Benchmark (synthetic)", slug="bench")
        admin, clinicians = _staff(organisation, scale, password, counts)
    modalities = ["ipc" if c.role == Role.COUNSELLOR else "individual_ipt" for c in clinicians]
    client_clinicians = _responsible_clinicians(rng, len(clinicians), scale.clients)
    # Attention is skewed (Zipf): the audit trail is measured on the top-ranked client,
    # whose latest episode is made a course under way for the pages about one course.
    ranked = rng.sample(range(scale.clients), scale.clients)
    plans = history.plan_histories(
        rng, scale, modalities, client_clinicians, focus_client=ranked[0], today=today
    )
    kinds, recorded = history.summary(plans)
    say(f"  planned {len(plans)} episodes {dict(sorted(kinds.items()))}, {recorded} sessions")
    references = _unique_references(rng, scale.clients)
    people = _People(organisation, admin, clinicians, client_clinicians, password)
    rows = Tables(INSERT_ORDER)
    client_ids, episode_ids = _clients_and_courses(rng, people, references, plans, today, rows, say)
    _audit_events(rng, people, ranked, client_ids, episode_ids, scale.records, rows)
    if connection.vendor == "postgresql":
        rows.reset_sequences()
    counts.update(rows.counts())
    return counts, kinds


class _People:
    def __init__(self, organisation, admin, clinicians, client_clinicians, password):
        self.organisation, self.admin, self.clinicians = organisation, admin, clinicians
        self.client_clinicians, self.password = client_clinicians, password


def _staff(organisation, scale, password, counts):
    sites = Site.objects.bulk_create(
        Site(organisation=organisation, name=f"Site {n}")
        for n in range(1, max(1, scale.supervisors // TEAMS_PER_SITE) + 1)
    )
    admin = _person(organisation, "bench-admin", Role.ADMIN, password, "Ada", "Admin")
    supervisors = [
        _person(organisation, f"bench-supervisor-{n:02}", Role.SUPERVISOR, password, "Sam", n)
        for n in range(1, scale.supervisors + 1)
    ]
    for n, supervisor in enumerate(supervisors):
        # Each team works at one site.
        supervisor.site = sites[n * len(sites) // len(supervisors)]
    User.objects.bulk_create([admin, *supervisors])
    clinicians = []
    for n in range(1, scale.clinicians + 1):
        # One in four is a counsellor (delivering IPC): both roles own caseloads
        # through the same rules.
        role = Role.COUNSELLOR if n % 4 == 0 else Role.THERAPIST
        clinician = _person(organisation, f"bench-clinician-{n:02}", role, password, "Tara", n)
        # Teams of 8, so a supervisor's team is the same size at every scale.
        clinician.supervisor = supervisors[(n - 1) * len(supervisors) // scale.clinicians]
        clinician.site = clinician.supervisor.site
        clinicians.append(clinician)
    User.objects.bulk_create(clinicians)
    counts[User._meta.label] += 1 + len(supervisors) + len(clinicians)
    return admin, clinicians


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


def _responsible_clinicians(rng, clinicians, clients):
    # Uneven caseloads, as in a real service: some carry up to three times as many as others.
    weights = [rng.uniform(0.5, 1.5) for _ in range(clinicians)]
    return rng.choices(range(clinicians), weights, k=clients)


def _unique_references(rng, count):
    # Drawn here rather than by the model default so that a seed gives the same references.
    references = set()
    while len(references) < count:
        references.add("C-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6)))
    return sorted(references)


def _clients_and_courses(rng, people, references, plans, today, rows, say):
    """Write clients in batches with all their episodes; return the ids the audit needs."""
    by_client = [[] for _ in references]
    for plan in plans:
        by_client[plan.client].append(plan)
    scorer = Scorer()
    client_ids, episode_ids = [], []
    started = perf_counter()
    for first in range(0, len(references), CLIENTS_PER_BATCH):
        for n in range(first, min(first + CLIENTS_PER_BATCH, len(references))):
            client = _client(rows, rng, people, n, references[n])
            clinicians = people.clinicians
            client_ids.append(client["id"])
            episode_ids.append(
                [
                    episode_rows(
                        rows, rng, plan, client, clinicians[plan.clinician],
                        people.organisation, today, scorer,
                    )["id"]
                    for plan in by_client[n]
                ]
            )  # fmt: skip
        with transaction.atomic():
            rows.flush()
        if first and first % (CLIENTS_PER_BATCH * 8) == 0:
            say(f"  {first} clients written ({perf_counter() - started:.0f} s)")
    return client_ids, episode_ids


def _client(rows, rng, people, n, reference):
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    email = f"client{n}@bench.invalid"
    user_id = None
    if n % PORTAL_EVERY == 0:
        user_id = rows[User].add(
            username=f"bench-{reference.lower()}",
            organisation_id=people.organisation.pk,
            role=Role.CLIENT,
            first_name=given,
            last_name=family,
            email=email,
            password=people.password,
        )["id"]
    clinician = people.clinicians[people.client_clinicians[n]]
    return rows[Client].add(
        organisation_id=people.organisation.pk,
        site_id=clinician.site_id,
        reference=reference,
        given_name=given,
        family_name=family,
        date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55)),
        email=email,
        phone="",
        clinician_id=clinician.pk,
        user_id=user_id,
    )


def _audit_events(rng, people, ranked, client_ids, episode_ids, count, rows):
    """`count` events about clients, in batches. Attention is skewed (Zipf): a few clients
    have long trails, most have short ones, so the audit page is measured on a client
    with thousands of events. Written as rows, past AuditEvent.save(): the append-only
    rule forbids changing events, not adding them."""
    cumulative, total = [], 0.0
    for rank in range(len(ranked)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    now = timezone.now()
    events = rows[AuditEvent]
    previous = _chain_tip(people.organisation)
    for first in range(0, count, AUDIT_EVENTS_PER_BATCH):
        size = min(AUDIT_EVENTS_PER_BATCH, count - first)
        for n in rng.choices(ranked, cum_weights=cumulative, k=size):
            event = _audit_event(rng, people, n, client_ids[n], episode_ids[n], now)
            previous = _linked(event, previous)
            events.add(**event)
        with transaction.atomic():
            rows.flush()


def _chain_tip(organisation):
    return chain.tip(organisation.pk)


def _linked(event, previous):
    """Link the event after `previous` in its organisation's chain (in id order, the
    order the rows are written in); returns its hash, which the next event follows."""
    event["previous_hash"] = previous
    event["event_hash"] = chain.event_hash(event, previous)
    return event["event_hash"]


def _audit_event(rng, people, n, client_id, episode_ids, now):
    clinician = people.clinicians[people.client_clinicians[n]]
    actor_id = rng.choices(
        [clinician.pk, clinician.supervisor_id, people.admin.pk], weights=[8, 1, 1]
    )[0]
    if episode_ids and rng.random() < 0.5:
        object_type, object_id = "caseload.episode", rng.choice(episode_ids)
        action = rng.choice(EPISODE_ACTIONS)
    else:
        object_type, object_id = "caseload.client", client_id
        action = rng.choice(CLIENT_ACTIONS)
    return {
        "actor_id": actor_id,
        "organisation_id": people.organisation.pk,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "client_id": client_id,
        "detail": "",
        "at": now - timedelta(seconds=rng.randrange(AUDIT_DAYS * 24 * 3600)),
        "ip": f"10.20.{rng.randrange(256)}.{rng.randrange(1, 255)}",
    }
