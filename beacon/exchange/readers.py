"""Opening an uploaded file safely: what it is (by its content, not its name), whether it is too big, whether a
spreadsheet would unpack to more than Beacon opens (a zip bomb), and then its sheets as rows of cell values.

Every refusal is an ``UploadRefused`` whose message is shown to the officer as it is, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

FORMATS = {"xlsx": "Excel (.xlsx)", "ods": "OpenDocument spreadsheet (.ods)", "csv": "CSV"}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Signatures of files that are programs or other documents, named so that the refusal can say what was sent.
SIGNATURES = {
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old-style Office file (.xls or .doc): save it as .xlsx",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x89PNG": "a picture",
    b"\xff\xd8\xff": "a picture",
}
MAX_COMPRESSION_RATIO = 200  # XML compresses well, but not 200-fold: more than that is built to explode
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200


class UploadRefused(ValueError):
    """A file Beacon will not open; the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)  # rows[0] is the sheet's row 1


def size_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    if size < 1024**3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024**3:.1f} GB"


def detect_format(data: bytes) -> str:
    """"xlsx", "ods" or "csv", from the file's content. Raises UploadRefused for anything else."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise UploadRefused(
            f"The file is {size_words(len(data))}; the largest file Beacon imports is "
            f"{size_words(settings.IMPORT_MAX_BYTES)}. Split it into smaller files."
        )
    if not data.strip():
        raise UploadRefused("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    for signature, words in SIGNATURES.items():
        if data.startswith(signature):
            raise UploadRefused(f"This file is {words}, not a spreadsheet. Upload an .xlsx, .ods or .csv file.")
    if b"\x00" in data[:65536]:
        raise UploadRefused("This file is not a spreadsheet or CSV text. Upload an .xlsx, .ods or .csv file.")
    return "csv"


def _zip_format(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRefused("The file is damaged: it cannot be opened as a spreadsheet.") from None
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UploadRefused(
            f"This spreadsheet would unpack to {size_words(unpacked)} from {size_words(len(data))}, more than "
            f"Beacon opens ({size_words(settings.IMPORT_MAX_UNPACKED_BYTES)}, and at most "
            f"{MAX_COMPRESSION_RATIO} times its size): it may be a zip bomb. Nothing was imported."
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        return "ods"
    raise UploadRefused("This is a zip file, but not an Excel or OpenDocument spreadsheet. Upload .xlsx, .ods or .csv.")


def read_sheets(data: bytes, file_format: str) -> list[Sheet]:
    """Every sheet of the file as rows of cell values (text, numbers, dates; None for an empty cell)."""
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "ods": _read_ods}[file_format]
    try:
        sheets = reader(data)
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is a damaged file to the officer
        raise UploadRefused(f"The file could not be read as {FORMATS[file_format]}: it may be damaged.") from error
    for sheet in sheets:
        if len(sheet.rows) > MAX_ROWS:
            raise UploadRefused(f"The sheet “{sheet.name}” has more than {MAX_ROWS:,} rows: split it.")
    return sheets


def decode_text(data: bytes) -> str:
    """CSV text as saved by Excel (UTF-8 with or without a byte-order mark, or Windows-1252) or LibreOffice."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadRefused("The CSV file's text is in an encoding Beacon cannot read: save it as CSV UTF-8.")


def _read_csv(data: bytes) -> list[Sheet]:
    text = decode_text(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    return [Sheet(name="CSV", rows=rows)]


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [Sheet(name=worksheet.title, rows=list(_xlsx_rows(worksheet))) for worksheet in workbook.worksheets]
    finally:
        workbook.close()


def _xlsx_rows(worksheet: Any) -> Iterator[list[Any]]:
    width = min(worksheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
    for row in worksheet.iter_rows(max_col=width):
        values = []
        for cell in row:
            value = getattr(cell, "value", None)
            if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
                value = f"{Decimal(repr(value)) * 100}%"  # a percentage cell holds 0.953 for 95.3%
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        yield values


def _read_ods(data: bytes) -> list[Sheet]:
    from odf import opendocument
    from odf.namespaces import OFFICENS, TABLENS
    from odf.table import Table

    document = opendocument.load(io.BytesIO(data))
    sheets = []
    for table in document.spreadsheet.getElementsByType(Table):
        rows: list[list[Any]] = []
        for row in _ods_table_rows(table, TABLENS):
            repeat = min(int(row.attributes.get((TABLENS, "number-rows-repeated"), 1)), MAX_ROWS)
            values = _ods_row(row, OFFICENS, TABLENS)
            if not any(value is not None for value in values):
                # A run of empty rows (LibreOffice writes a million of them): keep their count only if more follow.
                rows.extend([[] for _ in range(repeat)])
                continue
            rows.extend([list(values) for _ in range(repeat)])
        while rows and not rows[-1]:
            rows.pop()
        sheets.append(Sheet(name=str(table.getAttribute("name")), rows=rows))
    return sheets


ODS_ROW_GROUPS = {"table-header-rows", "table-row-group", "table-rows"}


def _ods_table_rows(element: Any, tablens: str) -> Iterator[Any]:
    """The rows of a table, including those inside header-row and row groups, in order."""
    for child in element.childNodes:
        if child.qname == (tablens, "table-row"):
            yield child
        elif child.qname[0] == tablens and child.qname[1] in ODS_ROW_GROUPS:
            yield from _ods_table_rows(child, tablens)


def _ods_row(row: Any, officens: str, tablens: str) -> list[Any]:
    values: list[Any] = []
    for cell in row.childNodes:
        if cell.qname not in {(tablens, "table-cell"), (tablens, "covered-table-cell")}:
            continue
        repeat = int(cell.attributes.get((tablens, "number-columns-repeated"), 1))
        value = _ods_value(cell, officens)
        if value is None and len(values) + repeat > MAX_COLUMNS:
            break
        values.extend([value] * min(repeat, MAX_COLUMNS))
    while values and values[-1] is None:
        values.pop()
    return values[:MAX_COLUMNS]


def _ods_value(cell: Any, officens: str) -> Any:
    kind = cell.attributes.get((officens, "value-type"))
    if kind in {"float", "currency"}:
        return Decimal(cell.attributes[(officens, "value")])
    if kind == "percentage":
        return f"{Decimal(cell.attributes[(officens, 'value')]) * 100}%"
    if kind == "date":
        text = cell.attributes[(officens, "date-value")]
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    if kind == "boolean":
        return cell.attributes.get((officens, "boolean-value")) == "true"
    text = "\n".join(str(paragraph) for paragraph in cell.childNodes if paragraph.qname[1] == "p")
    return text if text.strip() else None
