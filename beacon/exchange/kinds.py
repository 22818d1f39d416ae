"""The record types that can be imported: their columns (the template's headings, with what each means) and
how a row becomes a record.

A blank cell leaves an existing record's value as it is, and gives a new record Beacon's default: an import
adds and corrects, it never erases. Records are matched by code; a milestone by its project and title; an
observation by its KPI and period; a savings line by its code, or else by its project, year and title.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from beacon.core.models import FinancialYear
from beacon.exchange import cells
from beacon.exchange.importer import Column, ImportKind, PlannedRow, Progress, RowProblems
from beacon.finance import ledger
from beacon.finance.models import LineState, Recurrence, SavingsLine
from beacon.performance.models import Kpi, Observation, Polarity, Unit
from beacon.performance.periods import Frequency, parse_period
from beacon.programmes.models import Confidence, Milestone, Programme, Project, Stage, Workstream
from beacon.risks.models import Risk, RiskLevel, RiskStatus

BATCH = 2000


def text(max_length: int | None = None) -> Callable[[Any], str]:
    return functools.partial(cells.parse_text, max_length=max_length)


def choice(options: Any) -> Callable[[Any], str | None]:
    return functools.partial(cells.parse_choice, choices=options.choices)


def score(value: Any) -> int | None:
    return cells.parse_whole_number(value, low=1, high=5)


def not_negative_money(value: Any) -> int | None:
    pence = cells.parse_money(value)
    if pence is not None and pence < 0:
        raise cells.CellError("A saving is £0 or more: record a shortfall by writing the line off in Beacon.")
    return pence


def reason(kind: ImportKind) -> str:
    return f"Imported ({kind.title})"


class ModelKind(ImportKind):
    """A record saved one by one with the model's own checks (``full_clean``) and history."""

    def prepare(self) -> None:
        self.existing: dict[Any, Any] = {}

    def fill(self, values: dict[str, Any], existing: Any, problem: RowProblems) -> Any:
        """The record with the row's values set (a copy of an existing one), checked by the model's own rules."""
        given = {name: value for name, value in values.items() if value not in (None, "")}
        if existing is not None:
            record = copy.copy(existing)
        else:
            record = self.model(organisation=self.organisation)
        for name, value in given.items():
            setattr(record, name, value)
        try:
            record.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    problem(name if name != "__all__" else None, message)
            return None
        return record, given

    def resolve(self, values: dict[str, Any], problem: RowProblems) -> tuple[Any, dict[str, Any], Any] | None:
        key = self.key_of(values, problem)
        if key is None:
            return None
        existing = self.existing.get(key)
        links = self.links(values, existing, problem)
        if links is None:
            return None
        filled = self.fill({**values, **links}, existing, problem)
        if filled is None:
            return None
        _, given = filled
        return key, given, existing

    def key_of(self, values: dict[str, Any], problem: RowProblems) -> Any:
        return values["code"]

    def links(self, values: dict[str, Any], existing: Any, problem: RowProblems) -> dict[str, Any] | None:
        """Records the row names (a programme by its code or title), resolved; None when one cannot be found."""
        return {}

    def write(self, rows: list[PlannedRow], progress: Progress) -> None:
        now = timezone.now()
        for done, planned in enumerate(rows, start=1):
            record = planned.existing or self.model(organisation=self.organisation, created_by=self.actor)
            for name, value in planned.values.items():
                setattr(record, name, value)
            record.modified_by = self.actor
            record._change_reason = reason(self)
            if self.actor is not None:
                record._history_user = self.actor
            record.modified_at = now
            record.save()
            if done % 100 == 0 or done == len(rows):
                progress(done, len(rows))


def by_code_and_title(queryset: Any) -> dict[str, Any]:
    """Records found by their code or, failing that, their title, in any case."""
    found: dict[str, Any] = {}
    for record in queryset:
        found.setdefault(record.title.strip().lower(), record)
    for record in queryset:
        if record.code:
            found[record.code.strip().lower()] = record
    return found


