"""The timeline picture: life events and changes in mood on one time axis, over the
symptom-score trajectory when scores exist.

A pure function returning SVG markup (no database; its words and month names are read in
the active language), drawn with presentation attributes
only (strict CSP). Pages put a table with the same facts next to it. A stored date outside
any sound range (say 0001-01-01, before forms refused it) is drawn at the nearest end of
that range (openipt.dates.clamp), so one broken record never takes the page down; the
table still shows the date as stored.
"""

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from openipt.dates import clamp

WIDTH = 760
LEFT = 48
RIGHT = 24
FONT_SIZE = 12
CHAR_WIDTH = FONT_SIZE * 0.62
LANE_HEIGHT = 20
SCORE_HEIGHT = 170
MAX_LABEL_CHARS = 26
INK = "#1b1f24"
MUTED = "#4a5360"

# Event kinds drawn as changes in mood rather than life events.
MOOD_KINDS = {"onset", "worsening", "easing"}
KIND_COLOURS = {
    "death": "#1b1f24",
    "dispute": "#b3261e",
    "life_change": "#1d4f91",
    "isolation": "#6a4190",
    "other": "#4a5360",
    "onset": "#8a4b00",
    "worsening": "#8a4b00",
    "easing": "#1f6f43",
}


@dataclass(frozen=True)
class Point:
    on: date
    kind: str
    label: str
    approximate: bool = False


@dataclass(frozen=True)
class Score:
    on: date
    total: int


@dataclass(frozen=True)
class ScoreScale:
    name: str  # e.g. "PHQ-9"
    maximum: int
    gridlines: tuple[int, ...] = ()


def _span(days):
    first, last = min(days), max(days)
    if (last - first).days < 60:
        middle = first + (last - first) / 2
        first, last = middle - timedelta(days=45), middle + timedelta(days=45)
    pad = timedelta(days=max(10, (last - first).days // 25))
    return first - pad, last + pad


TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # months between ticks
MAX_TICKS = 9


def _tick_step(months):
    """The smallest step that keeps the ticks to MAX_TICKS; whole decades beyond the list."""
    fitting = [step for step in TICK_STEPS if months / step <= MAX_TICKS]
    return fitting[0] if fitting else 120 * math.ceil(months / (120 * MAX_TICKS))


def _month_ticks(first, last):
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = _tick_step(months)
    year, month = first.year, first.month
    ticks = []
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first and (year * 12 + month - 1) % step == 0:
            ticks.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def _every_month(first, last):
    """The first day of every month from first to last."""
    year, month = first.year, first.month
    days = []
    while (year, month) <= (last.year, last.month):
        if date(year, month, 1) >= first:
            days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


MIN_MONTH_GAP = 6  # months closer than this on the picture (decades of them) get no mark


def _month_marks(first, last, x_of, axis_y, labelled):
    """A short mark at every month that has no labelled tick (issue 19), when they fit."""
    months = _every_month(first, last)
    if len(months) > 1 and x_of(months[1]) - x_of(months[0]) < MIN_MONTH_GAP:
        return []
    return [
        f'<line class="month-mark" x1="{x_of(day):.1f}" y1="{axis_y:.1f}" x2="{x_of(day):.1f}"'
        f' y2="{axis_y + 3:.1f}" stroke="{MUTED}"/>'
        for day in months
        if day not in labelled
    ]


def _short(text):
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _text(x, y, text, anchor="start", css="timeline-label", colour=INK):
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
        f' font-size="{FONT_SIZE}" fill="{colour}">{escape(text)}</text>'
    )


def _marker(kind, x, y):
    colour = KIND_COLOURS.get(kind, MUTED)
    if kind in MOOD_KINDS:
        tip = y + 7 if kind != "easing" else y - 7
        base = y - 5 if kind != "easing" else y + 5
        points = f"{x - 6:.1f},{base:.1f} {x + 6:.1f},{base:.1f} {x:.1f},{tip:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "death":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'


def _label_span(x, text):
    """(left, right, anchor) of a label beside an event at x; it turns left near the edge."""
    width = len(text) * CHAR_WIDTH
    if x + 10 + width > WIDTH - 4:
        return x - 10 - width, x + 8, "end"
    return x - 8, x + 10 + width, "start"


def _lanes(spans):
    """Each label goes in the first lane where it overlaps no other label."""
    lanes = []
    taken = []
    for left, right, _ in spans:
        for lane, used in enumerate(taken):
            if all(right + 6 < a or left > b + 6 for a, b in used):
                used.append((left, right))
                lanes.append(lane)
                break
        else:
            taken.append([(left, right)])
            lanes.append(len(taken) - 1)
    return lanes


def _wording(point):
    if point.approximate:
        return gettext("%(event)s (about)") % {"event": _short(point.label)}
    return _short(point.label)


def timeline(points, scores=(), scale=None, *, id_prefix="timeline", title=None):
    """The SVG string; scores are drawn only when a scale is given and scores exist."""
    title = title or gettext("Timeline")
    points = sorted((replace(p, on=clamp(p.on)) for p in points), key=lambda p: p.on)
    scores = sorted((replace(s, on=clamp(s.on)) for s in scores), key=lambda s: s.on)
    scores = scores if scale else []
    days = [p.on for p in points] + [s.on for s in scores] or [date.today()]
    first, last = _span(days)
    plot_width = WIDTH - LEFT - RIGHT

    def x_of(day):
        return LEFT + plot_width * (day - first).days / max(1, (last - first).days)

    body = []
    top = 26
    axis_y = top + (SCORE_HEIGHT + 24 if scores else 10)
    if scores:
        body.extend(_score_chart(scores, scale, x_of, top))
    spans = [_label_span(x_of(p.on), _wording(p)) for p in points]
    lanes = _lanes(spans)
    lane_top = axis_y + 34
    height = lane_top + (max(lanes) + 1 if lanes else 1) * LANE_HEIGHT + 12
    for point in points:
        x = x_of(point.on)
        dash = ' stroke-dasharray="4 3"' if point.kind in MOOD_KINDS else ""
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}"'
            f' stroke="{KIND_COLOURS.get(point.kind, MUTED)}" stroke-width="1"{dash}/>'
        )
    body.append(
        f'<line x1="{LEFT}" y1="{axis_y:.1f}" x2="{WIDTH - RIGHT}" y2="{axis_y:.1f}"'
        f' stroke="{INK}" stroke-width="1.5"/>'
    )
    ticks = _month_ticks(first, last)
    body.extend(_month_marks(first, last, x_of, axis_y, set(ticks)))
    for tick in ticks:
        x = x_of(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 5:.1f}"'
            f' stroke="{INK}"/>'
        )
        # Month names in the reader's language (Django's locale formats, never strftime);
        # the format itself is translated, since a three-letter month is ambiguous in some
        # languages (French "jui" is both June and July).
        month = date_format(tick, pgettext("date format of a timeline's month labels", "M Y"))
        body.append(_text(x, axis_y + 18, month, "middle", "tick-label", MUTED))
    for point, lane, (_, _, anchor) in zip(points, lanes, spans, strict=True):
        x = x_of(point.on)
        y = lane_top + lane * LANE_HEIGHT
        text_x = x + 10 if anchor == "start" else x - 10
        body.append(f'<g class="event kind-{point.kind}">{_marker(point.kind, x, axis_y)}')
        body.append(_marker(point.kind, x, y - 4))
        body.append(_text(text_x, y, _wording(point), anchor) + "</g>")
    summary = _summary(points, scores, scale)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart"'
        f' viewBox="0 0 {WIDTH} {height:.0f}" role="img"'
        f' aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(summary)}</desc>' + "".join(body) + "</svg>"
    )


