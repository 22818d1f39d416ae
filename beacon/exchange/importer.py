"""The import: find the heading row, map the headings to Beacon's fields, read every cell, check every row, and
only then write, all in one transaction.

``plan_import`` is the dry run: it reads the whole file and returns a ``Plan`` listing every bad cell (sheet,
row, column, value, why) and what would be created, updated or left unchanged. ``apply_plan`` writes a plan that
has no problems. Records are matched by their code (a milestone by its project and title, an observation by its
KPI and period), so that importing the same file twice changes nothing the second time.

What each record type reads and how it is written is an ``ImportKind`` in ``beacon.exchange.kinds``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from beacon.core.models import Organisation
from beacon.exchange.cells import CellError, is_blank, text_of
from beacon.exchange.readers import Sheet

HEADER_SEARCH_ROWS = 30
MAX_PROBLEMS_KEPT = 1000
Progress = Callable[[int, int], None]


def normalise(heading: Any) -> str:
    """A heading compared without case, spaces, punctuation or a trailing "(£)" or "*": "KPI code *" → "kpicode"."""
    text = text_of(heading).lower().replace("£", "").replace("%", "percent")
    return re.sub(r"[^a-z0-9]", "", text)


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB", as a spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    parse: Callable[[Any], Any]
    required: bool = False
    help: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    value: str
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value, "why": self.why}

    def __str__(self) -> str:
        where = f"{self.sheet}, row {self.row}" + (f", column {self.column}" if self.column else "")
        shown = f" “{self.value}”" if self.value and f"“{self.value}”" not in self.why else ""
        return f"{where}:{shown} {self.why}"


class RowProblems:
    """Collects the problems of one row; a kind reports a problem against a field (its column) or the row."""

    def __init__(self, plan: Plan, row: int, cells: Sequence[Any]) -> None:
        self.plan, self.row, self.cells, self.count = plan, row, cells, 0

    def __call__(self, field_name: str | None, why: str) -> None:
        index = self.plan.index_of.get(field_name) if field_name else None
        value = text_of(self.cells[index]) if index is not None and index < len(self.cells) else ""
        self.plan.add_problem(self.row, index, value, why)
        self.count += 1


@dataclass
class PlannedRow:
    row: int
    key: Any
    values: dict[str, Any]
    existing: Any = None  # the record it updates; None to create
    changed: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        return "create" if self.existing is None else "update" if self.changed else "unchanged"


@dataclass
class Plan:
    kind_name: str
    sheet: str = ""
    header_row: int = 0
    headings: dict[int, str] = field(default_factory=dict)  # column index → the file's own heading
    columns: dict[int, Column] = field(default_factory=dict)  # column index → Beacon's column it maps to
    ignored: list[str] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    data_rows: int = 0

    @property
    def index_of(self) -> dict[str, int]:
        return {column.field: index for index, column in self.columns.items()}

    def add_problem(self, row: int, index: int | None, value: str, why: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            column = ""
            if index is not None:
                heading = self.headings.get(index, "")
                column = f"{column_letter(index)} ({heading})" if heading else column_letter(index)
            self.problems.append(Problem(self.sheet, row, column, value[:200], why))

    def counts(self) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for planned in self.rows:
            counts[{"create": "created", "update": "updated", "unchanged": "unchanged"}[planned.action]] += 1
        return counts

    @property
    def ok(self) -> bool:
        return self.problem_count == 0 and bool(self.columns)


class ImportKind(ABC):
    """One record type that can be imported. Subclasses give the columns and three steps:
    ``prepare`` (load what rows refer to, in a constant number of queries), ``resolve`` (one row's cells into
    the record's values, reporting problems) and ``write`` (the planned rows, inside the import's transaction)."""

    do_not_call_in_templates = True  # templates read the class's name and columns
    name: str = ""
    title: str = ""  # plural words: "projects"
    sheet_name: str = ""
    columns: tuple[Column, ...] = ()
    model: Any = None
    explanation = ""

    def __init__(self, organisation: Organisation, actor: Any) -> None:
        self.organisation, self.actor = organisation, actor

    def prepare(self) -> None:  # noqa: B027 - a kind that refers to nothing needs no preparation
        """Load the organisation's records that rows may refer to or update."""

    @abstractmethod
    def resolve(self, values: dict[str, Any], problem: RowProblems) -> tuple[Any, dict[str, Any], Any] | None:
        """(key, model values, existing record or None) for a row, or None when it has problems."""

    @abstractmethod
    def write(self, rows: list[PlannedRow], progress: Progress) -> None:
        """Create and update the planned rows (inside the import's transaction)."""

    def describe_key(self, key: Any) -> str:
        return " / ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)

    def heading_lookup(self, mapping: dict[str, str]) -> dict[str, Column]:
        """Normalised heading → column: the template's headings, their aliases and the officer's own mapping."""
        by_field = {column.field: column for column in self.columns}
        lookup: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.heading, column.field, *column.aliases):
                lookup[normalise(name)] = column
        for theirs, ours in mapping.items():
            if ours in by_field:
                lookup[normalise(theirs)] = by_field[ours]
        return lookup

    def changed_fields(self, existing: Any, values: dict[str, Any]) -> tuple[str, ...]:
        """The fields whose value differs from the record's (a link compared by its id, without a query)."""
        changed = []
        for name, value in values.items():
            if isinstance(value, models.Model):
                if getattr(existing, f"{name}_id") != value.pk:
                    changed.append(name)
            elif getattr(existing, name) != value:
                changed.append(name)
        return tuple(changed)