class ProjectKind(ModelKind):
    name, title, sheet_name, model = "projects", "projects", "Projects", Project
    explanation = "One row per project. A project is matched by its code."
    columns = (
        Column("code", "Project code", text(30), required=True, help="The project's code, unique in the council",
               example="CE-TR-01", aliases=("code", "ref", "reference", "project ref")),
        Column("title", "Title", text(200), required=True, help="The project's name",
               example="Digital customer service", aliases=("project", "project name", "name")),
        Column("programme", "Programme", text(200),
               help="The programme's code or title (needed for a new project)", example="Transformation programme"),
        Column("workstream", "Workstream", text(200), help="The workstream's code or title, in that programme",
               example="Customer"),
        Column("stage", "Stage", choice(Stage), help="One of: " + ", ".join(label for _, label in Stage.choices),
               example=Stage.choices[1][1]),
        Column("delivery_confidence", "Delivery confidence", choice(Confidence),
               help="One of: " + ", ".join(label for _, label in Confidence.choices), example=Confidence.choices[0][1],
               aliases=("rag", "confidence", "rag status")),
        Column("lead_title", "Lead (role title)", text(200), help="The lead's role title, not their name",
               example="Head of Customer Services", aliases=("lead's job title", "lead role")),
        Column("start_date", "Start date", cells.parse_date, help="A date, like 01/04/2024", example="01/04/2024"),
        Column("end_date", "End date", cells.parse_date, help="A date, like 31/03/2026", example="31/03/2026"),
        Column("description", "Description", text(), help="What the project will do"),
        Column("status_commentary", "Status commentary", text(), help="The latest update", aliases=("commentary",)),
        Column("confidential", "Confidential", cells.parse_bool, help="Yes or No (confidential wins over public)",
               example="No"),
        Column("public", "Public", cells.parse_bool, help="Yes or No: shown on the public dashboard", example="No"),
    )

    def prepare(self) -> None:
        projects = Project.objects.filter(organisation=self.organisation).exclude(code="")
        self.existing = {project.code: project for project in projects.select_related("programme", "workstream")}
        programmes = list(Programme.objects.filter(organisation=self.organisation))
        self.programmes = by_code_and_title(programmes)
        self.workstreams: dict[tuple[int, str], Workstream] = {}
        for programme_id, found in _group(Workstream.objects.filter(organisation=self.organisation)).items():
            for name, workstream in by_code_and_title(found).items():
                self.workstreams[(programme_id, name)] = workstream

    def links(self, values: dict[str, Any], existing: Any, problem: RowProblems) -> dict[str, Any] | None:
        links: dict[str, Any] = {}
        programme = existing.programme if existing is not None else None
        if values.get("programme"):
            programme = self.programmes.get(values["programme"].lower())
            if programme is None:
                problem("programme", "There is no programme with this code or title.")
                return None
            links["programme"] = programme
        elif programme is None:
            problem("programme", "A new project needs its programme.")
            return None
        if values.get("workstream"):
            workstream = self.workstreams.get((programme.pk, values["workstream"].lower()))
            if workstream is None:
                problem("workstream", f"The programme “{programme.title}” has no workstream with this code or title.")
                return None
            links["workstream"] = workstream
        return links


def projects_by_code(organisation: Any) -> dict[str, Project]:
    """Projects found by their code, or by their code and title as Beacon's own exports name them."""
    found: dict[str, Project] = {}
    for project in Project.objects.filter(organisation=organisation).exclude(code=""):
        found[project.code.lower()] = project
        found[str(project).lower()] = project
    return found


def _group(queryset: Any) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = {}
    for workstream in queryset:
        groups.setdefault(workstream.programme_id, []).append(workstream)
    return groups


