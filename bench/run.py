"""`make bench`: seed a synthetic organisation, time the main pages, print a table.

    .venv/bin/python bench/run.py [--clients N] [--records N] [--sessions N] [--repeat N]
                                  [--json PATH] [--keep]

A benchmark, not a test: it prints figures to compare between runs and machines,
and fails only when a page does not answer 200. See docs/bench.md.
"""

import argparse
import os
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python bench/run.py` puts bench/ on the path, not the project root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = ROOT / "var" / "bench" / "bench.sqlite3"

# Production settings except what a loopback benchmark cannot have (HTTPS, a second
# factor) and what would only add noise (Argon2, hashed static names, a task worker).
# Set unconditionally: a value left in the shell must not change what is measured.
BENCH_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "openipt.settings",
    "SECRET_KEY": "bench-only-secret-key-never-used-outside-the-benchmark-0123456789",
    "DEBUG": "0",
    "OPENIPT_HTTPS": "0",
    "OPENIPT_REQUIRE_2FA": "0",
    "OPENIPT_FAST_PASSWORD_HASHER": "1",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Seed a synthetic organisation, time the main pages, print a table.",
        epilog="See docs/bench.md.",
    )
    parser.add_argument("--clients", type=_at_least(1), default=2000, help="default 2000")
    parser.add_argument(
        "--records", type=_at_least(0), default=30000, help="audit events (default 30000)"
    )
    parser.add_argument(
        "--sessions",
        type=_at_least(0),
        default=30000,
        help="recorded sessions across all courses, each attended one with a PHQ-9 (default 30000)",
    )
    parser.add_argument(
        "--repeat", type=_at_least(1), default=30, help="timed requests per page (default 30)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--keep", action="store_true", help=f"keep the SQLite database ({_shown(DEFAULT_DATABASE)})"
    )
    return parser.parse_args(argv)


def _at_least(minimum):
    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def configure_environment():
    """Set the bench settings; return the SQLite file the bench owns, or None.

    With DATABASE_URL set, that database is used as it is and never deleted.
    """
    os.environ.pop("SECRET_KEY_FILE", None)  # settings would prefer it to SECRET_KEY
    os.environ.update(BENCH_ENVIRONMENT)
    if os.environ.get("DATABASE_URL"):
        return None
    remove_sqlite(DEFAULT_DATABASE)
    DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DATABASE}"
    return DEFAULT_DATABASE


def remove_sqlite(path):
    # WAL mode leaves -wal and -shm files beside the database.
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main(argv=None):
    options = parse_arguments(argv)
    own_database = configure_environment()
    # WhiteNoise warns when var/static has not been collected; the bench serves no files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.db import connections

    from bench.measure import BenchFailure

    try:
        run(options)
    except BenchFailure as failure:
        print(f"\nbench FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
        if own_database is not None:
            if options.keep:
                print(f"Database kept at {_shown(own_database)}")
            else:
                remove_sqlite(own_database)
    return 0


def run(options):
    from django.core.management import call_command

    from bench import report
    from bench.measure import WARMUP_ROUNDS, measure
    from bench.pages import main_pages
    from bench.seed import Scale, seed_organisation

    info = report.machine()
    print(f"OpenIPT bench · {report.describe(info)}")
    scale = Scale(clients=options.clients, records=options.records, sessions=options.sessions)
    durations = {}
    with _stopwatch(durations, "migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    _require_empty_database()
    with _stopwatch(durations, "seed"):
        cast = seed_organisation(scale)
    print(
        f"Seeded {scale.clients} clients, {scale.records} audit events, "
        f"about {scale.sessions} sessions, "
        f"{scale.clinicians} clinicians, {scale.supervisors} supervisors and an admin "
        f"in {durations['seed']:.1f} s (migrate {durations['migrate']:.1f} s)"
    )
    pages = main_pages(cast)
    print(f"Timing {len(pages)} pages: {WARMUP_ROUNDS} warm-up rounds, {options.repeat} timed")
    with _stopwatch(durations, "measure"):
        results = measure(pages, options.repeat)
    print()
    print(report.table(results))
    info["load_average_1min_after"] = report.load_average()
    print(
        f"\nMeasured in {durations['measure']:.1f} s; "
        f"1-minute load average {info['load_average_1min']} before, "
        f"{info['load_average_1min_after']} after."
    )
    if options.json:
        report.write_json(options.json, info, scale, options.repeat, durations, results)


def _require_empty_database():
    from bench.measure import BenchFailure
    from openipt.accounts.models import Organisation

    if Organisation.objects.exists():
        raise BenchFailure(
            "DATABASE_URL names a database that already holds organisations. The bench seeds "
            "its own organisation and needs an empty database, e.g. "
            "`bash scripts/with-postgres.sh .venv/bin/python bench/run.py`."
        )


@contextmanager
def _stopwatch(durations, name):
    """Records the seconds spent inside the block as durations[name]."""
    start = time.perf_counter()
    yield
    durations[name] = round(time.perf_counter() - start, 3)


def _shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


if __name__ == "__main__":
    sys.exit(main())
