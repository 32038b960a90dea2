"""PDF documents (WeasyPrint) from the same HTML and SVG the pages use.

Each document type keeps its own page stylesheet beside it (templates may hold no <style>
under the CSP); this module is the one renderer and the one download response.
"""

from datetime import date

from django.http import HttpResponse
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


def render_pdf(html, stylesheet):
    """PDF bytes from HTML. Nothing is fetched: no file, no network, no data: URL."""
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    return document.write_pdf(stylesheets=[CSS(string=stylesheet)])


def pdf_download(pdf, filename_stem):
    """The PDF as an attachment named `<stem>-<today>.pdf`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{filename_stem}-{date.today():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