class MilestoneKind(ModelKind):
    name, title, sheet_name, model = "milestones", "milestones", "Milestones", Milestone
    explanation = "One row per milestone. A milestone is matched by its project and title."
    columns = (
        Column("project", "Project code", text(300), required=True, help="The code of the project it belongs to",
               example="CE-TR-01", aliases=("project",)),
        Column("title", "Milestone", text(300), required=True, help="What is to be done", example="Go live",
               aliases=("title", "milestone title")),
        Column("due_date", "Due date", cells.parse_date, required=True, help="A date, like 30/09/2025",
               example="30/09/2025", aliases=("due", "deadline")),
        Column("actual_date", "Date done", cells.parse_date, help="When it was done (blank if not yet)",
               aliases=("actual date", "completed", "completed on")),
    )

    def prepare(self) -> None:
        self.projects = projects_by_code(self.organisation)
        self.existing = {
            (milestone.project_id, milestone.title.strip().lower()): milestone
            for milestone in Milestone.objects.filter(organisation=self.organisation)
        }

    def key_of(self, values: dict[str, Any], problem: RowProblems) -> Any:
        project = self.projects.get(values["project"].lower())
        if project is None:
            problem("project", "There is no project with this code.")
            return None
        values["project"] = project
        return (project.pk, values["title"].lower())

    def describe_key(self, key: Any) -> str:
        return "This milestone of this project"


class KpiKind(ModelKind):
    name, title, sheet_name, model = "kpis", "KPIs", "KPIs", Kpi
    explanation = "One row per KPI. A KPI is matched by its code. Its figures are imported as observations."
    columns = (
        Column("code", "KPI code", text(40), required=True, help="The KPI's code, unique in the council",
               example="KPI-01", aliases=("code", "ref", "indicator code")),
        Column("title", "Title", text(300), required=True, help="What is measured",
               example="Calls answered within 60 seconds", aliases=("kpi", "indicator", "name")),
        Column("description", "Description", text(), help="How it is measured"),
        Column("unit", "Unit", choice(Unit), help="One of: " + ", ".join(label for _, label in Unit.choices),
               example="Percentage"),
        Column("decimal_places", "Decimal places", functools.partial(cells.parse_whole_number, low=0, high=4),
               help="How many decimal places to show (0 to 4)", example="1"),
        Column("polarity", "Polarity", choice(Polarity), help="Higher is better, or Lower is better",
               example="Higher is better", aliases=("good is",)),
        Column("frequency", "Frequency", choice(Frequency), help="Monthly, Quarterly or Annual", example="Quarterly"),
        Column("owner_title", "Owner (role title)", text(200), help="The owner's role title, not their name",
               aliases=("owner's job title", "owner role")),
        Column("data_source", "Data source", text(300), help="Where the figures come from", aliases=("source",)),
        Column("source_url", "Source link", text(200), help="A web address for the source"),
        Column("public", "Public", cells.parse_bool, help="Yes or No: shown on the public dashboard", example="Yes"),
        Column("confidential", "Confidential", cells.parse_bool, help="Yes or No (confidential wins over public)",
               example="No"),
    )

    def prepare(self) -> None:
        self.existing = {kpi.code: kpi for kpi in Kpi.objects.filter(organisation=self.organisation)}


