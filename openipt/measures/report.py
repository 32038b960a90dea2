"""The progress report: an episode's scores, charts, flags and outcome as a PDF."""

from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext, pgettext

from openipt import pdf

from .queries import episode_page

# The report's own print stylesheet: a document layout, independent of the web pages' CSS
# (templates may not hold <style>, and the web stylesheet has rules WeasyPrint ignores).
REPORT_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm;
  @bottom-left { content: "CONFIDENTIAL"; font-size: 8pt; color: #4a5360; }
  @bottom-right { content: "PAGE " counter(page) " OF " counter(pages); font-size: 8pt;
    color: #4a5360; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35;
  color: #1b1f24; }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm;
  border-bottom: 0.3mm solid #c9d1db; }
thead th { background: #eef2f6; }
caption { text-align: left; font-weight: 700; padding: 0 0 1mm; }
.report-facts th { width: 42mm; font-weight: 400; color: #4a5360; }
.report-confidential, .report-footer { color: #4a5360; font-size: 8pt; }
.outcome-sentence { font-size: 11.5pt; font-weight: 700; margin: 0 0 4mm; }
.report-chart { margin-top: 4mm; }
.chart { break-inside: avoid; margin-bottom: 3mm; }
svg.trajectory { width: 100%; height: auto; }
"""


def progress_report_download(episode, request):
    context = {
        "episode": episode,
        "client": episode.client,
        "today": date.today(),
        **episode_page(episode),
    }
    html = render_to_string("clinic/measures/progress_report.html", context, request=request)
    return pdf.pdf_download(
        pdf.render_pdf(html, report_css()), f"progress-report-{episode.client.reference}"
    )


def report_css():
    """REPORT_CSS with its page footer in the reader's language (CSS strings, so quotes and
    backslashes in a translation are escaped)."""
    return (
        REPORT_CSS.replace('"CONFIDENTIAL"', _css_string(gettext("Confidential")))
        .replace('"PAGE "', _css_string(pgettext("the footer's page X of Y", "Page") + " "))
        .replace('" OF "', _css_string(" " + pgettext("the footer's page X of Y", "of") + " "))
    )


def _css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
