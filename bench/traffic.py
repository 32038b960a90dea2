"""Signed-in people browsing a running server: the load benchmark's clients.

Standard library only: one thread per person, http.client with a small cookie jar.
Each person signs in through the real sign-in form (the bench turns the second factor
off), then requests their pages one after another with a pause of 1-3 s between
them, as a person reading a page does.
"""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from math import ceil
from urllib.parse import urlencode

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT_SECONDS = 60


class SignInFailed(Exception):
    pass


class Browser:
    """Cookies and one connection per request, like a browser behind a proxy that does
    not keep connections alive."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content, response.getheader("Location")
        finally:
            connection.close()

    def sign_in(self, login_path, username, password):
        status, page, _ = self.request("GET", login_path)
        token = CSRF_FIELD.search(page)
        if status != 200 or token is None:
            raise SignInFailed(f"{username}: the sign-in page answered {status}")
        form = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": password,
        }
        status, _, location = self.request("POST", login_path, urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise SignInFailed(f"{username}: signing in answered {status}, not a redirect")
        return location


@dataclass
class Person:
    """One signed-in person and the pages they visit: {kind: [paths]}."""

    username: str
    role: str
    pages: dict
    browser: Browser = None


@dataclass
class Sample:
    kind: str
    started: float  # seconds since the phase began
    ms: float
    ok: bool
    error: str = ""


@dataclass
class Phase:
    name: str
    duration: float
    warmup: float
    samples: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample):
        with self.lock:
            self.samples.append(sample)

    def measured(self):
        """Samples that started after the warm-up (caches warm, every person busy)."""
        return [sample for sample in self.samples if sample.started >= self.warmup]


def drive(people, phase, think=(1.0, 3.0), seed=2026, pages_of=None):
    """Every person browses for phase.duration seconds; returns when all have stopped.

    pages_of(person) picks the pages of this phase (default: the person's own pages).
    Each person starts at a random moment in their first pause, so requests do not
    arrive in one burst.
    """
    began = time.perf_counter()
    threads = [
        threading.Thread(
            target=_browse,
            args=(person, phase, began, think, random.Random(seed + n), pages_of),
            daemon=True,
        )
        for n, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _browse(person, phase, began, think, rng, pages_of):
    pages = pages_of(person) if pages_of else person.pages
    kinds = sorted(pages)
    time.sleep(rng.uniform(0, think[1]))
    while time.perf_counter() - began < phase.duration:
        kind = rng.choice(kinds)
        path = rng.choice(pages[kind])
        started = time.perf_counter()
        try:
            status, _, location = person.browser.request("GET", path)
            ok = status == 200
            error = "" if ok else f"{status} {location or ''}".strip()
        except (OSError, http.client.HTTPException) as failure:
            ok, error = False, type(failure).__name__
        elapsed = time.perf_counter() - started
        phase.add(Sample(kind, started - began, elapsed * 1000, ok, error))
        time.sleep(rng.uniform(*think))


def percentile(sorted_values, share):
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, ceil(share * len(sorted_values)) - 1)]


def summarise(phase):
    """Per kind and overall: requests, errors, throughput and latency percentiles."""
    measured = phase.measured()
    window = max(phase.duration - phase.warmup, 1e-9)
    by_kind = {}
    for sample in measured:
        by_kind.setdefault(sample.kind, []).append(sample)
    rows = [_row(kind, samples, window) for kind, samples in sorted(by_kind.items())]
    rows.append(_row("all requests", measured, window))
    return rows


def _row(kind, samples, window):
    times = sorted(sample.ms for sample in samples)
    errors = [sample.error for sample in samples if not sample.ok]
    return {
        "kind": kind,
        "requests": len(samples),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "per_second": len(samples) / window,
        "p50_ms": percentile(times, 0.50),
        "p95_ms": percentile(times, 0.95),
        "p99_ms": percentile(times, 0.99),
        "max_ms": times[-1] if times else None,
    }


def table(rows):
    lines = [
        "| page kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        cells = [
            row["kind"],
            str(row["requests"]),
            str(row["errors"]),
            f"{row['per_second']:.2f}",
            *(_ms(row[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ms(value):
    return "-" if value is None else f"{value:.0f}"