class RiskKind(ModelKind):
    name, title, sheet_name, model = "risks", "risks", "Risks", Risk
    explanation = "One row per risk. A risk is matched by its code. Scores are 1 (lowest) to 5 (highest)."
    columns = (
        Column("code", "Risk code", text(40), required=True, help="The risk's code, like SR08", example="SR08",
               aliases=("code", "ref", "risk ref", "risk id")),
        Column("title", "Title", text(300), required=True, help="The risk in a sentence",
               example="Savings are not delivered in time", aliases=("risk", "name")),
        Column("description", "Description", text(), help="Cause, event and effect"),
        Column("level", "Level", choice(RiskLevel), help="Strategic, Programme or Project", example="Programme"),
        Column("programme", "Programme", text(200), help="The programme's code or title, if it has one"),
        Column("owner_title", "Owner (role title)", text(200), help="The owner's role title, not their name",
               aliases=("owner's job title", "risk owner")),
        Column("inherent_likelihood", "Inherent likelihood", score, required=True, help="1 to 5", example="4"),
        Column("inherent_impact", "Inherent impact", score, required=True, help="1 to 5", example="4"),
        Column("residual_likelihood", "Residual likelihood", score, required=True, help="1 to 5", example="3",
               aliases=("current likelihood",)),
        Column("residual_impact", "Residual impact", score, required=True, help="1 to 5", example="3",
               aliases=("current impact",)),
        Column("controls", "Controls", text(), help="What is in place now"),
        Column("mitigations", "Further actions", text(), help="Further actions, with owners and dates",
               aliases=("mitigations", "actions")),
        Column("review_date", "Review date", cells.parse_date, help="When it is next reviewed", example="30/06/2025"),
        Column("status", "Status", choice(RiskStatus), help="Open or Closed", example="Open"),
        Column("confidential", "Confidential", cells.parse_bool, help="Yes or No", example="No"),
        Column("public", "Public", cells.parse_bool, help="Yes or No", example="No"),
    )

    def prepare(self) -> None:
        self.existing = {risk.code: risk for risk in Risk.objects.filter(organisation=self.organisation)
                         .select_related("programme")}
        self.programmes = by_code_and_title(list(Programme.objects.filter(organisation=self.organisation)))

    def links(self, values: dict[str, Any], existing: Any, problem: RowProblems) -> dict[str, Any] | None:
        if not values.get("programme"):
            return {}
        programme = self.programmes.get(values["programme"].lower())
        if programme is None:
            problem("programme", "There is no programme with this code or title.")
            return None
        return {"programme": programme}


class SavingsLineKind(ModelKind):
    name, title, sheet_name, model = "savings-lines", "savings lines", "Savings", SavingsLine
    explanation = (
        "One row per saving per financial year. A line is matched by its code, or else by its project, year and "
        "title. New lines are proposed; once approved, a line's money changes only through Beacon's actions."
    )
    columns = (
        Column("project", "Project code", text(300), required=True, help="The code of the project that saves it",
               example="CE-TR-01", aliases=("project",)),
        Column("financial_year", "Financial year", cells.parse_financial_year, required=True,
               help="Like 2024/25 or 2024-25", example="2024/25", aliases=("year", "fy")),
        Column("amount_pence", "Amount (£)", not_negative_money, required=True,
               help="In pounds: £1,200,000, 1.2m or £250k", example="£250,000", aliases=("amount", "saving", "savings",
                                                                                         "value")),
        Column("code", "Line code", text(40), help="The line's own code, if it has one", aliases=("saving code",)),
        Column("title", "Title", text(200), help="What the saving is, if the project has several",
               aliases=("saving", "description")),
        Column("recurrence", "Recurrence", choice(Recurrence),
               help="One of: " + ", ".join(label for _, label in Recurrence.choices), example=Recurrence.choices[0][1]),
        Column("cashable", "Cashable", cells.parse_bool, help="Yes or No", example="Yes"),
        Column("source", "Source", text(), help="Where the figure comes from"),
    )

    def prepare(self) -> None:
        self.projects = projects_by_code(self.organisation)
        self.years = {year.start_year: year for year in FinancialYear.objects.all()}
        lines = list(SavingsLine.objects.filter(organisation=self.organisation).select_related("financial_year"))
        self.by_code = {line.code: line for line in lines if line.code}
        self.by_place = {(line.project_id, line.financial_year.start_year, line.title.strip().lower()): line
                         for line in lines}
        self.existing = {}

    def key_of(self, values: dict[str, Any], problem: RowProblems) -> Any:
        project = self.projects.get(values["project"].lower())
        if project is None:
            problem("project", "There is no project with this code.")
            return None
        year = self.years.get(values["financial_year"])
        if year is None:
            problem("financial_year", "Beacon does not hold this financial year.")
            return None
        values["project"], values["financial_year"] = project, year
        place = (project.pk, year.start_year, (values.get("title") or "").lower())
        existing = self.by_code.get(values["code"]) if values.get("code") else self.by_place.get(place)
        key = ("code", values["code"]) if values.get("code") else place
        if existing is not None:
            self.existing[key] = existing
        return key

    def describe_key(self, key: Any) -> str:
        return f"Line {key[1]}" if key[0] == "code" else "This project's saving for this year"

    def resolve(self, values: dict[str, Any], problem: RowProblems) -> tuple[Any, dict[str, Any], Any] | None:
        resolved = super().resolve(values, problem)
        if resolved is None:
            return None
        key, given, existing = resolved
        if existing is not None and existing.state != LineState.PROPOSED:
            for name in ledger.FROZEN_ONCE_APPROVED:
                if name in given and given[name] != getattr(existing, name):
                    problem(name, f"This line is {existing.get_state_display().lower()}: its money changes only "
                            "through Beacon's actions (replace the line, or convert it), each with a reason.")
                    return None
        return key, given, existing

    def write(self, rows: list[PlannedRow], progress: Progress) -> None:
        for done, planned in enumerate(rows, start=1):
            if planned.existing is None:
                ledger.create_imported_line(actor=self.actor, reason=reason(self), organisation=self.organisation,
                                            **planned.values)
            else:
                ledger.edit_imported_line(planned.existing, actor=self.actor, reason=reason(self), **planned.values)
            if done % 100 == 0 or done == len(rows):
                progress(done, len(rows))


