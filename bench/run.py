"""`make bench`: seed a synthetic organisation, time the main pages, print a table.

    .venv/bin/python bench/run.py [--scale default|service] [--postgres]
                                  [--clients N] [--episodes N] [--sessions N] [--records N]
                                  [--repeat N] [--json PATH] [--keep]

A benchmark, not a test: it prints figures to compare between runs and machines,
and fails only when a page does not answer 200. See docs/bench.md.
"""

import argparse
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python bench/run.py` puts bench/ on the path, not the project root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import environment  # noqa: E402 (needs the project root on the path)
from bench.scale import SCALES, chosen_scale  # noqa: E402


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Seed a synthetic organisation, time the main pages, print a table.",
        epilog="See docs/bench.md.",
    )
    add_database_arguments(parser)
    parser.add_argument(
        "--repeat",
        type=at_least(1),
        help="timed requests per page (default 30; 10 at the service scale)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    return parser.parse_args(argv)


def add_database_arguments(parser):
    """The options that choose what is seeded where (shared with bench/load.py)."""
    parser.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default="default",
        help="default: 2000 clients; service: 10,000 clients, 100,000 episodes",
    )
    parser.add_argument("--clients", type=at_least(1), help="clients (replaces the scale's)")
    parser.add_argument("--episodes", type=at_least(1), help="episodes in all")
    parser.add_argument("--sessions", type=at_least(0), help="recorded sessions in all")
    parser.add_argument("--records", type=at_least(0), help="audit events")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a throwaway PostgreSQL cluster (scripts/with-postgres.sh)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"keep the SQLite database ({environment.shown(environment.DEFAULT_DATABASE)}) "
        "and reuse it next time if it holds the same scale",
    )


def at_least(minimum):
    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def scale_from(options):
    try:
        return chosen_scale(
            options.scale,
            clients=options.clients,
            episodes=options.episodes,
            sessions=options.sessions,
            records=options.records,
        )
    except ValueError as error:
        raise SystemExit(f"bench: {error}") from None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    options = parse_arguments(argv)
    scale = scale_from(options)
    if options.postgres:
        return environment.rerun_on_postgres(__file__, argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows when piped to a file
    own_database = environment.configure(reuse=options.keep)
    # WhiteNoise warns when var/static has not been collected; the bench serves no files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.db import connections

    from bench.measure import BenchFailure

    try:
        run(options, scale, own_database)
    except BenchFailure as failure:
        print(f"\nbench FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
        if own_database is not None:
            if options.keep:
                print(f"Database kept at {environment.shown(own_database)}")
            else:
                environment.remove_sqlite(own_database)
    return 0


def run(options, scale, own_database):
    from bench import report
    from bench.database import prepare, stopwatch
    from bench.measure import WARMUP_ROUNDS, measure
    from bench.pages import main_pages

    info = report.machine()
    print(f"OpenIPT bench · {report.describe(info)}")
    cast, durations = prepare(scale, own_database, reuse=options.keep)
    pages = main_pages(cast)
    repeat = options.repeat or (30 if options.scale == "default" else 10)
    print(f"Timing {len(pages)} pages: {WARMUP_ROUNDS} warm-up rounds, {repeat} timed")
    with stopwatch(durations, "measure"):
        results = measure(pages, repeat)
    print()
    print(report.table(results))
    info["load_average_1min_after"] = report.load_average()
    print(
        f"\n{report.durations_line(durations)}; "
        f"1-minute load average {info['load_average_1min']} before, "
        f"{info['load_average_1min_after']} after."
    )
    if options.json:
        report.write_json(options.json, info, scale, repeat, durations, results)


if __name__ == "__main__":
    sys.exit(main())
