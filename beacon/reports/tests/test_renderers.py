"""The four renderers, each read back by an independent reader: python-docx, odfpy, pypdf and html.parser."""

from __future__ import annotations

import io
import socket
import zipfile
from html.parser import HTMLParser
from typing import Any

import pytest
from docx import Document as open_word_document
from docx.oxml.ns import qn
from odf import draw, svg
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import load as load_odt
from pypdf import PdfReader

from beacon.reports.document import (
    BulletList,
    Document,
    Heading,
    KeyValues,
    Notice,
    PageBreak,
    Paragraph,
    Table,
)
from beacon.reports.figures import figure
from beacon.reports.renderers import CONTENT_TYPES, EXTENSIONS, render, render_body
from beacon.reports.renderers.pdf import RefusingFetcher  # imports weasyprint before the chart is drawn

CHART_ALT = "Savings delivered rose from £1.2m in 2023/24 to £3.4m in 2025/26."


def savings_chart() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    chart = Figure(figsize=(6, 3))
    axes = chart.subplots()
    axes.bar(["2023/24", "2024/25", "2025/26"], [1.2, 2.5, 3.4], color="#1d70b8")
    axes.set_ylabel("£m")
    return chart


@pytest.fixture(scope="module")
def report() -> Document:
    return Document(
        title="Cheshire East Approach to Transformation",
        organisation="Cheshire East Council",
        blocks=[
            Notice("Confidential: exempt under paragraph 3 of Schedule 12A, Local Government Act 1972"),
            Heading("Cheshire East Approach to Transformation", level=1),
            KeyValues((("Meeting", "Corporate Policy Committee"), ("Date", "21 March 2024"),
                       ("Report of", "Chief Executive"), ("Wards affected", "All wards"))),
            Heading("Purpose of report"),
            Paragraph("This report sets out the proposed approach to transformation.", number="1.1"),
            Paragraph("Key decision: Yes", emphasis=True),
            Heading("Recommendations"),
            BulletList(("Approve the transformation approach.", "Note the S151 officer's report."), numbered=True),
            BulletList(("Reprioritising", "Customer engagement")),
            Heading("Savings by year", level=3),
            Table("Savings by workstream", ("Workstream", "2024/25", "2025/26"),
                  (("Adults", "£1,200,000", "£2,000,000"), ("Place", "£450,000", "£980,000")), numeric=(1, 2)),
            figure(savings_chart(), alt=CHART_ALT, caption="Figure 1: savings delivered by year",
                   chart_id="savings-test"),
            PageBreak(),
            Heading("Risk extract", level=4),
            Paragraph("Appendix text.", number="A.1"),
        ],
    )


HEADINGS = ["Cheshire East Approach to Transformation", "Purpose of report", "Recommendations", "Savings by year",
            "Risk extract"]


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        for tag in self.open:
            self.text.setdefault(tag, []).append(data)

    def with_tag(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def test_html_is_a_complete_accessible_page(report: Document) -> None:
    page = render(report, "html").decode("utf-8")
    parser = TagCollector()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parser.with_tag("html")[0]["lang"] == "en-GB"
    assert parser.text["title"][0] == report.title  # the page's; the chart's <title> follows
    assert len(parser.with_tag("h1")) == 1
    for heading in HEADINGS:
        assert f">{heading}</h" in page
    assert "Savings by workstream" in "".join(parser.text["caption"])
    assert {attrs.get("scope") for attrs in parser.with_tag("th")} == {"col", "row"}
    assert any(attrs.get("class") == "num" for attrs in parser.with_tag("td"))
    assert parser.with_tag("svg")[0]["role"] == "img"
    assert "<svg " in page and "ns0:" not in page
    assert CHART_ALT in "".join(parser.text["title"])
    assert "1.1" in "".join(parser.text["span"])
    assert parser.with_tag("div")[0]["class"] == "notice"
    assert not parser.with_tag("script") and not parser.with_tag("link") and not parser.with_tag("img")
    assert "http://" not in page.replace("http://www.w3.org/", "") and "https://" not in page


def test_html_body_for_a_page_inside_beacon(report: Document) -> None:
    body = render_body(report)
    assert "<html" not in body and "<style" not in body and "<h1>" in body


def test_word_document_read_back_by_python_docx(report: Document) -> None:
    word = open_word_document(io.BytesIO(render(report, "docx")))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert [text for _, text in headings] == HEADINGS
    assert headings[0][0] == "Heading 1" and headings[-1][0] == "Heading 4"
    key_values, savings = word.tables
    header_row = savings.rows[0]
    assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header_row.cells] == ["Workstream", "2024/25", "2025/26"]
    assert savings.cell(1, 1).text == "£1,200,000"
    assert key_values.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None
    descriptions = word.element.body.xpath(".//wp:docPr/@descr")
    assert descriptions == [CHART_ALT]
    assert len(word.inline_shapes) == 1
    assert any(p.text == "1.1\tThis report sets out the proposed approach to transformation." for p in word.paragraphs)
    section = word.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert section.header.paragraphs[0].text == "Cheshire East Council"
    assert "PAGE" in section.footer._element.xml and "NUMPAGES" in section.footer._element.xml
    assert word.core_properties.title == report.title