class ObservationKind(ImportKind):
    """KPI figures: many rows, so checked without a model instance each and written in batches with history."""

    name, title, sheet_name, model = "observations", "observations", "Observations", Observation
    explanation = (
        "One row per KPI per period. A figure is matched by its KPI and period: importing a figure for a period "
        "that has one already corrects it."
    )
    columns = (
        Column("kpi", "KPI code", text(40), required=True, help="The code of the KPI", example="KPI-01",
               aliases=("kpi", "code", "indicator code")),
        Column("period", "Period", cells.text_of, required=True,
               help="A month as April 2024, a quarter as 2024/25 Q1, a year as 2024/25 (as the KPI is reported)",
               example="2024/25 Q1", aliases=("quarter", "month", "year", "date", "period start")),
        Column("value", "Value", cells.parse_number, required=True,
               help="The figure: a number; a percentage as 95.3% or 95.3", example="95.3%",
               aliases=("figure", "actual", "result")),
        Column("note", "Note", text(), help="Anything a reader should know about the figure",
               aliases=("comment", "notes")),
    )

    def prepare(self) -> None:
        self.kpis = {kpi.code.lower(): kpi for kpi in Kpi.objects.filter(organisation=self.organisation)}
        self.existing: dict[tuple[int, Any], tuple[int, Any, str]] = {
            (kpi_id, period): (pk, value, note)
            for pk, kpi_id, period, value, note in Observation.objects.filter(organisation=self.organisation)
            .values_list("pk", "kpi_id", "period_start", "value", "note")
        }
        self.periods: dict[tuple[str, str], Any] = {}

    def period_of(self, frequency: str, written: str) -> Any:
        cache_key = (frequency, written)
        if cache_key not in self.periods:
            try:
                self.periods[cache_key] = parse_period(frequency, written)
            except ValueError as error:
                self.periods[cache_key] = cells.CellError(str(error))
        return self.periods[cache_key]

    def resolve(self, values: dict[str, Any], problem: RowProblems) -> tuple[Any, dict[str, Any], Any] | None:
        kpi = self.kpis.get(values["kpi"].lower())
        if kpi is None:
            problem("kpi", "There is no KPI with this code.")
            return None
        period = self.period_of(kpi.frequency, values["period"])
        if isinstance(period, cells.CellError):
            problem("period", str(period))
            return None
        value = values["value"]
        if abs(value) >= 10**16 or value != round(value, 4):
            problem("value", "Give the figure with at most 16 digits before the point and 4 after it.")
            return None
        key = (kpi.pk, period)
        existing = self.existing.get(key)
        return key, {"kpi": kpi, "period_start": period, "value": value, "note": values.get("note")}, existing

    def changed_fields(self, existing: Any, values: dict[str, Any]) -> tuple[str, ...]:
        _, value, note = existing
        changed: tuple[str, ...] = ("value",) if value != values["value"] else ()
        if values["note"] is not None and values["note"] != note:
            changed += ("note",)
        return changed

    def write(self, rows: list[PlannedRow], progress: Progress) -> None:
        now = timezone.now()
        new = [planned.values for planned in rows if planned.existing is None]
        insert_observations(new, organisation_id=self.organisation.pk, actor_id=getattr(self.actor, "pk", None),
                            reason=reason(self), now=now)
        progress(len(new), len(rows))
        updates = {planned.existing[0]: planned.values for planned in rows if planned.existing is not None}
        changed = []
        pks = list(updates)
        for start in range(0, len(pks), BATCH):
            for observation in Observation.objects.filter(pk__in=pks[start:start + BATCH]):
                values = updates[observation.pk]
                observation.value = values["value"]
                if values["note"] is not None:
                    observation.note = values["note"]
                observation.modified_by, observation.modified_at = self.actor, now
                changed.append(observation)
        history = {"default_user": self.actor, "default_change_reason": reason(self), "batch_size": BATCH}
        if changed:
            bulk_update_with_history(changed, Observation, ["value", "note", "modified_by", "modified_at"], **history)
            progress(len(rows), len(rows))


