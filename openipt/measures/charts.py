"""Charts as server-rendered SVG: one instrument's totals over an episode, and the SRM-5's
weekly regularity scores over weeks.

Pure functions from points and an instrument's bands to SVG markup. No Django, no database:
the same string goes into the page and into the PDF report. No style attributes (the pages'
Content-Security-Policy forbids inline style): colours are SVG presentation attributes, which
the browser and WeasyPrint both honour, and classes hook into openipt.css.

The chart is an image to screen readers (role="img", named by its <title> and <desc>); the
page puts a table of the same numbers next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

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
        return [_session_point(row) for row in rows], "Session"
    return [_date_point(row) for row in rows], "Date"


def _session_point(row) -> Point:
    number = row.session.number
    when = f"Session {number}, {long_date(row.administered_on)}"
    return Point(number, str(number), when, row.total)


def _date_point(row) -> Point:
    day: date = row.administered_on
    return Point(day.toordinal(), f"{day.day} {day:%b}", long_date(day), row.total)


def long_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


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
) -> str:
    """The chart as one <svg> element: shaded bands, optional caseness line, labelled points."""
    scale = _Scale(points, max_total)
    parts = [
        _open_svg(chart_id),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        _text(0, 20, title, size=15, weight="700", css="chart-title"),
        *_bands(scale, bands, max_total),
        *_score_axis(scale, bands, max_total),
        *_caseness(scale, caseness),
        *_x_axis(scale, points, x_title),
        *_line_and_points(scale, points),
        *_legend(caseness),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def describe(name: str, points: Sequence[Point], band_for, caseness: int | None) -> str:
    """A one-sentence summary of the chart for screen readers (the <desc>)."""
    if not points:
        return f"No {name} scores yet."
    first, last = points[0], points[-1]
    if len(points) == 1:
        text = f"One {name} score: {first.total} ({band_for(first.total)}) on {first.when}."
    else:
        text = (
            f"{len(points)} {name} scores from {first.when} to {last.when}: first "
            f"{first.total} ({band_for(first.total)}), last {last.total} ({band_for(last.total)}), "
            f"lowest {min(p.total for p in points)}, highest {max(p.total for p in points)}."
        )
    if caseness is not None:
        text += f" The caseness line is at {caseness}."
    return text


class _Scale:
    """Maps scores and x values to SVG coordinates."""

    def __init__(self, points: Sequence[Point], max_total: int):
        self.left, self.right = LEFT, WIDTH - RIGHT
        self.top, self.bottom = TOP, HEIGHT - BOTTOM
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


def _open_svg(chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trajectory" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
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
        label = f"{band.label} ({band.lower}-{band.upper})"
        parts.append(_text(scale.right + 6, (top + bottom) / 2 + 4, label, size=11, fill=MUTED))
    return parts


def _score_axis(scale: _Scale, bands: Sequence[BandShade], max_total: int) -> list[str]:
    ticks = sorted({band.lower for band in bands} | {max_total})
    parts = [
        f'<line x1="{scale.left}" y1="{scale.top}" x2="{scale.left}" y2="{scale.bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for tick in ticks:
        parts.append(_text(scale.left - 6, scale.y(tick) + 4, tick, size=11, anchor="end"))
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
        label = _text(
            x, scale.bottom + 16, point.axis_label, size=11, anchor="middle", css="x-label"
        )
        parts.append(label)
        last_drawn = x
    middle = (scale.left + scale.right) / 2
    parts.append(_text(middle, scale.bottom + 34, x_title, size=12, anchor="middle", fill=MUTED))
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
        parts.append(_text(x, label_y, point.total, size=12, anchor="middle", weight="700"))
    return parts


def _legend(caseness: int | None) -> list[str]:
    y = HEIGHT - 14
    parts = [
        f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 26}" y2="{y - 4}" stroke="{LINE}" '
        f'stroke-width="2.5"/>',
        f'<circle cx="{LEFT + 13}" cy="{y - 4}" r="4" fill="{LINE}"/>',
        _text(LEFT + 32, y, "Score", size=11),
    ]
    if caseness is not None:
        parts += [
            f'<line x1="{LEFT + 90}" y1="{y - 4}" x2="{LEFT + 116}" y2="{y - 4}" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>',
            _text(LEFT + 122, y, f"Caseness: {caseness} or more", size=11),
        ]
    parts.append(_text(WIDTH - 4, y, "Shading: severity bands", size=11, anchor="end", fill=MUTED))
    return parts


# --- SRM-5 regularity over weeks ---------------------------------------------------------


def week_point(week_starting: date, score: float) -> Point:
    """A week's regularity score (one decimal, as shown in the table) placed by its date."""
    when = f"week of {long_date(week_starting)}"
    label = f"{week_starting.day} {week_starting:%b}"
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
        *_x_axis(scale, points, "Week starting"),
        *_line_and_points(scale, points),
        *_score_legend(f"Regularity score (0 to {max_score})"),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def describe_regularity(name: str, points: Sequence[Point], unscored: int = 0) -> str:
    """A one-sentence summary of the regularity chart for screen readers (the <desc>)."""
    if not points:
        text = f"No {name} week has a score yet."
    elif len(points) == 1:
        text = f"One {name} week: {points[0].total} on the {points[0].when}."
    else:
        first, last = points[0], points[-1]
        text = (
            f"{len(points)} {name} weeks from the {first.when} to the {last.when}: first "
            f"{first.total}, last {last.total}, lowest {min(p.total for p in points)}, highest "
            f"{max(p.total for p in points)}."
        )
    if unscored:
        text += f" {unscored} week(s) had no activity on 3 or more days, so no score."
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
