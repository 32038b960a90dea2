"""The SVG trajectory chart: well-formed, accessible, CSP-safe, for 1 to many points."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from openipt.measures import charts
from openipt.measures.instruments import QUESTIONNAIRES

SVG = "{http://www.w3.org/2000/svg}"
PHQ9 = QUESTIONNAIRES["phq9"]


def rows(totals, sessions=True, start=date(2026, 9, 1)):
    return [
        SimpleNamespace(
            total=total,
            administered_on=start + timedelta(days=7 * index),
            session=SimpleNamespace(number=index + 1) if sessions else None,
        )
        for index, total in enumerate(totals)
    ]


def chart(totals, sessions=True, title="PHQ-9 scores over this episode", caseness=10):
    points, x_title = charts.points_from(rows(totals, sessions))
    return charts.trajectory_svg(
        chart_id="c1",
        title=title,
        description=charts.describe("PHQ-9", points, lambda t: PHQ9.band_for(t).label, caseness),
        points=points,
        bands=[charts.BandShade(b.lower, b.upper, b.label) for b in PHQ9.bands],
        max_total=27,
        x_title=x_title,
        caseness=caseness,
    )


def parse(markup):
    return ET.fromstring(markup)  # noqa: S314 - our own markup, in a test


@pytest.mark.parametrize("count", [1, 2, 12, 30])
def test_the_chart_is_well_formed_with_one_labelled_point_per_score(count):
    totals = [(index * 7) % 28 for index in range(count)]
    root = parse(chart(totals))
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}circle")) == count + 1  # + the legend's marker
    labels = [t.text for t in root.findall(f"{SVG}text") if t.get("font-weight") == "700"]
    assert labels[1:] == [str(total) for total in totals]  # the first bold text is the title
    assert (root.find(f"{SVG}polyline") is not None) == (count > 1)


def test_the_chart_is_an_image_named_by_its_title_and_description():
    root = parse(chart([14, 9]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "PHQ-9 scores over this episode"
    description = root.find(f"{SVG}desc").text
    assert description.startswith("2 PHQ-9 scores from Session 1, 1 Sep 2026 to Session 2")
    assert "first 14 (moderate), last 9 (mild)" in description
    assert "The caseness line is at 10." in description
    # The title is also visible text, so it prints and can be found in the PDF.
    assert "PHQ-9 scores over this episode" in [t.text for t in root.findall(f"{SVG}text")]


def test_no_inline_style_and_no_script():
    markup = chart([3, 20, 11])
    assert not re.search(r"\sstyle=", markup)
    assert "<script" not in markup and "<style" not in markup


def test_every_band_is_shaded_and_the_caseness_line_is_drawn():
    root = parse(chart([5]))
    bands = [rect for rect in root.findall(f"{SVG}rect") if rect.get("class") == "band"]
    assert len(bands) == len(PHQ9.bands)
    heights = [float(rect.get("height")) for rect in bands]
    assert all(height > 0 for height in heights)
    texts = [t.text for t in root.findall(f"{SVG}text")]
    for band in PHQ9.bands:
        assert f"{band.label} ({band.lower}-{band.upper})" in texts
    caseness = [line for line in root.findall(f"{SVG}line") if line.get("class") == "caseness"]
    assert len(caseness) == 1
    assert caseness[0].get("stroke-dasharray")


def test_without_a_caseness_rule_there_is_no_line():
    root = parse(chart([5, 6], caseness=None))
    assert not [line for line in root.findall(f"{SVG}line") if line.get("class") == "caseness"]


def test_x_is_the_session_number_when_every_score_has_a_session_else_the_date():
    points, x_title = charts.points_from(rows([1, 2]))
    assert x_title == "Session" and [p.axis_label for p in points] == ["1", "2"]
    mixed = rows([1, 2])
    mixed[1].session = None
    points, x_title = charts.points_from(mixed)
    assert x_title == "Date" and [p.axis_label for p in points] == ["1 Sep", "8 Sep"]


def test_points_are_spaced_by_session_number():
    data = rows([10, 9, 8])
    data[2].session.number = 10  # sessions 1, 2, 10
    points, x_title = charts.points_from(data)
    root = parse(
        charts.trajectory_svg(
            chart_id="c",
            title="t",
            description="d",
            points=points,
            bands=[charts.BandShade(0, 27, "all")],
            max_total=27,
            x_title=x_title,
        )
    )
    xs = [float(c.get("cx")) for c in root.findall(f"{SVG}circle")][:3]
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 5


def test_crowded_x_labels_are_thinned_so_they_never_overlap():
    root = parse(chart(list(range(27, -1, -1)) * 2))  # 56 points
    axis_labels = [t for t in root.findall(f"{SVG}text") if t.get("class") == "x-label"]
    assert 5 < len(axis_labels) < 56
    xs = [float(t.get("x")) for t in axis_labels]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert gaps and min(gaps) >= charts.MIN_LABEL_GAP - 0.1


def test_text_is_escaped():
    markup = chart([1], title='<script>alert("x")</script> & co')
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    parse(markup)


def test_an_empty_chart_is_described():
    assert charts.describe("GAD-7", [], str, 8) == "No GAD-7 scores yet."


# --- issue 19: a narrow drawing for phones, band names never cut -------------------------

CLIENT_BANDS = [charts.BandShade(b.lower, b.upper, b.client_label) for b in PHQ9.bands]


def client_chart(layout):
    points, x_title = charts.points_from(rows([24, 19, 13, 8]))
    return charts.trajectory_svg(
        chart_id="c2",
        title="Your PHQ-9 scores",
        description="d",
        points=points,
        bands=CLIENT_BANDS,
        max_total=27,
        x_title=x_title,
        layout=layout,
    )


def estimated_right_edge(text):
    size = float(text.get("font-size"))
    width = len(text.text) * size * charts.CHAR_EM
    x = float(text.get("x"))
    return {"start": x + width, "middle": x + width / 2, "end": x}[text.get("text-anchor")]


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW])
def test_no_text_runs_past_the_right_edge(layout):
    root = parse(client_chart(layout))
    width = float(root.get("viewBox").split()[2])
    for text in root.findall(f"{SVG}text"):
        assert estimated_right_edge(text) <= width, text.text


def test_long_band_names_beside_the_wide_chart_wrap_onto_two_lines():
    texts = [t.text for t in parse(client_chart(charts.WIDE)).findall(f"{SVG}text")]
    assert "A moderate level of depression (10-14)" not in texts
    assert "A moderate level of" in texts and "depression (10-14)" in texts


def test_the_narrow_chart_names_every_band_in_a_key_in_large_enough_text():
    root = parse(client_chart(charts.NARROW))
    assert root.get("class") == "trajectory chart-narrow"
    keys = " ".join(t.text for t in root.findall(f"{SVG}text") if t.get("class") == "band-key")
    assert keys == " ".join(f"{b.label} ({b.lower}-{b.upper})" for b in reversed(CLIENT_BANDS))
    assert min(float(t.get("font-size")) for t in root.findall(f"{SVG}text")) >= 13
    assert root.get("viewBox").split()[2] == "300"
