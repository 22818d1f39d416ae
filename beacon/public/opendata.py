"""Open data: the organisation's public records as CSV and JSON files, with a data dictionary.

Each dataset is a list of columns (name, type, meaning) and a function that gives its rows from the public
selectors (``beacon.public.selectors``), so that the files never hold more than the public pages show.

- CSV follows RFC 4180: comma-separated, fields quoted when they need it, CRLF line ends, UTF-8, a header row.
  A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
  apostrophe, so that a spreadsheet opening the file never runs it as a formula (CSV injection): the one rule,
  ``beacon.core.spreadsheets.formula_safe``. Numbers are written as numbers and never prefixed.
- JSON holds the licence (name and URL), the dataset's fields with their meanings, and ``data``.
- Money is pounds with two decimal places ("1200000.00"), dates ISO 8601 ("2024-03-21"), financial years
  "2024/25", as in the API.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from beacon.core.models import Organisation
from beacon.core.money import pence_to_decimal
from beacon.core.spreadsheets import formula_safe
from beacon.performance.selectors import kpi_series_bulk, latest_results
from beacon.public import selectors

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

TYPE_WORDS = {
    "integer": "Whole number",
    "decimal": "Number",
    "money": "Pounds, two decimal places",
    "date": "Date (YYYY-MM-DD)",
    "boolean": "true or false",
    "string": "Text",
}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    type: str = "string"

    @property
    def type_words(self) -> str:
        return TYPE_WORDS[self.type]


Row = dict[str, Any]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Organisation], Iterable[Row]]

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]


def number(value: Decimal | None) -> str | None:
    """A decimal without trailing zeros or an exponent: 71.5000 → "71.5", 70.0000 → "70"."""
    if value is None:
        return None
    return f"{value.normalize():f}"


def money(pence: int | None) -> str | None:
    amount = pence_to_decimal(pence)
    return None if amount is None else f"{amount:f}"


# Rows of each dataset ---------------------------------------------------------------------------------------


def _period_columns() -> tuple[Column, ...]:
    return (
        Column("status", "Status in the period: On target, Within tolerance, Off target, No target set or No data"),
        Column("direction_since_previous", "Direction of travel since the period before: Improving, Getting "
               "worse, No change or Not known"),
        Column("direction_since_year_before", "Direction of travel since the same period a year before"),
    )


def kpi_rows(organisation: Organisation) -> Iterator[Row]:
    kpis = list(selectors.public_kpis(organisation))
    latest = latest_results(kpis)
    priorities = selectors.kpi_priority_links(kpis, organisation) if kpis else {}
    projects = selectors.kpi_project_links(kpis, organisation) if kpis else {}
    for kpi in kpis:
        result = latest.get(kpi.pk)
        yield {
            "id": kpi.pk, "code": kpi.code, "title": kpi.title, "description": kpi.description,
            "unit": kpi.get_unit_display(), "decimal_places": kpi.decimal_places,
            "polarity": kpi.get_polarity_display(), "frequency": kpi.get_frequency_display(),
            "owner": kpi.owner_title, "data_source": kpi.data_source, "source_url": kpi.source_url,
            "priorities": " ".join(str(pk) for pk in priorities.get(kpi.pk, [])),
            "projects": " ".join(str(pk) for pk in projects.get(kpi.pk, [])),
            "illustrative": kpi.illustrative,
            "latest_period": result.label if result else None,
            "latest_period_start": result.period_start if result else None,
            "latest_value": number(result.value) if result else None,
            "latest_target": number(result.target) if result else None,
            "status": result.status.label if result else None,
            "direction_since_previous": result.since_previous.label if result else None,
            "direction_since_year_before": result.since_year_before.label if result else None,
        }


def observation_rows(organisation: Organisation) -> Iterator[Row]:
    kpis = list(selectors.public_kpis(organisation).only("pk", "code", "frequency", "polarity"))
    all_series = kpi_series_bulk(kpis)
    for kpi in kpis:
        for result in all_series[kpi.pk]:
            yield {
                "kpi": kpi.pk, "kpi_code": kpi.code, "period": result.label, "period_start": result.period_start,
                "value": number(result.value), "target": number(result.target),
                "tolerance": number(result.tolerance), "status": result.status.label,
                "direction_since_previous": result.since_previous.label,
                "direction_since_year_before": result.since_year_before.label, "note": result.note,
            }


def project_rows(organisation: Organisation) -> Iterator[Row]:
    projects = (
        selectors.public_projects(organisation)
        .select_related("programme", "workstream")
        .order_by("code", "title", "pk")
    )
    for project in projects:
        yield {
            "id": project.pk, "code": project.code, "title": project.title, "description": project.description,
            "programme": project.programme_id, "programme_title": project.programme.title,
            "workstream_title": project.workstream.title if project.workstream else None,
            "stage": project.get_stage_display(),
            "delivery_confidence": project.get_delivery_confidence_display() if project.delivery_confidence else None,
            "start_date": project.start_date, "end_date": project.end_date,
        }


def milestone_rows(organisation: Organisation) -> Iterator[Row]:
    today = timezone.localdate()
    milestones = (
        selectors.public_milestones(organisation).select_related("project").order_by("due_date", "project__code", "pk")
    )
    for milestone in milestones:
        yield {
            "id": milestone.pk, "project": milestone.project_id, "project_code": milestone.project.code,
            "title": milestone.title, "due_date": milestone.due_date, "actual_date": milestone.actual_date,
            "status": milestone.status_label(today),
        }


def savings_rows(organisation: Organisation) -> Iterator[Row]:
    for position in selectors.savings_positions(organisation):
        for year in position.years:
            yield {
                "mtfs": position.mtfs.pk, "mtfs_title": position.mtfs.title, "financial_year": year.financial_year,
                "target": money(year.in_year.target), "approved": money(year.in_year.approved),
                "forecast": money(year.in_year.forecast), "delivered": money(year.in_year.delivered),
                "cumulative_target": money(year.cumulative.target),
                "cumulative_approved": money(year.cumulative.approved),
                "cumulative_forecast": money(year.cumulative.forecast),
                "cumulative_delivered": money(year.cumulative.delivered),
                "illustrative": year.illustrative,
            }


def theme_rows(organisation: Organisation) -> Iterator[Row]:
    for theme in selectors.public_themes(organisation):
        yield {"id": theme.pk, "plan": theme.plan_id, "plan_title": theme.plan.title, "parent": theme.parent_id,
               "title": theme.title, "description": theme.description}


def priority_rows(organisation: Organisation) -> Iterator[Row]:
    for priority in selectors.public_priorities(organisation):
        yield {"id": priority.pk, "theme": priority.theme_id, "code": priority.code, "title": priority.title,
               "description": priority.description, "measures": priority.measures}


# The catalogue ----------------------------------------------------------------------------------------------

ID = Column("id", "Beacon's identifier of the record; other datasets refer to it", "integer")

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "kpis", "Key performance indicators",
            "Each published KPI with its latest figure, its target for that period, its status and its direction "
            "of travel.",
            (
                ID, Column("code", "The council's code for the KPI"), Column("title", "What the KPI measures"),
                Column("description", "What is measured and how"),
                Column("unit", "Number, Percentage, Pounds (£) or Days"),
                Column("decimal_places", "How many decimal places the council reports", "integer"),
                Column("polarity", "Higher is better or Lower is better"),
                Column("frequency", "Monthly, Quarterly or Annual (UK financial year)"),
                Column("owner", "The role title of the officer who reports it"),
                Column("data_source", "Where the figures come from"),
                Column("source_url", "A web page for the figures' source"),
                Column("priorities", "The ids of the published priorities it measures (see priorities), "
                       "separated by spaces"),
                Column("projects", "The ids of the published projects it measures (see projects), separated by "
                       "spaces"),
                Column("illustrative", "true when the figures are illustrative, not published ones", "boolean"),
                Column("latest_period", "The latest period with a reported figure, e.g. 2024/25 Q1; empty when none is "
                       "reported yet"),
                Column("latest_period_start", "The first day of that period", "date"),
                Column("latest_value", "The figure in that period; empty when not yet reported", "decimal"),
                Column("latest_target", "The target for that period; empty when none was set", "decimal"),
                *_period_columns(),
            ),
            kpi_rows,
        ),
        Dataset(
            "observations", "KPI figures by period",
            "Every period of every published KPI: the figure, the target and tolerance, the status and the "
            "direction of travel.",
            (
                Column("kpi", "The KPI's id (see kpis)", "integer"), Column("kpi_code", "The KPI's code"),
                Column("period", "The period, e.g. April 2024, 2024/25 Q1 or 2024/25"),
                Column("period_start", "The first day of the period", "date"),
                Column("value", "The figure reached; empty when not reported", "decimal"),
                Column("target", "The target; empty when none was set", "decimal"),
                Column("tolerance", "How far on the wrong side of the target still counts as within tolerance",
                       "decimal"),
                *_period_columns(),
                Column("note", "The council's note on the figure"),
            ),
            observation_rows,
        ),
        Dataset(
            "projects", "Projects",
            "The transformation programme's published projects with their stage and delivery confidence.",
            (
                ID, Column("code", "The council's code for the project"), Column("title", "The project's name"),
                Column("description", "What the project does"),
                Column("programme", "The id of its programme", "integer"),
                Column("programme_title", "The name of its programme"),
                Column("workstream_title", "The name of its workstream, if any"),
                Column("stage", "Idea, High-level business case, Full business case, Approved, In delivery, "
                       "Closed or Stopped"),
                Column("delivery_confidence", "Green, Amber/Green, Amber, Amber/Red or Red; empty when not rated"),
                Column("start_date", "When it starts", "date"), Column("end_date", "When it ends", "date"),
            ),
            project_rows,
        ),
        Dataset(
            "milestones", "Milestones",
            "The milestones of the published projects, with their due dates and whether they are done.",
            (
                ID, Column("project", "The project's id (see projects)", "integer"),
                Column("project_code", "The project's code"), Column("title", "What the milestone is"),
                Column("due_date", "When it is due", "date"),
                Column("actual_date", "When it was done; empty when not yet done", "date"),
                Column("status", "Done, Late (past its due date and not done) or Not yet due"),
            ),
            milestone_rows,
        ),
        Dataset(
            "savings", "Savings position by financial year",
            "For each published MTFS and each of its financial years: the programme's savings target and the "
            "published projects' savings approved, forecast and delivered, in the year and cumulatively. "
            + selectors.SAVINGS_RULE,
            (
                Column("mtfs", "The MTFS's id", "integer"), Column("mtfs_title", "The MTFS's title"),
                Column("financial_year", "The UK financial year, April to March, e.g. 2024/25"),
                Column("target", "The new saving the programme must deliver in the year", "money"),
                Column("approved", "Savings of published projects approved in the MTFS for the year", "money"),
                Column("forecast", "What those approved savings are now expected to deliver", "money"),
                Column("delivered", "Savings of published projects confirmed as delivered by the finance "
                       "officer", "money"),
                Column("cumulative_target", "The targets of the MTFS's years up to this one", "money"),
                Column("cumulative_approved", "Recurring savings approved in earlier years, plus this year's",
                       "money"),
                Column("cumulative_forecast", "The cumulative forecast, counted the same way", "money"),
                Column("cumulative_delivered", "The cumulative delivered savings, counted the same way", "money"),
                Column("illustrative", "true when the year's target is illustrative, not a published figure",
                       "boolean"),
            ),
            savings_rows,
        ),
        Dataset(
            "themes", "Themes of the council's plan",
            "The themes (and sub-themes) of the council's published plans.",
            (
                ID, Column("plan", "The plan's id", "integer"), Column("plan_title", "The plan's title"),
                Column("parent", "For a sub-theme, its theme's id", "integer"), Column("title", "The theme"),
                Column("description", "What the theme covers"),
            ),
            theme_rows,
        ),
        Dataset(
            "priorities", "Priorities of the council's plan",
            "The priorities under each theme of the council's published plans.",
            (
                ID, Column("theme", "The theme's id (see themes)", "integer"),
                Column("code", "The council's code for the priority"), Column("title", "The priority"),
                Column("description", "What it means"), Column("measures", "How progress is measured"),
            ),
            priority_rows,
        ),
    )
}


# Rendering --------------------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A value as CSV text: numbers and dates as they are, text that a spreadsheet would run as a formula
    prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(formula_safe(str(value)))


def json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number(value)
    return value


def to_csv(dataset: Dataset, rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(dataset.field_names)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in dataset.field_names])
    return buffer.getvalue().encode("utf-8")


def to_json(dataset: Dataset, organisation: Organisation, rows: Iterable[Row]) -> bytes:
    document = {
        "dataset": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "organisation": organisation.slug,
        "publisher": organisation.name,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "fields": [{"name": c.name, "type": c.type, "description": c.meaning} for c in dataset.columns],
        "data": [{name: json_value(row.get(name)) for name in dataset.field_names} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def render(dataset: Dataset, organisation: Organisation, fmt: str) -> bytes:
    rows = list(dataset.rows(organisation))
    return to_csv(dataset, rows) if fmt == "csv" else to_json(dataset, organisation, rows)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def etag_matches(header: str, etag: str) -> bool:
    """Does an If-None-Match header name ``etag`` (weak comparison, as RFC 9110 asks for GET)?"""
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False

