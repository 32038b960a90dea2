"""The results as a Markdown table (pasteable into docs/bench.md) and as JSON."""

import json
import os
import platform
from datetime import date

import django
from django.db import connection

from bench.pages import FLOOR

COLUMNS = ("page", "median ms", "p90 ms", "queries", "× floor", "CPU ms", "CPU × floor", "KB")


def machine():
    return {
        "date": date.today().isoformat(),
        "cores": _usable_cores(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _database(),
        "load_average_1min": load_average(),
    }


def _usable_cores():
    # The cores this process may run on, which in a container can be fewer than the host's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def load_average():
    # Other work on the machine slows every page; the load says how much to trust a run.
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _database():
    version = ".".join(str(part) for part in connection.get_database_version())
    return f"{connection.vendor} {version}"


def describe(info):
    return (
        f"{info['date']} · {info['cores']} cores ({info['cpu']}) · Python {info['python']}"
        f" · Django {info['django']} · {info['database']}"
        f" · load {info['load_average_1min']}"
    )


def table(results):
    floor = _floor(results)
    lines = [_row(COLUMNS), _row(["---"] + ["---:"] * (len(COLUMNS) - 1))]
    for result in results:
        lines.append(
            _row(
                [
                    result.page.name,
                    f"{result.median_ms:.1f}",
                    f"{result.p90_ms:.1f}",
                    _queries(result),
                    f"{result.median_ms / floor.median_ms:.1f}",
                    f"{result.cpu_median_ms:.1f}",
                    f"{result.cpu_median_ms / floor.cpu_median_ms:.1f}",
                    f"{result.size_bytes / 1024:.0f}",
                ]
            )
        )
    return "\n".join(lines)


def _floor(results):
    return next(result for result in results if result.page.name == FLOOR)


def _row(cells):
    return "| " + " | ".join(cells) + " |"


def _queries(result):
    # A count that changes between identical requests is itself worth seeing.
    low, high = min(result.queries), max(result.queries)
    return str(low) if low == high else f"{low}–{high}"


def durations_line(durations):
    """How long each step took, e.g. "migrate 3.1 s, seed 41.0 s, measure 80.2 s"."""
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in durations.items())


def write_json(path, info, scale, repeat, durations, results):
    floor = _floor(results)
    document = {
        "machine": info,
        "scale": scale.as_dict(),
        "repeat": repeat,
        "durations_s": durations,
        "pages": [
            {
                "name": result.page.name,
                "url": result.page.url,
                "viewer": result.page.viewer.username,
                "median_ms": round(result.median_ms, 2),
                "p90_ms": round(result.p90_ms, 2),
                "min_ms": round(min(result.timings_ms), 2),
                "queries_min": min(result.queries),
                "queries_max": max(result.queries),
                "ratio_to_floor": round(result.median_ms / floor.median_ms, 2),
                "cpu_median_ms": round(result.cpu_median_ms, 2),
                "cpu_ratio_to_floor": round(result.cpu_median_ms / floor.cpu_median_ms, 2),
                "size_bytes": result.size_bytes,
                "timings_ms": [round(ms, 3) for ms in result.timings_ms],
            }
            for result in results
        ],
    }
    with open(path, "w") as output:
        json.dump(document, output, indent=2)
        output.write("\n")
    print(f"Results written to {path}")