def test_opendocument_read_back_by_odfpy(report: Document) -> None:
    data = render(report, "odt")
    odt = load_odt(io.BytesIO(data))
    headings = odt.getElementsByType(odf_text.H)
    assert [str(h) for h in headings] == HEADINGS
    assert [h.getAttribute("outlinelevel") for h in headings] == ["1", "2", "2", "3", "4"]
    assert len(odt.getElementsByType(odf_table.Table)) == 2
    header_rows = odt.getElementsByType(odf_table.TableHeaderRows)
    assert len(header_rows) == 1 and "Workstream" in str(header_rows[0])
    frame = odt.getElementsByType(draw.Frame)[0]
    assert str(frame.getElementsByType(svg.Title)[0]) == CHART_ALT
    href = frame.getElementsByType(draw.Image)[0].getAttribute("href")
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.namelist()[0] == "mimetype" and package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert href in package.namelist() and package.read(href).startswith(b"\x89PNG")
    assert f'manifest:full-path="{href}"' in package.read("META-INF/manifest.xml").decode()


def test_pdf_read_back_by_pypdf(report: Document) -> None:
    data = render(report, "pdf")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in HEADINGS:
        assert heading in text
    assert "£1,200,000" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Cheshire East Council" in reader.pages[1].extract_text()
    assert "Figure 1: savings delivered by year" in text
    assert "£m" in text  # the chart's axis label, drawn as text from the inline SVG
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points


@pytest.mark.parametrize("fmt", ["html", "docx", "odt", "pdf"])
def test_the_same_document_gives_the_same_bytes(report: Document, fmt: str) -> None:
    assert render(report, fmt) == render(report, fmt)
    assert fmt in CONTENT_TYPES and EXTENSIONS[fmt] == f".{fmt}"


def test_an_unknown_format_is_refused(report: Document) -> None:
    with pytest.raises(ValueError, match="not 'rtf'"):
        render(report, "rtf")


def test_rendering_never_touches_the_network(report: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a renderer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fetched: list[str] = []
    original = RefusingFetcher.fetch

    def recording(self: RefusingFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(RefusingFetcher, "fetch", recording)
    for fmt in CONTENT_TYPES:
        assert render(report, fmt)
    assert fetched == []


@pytest.mark.parametrize("url", ["https://example.com/a.png", "http://169.254.169.254/", "file:///etc/passwd"])
def test_the_pdf_url_fetcher_refuses_everything(url: str) -> None:
    with pytest.raises(ValueError, match="refused"):
        RefusingFetcher().fetch(url)


def test_numbered_lists_restart_in_word() -> None:
    document = Document("Lists", blocks=[BulletList(("a", "b"), numbered=True), BulletList(("c",), numbered=True)])
    word = open_word_document(io.BytesIO(render(document, "docx")))
    num_ids = {p._p.pPr.numPr.numId.val for p in word.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None}
    assert len(num_ids) == 2


def test_a_document_without_a_title_heading_gets_one() -> None:
    document = Document("Highlight report: March 2026", blocks=[Heading("Overall status"), Paragraph("Green")])
    assert render_body(document).startswith("<h1>Highlight report: March 2026</h1>")
    assert [p.text for p in open_word_document(io.BytesIO(render(document, "docx"))).paragraphs][0] == (
        "Highlight report: March 2026"
    )
