"""A report as PDF: weasyprint lays out the HTML page with the print stylesheet (A4, the organisation at the
top of each page, "Page N of M" at the foot). Nothing is ever fetched: the page holds its styles and charts
inline, and the URL fetcher refuses every address, so a stray URL in a report's text cannot reach the network
or the server's files."""

from __future__ import annotations

from typing import Any, NoReturn

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from beacon.reports.document import Document
from beacon.reports.renderers.html import render_page


class RefusingFetcher(URLFetcher):
    """Refuses every URL (http, https, file, data alike): a report's page is self-contained."""

    def fetch(self, url: str, headers: Any = None) -> NoReturn:
        raise ValueError(f"A report fetches nothing; refused {url[:80]!r}")


def render_pdf(document: Document) -> bytes:
    page = HTML(string=render_page(document, print_styles=True), base_url=None, url_fetcher=RefusingFetcher())
    # pdf_tags makes a tagged PDF: headings, tables and figures keep their structure for screen readers.
    pdf: bytes = page.write_pdf(pdf_tags=True)
    return pdf
