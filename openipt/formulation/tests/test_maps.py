"""The support map: every person visible, no two labels overlapping, accessible markup."""

import itertools
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from openipt.formulation import maps
from openipt.formulation.maps import MapPerson, support_map

SVG = "{http://www.w3.org/2000/svg}"

TWELVE = [
    MapPerson(1, "Mum", "inner", "supportive"),
    MapPerson(2, "Dad", "inner", "supportive", deceased=True),
    MapPerson(3, "Sam, my partner", "inner", "conflictual"),
    MapPerson(4, "Grandma Rose", "inner", "both"),
    MapPerson(5, "Jo from work", "middle", "supportive"),
    MapPerson(6, "Alex", "middle", "conflictual"),
    MapPerson(7, "Priya (neighbour)", "middle", "neither"),
    MapPerson(8, "The running club", "middle", "supportive"),
    MapPerson(9, "Dr Patel, my GP", "outer", "supportive"),
    MapPerson(10, "Church group leader", "outer", "neither"),
    MapPerson(11, "Cousin Maria", "outer", "both"),
    MapPerson(12, "Housing officer", "outer", "conflictual"),
]


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup this code generated, not outside input


def label_boxes(root):
    """Boxes of the person labels from the SVG's own text positions and estimated widths."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") != "map-label":
            continue
        x, y, anchor = float(text.get("x")), float(text.get("y")), text.get("text-anchor")
        width = len(text.text) * maps.CHAR_WIDTH
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((text.text, (left, y - maps.ASCENT, left + width, y + maps.DESCENT)))
    return boxes


def overlapping(boxes):
    return [
        (a, b)
        for (a, (ax0, ay0, ax1, ay1)), (b, (bx0, by0, bx1, by1)) in itertools.combinations(boxes, 2)
        if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1
    ]


def view_box(root):
    x, y, width, height = (float(part) for part in root.get("viewBox").split())
    return x, y, x + width, y + height


def test_twelve_people_across_three_circles_are_all_visible_without_overlaps():
    root = parse(support_map(TWELVE))
    boxes = label_boxes(root)
    assert sorted(name for name, _ in boxes) == sorted(p.label for p in TWELVE)
    assert overlapping(boxes) == []
    left, top, right, bottom = view_box(root)
    for name, (x0, y0, x1, y1) in boxes:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, name


def test_the_twelve_people_sit_beside_their_markers_not_in_callouts():
    placed = maps.layout(TWELVE)
    assert not any(spot.leader for spot in placed)
    for spot in placed:
        inner, outer, _ = maps.RINGS[spot.person.circle]
        radius = (spot.mx**2 + spot.my**2) ** 0.5
        assert inner < radius < outer, f"{spot.person.label} is outside its circle"


def test_labels_do_not_cover_markers_or_ring_titles():
    placed = maps.layout(TWELVE)
    fixed = maps._fixed_obstacles("Client")
    markers = [maps.marker_box(s.mx, s.my, maps._extra_rings(s.person)) for s in placed]
    for spot in placed:
        box = spot.label_box
        assert not any(box.overlaps(other) for other in fixed), spot.person.label
        assert not any(box.overlaps(m) for m in markers), spot.person.label


def test_markup_is_accessible_and_free_of_inline_style():
    svg = support_map(TWELVE, id_prefix="m1", title="Support map")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "m1-title m1-desc"
    assert root.find(f"{SVG}title").get("id") == "m1-title"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "m1-desc"
    assert "Inner circle: Mum (supportive), Dad (supportive, has died)" in desc.text
    assert not re.search(r"\sstyle=", svg)
    assert "<script" not in svg


def test_qualities_differ_by_shape_and_the_deceased_are_marked_distinctly():
    root = parse(support_map(TWELVE))
    groups = {
        g.find(f"{SVG}text").text: g
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("person")
    }
    assert groups["Mum"].find(f"{SVG}circle") is not None
    assert groups["Alex"].find(f"{SVG}polygon") is not None  # triangle
    assert len(groups["Grandma Rose"].find(f"{SVG}polygon").get("points").split()) == 4  # diamond
    assert groups["Priya (neighbour)"].find(f"{SVG}circle").get("fill") == "#ffffff"  # hollow
    dad = groups["Dad"]
    assert "deceased" in dad.get("class")
    assert any(c.get("stroke-dasharray") for c in dad.iter(f"{SVG}circle"))
    assert dad.find(f"{SVG}text").get("font-style") == "italic"
    legend = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "legend-label")
    for words in ("Supportive", "Conflictual", "Both supportive and conflictual", "has died"):
        assert words in legend
    assert "moved circle" not in legend


def test_people_who_moved_circles_are_ringed_and_explained():
    moved = [
        *TWELVE[:-1],
        MapPerson(12, "Housing officer", "middle", "supportive", moved_from="outer"),
    ]
    svg = support_map(moved)
    assert "moved from the outer circle" in svg
    assert "Blue ring: moved circle" in svg


def test_text_is_escaped():
    svg = support_map([MapPerson(1, "<b>Ann</b> & co", "inner", "supportive")])
    assert "<b>" not in svg
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; co" in svg
    parse(svg)


def test_long_labels_are_shortened_on_the_picture_but_kept_in_the_description():
    label = "My oldest friend from primary school days"
    svg = support_map([MapPerson(1, label, "middle", "supportive")])
    assert f">{maps.short_label(label)}</text>" in svg
    assert len(maps.short_label(label)) == maps.MAX_LABEL_CHARS
    assert label in parse(svg).find(f"{SVG}desc").text


def test_an_empty_map_still_draws_the_circles_and_the_centre():
    root = parse(support_map([], centre_label="You"))
    titles = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "ring-title"]
    assert titles == ["Inner circle", "Middle circle", "Outer circle"]
    assert "nobody" in root.find(f"{SVG}desc").text


person_lists = st.lists(
    st.builds(
        MapPerson,
        key=st.integers(),
        label=st.text(alphabet="abcdefghijklmnopqrstuvwxyz WM", min_size=1, max_size=40),
        circle=st.sampled_from(maps.CIRCLES),
        quality=st.sampled_from(sorted(maps.QUALITY_NAMES)),
        deceased=st.booleans(),
        moved_from=st.sampled_from([None, "inner", "outer"]),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(person_lists)
def test_no_two_labels_ever_overlap(people):
    people = [p for p in people if p.label.strip()]
    root = parse(support_map(people))
    boxes = label_boxes(root)
    assert len(boxes) == len(people)
    assert overlapping(boxes) == []


def test_callout_layout_keeps_labels_apart_when_a_ring_is_crowded():
    crowded = [MapPerson(i, f"Person number {i:02d}", "inner", "supportive") for i in range(20)]
    placed = maps.layout(crowded)
    assert all(spot.leader for spot in placed)
    boxes = [
        (s.text, (s.label_box.x0, s.label_box.y0, s.label_box.x1, s.label_box.y1)) for s in placed
    ]
    assert overlapping(boxes) == []
    assert len(re.findall("<line ", support_map(crowded))) == 20


# --- issue 19: labels never straddle a ring; the narrow map for phones --------------------


@settings(max_examples=60, deadline=None)
@given(person_lists)
def test_a_label_beside_its_marker_lies_wholly_inside_its_ring(people):
    people = [p for p in people if p.label.strip()]
    for spot in maps.layout(people):
        if not spot.leader:
            assert maps.within_ring(spot.label_box, spot.person.circle), spot.person.label


def test_the_twelve_labels_lie_inside_their_rings():
    for spot in maps.layout(TWELVE):
        assert maps.within_ring(spot.label_box, spot.person.circle), spot.person.label


def narrow_texts(root):
    return list(root.iter(f"{SVG}text"))


def test_the_narrow_map_numbers_everyone_and_names_them_in_a_key():
    root = parse(maps.narrow_support_map(TWELVE, centre_label="You"))
    numbers = [t.text for t in narrow_texts(root) if t.get("class") == "map-number"]
    assert numbers == [str(n) for n in range(1, 13)]
    key = [t.text for t in narrow_texts(root) if t.get("class") == "legend-label"]
    assert key[0] == "1 Mum: supportive" and "2 Dad: supportive, has died" in key
    assert "9 Dr Patel, my GP: supportive" in key
    assert "nobody" not in root.find(f"{SVG}desc").text


@settings(max_examples=40, deadline=None)
@given(person_lists)
def test_the_narrow_map_is_300_units_wide_and_its_text_stays_inside(people):
    people = [p for p in people if p.label.strip()]
    root = parse(maps.narrow_support_map(people))
    left, top, right, bottom = view_box(root)
    assert right - left <= 310
    for text in narrow_texts(root):
        assert float(text.get("font-size")) >= 13
        width = len(text.text) * maps.NARROW_SIZE * 0.62
        x, y = float(text.get("x")), float(text.get("y"))
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
        assert left <= x0 and x0 + width <= right and top <= y - 13 and y <= bottom, text.text
