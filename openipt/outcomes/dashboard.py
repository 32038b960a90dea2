"""What the outcome dashboard shows for one person's choices: each figure over the period,
beside the same service's previous period and the published standard; the quarterly trend
as a chart and as a table; and whether any summary needs recomputing. Two queries
(figures.count), whatever the number of episodes or rows shown."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from openipt.formulation.models import Area
from openipt.protocol import modalities

from . import chart, periods
from .figures import (
    BY_KEY,
    FIGURES,
    SECTIONS,
    TREND_FIGURES,
    TREND_TABLE_FIGURES,
    Cell,
    Figure,
)
from .figures import count as count_figures
from .periods import Period
from .queries import recomputation_checks

RECOVERY_STANDARD = BY_KEY["recovery"].standard


@dataclass(frozen=True)
class Row:
    figure: Figure
    current: Cell
    previous: Cell


@dataclass(frozen=True)
class TrendRow:
    quarter: Period
    cells: tuple[Cell, ...]  # in the order of Dashboard.trend_figures


@dataclass(frozen=True)
class Dashboard:
    period: Period
    previous: Period
    sections: tuple[tuple[str, tuple[Row, ...]], ...]
    trend_figures: tuple[Figure, ...]
    trend: tuple[TrendRow, ...]
    chart: SafeString
    other_rule: int
    stale: int


def build(summaries, period):
    previous = period.previous()
    quarters = periods.trend(period)
    cells = count_figures(
        summaries, [period, previous], trend=quarters, checks=recomputation_checks()
    )
    sections = tuple(
        (
            section,
            tuple(
                Row(figure, cells[figure.key, period.key], cells[figure.key, previous.key])
                for figure in FIGURES
                if figure.section == section
            ),
        )
        for section in SECTIONS
    )
    trend_figures = tuple(BY_KEY[key] for key in TREND_TABLE_FIGURES)
    trend = tuple(
        TrendRow(quarter, tuple(cells[f.key, quarter.key] for f in trend_figures))
        for quarter in quarters
    )
    return Dashboard(
        period=period,
        previous=previous,
        sections=sections,
        trend_figures=trend_figures,
        trend=trend,
        chart=_trend_chart(quarters, cells),
        other_rule=cells["other_rule"],
        stale=cells["stale"],
    )


def _trend_chart(quarters, cells):
    svg = chart.trend_svg(
        chart_id="outcome-trend",
        title=gettext("Recovery, reliable improvement and reliable recovery by quarter"),
        quarters=[quarter.label for quarter in quarters],
        series=[
            chart.Series(BY_KEY[key].name, [cells[key, quarter.key].value for quarter in quarters])
            for key in TREND_FIGURES
        ],
        benchmark=RECOVERY_STANDARD,
        benchmark_label=gettext("Recovery standard: %(standard)s%%")
        % {"standard": RECOVERY_STANDARD},
    )
    # Every text in the markup was escaped by chart.trend_svg.
    return mark_safe(svg)  # noqa: S308


def described_filters(choices):
    """(label, value) of each filter chosen, in words, for the page and the CSV."""
    found = []
    if choices.site is not None:
        found.append((gettext("Site"), choices.site.name))
    if choices.team is not None:
        found.append(
            (
                gettext("Team"),
                gettext("supervised by %(name)s") % {"name": choices.team.display_name},
            )
        )
    if choices.clinician is not None:
        found.append((gettext("Clinician"), choices.clinician.display_name))
    if choices.modality:
        found.append((gettext("Modality"), dict(modalities.choices()).get(choices.modality, "")))
    if choices.problem_area:
        found.append((gettext("Problem area"), Area(choices.problem_area).label))
    if choices.group is not None:
        found.append((gettext("Group"), f"{choices.group.name} ({choices.group.pk})"))
    return found
