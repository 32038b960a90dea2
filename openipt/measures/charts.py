"""Charts as server-rendered SVG: one instrument's totals over an episode, and the SRM-5's
weekly regularity scores over weeks.

Pure functions from points and an instrument's bands to SVG markup. No database: the same
string goes into the page and into the PDF report. The words (titles, axis names, legend,
text alternative) and dates are in the active language (Django's gettext and date formats,
docs/languages.md). No style attributes (the pages'
Content-Security-Policy forbids inline style): colours are SVG presentation attributes, which
the browser and WeasyPrint both honour, and classes hook into openipt.css.

The chart is an image to screen readers (role="img", named by its <title> and <desc>); the
page puts a table of the same numbers next to it.

Two layouts (issue 19): WIDE for a card on a larger screen and the PDF, band names beside
the plot (wrapped onto two lines rather than cut); NARROW for a phone, drawn at about the
width it is shown at so that its text stays at least 12 CSS px, band names in a key under
the plot. A page that wants both puts both in and lets CSS show one (`.chart-wide`,
`.chart-narrow` in openipt.css); each has its own title and description, and the one not
displayed is hidden from screen readers too (display: none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

WIDTH = 720
HEIGHT = 340
LEFT = 44  # room for the score axis
RIGHT = 180  # room for the band names
TOP = 40  # room for the title
BOTTOM = 84  # room for x labels, the axis title and the legend
PAD = 18  # keeps the first and last points off the plot's edges
MIN_LABEL_GAP = 40  # x labels closer than this are skipped so they never overlap

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#1d4f91"
# Light to darker warm shades, lowest band first; text stays readable on all of them.
BAND_FILLS = ("#eef6f0", "#f8f4e1", "#fbebd7", "#f9e0d8", "#f5d2d2", "#efc4c4")
FONT = "DejaVu Sans, system-ui, sans-serif"


@dataclass(frozen=True)
class Layout:
    """Where a chart's parts go. `text` is the size of its smallest text, in SVG units."""

    width: int
    plot_height: int  # from the top to the legend's line, without the band key
    left: int
    right: int
    band_key: bool  # band names in a key under the plot, not beside it
    text: int
    css: str


WIDE = Layout(WIDTH, HEIGHT, LEFT, RIGHT, band_key=False, text=11, css="chart-wide")
# Drawn 300 units wide and shown about 280-310 px wide on a phone (a portal card at 360-390
# px), so 13-unit text is at least 12 CSS px there.
NARROW = Layout(300, HEIGHT, 30, 12, band_key=True, text=13, css="chart-narrow")
KEY_ROW = 20  # height of one band's row in the narrow key
CHAR_EM = 0.6  # a generous average glyph width, in ems, to wrap band names before they are cut


@dataclass(frozen=True)
class Point:
    """One score. ``x`` places it (a session number, or a date's ordinal); labels are text."""

    x: int
    axis_label: str
    when: str
    total: int | float


@dataclass(frozen=True)
class BandShade:
    lower: int
    upper: int
    label: str


def points_from(administrations) -> tuple[list[Point], str]:
    """Chart points for administrations in time order, and the x axis title.

    x is the session number when every administration has a session, else the date.
    Works on anything with ``administered_on``, ``total`` and ``session`` (or None).
    """
    rows = list(administrations)
    if rows and all(row.session is not None for row in rows):
        return [_session_point(row) for row in rows], gettext("Session")
    return [_date_point(row) for row in rows], gettext("Date")


def _session_point(row) -> Point:
    number = row.session.number
    when = gettext("Session %(number)s, %(date)s") % {
        "number": number,
        "date": long_date(row.administered_on),
    }
    return Point(number, str(number), when, row.total)


def _date_point(row) -> Point:
    day: date = row.administered_on
    return Point(day.toordinal(), date_format(day, "j M"), long_date(day), row.total)


def long_date(day: date) -> str:
    return date_format(day, "j M Y")


