"""A report as a Word document (python-docx): Word's own heading, list and caption styles, so that the
navigation pane and a screen reader find the structure; tables with a repeating header row marked as such;
charts as PNG with their alternative text; A4 with the organisation in the header and "Page N of M" in the
footer."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape, quoteattr  # noqa: S406 - escapes our text into XML; parses nothing

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from beacon.reports.document import (
    BulletList,
    Document,
    Figure,
    Heading,
    KeyValues,
    Notice,
    PageBreak,
    Paragraph,
    Table,
)
from beacon.reports.renderers.common import page_blocks, stable_zip

FONT = "Arial"
TEXT_COLOUR = RGBColor(0x0B, 0x0C, 0x0C)
NUMBER_INDENT = Cm(1.25)
TEXT_WIDTH_TWIPS = 9638  # A4 (21 cm) less two 2 cm margins
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def render_docx(document: Document) -> bytes:
    word = new_word_document()
    _set_up(word, document)
    body = word.element.body
    for block in page_blocks(document):
        match block:
            case Heading(text=text, level=level):
                word.add_paragraph(text, style=f"Heading {level}")
            case Paragraph(text=text, number=number, emphasis=emphasis):
                paragraph = word.add_paragraph(style="Numbered Paragraph" if number else None)
                if number:
                    paragraph.add_run(f"{number}\t")
                paragraph.add_run(text).bold = emphasis or None
            case BulletList(items=items, numbered=numbered):
                num_id = _new_numbering(word) if numbered else None
                for item in items:
                    paragraph = word.add_paragraph(item, style="List Number" if numbered else "List Bullet")
                    if num_id is not None:
                        _use_numbering(paragraph, num_id)
            case Table(caption=caption, headers=headers, rows=rows, numeric=numeric, row_headers=row_headers):
                word.add_paragraph(caption, style="Table Caption")
                body.insert(len(body) - 1, _table(caption, headers, rows, numeric, row_headers))
            case KeyValues(rows=rows, caption=caption):
                if caption:
                    word.add_paragraph(caption, style="Table Caption")
                body.insert(len(body) - 1, _table(caption, None, rows, (), True))
            case Figure(alt=alt, png=png, caption=caption, width_cm=width_cm):
                word.add_picture(io.BytesIO(png), width=Cm(width_cm))
                picture_paragraph = word.paragraphs[-1]
                picture_paragraph.paragraph_format.keep_with_next = bool(caption)
                inline = picture_paragraph._p.xpath(".//wp:docPr")[0]
                inline.set("descr", alt)
                inline.set("title", alt)
                if caption:
                    word.add_paragraph(caption, style="Caption")
            case Notice(text=text):
                _border(word.add_paragraph(text, style="Notice"))
            case PageBreak():
                word.add_page_break()
    buffer = io.BytesIO()
    word.save(buffer)
    return stable_zip(buffer.getvalue())


def _set_up(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(11)  # type: ignore[attr-defined]
    for level in range(1, 5):
        heading = styles[f"Heading {level}"]
        heading.font.name = FONT  # type: ignore[attr-defined]
        heading.font.color.rgb = TEXT_COLOUR  # type: ignore[attr-defined]
        heading.font.size = Pt({1: 22, 2: 16, 3: 13, 4: 12}[level])  # type: ignore[attr-defined]
    numbered = styles.add_style("Numbered Paragraph", 1)
    numbered.base_style = normal  # type: ignore[attr-defined]
    numbered_format = numbered.paragraph_format  # type: ignore[attr-defined]
    numbered_format.left_indent = NUMBER_INDENT
    numbered_format.first_line_indent = -NUMBER_INDENT
    numbered_format.tab_stops.add_tab_stop(NUMBER_INDENT)
    table_caption = styles.add_style("Table Caption", 1)
    table_caption.base_style = normal  # type: ignore[attr-defined]
    table_caption.font.bold = True  # type: ignore[attr-defined]
    table_caption.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    table_caption.paragraph_format.space_before = Pt(6)  # type: ignore[attr-defined]
    notice = styles.add_style("Notice", 1)
    notice.base_style = normal  # type: ignore[attr-defined]
    notice.font.bold = True  # type: ignore[attr-defined]
    header = section.header.paragraphs[0]
    header.text = document.organisation
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    footer._p.append(_field("PAGE", "1"))
    footer.add_run(" of ")
    footer._p.append(_field("NUMPAGES", "1"))
    properties = word.core_properties
    properties.title = document.title
    properties.author = properties.last_modified_by = document.organisation or "Beacon"
    properties.language = document.language
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    properties.comments = ""


def _field(instruction: str, placeholder: str) -> BaseOxmlElement:
    return parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:t>{placeholder}</w:t></w:r>'
                     "</w:fldSimple>")


def _border(paragraph: WordParagraph) -> None:
    borders = parse_xml(
        f"<w:pBdr {nsdecls('w')}>"
        + "".join(f'<w:{side} w:val="single" w:sz="18" w:space="4" w:color="0B0C0C"/>'
                  for side in ("top", "left", "bottom", "right"))
        + "</w:pBdr>"
    )
    paragraph._p.get_or_add_pPr().append(borders)


def _cell(text: str, *, header: bool, bold: bool, right: bool, width: int) -> str:
    properties = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
    if header:
        properties += '<w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/>'
    properties += "</w:tcPr>"
    paragraph = '<w:pPr><w:spacing w:before="0" w:after="0"/>' + ('<w:jc w:val="right"/>' if right else "")
    paragraph += "</w:pPr>"
    run = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (f'<w:tc>{properties}<w:p>{paragraph}<w:r>{run}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
            "</w:p></w:tc>")


def _table(caption: str, headers: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...],
           numeric: tuple[int, ...], row_headers: bool) -> BaseOxmlElement:
    """A table as WordprocessingML, written in one string: much faster than python-docx's cell by cell API
    for long tables. The header row repeats on every page (w:tblHeader) and never splits."""
    columns = len(headers) if headers is not None else 2
    width = TEXT_WIDTH_TWIPS // columns
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>",
        f'<w:tblLook w:val="04A0" w:firstRow="{int(headers is not None)}" w:lastRow="0" '
        f'w:firstColumn="{int(row_headers)}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
    ]
    if caption:
        parts.append(f"<w:tblCaption w:val={quoteattr(caption)}/>")
    parts.append("</w:tblPr><w:tblGrid>" + f'<w:gridCol w:w="{width}"/>' * columns + "</w:tblGrid>")
    if headers is not None:
        parts.append('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
        parts.extend(_cell(text, header=True, bold=True, right=i in numeric, width=width)
                     for i, text in enumerate(headers))
        parts.append("</w:tr>")
    for row in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(_cell(text, header=False, bold=row_headers and i == 0, right=i in numeric, width=width)
                     for i, text in enumerate(row))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def _new_numbering(word: WordDocument) -> int:
    """A fresh numbering instance for a numbered list, so that each list starts again at 1 rather than
    continuing the last one (Word's "List Number" style shares one count across the document)."""
    style = word.styles["List Number"]
    style_num = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")  # type: ignore[attr-defined]
    numbering = word.part.numbering_part.element
    abstract = numbering.xpath(f'./w:num[@w:numId="{style_num[0]}"]/w:abstractNumId/@w:val')[0]
    num_id = max(int(value) for value in numbering.xpath("./w:num/@w:numId")) + 1
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))
    return num_id


def _use_numbering(paragraph: WordParagraph, num_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(num_id))
    numbering.append(level)
    numbering.append(number)
    properties.append(numbering)
