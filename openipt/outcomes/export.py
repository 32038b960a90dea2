"""The outcome dashboard as CSV: what the page shows, cell for cell, suppression included.

Every cell that begins with a character a spreadsheet reads as the start of a formula
(=, +, -, @, or a tab or carriage return before one) is written with a leading
apostrophe, so a site, clinician or filter name can never run as a formula when the file
is opened (OWASP, "CSV Injection").
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = (
    "Section",
    "Figure",
    "Period",
    "Numerator",
    "Denominator",
    "Value",
    "Shown as",
    "Standard",
    "Counted over",
)


def safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(dashboard, filters, scope):
    """The lines of the file: what was asked, then each figure over the period and the
    period before, then the quarterly trend. A suppressed cell carries no number."""
    lines = [
        ["OpenIPT outcome figures"],
        ["Scope", scope],
        ["Period", dashboard.period.label],
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
    lines += [[], ["Quarterly trend"], list(HEADER)]
    for trend_row in dashboard.trend:
        for figure, cell in zip(dashboard.trend_figures, trend_row.cells, strict=True):
            lines.append(_line("Trend", figure, trend_row.quarter, cell))
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
