"""Reading KPIs' figures: each KPI's latest period, and every period of one KPI, with status and direction of
travel (beacon.performance.status). Pages, the API and the public dashboard all read figures through these.

Neither function applies the permission policy: pass KPIs that the reader may already see
(``policy.readable`` or ``policy.public``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Max, QuerySet

from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.performance.periods import previous_period, year_before
from beacon.performance.status import PeriodResult, series


def _kpi_rows(kpis: QuerySet[Kpi] | Iterable[Kpi]) -> list[tuple[int, str, str]]:
    """(id, frequency, polarity) of each KPI: one query for an unevaluated queryset, none for objects in hand."""
    if isinstance(kpis, QuerySet) and kpis._result_cache is None and not kpis.query.is_sliced:  # noqa: SLF001
        return list(kpis.order_by().values_list("pk", "frequency", "polarity"))
    return [(kpi.pk, kpi.frequency, kpi.polarity) for kpi in kpis]


def latest_results(kpis: QuerySet[Kpi] | Iterable[Kpi]) -> dict[int, PeriodResult]:
    """Each KPI's latest observed period, by KPI id, with its target, status and direction of travel.

    A KPI with no observation at all has no entry: read the answer with ``.get(kpi.pk)`` and treat ``None`` as
    "no data yet". The number of queries is the same whatever the number of KPIs (at most four: the KPIs'
    frequency and polarity, unless they are already in hand; each KPI's latest period; the observations of
    those periods, of the periods before them and of the same periods a year before; and the targets of the
    latest periods), and only those few rows are fetched, never a KPI's whole history.
    """
    rows = _kpi_rows(kpis)
    if not rows:
        return {}
    ids = [pk for pk, _, _ in rows]
    latest = dict(
        Observation.objects.filter(kpi_id__in=ids).order_by().values("kpi_id")
        .annotate(latest=Max("period_start")).values_list("kpi_id", "latest")
    )
    if not latest:
        return {}
    wanted: dict[int, tuple[dt.date, dt.date, dt.date]] = {}
    for pk, frequency, _ in rows:
        start = latest.get(pk)
        if start is not None:
            wanted[pk] = (start, previous_period(frequency, start), year_before(start))
    dates = {day for triple in wanted.values() for day in triple}
    values: dict[int, dict[dt.date, Decimal]] = {pk: {} for pk in wanted}
    notes: dict[int, dict[dt.date, str]] = {pk: {} for pk in wanted}
    observed = Observation.objects.filter(kpi_id__in=list(wanted), period_start__in=dates).order_by()
    for kpi_id, start, value, note in observed.values_list("kpi_id", "period_start", "value", "note"):
        if start in wanted[kpi_id]:
            values[kpi_id][start] = value
            notes[kpi_id][start] = note
    targets: dict[int, dict[dt.date, tuple[Decimal, Decimal]]] = {pk: {} for pk in wanted}
    latest_dates = {triple[0] for triple in wanted.values()}
    aimed = KpiTarget.objects.filter(kpi_id__in=list(wanted), period_start__in=latest_dates).order_by()
    for kpi_id, start, value, tolerance in aimed.values_list("kpi_id", "period_start", "value", "tolerance"):
        if start == wanted[kpi_id][0]:
            targets[kpi_id][start] = (value, tolerance)
    results: dict[int, PeriodResult] = {}
    for pk, frequency, polarity in rows:
        if pk not in wanted:
            continue
        results[pk] = series(
            frequency=frequency, polarity=polarity, values=values[pk], targets=targets[pk], notes=notes[pk],
            periods=[wanted[pk][0]],
        )[0]
    return results


def kpi_series(kpi: Kpi) -> list[PeriodResult]:
    """Every period of ``kpi`` that has an observation or a target, oldest first, each with its status and its
    direction of travel since the previous period and since the same period a year before. Two queries."""
    values: dict[dt.date, Decimal] = {}
    notes: dict[dt.date, str] = {}
    for start, value, note in Observation.objects.filter(kpi=kpi).order_by().values_list(
        "period_start", "value", "note"
    ):
        values[start] = value
        notes[start] = note
    targets = {
        start: (value, tolerance)
        for start, value, tolerance in KpiTarget.objects.filter(kpi=kpi).order_by().values_list(
            "period_start", "value", "tolerance"
        )
    }
    return series(frequency=kpi.frequency, polarity=kpi.polarity, values=values, targets=targets, notes=notes)


def kpi_series_bulk(kpis: Iterable[Kpi]) -> dict[int, list[PeriodResult]]:
    """``kpi_series`` of many KPIs at once, by KPI id, in two queries whatever their number (for a dashboard
    that draws every KPI's chart)."""
    kpis = list(kpis)
    ids = [kpi.pk for kpi in kpis]
    values: dict[int, dict[dt.date, Decimal]] = {pk: {} for pk in ids}
    notes: dict[int, dict[dt.date, str]] = {pk: {} for pk in ids}
    targets: dict[int, dict[dt.date, tuple[Decimal, Decimal]]] = {pk: {} for pk in ids}
    for kpi_id, start, value, note in Observation.objects.filter(kpi_id__in=ids).order_by().values_list(
        "kpi_id", "period_start", "value", "note"
    ):
        values[kpi_id][start] = value
        notes[kpi_id][start] = note
    for kpi_id, start, value, tolerance in KpiTarget.objects.filter(kpi_id__in=ids).order_by().values_list(
        "kpi_id", "period_start", "value", "tolerance"
    ):
        targets[kpi_id][start] = (value, tolerance)
    return {
        kpi.pk: series(frequency=kpi.frequency, polarity=kpi.polarity, values=values[kpi.pk],
                       targets=targets[kpi.pk], notes=notes[kpi.pk])
        for kpi in kpis
    }