def trajectory_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    bands: Sequence[BandShade],
    max_total: int,
    x_title: str,
    caseness: int | None = None,
    layout: Layout = WIDE,
) -> str:
    """The chart as one <svg> element: shaded bands, optional caseness line, labelled points."""
    scale = _Scale(points, max_total, layout)
    height = layout.plot_height + (_key_height(bands, max_total, layout) if layout.band_key else 0)
    parts = [
        _open_svg(chart_id, layout, height),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        _text(0, 20, title, size=15, weight="700", css="chart-title"),
        *_bands(scale, bands, max_total),
        *_score_axis(scale, bands, max_total),
        *_caseness(scale, caseness),
        *_x_axis(scale, points, x_title),
        *_line_and_points(scale, points),
        *_legend(caseness, layout),
        *(_band_key(bands, max_total, layout) if layout.band_key else ()),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def describe(name: str, points: Sequence[Point], band_for, caseness: int | None) -> str:
    """A one-sentence summary of the chart for screen readers (the <desc>)."""
    if not points:
        return gettext("No %(name)s scores yet.") % {"name": name}
    first, last = points[0], points[-1]
    if len(points) == 1:
        text = gettext("One %(name)s score: %(total)s (%(band)s) on %(when)s.") % {
            "name": name,
            "total": first.total,
            "band": band_for(first.total),
            "when": first.when,
        }
    else:
        text = gettext(
            "%(count)s %(name)s scores from %(first_when)s to %(last_when)s: first "
            "%(first)s (%(first_band)s), last %(last)s (%(last_band)s), lowest %(lowest)s, "
            "highest %(highest)s."
        ) % {
            "count": len(points),
            "name": name,
            "first_when": first.when,
            "last_when": last.when,
            "first": first.total,
            "first_band": band_for(first.total),
            "last": last.total,
            "last_band": band_for(last.total),
            "lowest": min(p.total for p in points),
            "highest": max(p.total for p in points),
        }
    if caseness is not None:
        text += " " + gettext("The caseness line is at %(caseness)s.") % {"caseness": caseness}
    return text


class _Scale:
    """Maps scores and x values to SVG coordinates."""

    def __init__(self, points: Sequence[Point], max_total: int, layout: Layout = WIDE):
        self.layout = layout
        self.left, self.right = layout.left, layout.width - layout.right
        self.top, self.bottom = TOP, layout.plot_height - BOTTOM
        self.max_total = max_total
        xs = [point.x for point in points]
        # Proportional spacing when x only grows; otherwise (same day twice) evenly by order.
        self.by_value = len(xs) > 1 and all(a < b for a, b in zip(xs, xs[1:], strict=False))
        self.xs = xs

    def y(self, score: float) -> float:
        return self.bottom - (self.bottom - self.top) * score / self.max_total

    def x(self, index: int) -> float:
        inner_left, inner_right = self.left + PAD, self.right - PAD
        if len(self.xs) == 1:
            return (self.left + self.right) / 2
        if self.by_value:
            low, high = self.xs[0], self.xs[-1]
            share = (self.xs[index] - low) / (high - low)
        else:
            share = index / (len(self.xs) - 1)
        return inner_left + share * (inner_right - inner_left)


def _open_svg(chart_id: str, layout: Layout = WIDE, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trajectory {layout.css}" role="img" '
        f'viewBox="0 0 {layout.width} {height}" width="{layout.width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="12" fill="{INK}">'
    )


def _text(x, y, content, *, size=12, anchor="start", weight=None, fill=INK, css=None) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' class="{css}"' if css else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{extra}>{escape(str(content))}</text>'
    )


def _band_ceilings(bands: Sequence[BandShade], max_total: int) -> list[tuple[BandShade, int]]:
    # A band of whole scores lower..upper fills the space up to where the next band starts.
    ordered = sorted(bands, key=lambda band: band.lower)
    return [
        (band, min(ordered[i + 1].lower, max_total) if i + 1 < len(ordered) else max_total)
        for i, band in enumerate(ordered)
    ]


def _bands(scale: _Scale, bands: Sequence[BandShade], max_total: int) -> list[str]:
    parts = []
    for index, (band, ceiling) in enumerate(_band_ceilings(bands, max_total)):
        top, bottom = scale.y(ceiling), scale.y(band.lower)
        fill = BAND_FILLS[min(index, len(BAND_FILLS) - 1)]
        parts.append(
            f'<rect class="band" x="{scale.left}" y="{top:.1f}" '
            f'width="{scale.right - scale.left}" height="{bottom - top:.1f}" fill="{fill}"/>'
        )
        if not scale.layout.band_key:
            parts += _side_label(scale, f"{band.label} ({band.lower}-{band.upper})", top, bottom)
    return parts