def insert_observations(
    values: list[dict[str, Any]], *, organisation_id: int, actor_id: int | None, reason: str, now: dt.datetime,
) -> None:
    """New observations and their "created" history rows, written as two SQL batches.

    The ORM's bulk_create (and simple-history's bulk_create_with_history) prepares every value of every row
    through its field: 100,000 figures took 11 s. Here the few values that differ per row (KPI, period, figure,
    note) are adapted for the database and the rest once, so that the import meets its 5 s bar. The history
    rows are what simple-history itself would write for a creation ("+", who, when, why)."""
    if not values:
        return
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    history_stamp = stamp
    table, history_table = Observation._meta.db_table, Observation.history.model._meta.db_table
    quote = ops.quote_name
    columns = ["organisation_id", "created_at", "modified_at", "created_by_id", "modified_by_id", "kpi_id",
               "period_start", "value", "note"]
    rows = [
        (organisation_id, stamp, stamp, actor_id, actor_id, item["kpi"].pk,
         ops.adapt_datefield_value(item["period_start"]), ops.adapt_decimalfield_value(item["value"], 20, 4),
         item["note"] or "")
        for item in values
    ]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 5):
            # Table and column names come from the models; every value is a parameter.
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({marks})",  # noqa: S608
                rows[start:start + BATCH * 5],
            )
        kpi_ids = sorted({item["kpi"].pk for item in values})
        written: dict[tuple[int, Any], int] = {}
        for start in range(0, len(kpi_ids), 500):
            for pk, kpi_id, period in Observation.objects.filter(kpi_id__in=kpi_ids[start:start + 500]).values_list(
                "pk", "kpi_id", "period_start"
            ):
                written[(kpi_id, period)] = pk
        history_columns = ["id", *columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
        history_rows = [
            (written[(item["kpi"].pk, item["period_start"])], *row, history_stamp, reason, "+", actor_id)
            for item, row in zip(values, rows, strict=True)
        ]
        history_marks = ", ".join(["%s"] * len(history_columns))
        for start in range(0, len(history_rows), BATCH * 5):
            # Table and column names come from the models; every value is a parameter.
            cursor.executemany(
                f"INSERT INTO {quote(history_table)} ({', '.join(map(quote, history_columns))}) "  # noqa: S608
                f"VALUES ({history_marks})",
                history_rows[start:start + BATCH * 5],
            )


KINDS: dict[str, type[ImportKind]] = {
    kind.name: kind for kind in (ProjectKind, SavingsLineKind, MilestoneKind, KpiKind, ObservationKind, RiskKind)
}
