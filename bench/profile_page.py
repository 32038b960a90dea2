"""Where one page's time goes: cProfile and the SQL of one bench page, on a kept database.

    .venv/bin/python bench/profile_page.py PAGE [--repeat N] [--top N] [--sql]

PAGE is the start of a page's name in the `make bench` table ("caseload", "episode",
"team fidelity"...). Needs the database `make bench BENCH_ARGS=--keep` kept (the default
scale unless --scale is given); it seeds one when there is none. Prints the functions with
the most CPU time of their own and with the most in total over --repeat requests, then
(--sql) each statement of one request with its time. A tool for a person; see docs/bench.md.
"""

import argparse
import cProfile
import io
import pstats
import sys
import warnings
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import environment  # noqa: E402 (needs the project root on the path)
from bench.scale import SCALES, chosen_scale  # noqa: E402


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Profile one bench page on a kept database.")
    parser.add_argument("page", help="the start of the page's name in the bench table")
    parser.add_argument("--scale", choices=sorted(SCALES), default="default")
    parser.add_argument("--repeat", type=int, default=20, help="profiled requests (20)")
    parser.add_argument("--top", type=int, default=25, help="functions listed (25)")
    parser.add_argument("--sql", action="store_true", help="also list one request's SQL")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    own_database = environment.configure(reuse=True)
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from bench.database import prepare
    from bench.measure import WARMUP_ROUNDS, _get, _signed_in_browser
    from bench.pages import main_pages

    cast, _ = prepare(chosen_scale(options.scale), own_database, reuse=True)
    page = _chosen(main_pages(cast), options.page)
    browser = _signed_in_browser(page.viewer)
    for _ in range(WARMUP_ROUNDS):
        _get(browser, page)
    print(f"{page.name}: GET {page.url} as {page.viewer.username}")
    _profile(browser, page, options)
    if options.sql:
        _list_sql(browser, page)
    return 0


def _chosen(pages, name):
    found = [page for page in pages if page.name.startswith(name)]
    if not found:
        names = ", ".join(page.name for page in pages)
        raise SystemExit(f"profile_page: no page starts with {name!r} (pages: {names})")
    return found[0]


def _profile(browser, page, options):
    from bench.measure import _get

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(options.repeat):
        _get(browser, page)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(options.top)
        print(f"\n--- by {order}, {options.repeat} requests ---")
        print(out.getvalue().split("\n", 6)[-1])


def _list_sql(browser, page):
    """Each statement of one request with its time: the log's own times, in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import _get

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        start = perf_counter()
        _get(browser, page)
        elapsed = (perf_counter() - start) * 1000
    total = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    print(f"\n--- SQL of one request: {len(queries)} statements, {total:.1f} ms of {elapsed:.1f}")
    for query in queries.captured_queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:400]}")


if __name__ == "__main__":
    sys.exit(main())
