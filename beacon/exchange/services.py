"""Imports as an officer runs them: upload (the file checked before anything else), check (the dry run, whose
problems and counts are kept on the run), then import as a background task that re-checks the file against the
data as it is then and writes all or nothing, recording its progress on the run as it goes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.exchange import readers
from beacon.exchange.cells import is_blank, text_of
from beacon.exchange.importer import HEADER_SEARCH_ROWS, Plan, apply_plan, choose_sheet, plan_import
from beacon.exchange.kinds import KINDS, ImportKind
from beacon.exchange.models import ImportRun, ImportStatus

PROGRESS_EVERY = 1000


class ImportNotAllowed(Exception):
    pass


def may_import(user: Any, organisation: Organisation, record_type: str) -> bool:
    """Importing writes every kind of record at once: it is for the roles that write all of that type in the
    organisation (the programme office; the finance officer for savings), not for a project lead."""
    kind = KINDS.get(record_type)
    return kind is not None and policy.role_in(user, organisation) in policy.writers(kind.model)


def importable_types(user: Any, organisation: Organisation) -> list[type[ImportKind]]:
    return [kind for name, kind in KINDS.items() if may_import(user, organisation, name)]


def upload_file(*, actor: Any, organisation: Organisation, record_type: str, file_name: str, data: bytes) -> ImportRun:
    """Store an upload for checking. Raises UploadRefused (nothing stored) when the file is not one Beacon opens."""
    if not may_import(actor, organisation, record_type):
        raise ImportNotAllowed(record_type)
    file_format = readers.detect_format(data)
    readers.read_sheets(data, file_format)  # refuse a damaged file now, not at the check
    return ImportRun.objects.create(
        organisation=organisation, record_type=record_type, file_name=file_name[:255], file_format=file_format,
        content=data, created_by=actor, modified_by=actor,
    )


def plan_run(run: ImportRun, *, actor: Any, progress: Any = None) -> tuple[ImportKind, Plan]:
    kind = KINDS[run.record_type](run.organisation, actor)
    sheets = readers.read_sheets(bytes(run.content), run.file_format)
    return kind, plan_import(kind, sheets, mapping=run.mapping, progress=progress)


def _keep(run: ImportRun, plan: Plan) -> None:
    run.sheet = plan.sheet
    run.rows_total = plan.data_rows
    run.problems = [problem.as_dict() for problem in plan.problems]
    run.problem_count = plan.problem_count
    run.summary = {**plan.counts(), "header_row": plan.header_row, "ignored": plan.ignored,
                   "columns": {str(index): column.field for index, column in plan.columns.items()}}


def check_run(run: ImportRun, *, actor: Any, mapping: dict[str, str] | None = None) -> Plan:
    """The dry run: read and check everything, keep the problems and what would change, write no record."""
    if mapping is not None:
        run.mapping = mapping
    kind, plan = plan_run(run, actor=actor)
    _keep(run, plan)
    run.status = ImportStatus.CHECKED if plan.ok else ImportStatus.REFUSED
    run.modified_by = actor
    run.save()
    return plan


def start_import(run: ImportRun, *, actor: Any) -> ImportRun:
    """Queue the import of a checked run (it runs at once when there is no worker: settings.TASK_BACKEND)."""
    from beacon.exchange.tasks import import_file

    run.status = ImportStatus.QUEUED
    run.modified_by = actor
    run.save(update_fields=["status", "modified_by", "modified_at"])
    result = import_file.enqueue(run.pk, actor.pk if actor is not None else None)
    ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))
    run.refresh_from_db()
    return run


def perform_import(run: ImportRun, *, actor: Any) -> ImportRun:
    """Check the file again against the data as it is now, and write it all or nothing."""
    run.status = ImportStatus.IMPORTING
    run.rows_done = 0
    run.save(update_fields=["status", "rows_done", "modified_at"])

    def progress(done: int, total: int) -> None:
        # Counted while the rows are read and checked, before the write's transaction, so that the page sees it.
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=max(total, 1))

    kind, plan = plan_run(run, actor=actor, progress=progress)
    _keep(run, plan)
    if not plan.ok:
        run.status = ImportStatus.REFUSED
    else:
        try:
            with transaction.atomic():
                run.summary = {**run.summary, **apply_plan(kind, plan)}
        except Exception:
            run.status = ImportStatus.FAILED
            run.finished_at = timezone.now()
            run.save()
            raise
        run.status = ImportStatus.IMPORTED
        run.rows_done = plan.data_rows
    run.finished_at = timezone.now()
    run.save()
    return run


def headings_of(run: ImportRun) -> list[tuple[str, str]]:
    """The file's own headings, each with the field it maps to now ("" for none): the heading row Beacon found,
    or else the first row with anything in it."""
    kind = KINDS[run.record_type](run.organisation, None)
    sheets = readers.read_sheets(bytes(run.content), run.file_format)
    lookup = kind.heading_lookup(run.mapping)
    sheet, found = choose_sheet(sheets, kind, lookup)
    if found is not None:
        _, columns, headings = found
        return [(heading, columns[index].field if index in columns else "") for index, heading in headings.items()]
    first = next((row for row in sheet.rows[:HEADER_SEARCH_ROWS] if any(not is_blank(cell) for cell in row)), [])
    return [(text_of(cell), "") for cell in first if not is_blank(cell)]
