"""The progress sheet's picture: each member's PHQ-9 line over the group's sessions, as
server-rendered SVG (no inline style: presentation attributes only, as measures/charts.py).

Members are never told apart by colour alone: each line has its own marker shape and dash
pattern, and ends in the member's number, which the legend and the table beside the chart
pair with their name. The pre-group screen is drawn at "S", before session 1; the baseline,
half-way and end sessions are marked on the axis. The chart is an image to screen readers,
named by its <title> and summarised in its <desc>; the table holds the same numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from openipt.measures.charts import BAND_FILLS, FONT, INK, MUTED
from openipt.measures.instruments import phq9

from .rules import milestones

WIDTH = 760
TOP = 40
LEFT = 44
RIGHT = 60
PLOT_HEIGHT = 260
LEGEND_ROW = 22
# Dark enough on white and on every band fill; the shapes and dashes carry the difference.
STROKES = ("#1d4f91", "#8a3b12", "#2f6b3a", "#5b2c83", "#1b1f24", "#7a5b00", "#0f6b6b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
SHAPES = ("circle", "square", "triangle", "diamond", "cross")


@dataclass(frozen=True)
class Line:
    number: int  # the member's number on the sheet (1, 2, ...)
    name: str
    points: Sequence[tuple[int, int]]  # (x, PHQ-9 total): x 0 is the pre-group screen


@dataclass(frozen=True)
class Layout:
    """One drawing of the chart: the wide one, or the narrow one a phone shows instead
    (CSS picks, as for measures/charts.py), whose text stays at least 12 CSS px when the
    picture is drawn about 330 px wide."""

    width: int
    left: int
    right: int
    legend_columns: int
    text: int
    mark_text: int
    shows_title: bool
    css: str
    every_number: bool


WIDE = Layout(
    width=WIDTH,
    left=LEFT,
    right=RIGHT,
    legend_columns=3,
    text=12,
    mark_text=10,
    shows_title=True,
    css="chart-wide",
    every_number=True,
)
NARROW = Layout(
    width=330,
    left=30,
    right=26,
    legend_columns=1,
    text=13,
    mark_text=13,
    shows_title=False,
    css="chart-narrow",
    every_number=False,
)


def phq9_lines(group, rows):
    """The SVG for a progress sheet's rows (queries.ProgressRow) as a safe string: the wide
    drawing and the narrow one."""
    lines = [
        Line(number, row.member.client.full_name, row.phq9)
        for number, row in enumerate(rows, start=1)
    ]
    title = gettext("PHQ-9 of each member of %(name)s") % {"name": group.name}
    marks = milestones(group.planned_sessions)
    svg = "\n".join(
        lines_svg(
            chart_id=f"group-{group.pk}-phq9{suffix}",
            title=title,
            lines=lines,
            planned=group.planned_sessions,
            marks=marks,
            layout=layout,
        )
        for suffix, layout in (("", WIDE), ("-narrow", NARROW))
    )
    return mark_safe(svg)  # noqa: S308 (every text in it is escaped by lines_svg)


def lines_svg(*, chart_id, title, lines, planned, marks, layout=WIDE):
    columns = layout.legend_columns
    mark_rows = 1 if layout is WIDE else 2
    legend_top = TOP + PLOT_HEIGHT + 32 + 14 * mark_rows
    height = legend_top + 4 + LEGEND_ROW * ((len(lines) + columns - 1) // columns)
    right = layout.width - layout.right
    bottom = TOP + PLOT_HEIGHT

    def x(value):
        return layout.left + 20 + (right - layout.left - 40) * value / max(planned, 1)

    def y(total):
        return bottom - PLOT_HEIGHT * total / 27

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trajectory group-lines {layout.css}" '
        f'role="img" viewBox="0 0 {layout.width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(lines))}</desc>',
    ]
    if layout.shows_title:
        parts.append(_text(0, 20, title, size=15, weight="700"))
    parts += _bands(layout.left, right, y)
    parts += _axes(layout, right, bottom, planned, marks, x)
    for index, line in enumerate(lines):
        parts += _member_line(index, line, x, y, layout.text)
    parts += _legend(lines, legend_top, layout)
    parts.append("</svg>")
    return "\n".join(parts)


def describe(lines):
    """One sentence per member: first and last PHQ-9, for screen readers."""
    said = []
    for line in lines:
        facts = {"number": line.number, "name": line.name}
        if not line.points:
            said.append(gettext("%(number)s. %(name)s: no PHQ-9 yet.") % facts)
            continue
        first, last = line.points[0][1], line.points[-1][1]
        if len(line.points) == 1:
            said.append(
                gettext("%(number)s. %(name)s: one PHQ-9, %(first)s.") % {**facts, "first": first}
            )
        else:
            said.append(
                gettext(
                    "%(number)s. %(name)s: %(count)s PHQ-9 scores, first %(first)s, last %(last)s."
                )
                % {**facts, "count": len(line.points), "first": first, "last": last}
            )
    return " ".join(said) or gettext("No members yet.")


def _text(x, y, content, *, size=12, anchor="start", weight=None, fill=INK):
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{bold}>{escape(str(content))}</text>'
    )


def _bands(left, right, y):
    parts = []
    for index, band in enumerate(phq9.BANDS):
        top, bottom = y(min(band.upper + 1, 27)), y(band.lower)
        parts.append(
            f'<rect x="{left}" y="{top:.1f}" width="{right - left}" height="{bottom - top:.1f}" '
            f'fill="{BAND_FILLS[index]}"/>'
        )
    return parts


def _axes(layout, right, bottom, planned, marks, x):
    left, size = layout.left, layout.text
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}" '
        'stroke-width="1"/>',
        f'<line x1="{left}" y1="{TOP}" x2="{left}" y2="{bottom}" stroke="{MUTED}" '
        'stroke-width="1"/>',
    ]
    for total in (0, 5, 10, 15, 20, 27):
        parts.append(
            _text(left - 6, bottom - PLOT_HEIGHT * total / 27 + 4, total, size=size, anchor="end")
        )
    screen = pgettext("pre-group screen, one letter", "S")
    parts.append(_text(x(0), bottom + 16, screen, size=size, anchor="middle"))
    for number in range(1, planned + 1):
        if _numbered(layout, number, planned, marks):
            parts.append(_text(x(number), bottom + 16, number, size=size, anchor="middle"))
        if number in marks:
            # On the narrow drawing the middle mark has a row of its own, so that the
            # three names never run into each other.
            row = 1 if layout is NARROW and number not in (1, planned) else 0
            parts.append(
                _text(
                    x(number),
                    bottom + 30 + 14 * row,
                    marks[number],
                    size=layout.mark_text,
                    anchor="middle",
                )
            )
    return parts


def _numbered(layout, number, planned, marks):
    """Whether session `number` is written under the axis: every one on the wide drawing;
    on the narrow one, all of up to 8, else every fourth and the marked ones."""
    return layout.every_number or planned <= 8 or number % 4 == 1 or number in marks


def _member_line(index, line, x, y, size=12):
    if not line.points:
        return []
    stroke, dash = STROKES[index % len(STROKES)], DASHES[index % len(DASHES)]
    shape = SHAPES[index % len(SHAPES)]
    coords = [(x(px), y(total)) for px, total in line.points]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    parts = []
    if len(coords) > 1:
        joined = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{stroke}" stroke-width="2"{dashed}/>'
        )
    parts += [_marker(shape, cx, cy, stroke) for cx, cy in coords]
    end_x, end_y = coords[-1]
    parts.append(_text(end_x + 8, end_y + 4, line.number, size=size, weight="700", fill=stroke))
    return parts


def _marker(shape, cx, cy, stroke):
    if shape == "square":
        return f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{stroke}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx - 5:.1f},{cy + 4:.1f} '
            f'{cx + 5:.1f},{cy + 4:.1f}" fill="{stroke}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},{cy + 5:.1f} '
            f'{cx - 5:.1f},{cy:.1f}" fill="#ffffff" stroke="{stroke}" stroke-width="2"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{cx - 4:.1f},{cy - 4:.1f} L{cx + 4:.1f},{cy + 4:.1f} '
            f'M{cx - 4:.1f},{cy + 4:.1f} L{cx + 4:.1f},{cy - 4:.1f}" stroke="{stroke}" '
            'stroke-width="2.5"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{stroke}"/>'


def _legend(lines, top, layout=None):
    layout = layout or WIDE
    parts = []
    for index, line in enumerate(lines):
        column, row = index % layout.legend_columns, index // layout.legend_columns
        lx, ly = layout.left + column * 230, top + row * LEGEND_ROW
        stroke, dash = STROKES[index % len(STROKES)], DASHES[index % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 28}" y2="{ly - 4}" stroke="{stroke}" '
            f'stroke-width="2"{dashed}/>'
        )
        parts.append(_marker(SHAPES[index % len(SHAPES)], lx + 14, ly - 4, stroke))
        parts.append(_text(lx + 36, ly, f"{line.number}. {line.name}", size=layout.text))
    return parts
