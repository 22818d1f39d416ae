"""A report as HTML: a complete, accessible standalone page (the download, and the source of the PDF), or just
its body for a page inside Beacon."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - parses SVG that Beacon drew (figures.figure), not input
from functools import cache
from html import escape
from pathlib import Path

from beacon.core.charts import SVG, XLINK
from beacon.reports.document import (
    Block,
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
from beacon.reports.renderers.common import page_blocks

STYLES = Path(__file__).resolve().parent.parent / "templates" / "reports"


@cache
def stylesheet(name: str) -> str:
    return (STYLES / name).read_text(encoding="utf-8")


def render_body(document: Document, *, title: bool = True) -> str:
    """The report's blocks as HTML, without <html> or <head>: for a page inside Beacon, whose own stylesheet
    surrounds it. With ``title=False`` the level-1 headings are left out, for a page whose own <h1> names the
    report (a page has one <h1>)."""
    blocks = [block for block in page_blocks(document)
              if title or not (isinstance(block, Heading) and block.level == 1)]
    return "\n".join(_block(block) for block in blocks) + "\n"


def render_page(document: Document, *, print_styles: bool = False) -> str:
    """A complete page: language, title, the organisation above the report, styles inline (no external assets,
    no script). ``print_styles`` adds the A4 page rules that the PDF renderer uses."""
    styles = stylesheet("document.css") + (stylesheet("print.css") if print_styles else "")
    organisation = (
        f'<p class="organisation">{escape(document.organisation)}</p>\n' if document.organisation else ""
    )
    author = f'<meta name="author" content="{escape(document.organisation)}">\n' if document.organisation else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(document.language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n"
        f"{author}"
        f"<style>\n{styles}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{organisation}"
        "<main>\n"
        f"{render_body(document)}"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def _block(block: Block) -> str:
    match block:
        case Heading(text=text, level=level):
            return f"<h{level}>{escape(text)}</h{level}>"
        case Paragraph(text=text, number=number, emphasis=emphasis):
            content = f"<strong>{escape(text)}</strong>" if emphasis else escape(text)
            if number:
                return f'<p class="numbered"><span class="paragraph-number">{escape(number)}</span>{content}</p>'
            return f"<p>{content}</p>"
        case BulletList(items=items, numbered=numbered):
            tag = "ol" if numbered else "ul"
            return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"
        case Table():
            return _table(block)
        case KeyValues(rows=rows, caption=caption):
            head = f"<caption>{escape(caption)}</caption>" if caption else ""
            body = "".join(f'<tr><th scope="row">{escape(key)}</th><td>{escape(value)}</td></tr>'
                           for key, value in rows)
            return f'<table class="key-values">{head}<tbody>{body}</tbody></table>'
        case Figure(alt=alt, svg=svg, caption=caption):
            figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            return f"<figure>{titled_svg(svg, alt)}{figcaption}</figure>"
        case Notice(text=text):
            return f'<div class="notice" role="note">{escape(text)}</div>'
        case PageBreak():
            return '<hr class="page-break">'
    raise TypeError(f"Not a block: {block!r}")


def _table(table: Table) -> str:
    def align(index: int) -> str:
        return ' class="num"' if index in table.numeric else ""

    head = "".join(f'<th scope="col"{align(i)}>{escape(header)}</th>' for i, header in enumerate(table.headers))
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and table.row_headers:
                cells.append(f'<th scope="row"{align(i)}>{escape(cell)}</th>')
            else:
                cells.append(f"<td{align(i)}>{escape(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    classes = ' class="row-headed"' if table.row_headers else ""
    return (f"<table{classes}><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def titled_svg(svg: str, alt: str) -> str:
    """The chart's SVG with the figure's alternative text as its <title>, read out for the image (role="img")."""
    root = ET.fromstring(svg)  # noqa: S314 - SVG that Beacon drew
    title = root.find(f"{{{SVG}}}title")
    if title is None:
        title = ET.Element(f"{{{SVG}}}title")
        root.insert(0, title)
    title.text = alt
    root.set("role", "img")
    if title.get("id"):
        root.set("aria-labelledby", title.get("id", ""))
    register_svg_namespaces()
    return ET.tostring(root, encoding="unicode")


def register_svg_namespaces() -> None:
    """SVG as the default namespace when ElementTree writes, so that the markup is ``<svg>``, which an HTML
    parser (and so weasyprint) knows, not ``<ns0:svg>``. Registered again each time because importing weasyprint
    registers its own default namespace, which silently drops this one for the whole process."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
