"""Spreadsheets: tables written as .xlsx, .ods or .csv, and the columns of a model's records.

Domain-free: a ``Table`` is a sheet name, headings and rows of plain values (text, numbers, dates, None), and
``write_table`` writes one or more of them. List downloads, ``beacon export`` and import templates all use it.

- Formula injection: ``formula_safe`` is the one rule. Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return (OWASP's list for CSV injection) gets a leading apostrophe in every format, so a
  spreadsheet never runs it, even after the file is saved again as CSV. Numbers are written as numbers and
  never escaped: −50 is a number, not a formula.
- CSV follows RFC 4180 (comma-separated, quoted only when needed, CRLF line ends, a header row) and holds the
  first table only. It starts with a UTF-8 byte order mark: without it Excel reads the file as Windows-1252
  and shows "Â£" for "£". (Open data CSV, meant for programs, has no mark: ``beacon.public.opendata``.)
- .xlsx (openpyxl, write-only): a bold, frozen heading row, columns as wide as their text (up to a limit),
  dates as date cells, numbers (including Decimal) as number cells.
- .ods (odfpy): a bold heading row, ``office:value-type`` float, date or string per cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

FORMATS = ("xlsx", "ods", "csv")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS = {"csv": ".csv", "xlsx": ".xlsx", "ods": ".ods"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDEST_COLUMN = 60
WIDTH_SAMPLE = 500  # rows read to size the columns of an .xlsx file
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Table:
    """One sheet: its name, its headings and its rows (each a sequence of values in heading order).

    ``number_formats`` optionally gives a spreadsheet number format per heading (``MONEY_FORMAT`` for money)."""

    name: str
    headings: list[str]
    rows: Iterable[Sequence[Any]]
    number_formats: dict[str, str] = field(default_factory=dict)


def formula_safe(value: Any) -> Any:
    """``value`` with text that a spreadsheet would run as a formula prefixed by an apostrophe; anything else
    (numbers, dates, None) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plain(value: Any) -> Any:
    """A value as the writers hold it: booleans as Yes or No, aware datetimes in local time, text made
    formula-safe; numbers and dates as they are."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return value
    return formula_safe(str(value))


def write_table(fmt: str, tables: list[Table]) -> bytes:
    """The tables as a file of format ``fmt`` ("xlsx", "ods" or "csv": CSV holds the first table only)."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown spreadsheet format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    if not tables:
        raise ValueError("A spreadsheet needs at least one table.")
    return WRITERS[fmt](tables)


# CSV ----------------------------------------------------------------------------------------------------------


def csv_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(tables: list[Table]) -> bytes:
    table = tables[0]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_text(heading) for heading in table.headings])
    for row in table.rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


# Excel (.xlsx) -------------------------------------------------------------------------------------------------


def sheet_names(tables: list[Table]) -> list[str]:
    """Names both formats accept: at most 31 characters, none of []:*?/\\, and no two alike."""
    names: list[str] = []
    for number, table in enumerate(tables, start=1):
        name = SHEET_NAME_FORBIDDEN.sub(" ", table.name).strip()[:31] or f"Sheet {number}"
        while name.lower() in {existing.lower() for existing in names}:
            name = f"{name[:28]} {number}"
        names.append(name)
    return names


def column_widths(headings: list[str], rows: list[list[Any]]) -> list[float]:
    widths = [float(len(heading)) for heading in headings]
    for row in rows[:WIDTH_SAMPLE]:
        for index, value in enumerate(row[: len(widths)]):
            text = csv_text(value)
            longest = max((len(line) for line in text.splitlines()), default=0)
            widths[index] = max(widths[index], 12.0 if isinstance(value, dt.date) else float(longest))
    return [min(width + 2, WIDEST_COLUMN) for width in widths]


