"""A report as an OpenDocument text (odfpy), the UK government's open standard for documents: real headings
(text:h with an outline level), named styles for numbered paragraphs and table headers, tables whose header
row repeats (table:table-header-rows), charts as PNG inside the package with their alternative text, A4 with
the organisation in the header and "Page N of M" in the footer."""

from __future__ import annotations

import io
import struct

from odf.draw import Frame, Image
from odf.element import Element
from odf.namespaces import nsdict
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    Footer,
    Header,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (
    H,
    List,
    ListItem,
    ListLevelStyleBullet,
    ListLevelStyleNumber,
    ListStyle,
    P,
    PageCount,
    PageNumber,
    Span,
    Tab,
)

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
BORDER = "0.5pt solid #b1b4b6"


def render_odt(document: Document) -> bytes:
    _canonical_namespaces()
    odt = OpenDocumentText()
    styles = _styles(odt, document)
    tables = figures = 0
    for block in page_blocks(document):
        match block:
            case Heading(text=text, level=level):
                odt.text.addElement(H(outlinelevel=level, stylename=styles[f"h{level}"], text=text))
            case Paragraph(text=text, number=number, emphasis=emphasis):
                paragraph = P(stylename=styles["numbered" if number else "body"])
                if number:
                    paragraph.addText(number)
                    paragraph.addElement(Tab())
                if emphasis:
                    paragraph.addElement(Span(stylename=styles["strong"], text=text))
                else:
                    paragraph.addText(text)
                odt.text.addElement(paragraph)
            case BulletList(items=items, numbered=numbered):
                listing = List(stylename=styles["numbers" if numbered else "bullets"])
                for item in items:
                    list_item = ListItem()
                    list_item.addElement(P(stylename=styles["list"], text=item))
                    listing.addElement(list_item)
                odt.text.addElement(listing)
            case Table(caption=caption, headers=headers, rows=rows, numeric=numeric, row_headers=row_headers):
                tables += 1
                _column_style(odt, styles, len(headers))
                odt.text.addElement(P(stylename=styles["caption"], text=caption))
                odt.text.addElement(_table(styles, f"Table{tables}", headers, rows, numeric, row_headers))
            case KeyValues(rows=rows, caption=caption):
                tables += 1
                _column_style(odt, styles, 2)
                if caption:
                    odt.text.addElement(P(stylename=styles["caption"], text=caption))
                odt.text.addElement(_table(styles, f"Table{tables}", None, rows, (), True))
            case Figure(alt=alt, png=png, caption=caption, width_cm=width_cm):
                figures += 1
                href = odt.addPicture(f"Pictures/figure-{figures}.png", "image/png", png)
                width_px, height_px = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
                frame = Frame(name=f"Figure{figures}", anchortype="as-char", width=f"{width_cm:.2f}cm",
                              height=f"{width_cm * height_px / width_px:.2f}cm", stylename=styles["frame"])
                frame.addElement(Image(href=href, type="simple", show="embed", actuate="onLoad"))
                frame.addElement(Title(text=alt))
                frame.addElement(Desc(text=alt))
                holder = P(stylename=styles["figure"])
                holder.addElement(frame)
                odt.text.addElement(holder)
                if caption:
                    odt.text.addElement(P(stylename=styles["figure caption"], text=caption))
            case Notice(text=text):
                odt.text.addElement(P(stylename=styles["notice"], text=text))
            case PageBreak():
                odt.text.addElement(P(stylename=styles["page break"]))
    buffer = io.BytesIO()
    odt.write(buffer)
    return stable_zip(buffer.getvalue())


# odfpy declares, on each XML part's root, every namespace that any element in the process has used so far, in
# the order first used (a class-level dict): the same document would give different bytes depending on what was
# rendered before it. Declaring all of odfpy's namespaces, in one fixed order, makes the output stable.
CANONICAL_NAMESPACES = dict(sorted(nsdict.items(), key=lambda item: item[1]))


def _canonical_namespaces() -> None:
    known = Element.namespaces
    if list(known.items()) != list(CANONICAL_NAMESPACES.items()):
        known.clear()
        known.update(CANONICAL_NAMESPACES)


