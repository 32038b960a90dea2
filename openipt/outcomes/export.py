"""The outcome dashboard as CSV: what the page shows, cell for cell, suppression included.

Every cell that begins with a character a spreadsheet reads as the start of a formula
(=, +, -, @, or a tab or carriage return before one) is written with a leading
apostrophe, so a site, clinician or filter name can never run as a formula when the file
is opened (OWASP, "CSV Injection").
"""

import csv
import io

from django.utils.translation import gettext, gettext_lazy

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The header row, in the reader's language (str() when the file is written).
HEADER = (
    gettext_lazy("Section"),
    gettext_lazy("Figure"),
    gettext_lazy("Period"),
    gettext_lazy("Numerator"),
    gettext_lazy("Denominator"),
    gettext_lazy("Value"),
    gettext_lazy("Shown as"),
    gettext_lazy("Standard"),
    gettext_lazy("Counted over"),
)


def safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(dashboard, filters, scope):
    """The lines of the file: what was asked, then each figure over the period and the
    period before, then the quarterly trend. A suppressed cell carries no number."""
    lines = [
        [gettext("OpenIPT outcome figures")],
        [gettext("Scope"), scope],
        [gettext("Period"), dashboard.period.label],
        *[[label, value] for label, value in filters],
        [],
        list(HEADER),
    ]
    for section, section_rows in dashboard.sections:
        for row in section_rows:
            for period, cell in (
                (dashboard.period, row.current),
                (dashboard.previous, row.previous),
            ):
                lines.append(_line(section, row.figure, period, cell))
    lines += [[], [gettext("Quarterly trend")], list(HEADER)]
    for trend_row in dashboard.trend:
        for figure, cell in zip(dashboard.trend_figures, trend_row.cells, strict=True):
            lines.append(_line(gettext("Trend"), figure, trend_row.quarter, cell))
    return lines


def _line(section, figure, period, cell):
    hidden = cell.suppressed
    value = cell.value
    return [
        section,
        figure.name,
        period.label,
        "" if hidden or cell.numerator is None else cell.numerator,
        "" if hidden else cell.denominator,
        "" if value is None else (value if figure.kind == "count" else f"{value:.1f}"),
        cell.shown,
        f"{figure.standard}%" if figure.standard is not None else "",
        figure.denominator_words,
    ]


def csv_text(lines):
    out = io.StringIO()
    writer = csv.writer(out)
    for line in lines:
        writer.writerow([safe(cell) for cell in line])
    return out.getvalue()
