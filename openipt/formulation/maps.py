"""The support network map: three concentric circles with each person in their circle.

Pure functions returning SVG markup (no database; Django only for the words, which are
read in the active language). Colours are presentation
attributes, never style attributes (strict CSP), and each quality has its own shape so
colour is never the only cue. Pages put a text alternative next to the picture.

Label layout is deterministic: people are spread by angle around their ring, and each
label tries a few positions (sides of the marker, a little in or out within the ring,
a small turn along it) until its box - estimated from the character count - touches no
other label, marker or ring title and lies wholly inside its own ring (never across a
ring's line). If some label finds no free place, the whole map
falls back to callouts: labels in two columns beside the circles, joined to their
markers by lines, spaced by construction so they cannot overlap.
"""

import math
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext, pgettext_lazy

INNER, MIDDLE, OUTER = "inner", "middle", "outer"
CIRCLES = (INNER, MIDDLE, OUTER)
CIRCLE_TITLES = {
    INNER: gettext_lazy("Inner circle"),
    MIDDLE: gettext_lazy("Middle circle"),
    OUTER: gettext_lazy("Outer circle"),
}
# The circle a person moved from, as a word inside a sentence ("moved from the inner circle").
CIRCLE_WORDS = {
    INNER: pgettext_lazy("circle", "inner"),
    MIDDLE: pgettext_lazy("circle", "middle"),
    OUTER: pgettext_lazy("circle", "outer"),
}
# (inner edge, outer edge, where markers sit) of each ring, in SVG units.
RINGS = {INNER: (0, 120, 80), MIDDLE: (120, 235, 178), OUTER: (235, 350, 293)}

FONT_SIZE = 13
# A deliberately generous estimate of the average glyph width, so real text fits its box.
CHAR_WIDTH = FONT_SIZE * 0.62
ASCENT = FONT_SIZE * 0.95
DESCENT = FONT_SIZE * 0.3
LABEL_PAD = 2
MARKER_R = 8
MARKER_GAP = 5
MAX_LABEL_CHARS = 22
LEGEND_ROW = 24
# Fractions of the angle between neighbours a marker may turn to find room for its label.
TURNS = (0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45)

QUALITY_NAMES = {
    "supportive": pgettext_lazy("relationship", "supportive"),
    "conflictual": pgettext_lazy("relationship", "conflictual"),
    "both": gettext_lazy("both supportive and conflictual"),
    "neither": gettext_lazy("neither supportive nor conflictual"),
}
INK = "#1b1f24"
RING_FILL = {INNER: "#dde8f5", MIDDLE: "#eaf0f8", OUTER: "#f6f9fc"}
RING_STROKE = "#6f87a6"


@dataclass(frozen=True)
class MapPerson:
    key: object
    label: str
    circle: str
    quality: str
    deceased: bool = False
    moved_from: str | None = None  # the circle at the start, when it differs


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other):
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


@dataclass(frozen=True)
class Placed:
    person: MapPerson
    mx: float
    my: float
    tx: float
    ty: float
    anchor: str
    text: str
    leader: bool = False

    @property
    def label_box(self):
        return label_box(self.tx, self.ty, self.anchor, self.text)


def short_label(label):
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def text_width(text):
    return len(text) * CHAR_WIDTH


