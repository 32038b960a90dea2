"""`make bench-load`: signed-in people browsing OpenIPT through gunicorn, and how long
they wait.

    .venv/bin/python bench/load.py [--scale default|service] [--postgres] [--keep]
                                   [--users 20] [--duration 120] [--floor-duration 60]
                                   [--workers N] [--threads N] [--connections KIND]

Seeds the bench organisation (or reuses a kept one with --keep), starts gunicorn on a
loopback port with the settings docs/deploy.md recommends, signs `--users` people in
through the sign-in form and lets them browse: first every person on the floor page
alone, then every person on their own pages (clinicians, supervisors, clients). Prints
p50/p95/p99, errors and throughput per page kind. See docs/bench.md.
"""

import argparse
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import environment, traffic  # noqa: E402 (needs the project root on the path)
from bench.run import add_database_arguments, at_least, scale_from  # noqa: E402

# docs/deploy.md: on 2 cores, 3 workers of 4 threads each (gthread). A slow page then
# holds one thread, not a whole worker, while its queries run.
RECOMMENDED_WORKERS = 3
RECOMMENDED_THREADS = 4


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Signed-in people browsing OpenIPT through gunicorn.",
        epilog="See docs/bench.md.",
    )
    add_database_arguments(parser)
    parser.add_argument("--users", type=at_least(1), default=20, help="people browsing (20)")
    parser.add_argument(
        "--duration", type=at_least(10), default=120, help="seconds of mixed browsing (120)"
    )
    parser.add_argument(
        "--floor-duration",
        type=at_least(0),
        default=60,
        help="seconds of everyone on the floor page alone first (60; 0 skips it)",
    )
    parser.add_argument(
        "--warmup", type=at_least(0), default=10, help="first seconds of a phase not counted (10)"
    )
    parser.add_argument("--workers", type=at_least(1), default=RECOMMENDED_WORKERS)
    parser.add_argument("--threads", type=at_least(1), default=RECOMMENDED_THREADS)
    parser.add_argument(
        "--connections",
        choices=("pool", "persistent", "per-request"),
        help="database connections: Django's pool (PostgreSQL with psycopg_pool), kept "
        "open for 60 s, or opened per request (default: pool where it can, else persistent)",
    )
    parser.add_argument("--port", type=at_least(1), default=None, help="default: a free port")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    return parser.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    options = parse_arguments(argv)
    scale = scale_from(options)
    if options.postgres:
        return environment.rerun_on_postgres(__file__, argv)
    sys.stdout.reconfigure(line_buffering=True)
    own_database = environment.configure(reuse=options.keep)
    warnings.filterwarnings("ignore", message="No directory at")
    import django  # noqa: PLC0415 (the environment must be set first)

    django.setup()
    from django.db import connections  # noqa: PLC0415 (after django.setup())

    from bench import loadrun  # noqa: PLC0415 (imports models: after django.setup())
    from bench.measure import BenchFailure  # noqa: PLC0415 (after django.setup())

    try:
        loadrun.run(options, scale, own_database)
    except (BenchFailure, traffic.SignInFailed) as failure:
        print(f"\nbench-load FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
        if own_database is not None:
            if options.keep:
                print(f"Database kept at {environment.shown(own_database)}")
            else:
                environment.remove_sqlite(own_database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
