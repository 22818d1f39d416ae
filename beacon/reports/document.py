"""The one document model that every renderer reads (PRODUCT C7): a report is built once as a ``Document`` of
blocks, and the Word, OpenDocument, PDF and HTML renderers each turn the same blocks into their format, so that
the four never disagree.

Blocks are plain data: headings with a level, paragraphs (optionally numbered, "1.1"), bulleted lists, tables
with a caption, header row and numeric columns, key-value summaries (the report's front matter), figures (a
chart as SVG for HTML and PDF and as PNG for Word and OpenDocument, always with alternative text), notices
(the confidentiality banner) and page breaks. Text is plain text; renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title; sections are 2, sub-sections 3

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError("A heading's level is 1 to 4.")


@dataclass(frozen=True)
class Paragraph:
    text: str
    number: str = ""  # "1.1": council reports number their paragraphs
    emphasis: bool = False  # shown bold, e.g. "Key decision: Yes"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned (number) columns
    row_headers: bool = True  # the first cell of each row heads it

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"Table “{self.caption}”: a row has {len(row)} cells for {len(self.headers)} headers.")


@dataclass(frozen=True)
class KeyValues:
    """A two-column summary without a header row, e.g. the report's meeting, date, report of and wards."""

    rows: tuple[tuple[str, str], ...]
    caption: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart: SVG (HTML, PDF) and PNG (Word, OpenDocument) of the same drawing, with alternative text; the
    table with its figures is a separate ``Table`` block after it."""

    alt: str
    svg: str
    png: bytes
    caption: str = ""
    width_cm: float = 16.0


@dataclass(frozen=True)
class Notice:
    """A banner at the top, e.g. "Confidential: exempt under paragraph 3 of Schedule 12A"."""

    text: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block: TypeAlias = Heading | Paragraph | BulletList | Table | KeyValues | Figure | Notice | PageBreak


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    organisation: str = ""  # shown in the header or footer of every page
    language: str = "en-GB"

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def headings(self) -> list[str]:
        return [block.text for block in self.blocks if isinstance(block, Heading)]
