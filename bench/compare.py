"""Ratios to the floor page from several `make bench` runs, side by side.

    .venv/bin/python bench/compare.py var/bench/a.json var/bench/b.json [...]

Each column is one run (written with --json): the page's median as a multiple of the
floor's median, then how much that ratio grew from the first run to the last, and the
same growth of the fastest request's ratio (each page's fastest against the floor's
fastest), which a busy machine disturbs far less than the median. A page about one
record, one page of a list or one team should not grow when only the organisation
grows (docs/bench.md).
"""

import json
import re
import sys

# "audit trail (7312 events)" and "team fidelity (4021 courses)" name their size;
# the same page at another scale has another number.
SIZE_IN_NAME = re.compile(r" \(\d+ [a-z]+\)$")


def page_key(name):
    return SIZE_IN_NAME.sub("", name)


def load(path):
    with open(path) as source:
        document = json.load(source)
    scale = document["scale"]
    label = f"{scale['clients']} clients, {document['machine']['database'].split()[0]}"
    floor_fastest = document["pages"][0]["min_ms"]  # the floor is always the first page
    ratios = {
        page_key(page["name"]): (page["ratio_to_floor"], page["min_ms"] / floor_fastest)
        for page in document["pages"]
    }
    return label, ratios


def table(runs):
    labels = [label for label, _ in runs]
    pages = list(dict.fromkeys(page for _, ratios in runs for page in ratios))
    lines = [
        "| page | "
        + " | ".join(f"× floor, {label}" for label in labels)
        + " | growth (medians) | growth (fastest) |",
        "| --- | " + " | ".join("---:" for _ in labels) + " | ---: | ---: |",
    ]
    for page in pages:
        values = [ratios.get(page) for _, ratios in runs]
        cells = ["-" if value is None else f"{value[0]:.1f}" for value in values]
        first, last = values[0], values[-1]
        growth = ["-", "-"]
        if first and last:
            growth = [f"{last[0] / first[0]:.1f}", f"{last[1] / first[1]:.1f}"]
        lines.append(f"| {page} | " + " | ".join(cells + growth) + " |")
    return "\n".join(lines)


def main(paths):
    if len(paths) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(table([load(path) for path in paths]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
