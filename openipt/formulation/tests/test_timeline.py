"""The timeline picture: events and mood changes on one axis over the score trajectory."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

from openipt.formulation import timeline
from openipt.formulation.timeline import Point, Score, ScoreScale

SVG = "{http://www.w3.org/2000/svg}"
PHQ9 = ScoreScale("PHQ-9", 27, (5, 10, 15, 20))
POINTS = [
    Point(date(2026, 1, 1), "death", "Dad died", approximate=True),
    Point(date(2026, 3, 2), "onset", "Low mood started"),
    Point(date(2026, 3, 9), "dispute", "Dispute with Sam about money"),
    Point(date(2026, 3, 12), "life_change", "Moved city"),
    Point(date(2026, 5, 1), "worsening", "Low mood got worse"),
]
SCORES = [Score(date(2026, 4, 1), 18), Score(date(2026, 5, 1), 21), Score(date(2026, 7, 1), 9)]


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup this code generated, not outside input


def labels(root):
    found = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") != "timeline-label":
            continue
        x, y, anchor = float(text.get("x")), float(text.get("y")), text.get("text-anchor")
        width = len(text.text) * timeline.CHAR_WIDTH
        left = x if anchor == "start" else x - width
        found.append((text.text, left, left + width, y))
    return found


def test_events_and_scores_share_one_time_axis():
    svg = timeline.timeline(POINTS, SCORES, PHQ9)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "timeline-title timeline-desc"
    assert "PHQ-9 scores from 18 on 01 April 2026 to 9 on 01 July 2026" in svg
    line = root.find(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 3
    # The event lines run up through the score chart: the overlay.
    dispute = next(g for g in root.iter(f"{SVG}g") if "kind-dispute" in g.get("class", ""))
    assert dispute is not None
    assert "Dad died (about)" in [text for text, *_ in labels(root)]
    assert not re.search(r"\sstyle=", svg)


def test_without_scores_only_events_are_drawn():
    svg = timeline.timeline(POINTS, [], PHQ9)
    assert "<polyline" not in svg
    assert "score" not in parse(svg).find(f"{SVG}desc").text.lower()


def test_labels_on_the_same_row_never_overlap():
    crowded = [Point(date(2026, 3, day), "other", f"Event number {day}") for day in range(1, 20)]
    root = parse(timeline.timeline(crowded))
    found = labels(root)
    assert len(found) == 19
    for (a, a0, a1, ay), (b, b0, b1, by) in itertools.combinations(found, 2):
        if ay == by:
            assert a1 < b0 or b1 < a0, (a, b)


def test_text_is_escaped_and_an_empty_timeline_still_renders():
    svg = timeline.timeline([Point(date(2026, 1, 1), "other", "<i>x</i> & y")])
    assert "&lt;i&gt;x&lt;/i&gt; &amp; y" in svg
    parse(timeline.timeline([]))
