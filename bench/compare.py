"""Ratios to the floor page from several `make bench` runs, side by side.

    .venv/bin/python bench/compare.py var/bench/a.json var/bench/b.json [...]

Each column is one run (written with --json); the last column is how much the ratio
grew from the first run to the last. A page about one record, one page of a list or
one team should not grow when only the organisation grows (docs/bench.md).
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
    ratios = {page_key(page["name"]): page["ratio_to_floor"] for page in document["pages"]}
    return label, ratios


def table(runs):
    labels = [label for label, _ in runs]
    pages = list(dict.fromkeys(page for _, ratios in runs for page in ratios))
    lines = [
        "| page | " + " | ".join(f"× floor, {label}" for label in labels) + " | growth |",
        "| --- | " + " | ".join("---:" for _ in labels) + " | ---: |",
    ]
    for page in pages:
        values = [ratios.get(page) for _, ratios in runs]
        cells = ["-" if value is None else f"{value:.1f}" for value in values]
        first, last = values[0], values[-1]
        growth = f"{last / first:.1f}" if first and last else "-"
        lines.append(f"| {page} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


def main(paths):
    if len(paths) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(table([load(path) for path in paths]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
