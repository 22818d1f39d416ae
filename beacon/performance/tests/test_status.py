"""Status and direction of travel, for both polarities: the tolerance's edges (exactly at target, exactly at the
tolerance's edge, just beyond), missing data (no observation, no target, no period before); a KPI's series; and
the selectors that read them from the database in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.performance.charts import format_value, kpi_trend_svg
from beacon.performance.models import Kpi
from beacon.performance.selectors import kpi_series, kpi_series_bulk, latest_results
from beacon.performance.status import Direction, Status, direction_of, series, status_of
from beacon.testing import factories as f

D = Decimal
EDGE = D("0.0001")


@pytest.mark.parametrize(("value", "expected"), [
    (D("80"), Status.ON_TARGET),  # beats it
    (D("75"), Status.ON_TARGET),  # exactly at target
    (D("74.9999"), Status.WITHIN_TOLERANCE),  # just short
    (D("70"), Status.WITHIN_TOLERANCE),  # exactly at the tolerance's edge
    (D("70") - EDGE, Status.OFF_TARGET),  # just beyond it
    (D("0"), Status.OFF_TARGET),
])
def test_status_when_higher_is_better(value: Decimal, expected: Status) -> None:
    assert status_of(value, D("75"), D("5"), "higher") == expected


@pytest.mark.parametrize(("value", "expected"), [
    (D("10"), Status.ON_TARGET),
    (D("12"), Status.ON_TARGET),  # exactly at target
    (D("12.0001"), Status.WITHIN_TOLERANCE),
    (D("14"), Status.WITHIN_TOLERANCE),  # exactly at the tolerance's edge
    (D("14") + EDGE, Status.OFF_TARGET),  # just beyond it
    (D("-1"), Status.ON_TARGET),
])
def test_status_when_lower_is_better(value: Decimal, expected: Status) -> None:
    assert status_of(value, D("12"), D("2"), "lower") == expected


@pytest.mark.parametrize("polarity", ["higher", "lower"])
def test_a_zero_or_missing_tolerance_means_any_miss_is_off_target(polarity: str) -> None:
    miss = D("9.9999") if polarity == "higher" else D("10.0001")
    assert status_of(miss, D("10"), D("0"), polarity) == Status.OFF_TARGET
    assert status_of(miss, D("10"), None, polarity) == Status.OFF_TARGET
    assert status_of(D("10"), D("10"), None, polarity) == Status.ON_TARGET


def test_missing_figures_are_never_shown_as_good() -> None:
    assert status_of(None, D("10"), D("1"), "higher") == Status.NO_DATA
    assert status_of(None, None, None, "lower") == Status.NO_DATA
    assert status_of(D("10"), None, None, "higher") == Status.NO_TARGET


@pytest.mark.parametrize(("value", "earlier", "polarity", "expected"), [
    (D("11"), D("10"), "higher", Direction.IMPROVING),
    (D("9"), D("10"), "higher", Direction.WORSENING),
    (D("9"), D("10"), "lower", Direction.IMPROVING),
    (D("11"), D("10"), "lower", Direction.WORSENING),
    (D("10"), D("10.0"), "higher", Direction.NO_CHANGE),
    (D("10"), D("10"), "lower", Direction.NO_CHANGE),
    (D("10"), None, "higher", Direction.NOT_KNOWN),
    (None, D("10"), "lower", Direction.NOT_KNOWN),
])
def test_direction_of_travel(value: Decimal | None, earlier: Decimal | None, polarity: str,
                             expected: Direction) -> None:
    assert direction_of(value, earlier, polarity) == expected


def test_labels_are_words() -> None:
    assert [s.label for s in Status] == ["On target", "Within tolerance", "Off target", "No target set", "No data"]
    assert [d.label for d in Direction] == ["Improving", "Getting worse", "No change", "Not known"]


def test_series_compares_with_the_period_before_and_the_year_before() -> None:
    q = [dt.date(2023, 4, 1), dt.date(2023, 7, 1), dt.date(2023, 10, 1), dt.date(2024, 1, 1), dt.date(2024, 4, 1),
         dt.date(2024, 7, 1)]
    values = {q[0]: D("20"), q[1]: D("18"), q[3]: D("18"), q[4]: D("16")}
    targets = {q[4]: (D("15"), D("2")), q[5]: (D("15"), D("2"))}
    results = series(frequency="quarterly", polarity="lower", values=values, targets=targets,
                     notes={q[3]: "Winter"})
    assert [r.label for r in results] == ["2023/24 Q1", "2023/24 Q2", "2023/24 Q4", "2024/25 Q1", "2024/25 Q2"]
    by_label = {r.label: r for r in results}
    assert by_label["2023/24 Q1"].since_previous == Direction.NOT_KNOWN  # no period before
    assert by_label["2023/24 Q2"].since_previous == Direction.IMPROVING
    assert by_label["2023/24 Q4"].since_previous == Direction.NOT_KNOWN  # Q3 is missing
    assert by_label["2023/24 Q4"].note == "Winter"
    latest = by_label["2024/25 Q1"]
    assert latest.status == Status.WITHIN_TOLERANCE and latest.since_previous == Direction.IMPROVING
    assert latest.since_year_before == Direction.IMPROVING  # 16 against 20 a year before
    assert latest.status_tag == "govuk-tag--yellow" and latest.previous_tag == "govuk-tag--green"
    future = by_label["2024/25 Q2"]
    assert future.status == Status.NO_DATA and future.value is None and future.target == D("15")
    assert future.since_previous == Direction.NOT_KNOWN and future.year_before_tag == "govuk-tag--grey"


def test_series_for_given_periods_includes_empty_ones() -> None:
    months = [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    results = series(frequency="monthly", polarity="higher", values={}, targets={}, periods=months)
    assert [(r.label, r.status) for r in results] == [("January 2024", Status.NO_DATA),
                                                      ("February 2024", Status.NO_DATA)]


# Selectors ------------------------------------------------------------------------------------------------------


def add_kpi(organisation: object, *, periods: int = 8, polarity: str = "higher") -> Kpi:
    kpi = f.KpiFactory(organisation=organisation, polarity=polarity)
    start = dt.date(2022, 4, 1)
    for index in range(periods):
        month = start.month - 1 + index * 3
        period = dt.date(start.year + month // 12, month % 12 + 1, 1)
        f.ObservationFactory(kpi=kpi, period_start=period, value=50 + index)
        f.KpiTargetFactory(kpi=kpi, period_start=period, value=55, tolerance=2)
    return kpi  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_latest_results_reads_each_kpis_latest_period() -> None:
    organisation = f.OrganisationFactory()
    kpi = add_kpi(organisation)  # 2022/23 Q1 .. 2023/24 Q4: 50 .. 57 against 55 ± 2
    lower = add_kpi(organisation, polarity="lower")
    empty = f.KpiFactory(organisation=organisation)
    results = latest_results(Kpi.objects.filter(organisation=organisation))
    assert set(results) == {kpi.pk, lower.pk} and empty.pk not in results
    latest = results[kpi.pk]
    assert latest.label == "2023/24 Q4" and latest.value == 57 and latest.target == 55
    assert latest.status == Status.ON_TARGET
    assert latest.since_previous == Direction.IMPROVING and latest.since_year_before == Direction.IMPROVING
    assert results[lower.pk].status == Status.WITHIN_TOLERANCE  # 57 against 55, 2 over: the edge
    assert results[lower.pk].since_previous == Direction.WORSENING
    assert latest_results(Kpi.objects.none()) == {}
    assert latest_results([kpi])[kpi.pk] == latest  # objects in hand work too


@pytest.mark.django_db
def test_latest_results_with_no_target_and_no_earlier_period() -> None:
    kpi = f.KpiFactory()
    f.ObservationFactory(kpi=kpi, period_start=dt.date(2024, 4, 1), value=10)
    result = latest_results(Kpi.objects.all())[kpi.pk]
    assert result.status == Status.NO_TARGET and result.since_previous == Direction.NOT_KNOWN
    assert result.since_year_before == Direction.NOT_KNOWN


@pytest.mark.django_db
def test_latest_results_takes_the_same_queries_for_5_and_50_kpis() -> None:
    organisation = f.OrganisationFactory()
    for _ in range(5):
        add_kpi(organisation)
    with CaptureQueriesContext(connection) as five:
        assert len(latest_results(Kpi.objects.filter(organisation=organisation))) == 5
    for _ in range(45):
        add_kpi(organisation)
    with CaptureQueriesContext(connection) as fifty:
        assert len(latest_results(Kpi.objects.filter(organisation=organisation))) == 50
    assert len(fifty) == len(five) <= 4
    kpis = list(Kpi.objects.filter(organisation=organisation))
    with CaptureQueriesContext(connection) as bulk:
        assert len(kpi_series_bulk(kpis)) == 50
    assert len(bulk) == 2


@pytest.mark.django_db
def test_kpi_series_matches_the_bulk_reading() -> None:
    kpi = add_kpi(f.OrganisationFactory(), periods=6)
    with CaptureQueriesContext(connection) as queries:
        results = kpi_series(kpi)
    assert len(queries) == 2
    assert [r.label for r in results][:2] == ["2022/23 Q1", "2022/23 Q2"] and len(results) == 6
    assert kpi_series_bulk([kpi])[kpi.pk] == results


# The chart ----------------------------------------------------------------------------------------------------------


def test_trend_chart_is_accessible_svg_with_text_as_text() -> None:
    q = [dt.date(2024, 4, 1), dt.date(2024, 7, 1), dt.date(2024, 10, 1)]
    results = series(frequency="quarterly", polarity="higher", values={q[0]: D("70"), q[2]: D("74")},
                     targets={q[0]: (D("75"), D("5")), q[1]: (D("75"), D("5"))})
    svg = kpi_trend_svg(results, title="Residents satisfied <& more>", unit="percent", decimal_places=1)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "Residents satisfied &lt;&amp; more&gt;</title>" in svg
    assert "2024/25 Q3 (74.0%)" in svg  # the description gives the latest figure
    assert "2024/25 Q1" in svg and " style=" not in svg and "<style" not in svg
    other = kpi_trend_svg(results, title="Another", unit="percent", decimal_places=1, chart_id="second")
    assert 'id="second-title"' in other


def test_trend_chart_with_no_figures_says_so() -> None:
    svg = kpi_trend_svg([], title="Empty", unit="number", decimal_places=0)
    assert "No figures recorded yet" in svg and "No figures have been recorded yet." in svg


@pytest.mark.parametrize(("value", "unit", "places", "text"), [
    (D("12.5"), "percent", 1, "12.5%"),
    (D("1250"), "pounds", 0, "£1,250"),
    (D("-1250.5"), "pounds", 2, "-£1,250.50"),
    (D("3"), "days", 0, "3 days"),
    (D("1"), "days", 0, "1 day"),
    (D("1024"), "number", 1, "1,024.0"),
    (None, "number", 1, "No data"),
])
def test_format_value(value: Decimal | None, unit: str, places: int, text: str) -> None:
    assert format_value(value, unit=unit, decimal_places=places) == text