def label_box(x, y, anchor, text):
    """The box a label drawn at (x, y) with this text-anchor takes, padded."""
    width = text_width(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(
        left - LABEL_PAD, y - ASCENT - LABEL_PAD, left + width + LABEL_PAD, y + DESCENT + LABEL_PAD
    )


def within_ring(box, circle):
    """Whether a label's box lies wholly between its ring's edges, so it does not straddle
    a ring's line (issue 19)."""
    inner, outer, _ = RINGS[circle]
    corners = [(x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
    farthest = max(math.hypot(x, y) for x, y in corners)
    nearest_x = min(max(0, box.x0), box.x1)
    nearest_y = min(max(0, box.y0), box.y1)
    return farthest <= outer and math.hypot(nearest_x, nearest_y) >= inner


def marker_box(x, y, extra=0):
    size = MARKER_R + extra + 2
    return Box(x - size, y - size, x + size, y + size)


def _label_at(mx, my, side, extra=0):
    reach = MARKER_R + extra + MARKER_GAP
    if side == "right":
        return mx + reach, my + FONT_SIZE * 0.35, "start"
    if side == "left":
        return mx - reach, my + FONT_SIZE * 0.35, "end"
    if side == "below":
        return mx, my + reach + ASCENT, "middle"
    return mx, my - reach - DESCENT, "middle"


def _sides(angle):
    """All four label sides, the one facing away from the centre first."""
    across, down = math.cos(angle), math.sin(angle)
    horizontal = ("right", "left") if across >= 0 else ("left", "right")
    vertical = ("below", "above") if down > 0 else ("above", "below")
    if abs(across) >= 0.45:
        return (horizontal[0], vertical[0], vertical[1], horizontal[1])
    return (vertical[0], horizontal[0], horizontal[1], vertical[1])


def _by_circle(people):
    groups = {circle: [] for circle in CIRCLES}
    for person in people:
        groups[person.circle].append(person)
    return groups


def _angles(count, ring_index):
    step = 2 * math.pi / count
    start = -math.pi / 2 + step / 2 + ring_index * 0.35
    return [start + step * i for i in range(count)], step


def _fixed_obstacles(centre_label):
    boxes = [marker_box(0, 0), label_box(0, MARKER_R + MARKER_GAP + ASCENT, "middle", centre_label)]
    for circle, (_, outer, _) in RINGS.items():
        boxes.append(label_box(0, -outer + 17, "middle", str(CIRCLE_TITLES[circle])))
    return boxes


def _extra_rings(person):
    return (4 if person.deceased else 0) + (4 if person.moved_from else 0)


def _try_place(person, angle, step, obstacles):
    inner, outer, base = RINGS[person.circle]
    margin = (outer - inner) * 0.22
    for turn in TURNS:
        for radius in (base, base - margin, base + margin):
            a = angle + turn * step
            mx, my = radius * math.cos(a), radius * math.sin(a)
            marker = marker_box(mx, my, _extra_rings(person))
            if any(marker.overlaps(box) for box in obstacles):
                continue
            text = short_label(person.label)
            for side in _sides(a):
                tx, ty, anchor = _label_at(mx, my, side, _extra_rings(person))
                box = label_box(tx, ty, anchor, text)
                if (
                    within_ring(box, person.circle)
                    and not any(box.overlaps(other) for other in obstacles)
                    and not box.overlaps(marker)
                ):
                    return Placed(person, mx, my, tx, ty, anchor, text), marker, box
    return None


def place_near(people, centre_label):
    """Labels beside their markers, or None when some label finds no free place."""
    obstacles = _fixed_obstacles(centre_label)
    placed = []
    for ring_index, circle in enumerate(CIRCLES):
        group = _by_circle(people)[circle]
        if not group:
            continue
        angles, step = _angles(len(group), ring_index)
        for person, angle in zip(group, angles, strict=True):
            found = _try_place(person, angle, step, obstacles)
            if found is None:
                return None
            spot, marker, box = found
            obstacles.extend((marker, box))
            placed.append(spot)
    return placed


def place_callouts(people):
    """Guaranteed layout: labels in columns left and right of the circles."""
    markers = []
    for ring_index, circle in enumerate(CIRCLES):
        group = _by_circle(people)[circle]
        if group:
            angles, _ = _angles(len(group), ring_index)
            base = RINGS[circle][2]
            for person, a in zip(group, angles, strict=True):
                markers.append((person, base * math.cos(a), base * math.sin(a)))
    column_x = RINGS[OUTER][1] + 24
    line = ASCENT + DESCENT + 2 * LABEL_PAD + 2
    placed = []
    for side, anchor, x in (("right", "start", column_x), ("left", "end", -column_x)):
        column = sorted(
            (m for m in markers if (m[1] >= 0) == (side == "right")), key=lambda m: m[2]
        )
        previous = None
        for person, mx, my in column:
            ty = my if previous is None else max(my, previous + line)
            previous = ty
            placed.append(Placed(person, mx, my, x, ty, anchor, short_label(person.label), True))
    return placed


def layout(people, centre_label="Client"):
    people = [p for p in people if p.circle in RINGS]
    return place_near(people, centre_label) or place_callouts(people)


# --- drawing ----------------------------------------------------------------------------


def _marker(person, x, y):
    r = MARKER_R
    quality = person.quality
    if quality == "supportive":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#2e7d4f"/>'
    elif quality == "conflictual":
        points = [(x, y - r - 1), (x + r + 1, y + r - 1), (x - r - 1, y + r - 1)]
        shape = _polygon(points, "#b3261e")
    elif quality == "both":
        points = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        shape = _polygon(points, "#6a4190")
    else:
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 1}" fill="#ffffff" stroke="#4a5360"'
            ' stroke-width="2"/>'
        )
    rings = []
    extra = r + 4
    if person.moved_from:
        rings.append(_ring(x, y, extra, 'stroke="#1d4f91" stroke-width="2"'))
        extra += 4
    if person.deceased:
        rings.append(
            _ring(x, y, extra, 'stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="3 2"')
        )
    return shape + "".join(rings)


def _ring(x, y, r, stroke):
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="none" {stroke}/>'


def _polygon(points, fill):
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{coords}" fill="{fill}"/>'


def _text(x, y, anchor, text, css_class, italic=False):
    slant = ' font-style="italic"' if italic else ""
    return (
        f'<text class="{css_class}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
        f' font-size="{FONT_SIZE}" fill="{INK}"{slant}>{escape(text)}</text>'
    )


def _halo(box):
    return (
        f'<rect x="{box.x0:.1f}" y="{box.y0:.1f}" width="{box.x1 - box.x0:.1f}"'
        f' height="{box.y1 - box.y0:.1f}" rx="3" fill="#ffffff" fill-opacity="0.85"/>'
    )


def _legend_rows(people):
    rows = [
        (MapPerson(0, "", INNER, "supportive"), gettext("Supportive")),
        (MapPerson(0, "", INNER, "conflictual"), gettext("Conflictual")),
        (MapPerson(0, "", INNER, "both"), gettext("Both supportive and conflictual")),
        (MapPerson(0, "", INNER, "neither"), gettext("Neither")),
        (MapPerson(0, "", INNER, "neither", deceased=True), gettext("Dashed ring: has died")),
    ]
    if any(p.moved_from for p in people):
        rows.append(
            (
                MapPerson(0, "", INNER, "neither", moved_from=INNER),
                gettext("Blue ring: moved circle"),
            )
        )
    return rows


def _described_person(p):
    """One person in the text alternative, as a whole phrase for each case."""
    words = {"name": p.label, "quality": QUALITY_NAMES.get(p.quality, p.quality)}
    if p.moved_from:
        words["circle"] = CIRCLE_WORDS.get(p.moved_from, p.moved_from)
        if p.deceased:
            return gettext("%(name)s (%(quality)s, has died, moved from the %(circle)s circle)") % (
                words
            )
        return gettext("%(name)s (%(quality)s, moved from the %(circle)s circle)") % words
    if p.deceased:
        return gettext("%(name)s (%(quality)s, has died)") % words
    return gettext("%(name)s (%(quality)s)") % words


def _describe(people):
    parts = []
    for circle in CIRCLES:
        names = [_described_person(p) for p in people if p.circle == circle]
        if names:
            line = gettext("%(circle)s: %(people)s.") % {
                "circle": CIRCLE_TITLES[circle],
                "people": ", ".join(names),
            }
        else:
            line = gettext("%(circle)s: nobody.") % {"circle": CIRCLE_TITLES[circle]}
        parts.append(line)
    return " ".join(parts)


def _summary(title, count):
    return ngettext(
        "%(title)s: %(count)s person in three circles",
        "%(title)s: %(count)s people in three circles",
        count,
    ) % {"title": title, "count": count}


def support_map(people, *, id_prefix="support-map", centre_label=None, title=None):
    """The map as an SVG string; every piece of text in it is escaped."""
    centre_label = centre_label or gettext("Client")
    title = title or gettext("Support map")
    people = [p for p in people if p.circle in RINGS]
    placed = layout(people, centre_label)
    body = []
    for circle in reversed(CIRCLES):
        outer = RINGS[circle][1]
        body.append(
            f'<circle class="ring ring-{circle}" cx="0" cy="0" r="{outer}"'
            f' fill="{RING_FILL[circle]}" stroke="{RING_STROKE}" stroke-width="1.5"/>'
        )
    for circle in CIRCLES:
        ring_title = str(CIRCLE_TITLES[circle])
        body.append(_text(0, -RINGS[circle][1] + 17, "middle", ring_title, "ring-title"))
    body.append(f'<circle cx="0" cy="0" r="{MARKER_R}" fill="#1d4f91"/>')
    body.append(_text(0, MARKER_R + MARKER_GAP + ASCENT, "middle", centre_label, "centre-label"))
    for spot in placed:
        if spot.leader:
            body.append(
                f'<line x1="{spot.mx:.1f}" y1="{spot.my:.1f}" x2="{spot.tx:.1f}"'
                f' y2="{spot.ty - FONT_SIZE * 0.35:.1f}" stroke="#6b7684" stroke-width="1"/>'
            )
    bounds = [Box(-RINGS[OUTER][1], -RINGS[OUTER][1], RINGS[OUTER][1], RINGS[OUTER][1])]
    for spot in placed:
        person = spot.person
        css = f"person quality-{person.quality}" + (" deceased" if person.deceased else "")
        box = spot.label_box
        bounds.append(box)
        body.append(
            f'<g class="{css}">{_marker(person, spot.mx, spot.my)}{_halo(box)}'
            f"{_text(spot.tx, spot.ty, spot.anchor, spot.text, 'map-label', person.deceased)}</g>"
        )
    left = min(b.x0 for b in bounds)
    top_of_legend = max(b.y1 for b in bounds) + 28
    key_title = pgettext("legend of a picture", "Key")
    legend = [_text(left, top_of_legend, "start", key_title, "legend-title")]
    for index, (sample, words) in enumerate(_legend_rows(people)):
        y = top_of_legend + (index + 1) * LEGEND_ROW
        legend.append(_marker(sample, left + 12, y - 4))
        legend.append(_text(left + 30, y, "start", words, "legend-label"))
        bounds.append(label_box(left + 30, y, "start", words))
    x0, y0 = min(b.x0 for b in bounds) - 10, min(b.y0 for b in bounds) - 10
    x1, y1 = max(b.x1 for b in bounds) + 10, max(b.y1 for b in bounds) + 10
    summary = _summary(title, len(people))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="support-map"'
        f' viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}" role="img"'
        f' aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(summary)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(_describe(people))}</desc>'
        + "".join(body)
        + '<g class="legend">'
        + "".join(legend)
        + "</g></svg>"
    )