def write_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = workbook.create_sheet(title=name)
        rows = [[plain(value) for value in row] for row in table.rows]
        # Column widths and the frozen heading must be set before the first row is written.
        for index, width in enumerate(column_widths(table.headings, rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        heading_cells = []
        for heading in table.headings:
            cell = WriteOnlyCell(sheet, value=formula_safe(heading))
            cell.font = bold
            heading_cells.append(cell)
        sheet.append(heading_cells)
        formats = [table.number_formats.get(heading) for heading in table.headings]
        for row in rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text (formula_safe has run already)
                    if "\n" in value:
                        cell.alignment = wrap
                elif isinstance(value, dt.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif index < len(formats) and formats[index] and value is not None:
                    cell.number_format = formats[index]
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# OpenDocument (.ods) --------------------------------------------------------------------------------------------


def ods_cell(value: Any, style: Any = None) -> Any:
    from odf.table import TableCell
    from odf.text import P

    extra = {"stylename": style} if style is not None else {}
    if value is None:
        return TableCell(**extra)
    if isinstance(value, int | float | Decimal):
        cell = TableCell(valuetype="float", value=csv_text(value), **extra)
        text = csv_text(value)
    elif isinstance(value, dt.datetime):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(timespec="seconds"), **extra)
        text = csv_text(value)
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        text = value.isoformat()
    else:
        text = str(value)
        cell = TableCell(valuetype="string", **extra)
    for line in text.split("\n"):
        cell.addElement(P(text=line))
    return cell


def write_ods(tables: list[Table]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import Table as OdfTable
    from odf.table import TableColumn, TableHeaderRows, TableRow

    document = OpenDocumentSpreadsheet()
    heading_style = Style(name="Heading", family="table-cell")
    heading_style.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(heading_style)
    column_styles: dict[int, Any] = {}
    for table, name in zip(tables, sheet_names(tables), strict=True):
        rows = [[plain(value) for value in row] for row in table.rows]
        sheet = OdfTable(name=name)
        for width in column_widths(table.headings, rows):
            # Roughly one character of a 10pt font per 0.2 cm, as Excel's widths count characters.
            key = round(width)
            if key not in column_styles:
                style = Style(name=f"Column{key}", family="table-column")
                style.addElement(TableColumnProperties(columnwidth=f"{key * 0.2:.1f}cm"))
                document.automaticstyles.addElement(style)
                column_styles[key] = style
            sheet.addElement(TableColumn(stylename=column_styles[key]))
        header = TableHeaderRows()
        heading_row = TableRow()
        for heading in table.headings:
            heading_row.addElement(ods_cell(formula_safe(heading), heading_style))
        header.addElement(heading_row)
        sheet.addElement(header)
        for row in rows:
            table_row = TableRow()
            for value in row:
                table_row.addElement(ods_cell(value))
            sheet.addElement(table_row)
        document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


WRITERS: dict[str, Callable[[list[Table]], bytes]] = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


# The columns of a model's records -------------------------------------------------------------------------------
#
# A list's columns are (heading, accessor) pairs: the accessor is a field path ("project__programme") or a
# function of the record. A path's value is written the way a council reads it: a linked record by its name,
# a choice by its label, pence as pounds, a yes/no field as Yes or No. ``model_columns`` derives a list's
# default columns from the model's own fields.

Accessor = str | Callable[[Any], Any]
ColumnSpec = Sequence[tuple[str, Accessor]]
# Fields every list leaves out: the organisation is the file's own, audit users and times are not the record's.
LEFT_OUT = frozenset({"id", "organisation", "created_at", "modified_at", "created_by", "modified_by"})
# The only links to users a list shows: the person the record names as its lead or owner.
PEOPLE = frozenset({"lead", "owner"})
LEFT_OUT_TYPES = (models.FileField, models.BinaryField, models.JSONField)


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]
    related: tuple[str, ...] = ()  # select_related paths the value reads
    number_format: str | None = None


def heading_of(field: models.Field) -> str:
    name = str(field.verbose_name)
    heading = name[:1].upper() + name[1:]
    if field.name.endswith("_pence") and "£" not in heading:
        heading = heading.removesuffix(" pence").removesuffix(" Pence") + " (£)"
    return heading


def person(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def pounds(pence: int | None) -> Decimal | None:
    return None if pence is None else (Decimal(pence) / 100).quantize(Decimal("0.01"))


def path_column(model: type[models.Model], heading: str, path: str) -> Column:
    """The column that reads ``path`` (fields joined by "__") from each record."""
    parts = path.split("__")
    fields: list[Any] = []
    current: Any = model
    for part in parts:
        found = current._meta.get_field(part)
        fields.append(found)
        current = found.related_model if found.is_relation else None
        if current is None:
            break
    last = fields[-1]
    names = [f.name for f in fields]
    links = ["__".join(names[: i + 1]) for i, f in enumerate(fields) if f.is_relation]

    def follow(obj: Any) -> Any:
        for name in names[:-1]:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return obj

    related = tuple(links)
    if last.is_relation:
        label = person if _is_user(last) else _label
        return Column(heading, lambda obj: label(_attr(follow(obj), last.name)), related)
    if last.choices:
        return Column(heading, lambda obj: _display(follow(obj), last), related)
    if last.name.endswith("_pence"):
        return Column(heading, lambda obj: pounds(_attr(follow(obj), last.name)), related, MONEY_FORMAT)
    return Column(heading, lambda obj: _attr(follow(obj), last.name), related)


def _attr(obj: Any, name: str) -> Any:
    return None if obj is None else getattr(obj, name, None)


def _label(obj: Any) -> str | None:
    return None if obj is None else str(obj)


def _display(obj: Any, field: models.Field) -> Any:
    if obj is None:
        return None
    value = getattr(obj, field.attname)
    return dict(field.flatchoices).get(value, value) if value not in (None, "") else value


def _is_user(field: Any) -> bool:
    from django.contrib.auth import get_user_model

    return field.related_model is get_user_model()


def model_columns(model: type[models.Model]) -> list[tuple[str, Accessor]]:
    """A list's default columns: code and title first where the model has them, then its other fields in
    order, leaving out the organisation, audit fields, files and links to users other than a lead or owner."""
    chosen = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in LEFT_OUT or isinstance(model_field, LEFT_OUT_TYPES):
            continue
        if model_field.is_relation and _is_user(model_field) and model_field.name not in PEOPLE:
            continue
        if model_field.is_relation and model_field.related_model is model:
            continue  # a link to another record of the same list (carried from, replaces) says little in a file
        chosen.append(model_field)
    first = [f for name in ("code", "title") for f in chosen if f.name == name]
    ordered = first + [f for f in chosen if f not in first]
    return [(heading_of(f), f.name) for f in ordered]


def columns_for(model: type[models.Model], spec: ColumnSpec | None = None) -> list[Column]:
    columns = []
    for heading, accessor in spec if spec is not None else model_columns(model):
        if callable(accessor):
            columns.append(Column(heading, accessor))
        else:
            columns.append(path_column(model, heading, accessor))
    return columns


def table_of(name: str, queryset: models.QuerySet, columns: list[Column]) -> Table:
    """The records of ``queryset`` as a table: every field loaded (a list page may load only what its table
    shows) and every link the columns read joined in, so that the queries do not grow with the rows."""
    related = sorted({path for column in columns for path in column.related})
    queryset = queryset.defer(None)
    if related:
        queryset = queryset.select_related(*related)
    rows = ([column.value(obj) for column in columns] for obj in queryset.iterator(chunk_size=2000))
    formats = {column.heading: column.number_format for column in columns if column.number_format}
    return Table(name=name, headings=[column.heading for column in columns], rows=rows, number_formats=formats)
