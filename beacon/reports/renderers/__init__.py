"""One report, four formats (PRODUCT C7): :func:`render` turns a :class:`~beacon.reports.document.Document` into
Word, OpenDocument, PDF or HTML. Every renderer reads the same blocks, so the four never disagree."""

from __future__ import annotations

from collections.abc import Callable

from beacon.reports.document import Document

CONTENT_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
EXTENSIONS: dict[str, str] = {fmt: f".{fmt}" for fmt in CONTENT_TYPES}


def render(document: Document, fmt: str) -> bytes:
    """The document as the bytes of a file in ``fmt`` ("docx", "odt", "pdf" or "html")."""
    return _renderer(fmt)(document)


def render_body(document: Document, *, title: bool = True) -> str:
    """The document as HTML to sit inside one of Beacon's pages (no <html>, <head> or stylesheet); without its
    title heading when ``title`` is false."""
    from beacon.reports.renderers.html import render_body as body

    return body(document, title=title)


def _renderer(fmt: str) -> Callable[[Document], bytes]:
    # Imported when asked for: weasyprint and python-docx take time to import, and a page that shows a report
    # as HTML needs neither.
    if fmt == "docx":
        from beacon.reports.renderers.docx import render_docx

        return render_docx
    if fmt == "odt":
        from beacon.reports.renderers.odt import render_odt

        return render_odt
    if fmt == "pdf":
        from beacon.reports.renderers.pdf import render_pdf

        return render_pdf
    if fmt == "html":
        from beacon.reports.renderers.html import render_page

        return lambda document: render_page(document).encode("utf-8")
    raise ValueError(f"Reports render as {', '.join(CONTENT_TYPES)}, not {fmt!r}.")