def locate_header(sheet: Sheet, lookup: dict[str, Column]) -> tuple[int, dict[int, Column], dict[int, str]] | None:
    """The first of the sheet's top rows whose headings name the most of Beacon's columns."""
    best: tuple[int, dict[int, Column], dict[int, str]] | None = None
    for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found: dict[int, Column] = {}
        for position, cell in enumerate(cells):
            column = lookup.get(normalise(cell))
            if column is not None and column not in found.values():
                found[position] = column
        if found and (best is None or len(found) > len(best[1])):
            headings = {position: text_of(cell) for position, cell in enumerate(cells) if not is_blank(cell)}
            best = (index, found, headings)
    return best


def choose_sheet(sheets: list[Sheet], kind: ImportKind, lookup: dict[str, Column]) -> tuple[Sheet, Any]:
    """The sheet named for the record type if there is one, else the one whose headings match best."""
    named = [sheet for sheet in sheets if normalise(sheet.name) == normalise(kind.sheet_name)]
    candidates = named or [sheet for sheet in sheets if normalise(sheet.name) != "explain"] or sheets
    scored = [(sheet, locate_header(sheet, lookup)) for sheet in candidates]
    with_header = [(sheet, found) for sheet, found in scored if found is not None]
    if not with_header:
        return candidates[0], None
    return max(with_header, key=lambda pair: len(pair[1][1]))


def plan_import(
    kind: ImportKind, sheets: list[Sheet], *, mapping: dict[str, str] | None = None, progress: Progress | None = None,
) -> Plan:
    """Read and check everything; write nothing."""
    plan = Plan(kind_name=kind.name)
    lookup = kind.heading_lookup(mapping or {})
    sheet, found = choose_sheet(sheets, kind, lookup)
    plan.sheet = sheet.name
    if found is None:
        expected = ", ".join(f"“{column.heading}”" for column in kind.columns if column.required)
        plan.add_problem(1, None, "", f"No heading row was found in the first {HEADER_SEARCH_ROWS} rows. The "
                         f"{kind.title} need columns headed {expected}: add them, or map your own headings to them.")
        return plan
    header_index, plan.columns, plan.headings = found
    plan.header_row = header_index + 1
    plan.ignored = [heading for position, heading in plan.headings.items() if position not in plan.columns]
    mapped = set(plan.index_of)
    for column in kind.columns:
        if column.required and column.field not in mapped:
            plan.add_problem(plan.header_row, None, "", f"There is no column for “{column.heading}”: add one, or "
                             "map your heading to it.")
    if plan.problem_count:
        return plan
    kind.prepare()
    seen: dict[Any, int] = {}
    body = sheet.rows[header_index + 1:]
    total = len(body)
    columns = list(plan.columns.items())
    required = [column for column in kind.columns if column.required]
    for offset, cells in enumerate(body):
        row = plan.header_row + offset + 1
        if progress is not None and offset % 5000 == 0:
            progress(offset, total)
        if all(is_blank(cell) for cell in cells):
            continue
        plan.data_rows += 1
        problem = RowProblems(plan, row, cells)
        values: dict[str, Any] = {}
        for position, column in columns:
            raw = cells[position] if position < len(cells) else None
            try:
                values[column.field] = column.parse(raw)
            except CellError as error:
                problem(column.field, str(error))
                values[column.field] = None
        for column in required:
            if values.get(column.field) in (None, "") and column.field in values and not problem.count:
                problem(column.field, f"“{column.heading}” is needed.")
        if problem.count:
            continue
        resolved = kind.resolve(values, problem)
        if resolved is None or problem.count:
            continue
        key, record_values, existing = resolved
        if key in seen:
            problem(None, f"{kind.describe_key(key)} is also on row {seen[key]}: each record once.")
            continue
        seen[key] = row
        changed = kind.changed_fields(existing, record_values) if existing is not None else ()
        plan.rows.append(PlannedRow(row=row, key=key, values=record_values, existing=existing, changed=changed))
    if progress is not None:
        progress(total, total)
    return plan


class ImportRefused(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__(f"{plan.problem_count} problem(s)")
        self.plan = plan


def apply_plan(kind: ImportKind, plan: Plan, *, progress: Progress | None = None) -> dict[str, int]:
    """Write a plan with no problems, all or nothing. Rows that would change nothing are not touched."""
    if not plan.ok:
        raise ImportRefused(plan)
    to_write = [planned for planned in plan.rows if planned.action != "unchanged"]
    with transaction.atomic():
        kind.write(to_write, progress or (lambda done, total: None))
    return plan.counts()


def problems_text(problems: Iterable[Problem]) -> list[str]:
    return [str(problem) for problem in problems]
