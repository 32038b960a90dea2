"""Worksheets as PDF (WeasyPrint): a blank form with answer space, or a completed record.

The same template (worksheets/document.html) serves the print view in the browser; the
PDF adds its own page stylesheet, since templates may hold no <style> under the CSP.
"""

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext

from openipt import pdf

from .definitions.base import RATING_MAX, RATING_MIN
from .forms import display_answers

PDF_CSS = """
@page { size: A4; margin: 15mm 15mm 17mm;
  @bottom-right { content: PAGE_NUMBER; font-size: 8pt; color: #4a5360; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #1b1f24; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.4mm solid #1b1f24; }
.ws-purpose { margin: 0 0 3mm; }
.ws-meta { color: #4a5360; font-size: 9pt; margin: 0 0 3mm; }
.ws-field { break-inside: avoid; margin: 0 0 4mm; }
.ws-prompt { font-weight: 700; margin: 0 0 1mm; }
.ws-help { color: #4a5360; font-size: 8.5pt; margin: 0 0 1mm; }
.ws-answer { margin: 0; white-space: pre-line; }
.ws-answer-list { margin: 0; padding-left: 6mm; }
.ws-unanswered { color: #4a5360; font-style: italic; margin: 0; }
.ws-space { border: 0.3mm solid #8a94a3; border-radius: 1mm; min-height: 9mm; margin: 0; }
.ws-space-long { min-height: 30mm; }
.ws-lines { list-style: none; margin: 0; padding: 0; }
.ws-lines li { border-bottom: 0.3mm solid #8a94a3; height: 8mm; }
.ws-scale { display: flex; gap: 2mm; margin: 0; padding: 0; list-style: none; }
.ws-scale li { border: 0.3mm solid #8a94a3; border-radius: 50%; width: 7mm; height: 7mm;
  text-align: center; line-height: 7mm; font-size: 8.5pt; }
.ws-scale-ends { font-size: 8.5pt; color: #4a5360; margin: 1mm 0 0; }
.ws-comments { margin-top: 6mm; }
.no-print, .visually-hidden { display: none; }
"""


def document_context(definition, answers=None, *, title=None, blank=False, **extra):
    """Context for worksheets/document.html; `blank` prints answer space instead of answers."""
    return {
        "definition": definition,
        "title": title or definition.name,
        "sections": display_answers(definition, {} if blank else (answers or {})),
        "blank": blank,
        "scale": range(RATING_MIN, RATING_MAX + 1),
        **extra,
    }


def page_number_css():
    """The footer's "Page 1 of 2" as a CSS content value, in the active language: the
    translated sentence keeps its placeholders, which become the page counters."""
    sentence = gettext("Page {page} of {pages}").replace('"', "")
    quoted = '"' + sentence + '"'
    quoted = quoted.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
    return quoted


def render_pdf(html):
    """A worksheet-styled PDF (also the client's data summary) from HTML, in the active
    language (the reader's: the request's language when a page asks for it)."""
    return pdf.render_pdf(html, PDF_CSS.replace("PAGE_NUMBER", page_number_css()))


def pdf_response(context, filename_stem):
    html = render_to_string("worksheets/pdf.html", context)
    return pdf.pdf_download(render_pdf(html), filename_stem)


def homework_document(homework):
    """The PDF context for one piece of homework (worksheet, or a task as a one-field sheet)."""
    status = homework.get_status_display()
    return document_context(
        homework.sheet,
        homework.answers,
        title=homework.shown_title,
        client=homework.client,
        instructions=homework.instructions,
        status_line=gettext("Due %(date)s · %(status)s")
        % {"date": date_format(homework.due_on, "j M Y"), "status": status},
        comments=list(homework.comments.all()),
    )
