"""Requests pages through django.test.Client and records wall time and SQL queries."""

import statistics
from dataclasses import dataclass, field
from time import perf_counter, process_time

from django.db import connection
from django.test import Client

WARMUP_ROUNDS = 3
# force_login needs a backend with get_user(); the axes backend listed first has none.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# One per client row in clinic/_client_rows.html (its cells carry a label for narrow screens).
CLIENT_ROW_MARKER = b'<td class="ref" data-label="Reference">'


class BenchFailure(Exception):
    """A page did not answer as it should, so its figures would describe an error page."""


@dataclass
class Result:
    page: object
    timings_ms: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    # This process's CPU time per request: what the page itself costs, whatever else the
    # machine runs (wall time also counts waiting for a core). On SQLite that includes the
    # database's work; on PostgreSQL the server's share is not in it.
    cpu_ms: list = field(default_factory=list)
    size_bytes: int = 0

    @property
    def median_ms(self):
        return statistics.median(self.timings_ms)

    @property
    def cpu_median_ms(self):
        return statistics.median(self.cpu_ms)

    @property
    def p90_ms(self):
        if len(self.timings_ms) < 2:
            return max(self.timings_ms)
        return statistics.quantiles(self.timings_ms, n=10, method="inclusive")[-1]


def measure(pages, repeat):
    """Time every page `repeat` times after the warm-up rounds.

    Pages are requested in rounds (each page once per round) rather than one page
    `repeat` times in a row, so a slow patch on the machine (another process, a CPU
    clock change) lands on every page alike instead of on whichever page it hit.
    """
    browsers = [_signed_in_browser(page.viewer) for page in pages]
    results = [Result(page) for page in pages]
    for round_number in range(WARMUP_ROUNDS):
        for page, browser in zip(pages, browsers, strict=True):
            response = _get(browser, page)
            if round_number == 0:
                _check_rows(page, response)
    for _ in range(repeat):
        for page, browser, result in zip(pages, browsers, results, strict=True):
            _timed_get(browser, page, result)
    return results


def _signed_in_browser(user):
    # HTTP_HOST must be in ALLOWED_HOSTS (127.0.0.1,localhost by default), or every
    # page would be a 400.
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(user, backend=MODEL_BACKEND)
    return browser


def _timed_get(browser, page, result):
    # Queries are counted by a wrapper around each execution, not by CaptureQueriesContext:
    # that one turns on the debug cursor, which formats every statement with its parameters
    # (on SQLite by one more query each), work a served page never does, which made pages
    # with many queries look dearer than they are.
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        start, cpu_start = perf_counter(), process_time()
        response = _get(browser, page)
        elapsed, cpu = perf_counter() - start, process_time() - cpu_start
    result.timings_ms.append(elapsed * 1000)
    result.cpu_ms.append(cpu * 1000)
    result.queries.append(counter.count)
    result.size_bytes = len(response.content)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _get(browser, page):
    try:
        response = browser.get(page.url)
    except Exception as error:  # the test client re-raises what the view raised
        raise BenchFailure(f"{_described(page)} raised {error!r}") from error
    if response.status_code != 200:
        location = response.get("Location")
        where = f" (redirect to {location})" if location else ""
        raise BenchFailure(
            f"{_described(page)} answered {response.status_code}{where}, not 200; "
            "timing it would measure an error page."
        )
    return response


def _check_rows(page, response):
    if page.expect_rows is None:
        return
    rows = response.content.count(CLIENT_ROW_MARKER)
    if rows != page.expect_rows:
        raise BenchFailure(
            f"{_described(page)} showed {rows} client rows where the seed says "
            f"{page.expect_rows}; the page is not measuring what it claims to."
        )


def _described(page):
    return f"{page.name}: GET {page.url} as {page.viewer.username}"
