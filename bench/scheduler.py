"""`make bench` (second part): time one pass of the reminder scheduler (`openipt run-due`)
over 100,000 clients who each have a session in the next 24 hours, and count its queries.

    .venv/bin/python bench/scheduler.py [--clients N] [--postgres] [--json PATH]

What is timed is the pass as `openipt run-due` runs it (reminders.scheduler.run_due): find
what is due, log every message in one insert, claim them with one compare-and-set update,
queue the worker's task (the real database queue), read back one line per message; the
lines are formatted as the command prints them. Sending is the worker's and is not timed.

Its query count is then compared with a pass that queues 10 messages: they must be equal
(the pass must not grow with the number of messages). A benchmark, not a test: it prints
figures, and fails only when the pass does not queue what it should. See docs/bench.md.
"""

import argparse
import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import environment  # noqa: E402 (needs the project root on the path)

DATABASE = ROOT / "var" / "bench" / "scheduler.sqlite3"
GOAL_PER_SECOND = 1000
SMALL_PASS = 10


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", metavar="PATH")
    return parser.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    options = parse_arguments(argv)
    if options.postgres:
        return environment.rerun_on_postgres(__file__, argv)
    sys.stdout.reconfigure(line_buffering=True)
    own = None
    if not os.environ.get("DATABASE_URL"):
        own = DATABASE
        environment.remove_sqlite(own)
        own.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{own}"
    environment.configure(reuse=True)
    # The real database queue: queueing the worker's task is part of the pass.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    import django

    django.setup()
    from django.db import connections

    try:
        return run(options)
    finally:
        connections.close_all()
        if own is not None:
            environment.remove_sqlite(own)


def run(options):
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import report
    from openipt.reminders.scheduler import run_due

    info = report.machine()
    print(f"OpenIPT scheduler bench · {report.describe(info)}")
    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    clinician = _organisation()
    run_due(now)  # the heartbeats' first rows, so both measured passes do the same work
    started = time.perf_counter()
    _clients_with_a_session_tomorrow(clinician, options.clients, now, start=0)
    seeded = time.perf_counter() - started
    print(f"Seeded {options.clients} clients with a session in the next 24 hours in {seeded:.1f} s")

    big = _timed_pass(run_due, now, connection)
    _clients_with_a_session_tomorrow(clinician, SMALL_PASS, now, start=options.clients)
    small = _timed_pass(run_due, now + timedelta(seconds=1), connection)
    rate = big["queued"] / big["seconds"]
    print()
    print(f"{'pass':<28}{'queued':>10}{'seconds':>10}{'per second':>12}{'queries':>9}")
    for label, figures in (
        (f"{options.clients} clients", big),
        (f"{SMALL_PASS} more clients", small),
    ):
        per_second = figures["queued"] / figures["seconds"]
        print(
            f"{label:<28}{figures['queued']:>10}{figures['seconds']:>10.2f}"
            f"{per_second:>12.0f}{figures['queries']:>9}"
        )
    print()
    verdict = "met" if rate >= GOAL_PER_SECOND else "NOT met"
    print(f"Goal of {GOAL_PER_SECOND} messages queued per second: {verdict} ({rate:.0f}/s).")
    same = big["queries"] == small["queries"]
    print(
        f"Queries per pass: {big['queries']} for {big['queued']} messages, {small['queries']} "
        f"for {small['queued']}: {'constant' if same else 'NOT constant'}."
    )
    before, after = info["load_average_1min"], report.load_average()
    print(f"1-minute load average {before} before, {after} after.")
    if options.json:
        Path(options.json).write_text(
            json.dumps({"machine": info, "big": big, "small": small}, indent=2) + "\n"
        )
    expected = (options.clients, SMALL_PASS)
    got = (big["sessions_queued"], small["sessions_queued"])
    if got != expected:
        print(f"bench FAILED: session reminders queued {got}, expected {expected}", file=sys.stderr)
        return 1
    return 0


def _timed_pass(run_due, now, connection):
    from django.test.utils import CaptureQueriesContext

    sink = open(os.devnull, "w")  # noqa: SIM115 (closed below)
    try:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = run_due(now)
            for queued in result.queued:  # what `openipt run-due` prints
                sink.write(queued.line + "\n")
            sink.write(result.summary + "\n")
            seconds = time.perf_counter() - started
    finally:
        sink.close()
    return {
        "queued": len(result.queued),
        "sessions_queued": len([q for q in result.queued if q.kind == "session"]),
        "seconds": round(seconds, 3),
        "queries": len(captured),
    }


def _organisation():
    from openipt.accounts.models import Organisation, Role, Site, User

    organisation = Organisation.objects.create(name="Scheduler bench (synthetic)", slug="sched")
    site = Site.objects.create(organisation=organisation, name="Main site")
    clinician = User(
        username="bench-clinician", organisation=organisation, role=Role.THERAPIST, site=site
    )
    clinician.set_unusable_password()
    clinician.save()
    return clinician


def _clients_with_a_session_tomorrow(clinician, count, now, *, start):
    """`count` clients, each with an open episode and one session between 1 and 23 hours
    from now, written in bulk."""
    from django.db import transaction

    from openipt.caseload.models import REFERENCE_ALPHABET, Client, Episode
    from openipt.protocol.models import Session

    batch = 5000
    for first in range(start, start + count, batch):
        numbers = range(first, min(first + batch, start + count))
        with transaction.atomic():
            clients = Client.objects.bulk_create(
                [
                    Client(
                        organisation_id=clinician.organisation_id,
                        site_id=clinician.site_id,
                        clinician=clinician,
                        reference=_reference(number, REFERENCE_ALPHABET),
                        given_name="Bench",
                        family_name=f"Client {number}",
                        date_of_birth=date(1980, 1, 1),
                        email=f"client{number}@bench.invalid",
                    )
                    for number in numbers
                ]
            )
            episodes = Episode.objects.bulk_create(
                [
                    Episode(
                        organisation_id=clinician.organisation_id,
                        client=client,
                        clinician=clinician,
                        opened_on=now.date() - timedelta(weeks=4),
                    )
                    for client in clients
                ]
            )
            Session.objects.bulk_create(
                [
                    Session(
                        episode=episode,
                        number=1,
                        scheduled_for=now + timedelta(hours=1, minutes=index % (22 * 60)),
                    )
                    for index, episode in enumerate(episodes)
                ]
            )


def _reference(number, alphabet):
    """A unique reference for client `number` (C- and six letters, as real ones)."""
    letters = []
    for _ in range(6):
        number, digit = divmod(number, len(alphabet))
        letters.append(alphabet[digit])
    return "C-" + "".join(reversed(letters))


if __name__ == "__main__":
    sys.exit(main())
