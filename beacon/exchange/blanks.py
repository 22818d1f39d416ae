"""The template of each record type: a sheet with the headings to fill in, and an "Explain" sheet that says what
every column means, whether it is needed, and what to write in it."""

from __future__ import annotations

from beacon.core.spreadsheets import Table, write_table
from beacon.exchange.importer import ImportKind

GENERAL_RULES = [
    ("Matching", "Records are matched by their code: importing the same file twice changes nothing."),
    ("Blank cells", "A blank cell leaves a record's value as it is; a new record gets Beacon's default."),
    ("Money", "Write pounds as £1,200,000, 1200000, 1.2m or £250k; (50,000) is minus £50,000."),
    ("Years", "A financial year is written 2024/25 or 2024-25."),
    ("Dates", "21/03/2024, 21 March 2024, 2024-03-21, or a date cell."),
    ("Your own headings", "Your own column headings can be kept: map them to Beacon's on the import page, or "
     "with --map \"Your heading=field\" on the command line."),
    ("Checking first", "Every import is checked first: if any cell is wrong, nothing is written and every bad "
     "cell is listed with its row and column."),
]


def template_tables(kind: type[ImportKind]) -> list[Table]:
    columns = kind.columns
    explain_rows: list[list[str]] = [
        [column.heading, "Needed" if column.required else "Optional", column.help, column.example, column.field]
        for column in columns
    ]
    explain_rows.append(["", "", "", "", ""])
    explain_rows.append([kind.title.capitalize(), "", kind.explanation, "", ""])
    explain_rows.extend([[title, "", words, "", ""] for title, words in GENERAL_RULES])
    return [
        Table(name=kind.sheet_name, headings=[column.heading for column in columns], rows=[]),
        Table(name="Explain", headings=["Column", "Needed?", "What to write", "Example", "Field (for --map)"],
              rows=explain_rows),
    ]


def template_file(kind: type[ImportKind], fmt: str) -> bytes:
    """The template as .xlsx or .ods (both sheets), or .csv (the headings only: CSV has one sheet)."""
    return write_table(fmt, template_tables(kind))