def _score_chart(scores, scale, x_of, top):
    def y_of(total):
        return top + SCORE_HEIGHT * (1 - total / scale.maximum)

    parts = [
        f'<rect x="{LEFT}" y="{top}" width="{WIDTH - LEFT - RIGHT}" height="{SCORE_HEIGHT}"'
        ' fill="#f6f8fa" stroke="#c9d1db"/>'
    ]
    for value in (0, *scale.gridlines, scale.maximum):
        y = y_of(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"'
            ' stroke="#c9d1db" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 6, y + 4, str(value), "end", "tick-label", MUTED))
    axis_title = gettext("%(scale)s score") % {"scale": scale.name}
    parts.append(_text(LEFT, top - 10, axis_title, "start", "axis-title", MUTED))
    coords = " ".join(f"{x_of(s.on):.1f},{y_of(s.total):.1f}" for s in scores)
    parts.append(
        f'<polyline class="score-line" points="{coords}" fill="none" stroke="#1d4f91"'
        ' stroke-width="2.5"/>'
    )
    last_label_x = None
    for score in scores:
        x, y = x_of(score.on), y_of(score.total)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1d4f91"/>')
        # Each point's total beside it (issue 19): above, or below when the point is near
        # the top or a neighbour's label sits close above.
        crowded = last_label_x is not None and x - last_label_x < FONT_SIZE * 1.6
        below = y - 8 < top + FONT_SIZE or crowded
        parts.append(
            _text(x, y + 18 if below else y - 8, str(score.total), "middle", "score-label")
        )
        last_label_x = None if crowded else x
    return parts


def _summary(points, scores, scale):
    events = sum(1 for p in points if p.kind not in MOOD_KINDS)
    moods = len(points) - events
    counted = {
        "events": ngettext("%(count)s life event", "%(count)s life events", events)
        % {"count": events},
        "moods": ngettext("%(count)s change in mood", "%(count)s changes in mood", moods)
        % {"count": moods},
    }
    parts = [gettext("%(events)s and %(moods)s on one time line.") % counted]
    if scores:
        parts.append(
            gettext("%(scale)s scores from %(first)s on %(first_on)s to %(last)s on %(last_on)s.")
            % {
                "scale": scale.name,
                "first": scores[0].total,
                "first_on": date_format(scores[0].on, "d F Y"),
                "last": scores[-1].total,
                "last_on": date_format(scores[-1].on, "d F Y"),
            }
        )
    parts.append(gettext("The table next to the picture lists every point."))
    return " ".join(parts)
