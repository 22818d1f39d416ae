"""The dashboard's KPI rows, built in Python: at 200 KPIs the template engine would spend most of the page's time
budget on these few cells (the public dashboard must answer within 50 ms at 200 KPIs × 60 periods). Every value
from the database goes through ``html.escape``."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from beacon.public.selectors import KpiRow
from beacon.strategy.models import Priority

register = template.Library()

CELL = '<td class="govuk-table__cell">'
NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'
NO_DATA = (
    f"{CELL}None yet</td>{NUMERIC}No data</td>{NUMERIC}</td>"
    f'{CELL}<strong class="govuk-tag govuk-tag--grey">No data</strong></td>'
    f'{CELL}<strong class="govuk-tag govuk-tag--grey">Not known</strong></td>'
    f'{CELL}<strong class="govuk-tag govuk-tag--grey">Not known</strong></td>'
)
ILLUSTRATIVE = ' <strong class="govuk-tag govuk-tag--grey">Illustrative</strong>'


def _tag(css: str, words: str) -> str:
    return f'{CELL}<strong class="govuk-tag {css}">{escape(words)}</strong></td>'


def _cells(row: KpiRow) -> str:
    latest = row.latest
    if latest is None:
        return NO_DATA
    return (
        f"{CELL}{escape(latest.label)}</td>{NUMERIC}{escape(row.value_text)}</td>{NUMERIC}{escape(row.target_text)}</td>"
        + _tag(latest.status_tag, latest.status.label)
        + _tag(latest.previous_tag, latest.since_previous.label)
        + _tag(latest.year_before_tag, latest.since_year_before.label)
    )


def _row(priority: Priority | None, row: KpiRow, kpi_url_prefix: str, show_priority: bool) -> str:
    first = f"{CELL}{escape(priority.title)}</td>" if show_priority and priority is not None else ""
    flag = ILLUSTRATIVE if row.kpi.illustrative else ""
    return (
        f'<tr class="govuk-table__row">{first}<th scope="row" class="govuk-table__header"><a class="govuk-link" '
        f'href="{escape(kpi_url_prefix)}{row.kpi.pk}/">{escape(row.kpi.title)}</a>{flag}</th>{_cells(row)}</tr>'
    )


@register.simple_tag
def kpi_rows(
    rows: Iterable[tuple[Priority | None, KpiRow]], kpi_url_prefix: str, show_priority: bool = False
) -> SafeString:
    """One table row per KPI: its latest period, figure, target, status and directions of travel, in words (the
    tags add colour, never alone). ``kpi_url_prefix`` + the KPI's id + "/" is its public page."""
    return mark_safe("\n".join(_row(priority, row, kpi_url_prefix, show_priority) for priority, row in rows))  # noqa: S308 - every value escaped above
