"""Migrate, seed (or reuse a kept database of the same scale), derive, find the cast."""

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command, get_commands
from django.db import connection

from bench.cast import BENCH_ORGANISATION, find_cast
from bench.environment import DEFAULT_DATABASE
from bench.groups import ensure_group
from bench.measure import BenchFailure
from bench.seed import seed_organisation
from openipt.accounts.models import Organisation

# Commands that recompute stored, derived data from the records (outcome summaries,
# stored fidelity, ...). Seeding writes rows in bulk, past the actions that keep such
# data up to date, so every command whose name starts with this is run after seeding.
REBUILD_PREFIX = "rebuild_"


def prepare(scale, own_database, *, reuse, say=print):
    """A database holding the bench organisation at `scale`; returns (cast, durations)."""
    durations = {}
    with stopwatch(durations, "migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    marker = _marker(own_database)
    if reuse and _kept(marker) == _kept_content(scale):
        say(f"Reusing the kept database ({_described(scale)})")
    else:
        _require_empty_database()
        say(f"Seeding {_described(scale)} into {connection.vendor}...")
        with stopwatch(durations, "seed"):
            counts, _ = seed_organisation(scale, say=say)
        with stopwatch(durations, "analyse"):
            _analyse()
        say(f"Seeded in {durations['seed']:.1f} s: " + _counted(counts))
        with stopwatch(durations, "derive"):
            _rebuild_derived_data(say)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(_kept_content(scale)) + "\n")
    with stopwatch(durations, "group"):
        ensure_group(Organisation.objects.get(slug=BENCH_ORGANISATION), say=say)
    with stopwatch(durations, "cast"):
        cast = find_cast()
    return cast, durations


def _described(scale):
    return (
        f"{scale.clients} clients, {scale.episodes} episodes, about {scale.sessions} sessions, "
        f"{scale.records} audit events, {scale.clinicians} clinicians, "
        f"{scale.supervisors} supervisors"
    )


def _counted(counts):
    return ", ".join(f"{count} {label.split('.')[1]}" for label, count in sorted(counts.items()))


def _require_empty_database():
    if Organisation.objects.exists():
        raise BenchFailure(
            "The database already holds organisations. The bench seeds its own organisation "
            "and needs an empty database, e.g. `make bench-postgres`."
        )


def _analyse():
    # Fresh tables have no planner statistics until autovacuum gets to them; a service's
    # database has them, so the bench gathers them before measuring.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _rebuild_derived_data(say):
    for name in sorted(get_commands()):
        if name.startswith(REBUILD_PREFIX):
            started = time.perf_counter()
            call_command(name)
            say(f"  {name} took {time.perf_counter() - started:.1f} s")


def _marker(own_database):
    """Where the scale of the seeded database is noted, so --keep can reuse it: beside
    the bench's own SQLite file, or for DATABASE_URL in var/bench (with the URL, so a
    new throwaway cluster on another port is never taken for the old one)."""
    if own_database is not None:
        return Path(f"{own_database}.scale.json")
    return DEFAULT_DATABASE.parent / "database-url.scale.json"


def _kept_content(scale):
    return {"database": os.environ["DATABASE_URL"], "scale": scale.as_dict()}


def _kept(marker):
    try:
        return json.loads(marker.read_text())
    except (OSError, ValueError):
        return None


@contextmanager
def stopwatch(durations, name):
    """Records the seconds spent inside the block as durations[name]."""
    start = time.perf_counter()
    yield
    durations[name] = round(time.perf_counter() - start, 3)