def _side_label(scale: _Scale, label: str, top: float, bottom: float) -> list[str]:
    """A band's name beside the plot, on two lines when one would run off the picture."""
    size = scale.layout.text
    room = int((scale.layout.right - 8) / (size * CHAR_EM))
    lines = _wrap(label, room)
    middle = (top + bottom) / 2 + 4 - (len(lines) - 1) * (size + 1) / 2
    return [
        _text(scale.right + 6, middle + i * (size + 1), line, size=size, fill=MUTED)
        for i, line in enumerate(lines)
    ]


def _wrap(text: str, room: int) -> list[str]:
    """Words on as few lines as fit `room` characters (a longer word has a line to itself)."""
    lines = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _band_key(bands: Sequence[BandShade], max_total: int, layout: Layout) -> list[str]:
    """Each band's shade and name in rows under the plot, highest first as in the plot; a
    name too long for the width wraps onto a second line."""
    parts = []
    top = layout.plot_height + 4
    for index, lines in _key_rows(bands, max_total, layout):
        fill = BAND_FILLS[min(index, len(BAND_FILLS) - 1)]
        parts.append(
            f'<rect x="0" y="{top}" width="16" height="14" fill="{fill}" stroke="{MUTED}" '
            f'stroke-width="1"/>'
        )
        for number, line in enumerate(lines):
            y = top + 12 + number * (layout.text + 2)
            parts.append(_text(22, y, line, size=layout.text, fill=INK, css="band-key"))
        top += _key_row_height(lines, layout)
    return parts


def _key_rows(bands: Sequence[BandShade], max_total: int, layout: Layout):
    room = int((layout.width - 22) / (layout.text * CHAR_EM))
    rows = list(enumerate(_band_ceilings(bands, max_total)))
    for index, (band, _) in reversed(rows):
        yield index, _wrap(f"{band.label} ({band.lower}-{band.upper})", room)


def _key_row_height(lines: list[str], layout: Layout) -> int:
    return KEY_ROW + (len(lines) - 1) * (layout.text + 2)


def _key_height(bands: Sequence[BandShade], max_total: int, layout: Layout) -> int:
    rows = _key_rows(bands, max_total, layout)
    return sum(_key_row_height(lines, layout) for _, lines in rows) + 12


