"""The spreadsheet writers: formulas never run, numbers stay numbers, CSV is RFC 4180."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from odf import opendocument
from odf.namespaces import OFFICENS
from odf.table import Table as OdfTable
from odf.table import TableCell, TableRow
from odf.text import P
from openpyxl import load_workbook

from beacon.core.spreadsheets import FORMATS, Table, formula_safe, sheet_names, write_table

DANGEROUS = ["=1+1", "+A1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
HEADINGS = ["Title", "Amount (£)", "Due", "Count", "Done"]


def sample() -> Table:
    rows = [[text, Decimal("-50.00"), dt.date(2026, 11, 23), -50, True] for text in DANGEROUS]
    rows.append(['Quotes "here", commas', Decimal("1200.5"), None, 3, False])
    rows.append(["Line one\nLine two, £5", None, dt.date(2025, 4, 1), 0, False])
    return Table(name="Projects", headings=HEADINGS, rows=rows)


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes, sheet: int = 0) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


def ods_value(cell: TableCell) -> object:
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind == "float":
        return Decimal(cell.getAttrNS(OFFICENS, "value"))
    if kind == "date":
        return dt.date.fromisoformat(cell.getAttrNS(OFFICENS, "date-value"))
    if kind == "string":
        return "\n".join(str(p) for p in cell.getElementsByType(P))
    return None


def read_ods(content: bytes) -> dict[str, list[list[object]]]:
    document = opendocument.load(io.BytesIO(content))
    return {
        str(sheet.getAttribute("name")): [[ods_value(cell) for cell in row.getElementsByType(TableCell)]
                                          for row in sheet.getElementsByType(TableRow)]
        for sheet in document.spreadsheet.getElementsByType(OdfTable)
    }


def test_formula_safe_is_the_one_rule():
    assert [formula_safe(text) for text in DANGEROUS] == ["'" + text for text in DANGEROUS]
    assert formula_safe("Library remodel") == "Library remodel"
    assert formula_safe("a=b") == "a=b"
    assert formula_safe(-50) == -50
    assert formula_safe(Decimal("-2.5")) == Decimal("-2.5")
    assert formula_safe(None) is None


def test_csv_escapes_formulas_and_keeps_numbers():
    rows = read_csv(write_table("csv", [sample()]))
    assert rows[0] == HEADINGS
    assert [row[0] for row in rows[1:7]] == ["'" + text for text in DANGEROUS]
    assert rows[1][1:] == ["-50.00", "2026-11-23", "-50", "Yes"]


def test_csv_is_rfc_4180_with_a_byte_order_mark_for_excel():
    content = write_table("csv", [sample()])
    assert content.startswith(b"\xef\xbb\xbf")
    assert b'"Quotes ""here"", commas"' in content
    assert '"Line one\nLine two, £5"'.encode() in content  # a line break inside a field stays as typed
    lines = content.split(b"\r\n")
    assert lines[0] == "\ufeffTitle,Amount (£),Due,Count,Done".encode()
    assert content.endswith(b"\r\n")
    assert content.count(b"\r\n") == 9  # the heading and 8 rows; "\rcmd" holds a bare CR, not CRLF
    rows = read_csv(content)
    assert rows[7] == ['Quotes "here", commas', "1200.5", "", "3", "No"]
    assert rows[8][0] == "Line one\nLine two, £5"


def test_xlsx_escapes_formulas_and_writes_numbers_and_dates_as_cells():
    content = write_table("xlsx", [sample()])
    rows = read_xlsx(content)
    assert rows[0] == HEADINGS
    assert [row[0] for row in rows[1:7]] == ["'" + text for text in DANGEROUS]
    first = rows[1]
    assert first[1] == -50 and isinstance(first[1], int | float)
    assert first[2] == dt.datetime(2026, 11, 23)
    assert first[3] == -50 and first[4] == "Yes"
    assert rows[7][1] == 1200.5
    assert rows[8][0] == "Line one\nLine two, £5"
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Projects"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["C2"].is_date
    # No cell is a formula: openpyxl reads a formula back as its text with data type "f".
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_ods_escapes_formulas_and_types_cells():
    sheets = read_ods(write_table("ods", [sample()]))
    rows = sheets["Projects"]
    assert rows[0] == HEADINGS
    # (XML reads a carriage return in text as a line feed.)
    assert [row[0] for row in rows[1:7]] == ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    assert rows[1][1:] == [Decimal("-50.00"), dt.date(2026, 11, 23), Decimal(-50), "Yes"]
    assert rows[8][0] == "Line one\nLine two, £5"


def test_several_tables_make_several_sheets_and_csv_takes_the_first():
    data = Table(name="Data", headings=["Code"], rows=[["P-1"]])
    explain = Table(name="Explain: what/why?", headings=["Column", "Meaning"], rows=[["Code", "=the code"]])
    assert read_xlsx(write_table("xlsx", [data, explain]), sheet=1) == [["Column", "Meaning"], ["Code", "'=the code"]]
    assert list(read_ods(write_table("ods", [data, explain]))) == ["Data", "Explain  what why"]
    assert read_csv(write_table("csv", [data, explain])) == [["Code"], ["P-1"]]


def test_sheet_names_are_legal_and_distinct():
    tables = [Table(name="x" * 40, headings=[], rows=[]), Table(name="x" * 40, headings=[], rows=[]),
              Table(name="", headings=[], rows=[])]
    names = sheet_names(tables)
    assert len(set(names)) == 3 and all(len(name) <= 31 for name in names)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_table_still_has_its_headings(fmt):
    content = write_table(fmt, [Table(name="Empty", headings=["Code", "Title"], rows=[])])
    assert content


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Unknown spreadsheet format"):
        write_table("pdf", [sample()])
