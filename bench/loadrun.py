"""The load benchmark once Django is set up: seed or reuse, start gunicorn, browse, report.

Imported by bench/load.py after django.setup(); see that module and docs/bench.md.
"""

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection, connections
from django.urls import reverse

from bench import environment, load_people, report, traffic
from bench.database import prepare
from bench.seed import BENCH_PASSWORD

GUNICORN = Path(sys.executable).parent / "gunicorn"
# docs/deploy.md: on PostgreSQL, the connection pool (DATABASE_POOL=1); persistent
# connections (DATABASE_CONN_MAX_AGE) where the pool is not installed, and on SQLite.
PERSISTENT_SECONDS = "60"
# Who browses, as shares of --users: most are clinicians.
ROLE_SHARES = (("clinician", 0.6), ("supervisor", 0.15), ("client", 0.25))
# Open courses per clinician whose pages they visit.
COURSES_PER_CLINICIAN = 6


def run(options, scale, own_database):
    info = report.machine()
    print(f"OpenIPT bench-load · {report.describe(info)}")
    cast, durations = prepare(scale, own_database, reuse=options.keep)
    people = choose_people(cast, options.users)
    floor_path, login_path = reverse("accounts:account"), reverse("accounts:login")
    connections.close_all()  # the server gets the database to itself
    server_env, connection_note = server_environment(options, connection.vendor)
    port = options.port or free_port()
    settings_line = (
        f"gunicorn: {options.workers} workers x {options.threads} threads on 127.0.0.1:{port}; "
        f"database connections: {connection_note}"
    )
    print(settings_line)
    with GunicornServer(port, options, server_env):
        for person in people:
            person.browser = traffic.Browser(port)
            person.browser.sign_in(login_path, person.username, BENCH_PASSWORD)
        counts = {role: sum(p.role == role for p in people) for role, _ in ROLE_SHARES}
        print(f"Signed in {len(people)} people through the sign-in form: {counts}")
        phases = []
        if options.floor_duration:
            phases.append(
                _phase(
                    "floor page alone",
                    options.floor_duration,
                    options,
                    people,
                    lambda person: {"floor": [floor_path]},
                )
            )
        phases.append(_phase("mixed pages", options.duration, options, people, None))
    info["load_average_1min_after"] = report.load_average()
    for phase, rows in phases:
        print(
            f"\n{phase.name}: {len(people)} people, {phase.duration:.0f} s "
            f"({phase.warmup:.0f} s warm-up not counted)\n"
        )
        print(traffic.table(rows))
    _print_errors(phases)
    print(
        f"\n{settings_line}\n1-minute load average {info['load_average_1min']} before, "
        f"{info['load_average_1min_after']} after."
    )
    if options.json:
        _write_json(options, info, scale, durations, settings_line, phases)


def _phase(name, duration, options, people, pages_of):
    phase = traffic.Phase(name, duration, min(options.warmup, duration / 2))
    print(f"Browsing: {name} for {duration} s...")
    traffic.drive(people, phase, pages_of=pages_of)
    return phase, traffic.summarise(phase)


def choose_people(cast, count):
    """`count` people in the shares of ROLE_SHARES, each with the pages they would visit."""
    wanted = {role: round(count * share) for role, share in ROLE_SHARES}
    wanted["clinician"] += count - sum(wanted.values())
    return (
        load_people.clinicians(cast, wanted["clinician"], COURSES_PER_CLINICIAN)
        + load_people.supervisors(cast, wanted["supervisor"])
        + load_people.clients(cast, wanted["client"])
    )


def server_environment(options, vendor):
    """The environment gunicorn runs with, and a note of how it connects to the database."""
    env = dict(os.environ)
    kind = options.connections
    has_pool = importlib.util.find_spec("psycopg_pool") is not None
    note = ""
    if kind is None:
        kind = "pool" if vendor == "postgresql" and has_pool else "persistent"
        if vendor == "postgresql" and not has_pool:
            note = " (psycopg_pool is not installed, so no pool: see docs/deploy.md)"
    if kind == "pool":
        if vendor != "postgresql" or not has_pool:
            raise SystemExit("--connections pool needs PostgreSQL and psycopg_pool installed")
        # The setting docs/deploy.md recommends (openipt/settings.py, DATABASE_POOL).
        env["DATABASE_POOL"] = "1"
        env["DATABASE_CONN_MAX_AGE"] = "0"  # the settings refuse a pool with persistent ones
        size = env.setdefault("DATABASE_POOL_SIZE", "4")
        return env, f"connection pool, DATABASE_POOL=1 ({size} per worker)"
    env["DATABASE_CONN_MAX_AGE"] = PERSISTENT_SECONDS if kind == "persistent" else "0"
    described = {
        "persistent": f"persistent, DATABASE_CONN_MAX_AGE={PERSISTENT_SECONDS}",
        "per-request": "a new connection per request",
    }
    return env, described[kind] + note


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    """The application server for the length of the block; its log goes to var/bench."""

    def __init__(self, port, options, env):
        self.port, self.options, self.env = port, options, env
        self.log_path = environment.DEFAULT_DATABASE.parent / "gunicorn.log"

    def __enter__(self):
        command = [
            str(GUNICORN), "openipt.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.options.workers),
            "--threads", str(self.options.threads),
            "--timeout", "120",
            "--forwarded-allow-ips", "",
        ]  # fmt: skip
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, no shell)
            command, cwd=environment.ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {environment.shown(self.log_path)}")
            try:
                status, _, _ = traffic.Browser(self.port).request("GET", "/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc_info):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _print_errors(phases):
    for phase, rows in phases:
        for row in rows:
            if row["errors"] and row["kind"] != "all requests":
                print(
                    f"  {phase.name} · {row['kind']}: {row['errors']} errors "
                    f"({', '.join(row['error_kinds'])})"
                )


def _write_json(options, info, scale, durations, settings_line, phases):
    document = {
        "machine": info,
        "scale": scale.as_dict(),
        "server": settings_line,
        "users": options.users,
        "durations_s": durations,
        "phases": [
            {
                "name": phase.name,
                "duration_s": phase.duration,
                "warmup_s": phase.warmup,
                "rows": rows,
            }
            for phase, rows in phases
        ],
    }
    with open(options.json, "w") as output:
        json.dump(document, output, indent=2)
        output.write("\n")
    print(f"Results written to {options.json}")