def _score_axis(scale: _Scale, bands: Sequence[BandShade], max_total: int) -> list[str]:
    ticks = sorted({band.lower for band in bands} | {max_total})
    parts = [
        f'<line x1="{scale.left}" y1="{scale.top}" x2="{scale.left}" y2="{scale.bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for tick in ticks:
        size = scale.layout.text
        parts.append(_text(scale.left - 6, scale.y(tick) + 4, tick, size=size, anchor="end"))
    return parts


def _caseness(scale: _Scale, caseness: int | None) -> list[str]:
    if caseness is None:
        return []
    y = scale.y(caseness)
    return [
        f'<line class="caseness" x1="{scale.left}" y1="{y:.1f}" x2="{scale.right}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    ]


def _x_axis(scale: _Scale, points: Sequence[Point], x_title: str) -> list[str]:
    parts = [
        f'<line x1="{scale.left}" y1="{scale.bottom}" x2="{scale.right}" y2="{scale.bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    last_drawn = None
    for index, point in enumerate(points):
        x = scale.x(index)
        if last_drawn is not None and x - last_drawn < MIN_LABEL_GAP:
            continue
        size = scale.layout.text
        label = _text(
            x, scale.bottom + 16, point.axis_label, size=size, anchor="middle", css="x-label"
        )
        parts.append(label)
        last_drawn = x
    middle = (scale.left + scale.right) / 2
    size = max(12, scale.layout.text)
    parts.append(_text(middle, scale.bottom + 34, x_title, size=size, anchor="middle", fill=MUTED))
    return parts


def _line_and_points(scale: _Scale, points: Sequence[Point]) -> list[str]:
    coords = [(scale.x(i), scale.y(point.total)) for i, point in enumerate(points)]
    parts = []
    if len(coords) > 1:
        joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline class="trajectory-line" points="{joined}" fill="none" '
            f'stroke="{LINE}" stroke-width="2.5"/>'
        )
    for (x, y), point in zip(coords, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{LINE}" stroke="#ffffff" '
            f'stroke-width="1.5"/>'
        )
        # The value sits above its point, or below when the point is near the top.
        label_y = y - 9 if y - 9 > scale.top + 10 else y + 18
        size = max(12, scale.layout.text)
        parts.append(_text(x, label_y, point.total, size=size, anchor="middle", weight="700"))
    return parts


def _legend(caseness: int | None, layout: Layout = WIDE) -> list[str]:
    y = layout.plot_height - 14
    left, size = layout.left, layout.text
    parts = [
        f'<line x1="{left}" y1="{y - 4}" x2="{left + 26}" y2="{y - 4}" stroke="{LINE}" '
        f'stroke-width="2.5"/>',
        f'<circle cx="{left + 13}" cy="{y - 4}" r="4" fill="{LINE}"/>',
        _text(left + 32, y, gettext("Score"), size=size),
    ]
    if caseness is not None:
        parts += [
            f'<line x1="{left + 90}" y1="{y - 4}" x2="{left + 116}" y2="{y - 4}" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>',
            _text(
                left + 122,
                y,
                gettext("Caseness: %(caseness)s or more") % {"caseness": caseness},
                size=size,
            ),
        ]
    if not layout.band_key:  # the narrow chart's key says it in full below
        shading = gettext("Shading: severity bands")
        parts.append(_text(layout.width - 4, y, shading, size=size, anchor="end", fill=MUTED))
    return parts


# --- SRM-5 regularity over weeks ---------------------------------------------------------


def week_point(week_starting: date, score: float) -> Point:
    """A week's regularity score (one decimal, as shown in the table) placed by its date."""
    when = gettext("week of %(date)s") % {"date": long_date(week_starting)}
    label = date_format(week_starting, "j M")
    return Point(week_starting.toordinal(), label, when, round(score, 1))


def regularity_svg(
    *, chart_id: str, title: str, description: str, points: Sequence[Point], max_score: int
) -> str:
    """Weekly SRM-5 regularity scores (0 to max_score) as one <svg>: no bands, since the
    score has no published cut-offs; a grid line at each whole score."""
    scale = _Scale(points, max_score)
    parts = [
        _open_svg(chart_id),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        _text(0, 20, title, size=15, weight="700", css="chart-title"),
        *_whole_score_grid(scale, max_score),
        *_x_axis(scale, points, gettext("Week starting")),
        *_line_and_points(scale, points),
        *_score_legend(gettext("Regularity score (0 to %(max)s)") % {"max": max_score}),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def describe_regularity(name: str, points: Sequence[Point], unscored: int = 0) -> str:
    """A one-sentence summary of the regularity chart for screen readers (the <desc>)."""
    if not points:
        text = gettext("No %(name)s week has a score yet.") % {"name": name}
    elif len(points) == 1:
        text = gettext("One %(name)s week: %(total)s on the %(when)s.") % {
            "name": name,
            "total": points[0].total,
            "when": points[0].when,
        }
    else:
        first, last = points[0], points[-1]
        text = gettext(
            "%(count)s %(name)s weeks from the %(first_when)s to the %(last_when)s: first "
            "%(first)s, last %(last)s, lowest %(lowest)s, highest %(highest)s."
        ) % {
            "count": len(points),
            "name": name,
            "first_when": first.when,
            "last_when": last.when,
            "first": first.total,
            "last": last.total,
            "lowest": min(p.total for p in points),
            "highest": max(p.total for p in points),
        }
    if unscored:
        text += " " + ngettext(
            "%(count)s week had no activity on 3 or more days, so no score.",
            "%(count)s weeks had no activity on 3 or more days, so no score.",
            unscored,
        ) % {"count": unscored}
    return text


def _whole_score_grid(scale: _Scale, max_score: int) -> list[str]:
    parts = [
        f'<line x1="{scale.left}" y1="{scale.top}" x2="{scale.left}" y2="{scale.bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for tick in range(max_score + 1):
        y = scale.y(tick)
        parts.append(
            f'<line class="grid" x1="{scale.left}" y1="{y:.1f}" x2="{scale.right}" y2="{y:.1f}" '
            f'stroke="#d8dde3" stroke-width="1"/>'
        )
        parts.append(_text(scale.left - 6, y + 4, tick, size=11, anchor="end"))
    return parts


def _score_legend(label: str) -> list[str]:
    y = HEIGHT - 14
    return [
        f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 26}" y2="{y - 4}" stroke="{LINE}" '
        f'stroke-width="2.5"/>',
        f'<circle cx="{LEFT + 13}" cy="{y - 4}" r="4" fill="{LINE}"/>',
        _text(LEFT + 32, y, label, size=11),
    ]