def _paragraph_style(odt: OpenDocumentText, name: str, *, parent: str | None = "Standard", automatic: bool = False,
                     paragraph: dict[str, str] | None = None, text: dict[str, str] | None = None,
                     outline: int | None = None, klass: str = "text") -> Style:
    arguments = {"name": name.replace(" ", "_20_"), "family": "paragraph"}
    if name.replace(" ", "_20_") != name:
        arguments["displayname"] = name
    if parent:
        arguments["parentstylename"] = parent
    if outline is not None:
        arguments["defaultoutlinelevel"] = str(outline)
    style = Style(**arguments, attributes={"class": klass})
    if paragraph:
        style.addElement(ParagraphProperties(**paragraph))
    if text:
        style.addElement(TextProperties(**text))
    (odt.automaticstyles if automatic else odt.styles).addElement(style)
    return style


def _styles(odt: OpenDocumentText, document: Document) -> dict[str, Element]:
    odt.fontfacedecls.addElement(FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss",
                                          fontpitch="variable"))
    font = {"fontname": FONT, "fontsize": "11pt", "color": "#0b0c0c"}
    styles: dict[str, Element] = {}
    styles["standard"] = _paragraph_style(odt, "Standard", parent=None, text=font,
                                          paragraph={"margintop": "0cm", "marginbottom": "0.2cm"})
    styles["body"] = _paragraph_style(odt, "Text body", paragraph={"marginbottom": "0.2cm"})
    sizes = {1: "22pt", 2: "16pt", 3: "13pt", 4: "12pt"}
    for level, size in sizes.items():
        styles[f"h{level}"] = _paragraph_style(
            odt, f"Heading {level}", outline=level,
            paragraph={"keepwithnext": "always", "margintop": "0.4cm", "marginbottom": "0.2cm"},
            text={"fontsize": size, "fontweight": "bold"},
        )
    numbered = _paragraph_style(odt, "Numbered Paragraph", paragraph={"marginleft": "1.25cm",
                                                                       "textindent": "-1.25cm",
                                                                       "marginbottom": "0.2cm"})
    numbered.getElementsByType(ParagraphProperties)[0].addElement(_tab_stops("0cm"))
    styles["numbered"] = numbered
    styles["list"] = _paragraph_style(odt, "List Contents", paragraph={"marginbottom": "0.1cm"})
    styles["caption"] = _paragraph_style(odt, "Table Caption", paragraph={"keepwithnext": "always",
                                                                          "margintop": "0.2cm"},
                                         text={"fontweight": "bold"})
    styles["figure caption"] = _paragraph_style(odt, "Figure Caption", text={"fontsize": "10pt",
                                                                            "color": "#484949"})
    styles["figure"] = _paragraph_style(odt, "Figure", paragraph={"keepwithnext": "always"})
    styles["notice"] = _paragraph_style(
        odt, "Notice", paragraph={"border": "1.5pt solid #0b0c0c", "padding": "0.2cm", "marginbottom": "0.4cm"},
        text={"fontweight": "bold"},
    )
    styles["page break"] = _paragraph_style(odt, "Page Break", automatic=True, parent="Standard",
                                            paragraph={"breakbefore": "page"})
    styles["table heading"] = _paragraph_style(odt, "Table Heading", paragraph={"keepwithnext": "always"},
                                               text={"fontweight": "bold", "fontsize": "10pt"}, klass="extra")
    styles["table contents"] = _paragraph_style(odt, "Table Contents", text={"fontsize": "10pt"}, klass="extra")
    styles["table number"] = _paragraph_style(odt, "Table Contents Number", parent="Table_20_Contents",
                                              paragraph={"textalign": "end"}, klass="extra")
    styles["table heading number"] = _paragraph_style(odt, "Table Heading Number", parent="Table_20_Heading",
                                                      paragraph={"textalign": "end"}, klass="extra")
    styles["table row heading"] = _paragraph_style(odt, "Table Row Heading", parent="Table_20_Contents",
                                                   text={"fontweight": "bold"}, klass="extra")
    strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    odt.styles.addElement(strong)
    styles["strong"] = strong

    table = Style(name="Report_20_Table", displayname="Report Table", family="table")
    table.addElement(TableProperties(width="17cm", align="margins", margintop="0cm", marginbottom="0.3cm"))
    odt.automaticstyles.addElement(table)
    styles["table"] = table
    for name, fill in (("cell", None), ("header cell", "#f3f2f1")):
        cell = Style(name=name.title().replace(" ", ""), family="table-cell")
        properties = {"border": BORDER, "padding": "0.08cm"}
        if fill:
            properties["backgroundcolor"] = fill
        cell.addElement(TableCellProperties(**properties))
        odt.automaticstyles.addElement(cell)
        styles[name] = cell
    frame = Style(name="FigureFrame", family="graphic")
    odt.automaticstyles.addElement(frame)
    styles["frame"] = frame

    bullets = ListStyle(name="Bullets")
    bullet = ListLevelStyleBullet(level=1, bulletchar="•")
    bullet.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
    bullets.addElement(bullet)
    odt.styles.addElement(bullets)
    styles["bullets"] = bullets
    numbers = ListStyle(name="Numbers")
    number = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    number.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
    numbers.addElement(number)
    odt.styles.addElement(numbers)
    styles["numbers"] = numbers

    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                           margintop="1.5cm", marginbottom="1.5cm", marginleft="2cm",
                                           marginright="2cm"))
    odt.automaticstyles.addElement(layout)
    header_style = _paragraph_style(odt, "Header", text={"fontsize": "9pt", "color": "#484949"})
    footer_style = _paragraph_style(odt, "Footer", paragraph={"textalign": "end"},
                                    text={"fontsize": "9pt", "color": "#484949"})
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(stylename=header_style, text=document.organisation))
    master.addElement(header)
    footer = Footer()
    page = P(stylename=footer_style, text="Page ")
    page.addElement(PageNumber(selectpage="current", text="1"))
    page.addText(" of ")
    page.addElement(PageCount(text="1"))
    footer.addElement(page)
    master.addElement(footer)
    odt.masterstyles.addElement(master)

    from odf.dc import Language
    from odf.dc import Title as DcTitle

    odt.meta.addElement(DcTitle(text=document.title))
    odt.meta.addElement(Language(text=document.language))
    return styles


