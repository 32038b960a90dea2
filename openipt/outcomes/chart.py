"""The quarterly trend of the outcome rates as server-rendered SVG.

A pure function from quarters and percentages to markup, in the manner of
measures/charts.py: no style attributes (the Content-Security-Policy forbids inline style),
presentation attributes and classes only; an image to screen readers, named by its
<title> and <desc>, with a table of the same numbers beside it on the page. A quarter whose
cell is suppressed or empty has no point, and the line breaks there. Each series has its
own marker shape as well as its colour, so it is never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 40, 92
INK, MUTED, GRID = "#1b1f24", "#4a5360", "#d8dde3"
FONT = "DejaVu Sans, system-ui, sans-serif"
# (colour, marker) per series, in order; all pass 3:1 against white.
STYLES = (("#1d4f91", "circle"), ("#8a3b12", "square"), ("#2f6b3a", "triangle"))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per quarter; None: suppressed or no episodes


def trend_svg(*, chart_id, title, quarters, series, benchmark=None, benchmark_label=""):
    """`quarters`: the x labels, oldest first; `series`: up to three Series of percentages."""
    plot = _Plot(len(quarters))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(quarters, series, benchmark))}</desc>',
        _text(0, 20, title, size=15, weight="700"),
        *_grid(plot),
        *_quarter_labels(plot, quarters),
        *_benchmark(plot, benchmark, benchmark_label),
    ]
    for (colour, marker), line in zip(STYLES, series, strict=False):
        parts += _series(plot, line, colour, marker)
    parts += _legend(series, benchmark, benchmark_label)
    parts.append("</svg>")
    return "\n".join(parts)


def describe(quarters, series, benchmark):
    """The chart in one or two sentences for screen readers."""
    if not quarters:
        return gettext("No quarters to show.")
    sentences = [
        gettext("Quarterly rates from %(first)s to %(last)s.")
        % {"first": quarters[0], "last": quarters[-1]}
    ]
    for line in series:
        shown = [(q, v) for q, v in zip(quarters, line.values, strict=True) if v is not None]
        if not shown:
            sentences.append(
                gettext("%(name)s: no quarter has enough episodes to show.") % {"name": line.name}
            )
        else:
            first, last = shown[0], shown[-1]
            sentences.append(
                gettext(
                    "%(name)s: %(first)s%% in %(first_quarter)s, %(last)s%% in %(last_quarter)s, "
                    "shown for %(shown)s of %(quarters)s quarters."
                )
                % {
                    "name": line.name,
                    "first": f"{first[1]:.0f}",
                    "first_quarter": first[0],
                    "last": f"{last[1]:.0f}",
                    "last_quarter": last[0],
                    "shown": len(shown),
                    "quarters": len(quarters),
                }
            )
    if benchmark is not None:
        sentences.append(
            gettext("The benchmark line is at %(benchmark)s%%.") % {"benchmark": benchmark}
        )
    return " ".join(sentences)


class _Plot:
    def __init__(self, count):
        self.count = count
        self.left, self.right = LEFT, WIDTH - RIGHT
        self.top, self.bottom = TOP, HEIGHT - BOTTOM

    def x(self, index):
        if self.count <= 1:
            return (self.left + self.right) / 2
        step = (self.right - self.left - 40) / (self.count - 1)
        return self.left + 20 + index * step

    def y(self, percent):
        return self.bottom - (self.bottom - self.top) * percent / 100


def _text(x, y, content, *, size=12, anchor="start", weight=None, fill=INK):
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{bold}>{escape(str(content))}</text>'
    )


def _grid(plot):
    parts = []
    for percent in range(0, 101, 25):
        y = plot.y(percent)
        parts.append(
            f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(plot.left - 6, y + 4, f"{percent}%", size=11, anchor="end"))
    return parts


def _quarter_labels(plot, quarters):
    return [
        _text(plot.x(i), plot.bottom + 18, label, size=10, anchor="middle", fill=MUTED)
        for i, label in enumerate(quarters)
    ]


def _benchmark(plot, benchmark, label):
    if benchmark is None:
        return []
    y = plot.y(benchmark)
    return [
        f'<line class="benchmark" x1="{plot.left}" y1="{y:.1f}" x2="{plot.right}" '
        f'y2="{y:.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>',
        _text(plot.right, y - 6, label, size=11, anchor="end"),
    ]


def _series(plot, line, colour, marker):
    parts, run = [], []
    points = [
        (plot.x(i), plot.y(value)) if value is not None else None
        for i, value in enumerate(line.values)
    ]
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
        run = []
    for point in points:
        if point is not None:
            parts.append(_marker(*point, colour, marker))
    return parts


def _marker(x, y, colour, marker, size=5):
    if marker == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" '
            f'height="{2 * size}" fill="{colour}"/>'
        )
    if marker == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - size - 1:.1f} {x - size - 1:.1f},{y + size:.1f} '
            f'{x + size + 1:.1f},{y + size:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{colour}"/>'


def _legend(series, benchmark, benchmark_label):
    y = HEIGHT - 40
    parts, x = [], LEFT
    for (colour, marker), line in zip(STYLES, series, strict=False):
        parts.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2.5"/>'
        )
        parts.append(_marker(x + 12, y - 4, colour, marker, size=4))
        parts.append(_text(x + 30, y, line.name, size=11))
        x += 40 + 7 * len(line.name)
    if benchmark is not None:
        y += 22
        parts.append(
            f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 24}" y2="{y - 4}" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(_text(LEFT + 30, y, benchmark_label, size=11))
    return parts
