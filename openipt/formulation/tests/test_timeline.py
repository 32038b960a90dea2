"""The timeline picture: events and mood changes on one axis over the score trajectory."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

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


# --- broken records never take the picture down (issue 17, item 6) ----------------------


def ticks(root):
    """The month labels under the axis (the score axis's labels are tick-labels too)."""
    return [
        text.text
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "tick-label" and text.get("text-anchor") == "middle"
    ]


def test_a_life_event_on_the_first_day_of_the_calendar_is_drawn_at_1900():
    """Stored before forms refused it, 0001-01-01 made the page fail for ever."""
    points = [*POINTS, Point(date(1, 1, 1), "other", "Typed by mistake")]
    root = parse(timeline.timeline(points, SCORES, PHQ9))
    assert "Typed by mistake" in [text for text, *_ in labels(root)]
    assert ticks(root)[0] == "Jan 1900"


def test_a_life_story_over_a_century_keeps_its_ticks_few_and_in_order():
    points = [
        Point(date(1950, 6, 1), "life_change", "Born"),
        Point(date(2026, 3, 2), "onset", "Low mood started"),
    ]
    found = ticks(parse(timeline.timeline(points)))
    assert 2 <= len(found) <= timeline.MAX_TICKS + 1
    years = [int(label.split()[1]) for label in found]
    assert years == sorted(years) and len(set(years)) == len(years)


@given(
    days=st.lists(st.dates(), min_size=0, max_size=6),
    score_days=st.lists(st.dates(), max_size=4),
)
def test_any_dates_give_a_well_formed_picture_with_few_ticks(days, score_days):
    points = [Point(day, "other", f"Event {n}") for n, day in enumerate(days)]
    scores = [Score(day, 10) for day in score_days]
    root = parse(timeline.timeline(points, scores, PHQ9))
    assert len(labels(root)) == len(points)
    assert len(ticks(root)) <= timeline.MAX_TICKS + 1


# --- issue 19: every month marked, every score labelled ------------------------------------


def test_every_month_of_the_span_is_marked_and_every_score_labelled():
    root = parse(timeline.timeline(POINTS, SCORES, PHQ9))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tick-label"]
    labelled = sum(1 for tick in ticks if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", tick))
    marks = [line for line in root.iter(f"{SVG}line") if line.get("class") == "month-mark"]
    # The span runs from 22 December 2025 to 11 July 2026: January to July, seven months.
    assert labelled + len(marks) == 7
    scores = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "score-label"]
    assert scores == ["18", "21", "9"]


def test_a_life_story_of_decades_gets_no_crowded_month_marks():
    story = [Point(date(1960, 1, 1), "other", "Born"), Point(date(2026, 1, 1), "onset", "Low")]
    root = parse(timeline.timeline(story))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("class") == "month-mark"]