def _column_style(odt: OpenDocumentText, styles: dict[str, Element], columns: int) -> None:
    """Equal columns across the text width, one style for each number of columns."""
    if f"column {columns}" not in styles:
        style = Style(name=f"Columns{columns}", family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{17 / columns:.2f}cm"))
        odt.automaticstyles.addElement(style)
        styles[f"column {columns}"] = style


def _tab_stops(position: str) -> TabStops:
    stops = TabStops()
    stops.addElement(TabStop(position=position))
    return stops


def _table(styles: dict[str, Element], name: str, headers: tuple[str, ...] | None,
           rows: tuple[tuple[str, ...], ...], numeric: tuple[int, ...], row_headers: bool) -> OdfTable:
    columns = len(headers) if headers is not None else 2
    table = OdfTable(name=name, stylename=styles["table"])
    table.addElement(TableColumn(numbercolumnsrepeated=columns, stylename=styles[f"column {columns}"]))
    if headers is not None:
        header_rows = TableHeaderRows()
        row = TableRow()
        for i, text in enumerate(headers):
            cell = TableCell(stylename=styles["header cell"], valuetype="string")
            style = styles["table heading number" if i in numeric else "table heading"]
            cell.addElement(P(stylename=style, text=text))
            row.addElement(cell)
        header_rows.addElement(row)
        table.addElement(header_rows)
    for values in rows:
        row = TableRow()
        for i, text in enumerate(values):
            first = row_headers and i == 0
            cell = TableCell(stylename=styles["header cell" if first else "cell"], valuetype="string")
            if first:
                style = styles["table row heading"]
            else:
                style = styles["table number" if i in numeric else "table contents"]
            cell.addElement(P(stylename=style, text=text))
            row.addElement(cell)
        table.addElement(row)
    return table