# --- the narrow map, for phones (issue 19) ----------------------------------------------
# The wide map is about 760 units across: shown on a 390 px phone its text would be under
# 6 px. The narrow map is drawn 300 units across, to be shown at about that width: each
# person is a numbered marker in their ring (the number beside the marker, along the ring,
# so it never crosses a ring's edge), and a key under the circles names them, circle by
# circle, in words.

NARROW_RINGS = {INNER: (0, 56, 36), MIDDLE: (56, 103, 80), OUTER: (103, 150, 127)}
NARROW_SIZE = 13
NARROW_ROW = 22
NARROW_QUALITY = {
    "supportive": pgettext_lazy("relationship", "supportive"),
    "conflictual": pgettext_lazy("relationship", "conflictual"),
    "both": pgettext_lazy("relationship", "both"),
    "neither": pgettext_lazy("relationship", "neither"),
}


def _narrow_spots(people):
    """(person, number, marker x, marker y, label x, label y) for each person, numbered in
    the order the key lists them: inner circle first."""
    spots, number = [], 0
    for ring_index, circle in enumerate(CIRCLES):
        group = _by_circle(people)[circle]
        if not group:
            continue
        angles, _ = _angles(len(group), ring_index)
        base = NARROW_RINGS[circle][2]
        for person, angle in zip(group, angles, strict=True):
            number += 1
            mx, my = base * math.cos(angle), base * math.sin(angle)
            # Along the ring (clockwise), so the number stays between the ring's edges.
            reach = MARKER_R + _extra_rings(person) + 4 + NARROW_SIZE * 0.3 * len(str(number))
            tx, ty = mx - reach * math.sin(angle), my + reach * math.cos(angle)
            spots.append((person, number, mx, my, tx, ty + NARROW_SIZE * 0.35))
    return spots


def _narrow_text(x, y, text, css_class, anchor="start", weight=None, italic=False):
    extra = f' font-weight="{weight}"' if weight else ""
    extra += ' font-style="italic"' if italic else ""
    return (
        f'<text class="{css_class}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
        f' font-size="{NARROW_SIZE}" fill="{INK}"{extra}>{escape(text)}</text>'
    )


def _narrow_key_words(person, number):
    words = {
        "number": number,
        "name": short_label(person.label),
        "quality": NARROW_QUALITY.get(person.quality, ""),
    }
    if person.deceased:
        return gettext("%(number)s %(name)s: %(quality)s, has died") % words
    return gettext("%(number)s %(name)s: %(quality)s") % words


def _wrap(text, room):
    """Words on as few lines as fit `room` characters; a longer word is cut with an ellipsis."""
    lines = []
    for word in text.split():
        word = word if len(word) <= room else word[: room - 1] + "…"
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def narrow_support_map(people, *, id_prefix="support-map-narrow", centre_label=None, title=None):
    """The map for a phone as an SVG string; every piece of text in it is escaped."""
    centre_label = centre_label or gettext("Client")
    title = title or gettext("Support map")
    people = [p for p in people if p.circle in NARROW_RINGS]
    outer = NARROW_RINGS[OUTER][1]
    body = [
        f'<circle class="ring ring-{circle}" cx="0" cy="0" r="{NARROW_RINGS[circle][1]}"'
        f' fill="{RING_FILL[circle]}" stroke="{RING_STROKE}" stroke-width="1.5"/>'
        for circle in reversed(CIRCLES)
    ]
    body.append(f'<circle cx="0" cy="0" r="{MARKER_R - 2}" fill="#1d4f91"/>')
    body.append(_narrow_text(0, MARKER_R + NARROW_SIZE + 2, centre_label, "centre-label", "middle"))
    spots = _narrow_spots(people)
    for person, number, mx, my, tx, ty in spots:
        css = f"person quality-{person.quality}" + (" deceased" if person.deceased else "")
        body.append(
            f'<g class="{css}">{_marker(person, mx, my)}'
            f"{_narrow_text(tx, ty, str(number), 'map-number', 'middle', '700')}</g>"
        )
    key, y = [], outer + 28
    for circle in CIRCLES:
        key.append(
            f'<rect x="{-outer}" y="{y - 12}" width="16" height="16" fill="{RING_FILL[circle]}"'
            f' stroke="{RING_STROKE}" stroke-width="1.5"/>'
        )
        key.append(
            _narrow_text(-outer + 22, y, str(CIRCLE_TITLES[circle]), "legend-title", weight="700")
        )
        y += NARROW_ROW
        in_circle = [spot for spot in spots if spot[0].circle == circle]
        if not in_circle:
            nobody = pgettext("nobody in a circle", "Nobody")
            key.append(_narrow_text(-outer + 22, y, nobody, "legend-label", italic=True))
            y += NARROW_ROW
        room = int((2 * outer - 28) / (NARROW_SIZE * 0.62))
        for person, number, *_ in in_circle:
            key.append(_marker(person, -outer + 10, y - 4))
            for line in _wrap(_narrow_key_words(person, number), room):
                key.append(_narrow_text(-outer + 28, y, line, "legend-label"))
                y += NARROW_ROW - 4
            y += 4
        y += 6
    summary = _summary(title, len(people))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="support-map chart-narrow"'
        f' viewBox="{-outer - 4} {-outer - 4} {2 * outer + 8} {y + outer - 10}" role="img"'
        f' aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(summary)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(_describe(people))}</desc>'
        + "".join(body)
        + '<g class="legend">'
        + "".join(key)
        + "</g></svg>"
    )
