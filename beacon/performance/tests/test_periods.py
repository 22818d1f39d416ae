"""Reporting periods: labels, parsing a period as a council writes it (with the reason when it is not one of the
KPI's frequency), and the period before, the year before and the end of a period, across year boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.performance.periods import (
    add_months,
    is_period_start,
    next_period,
    parse_period,
    period_end,
    period_label,
    period_start_of,
    previous_period,
    year_before,
)

D = dt.date


@pytest.mark.parametrize(("frequency", "start", "label"), [
    ("monthly", D(2024, 4, 1), "April 2024"),
    ("monthly", D(2025, 1, 1), "January 2025"),
    ("quarterly", D(2024, 4, 1), "2024/25 Q1"),
    ("quarterly", D(2024, 7, 1), "2024/25 Q2"),
    ("quarterly", D(2024, 10, 1), "2024/25 Q3"),
    ("quarterly", D(2025, 1, 1), "2024/25 Q4"),
    ("quarterly", D(1999, 1, 1), "1998/99 Q4"),
    ("quarterly", D(2099, 4, 1), "2099/00 Q1"),
    ("annual", D(2024, 4, 1), "2024/25"),
])
def test_period_label(frequency: str, start: dt.date, label: str) -> None:
    assert period_label(frequency, start) == label
    assert parse_period(frequency, label) == start  # a label reads back as its period


@pytest.mark.parametrize(("frequency", "text", "start"), [
    ("quarterly", "2024/25 Q1", D(2024, 4, 1)),
    ("quarterly", "2024/25 q4", D(2025, 1, 1)),
    ("quarterly", "Q3 2024/25", D(2024, 10, 1)),
    ("quarterly", "2024-25 Q2", D(2024, 7, 1)),
    ("quarterly", "2024/2025 Q2", D(2024, 7, 1)),
    ("quarterly", "  2024/25   Q1 ", D(2024, 4, 1)),
    ("quarterly", "2024-07-01", D(2024, 7, 1)),
    ("quarterly", "April 2024", D(2024, 4, 1)),
    ("monthly", "april 2024", D(2024, 4, 1)),
    ("monthly", "2024-02", D(2024, 2, 1)),
    ("monthly", "2024-02-01", D(2024, 2, 1)),
    ("annual", "2024/25", D(2024, 4, 1)),
    ("annual", "2024-25", D(2024, 4, 1)),
    ("annual", "1999/00", D(1999, 4, 1)),
    ("annual", "2024-04-01", D(2024, 4, 1)),
])
def test_parse_period(frequency: str, text: str, start: dt.date) -> None:
    assert parse_period(frequency, text) == start


@pytest.mark.parametrize(("frequency", "text", "reason"), [
    ("monthly", "2024/25 Q1", "is a quarter, but this KPI is reported monthly"),
    ("annual", "Q1 2024/25", "is a quarter, but this KPI is reported annual"),
    ("quarterly", "2024/25", "is a financial year, but this KPI is reported quarterly"),
    ("monthly", "2024/25", "is a financial year, but this KPI is reported monthly"),
    ("quarterly", "2024/26 Q1", "is not a financial year: the second year must follow the first"),
    ("annual", "2024/2026", "is not a financial year"),
    ("quarterly", "2024/25 Q5", "is not a period"),
    ("quarterly", "May 2024", "is not the start of a quarterly period: 2024/25 Q1 starts on 1 April 2024"),
    ("annual", "January 2025", "2024/25 starts on 1 April 2024"),
    ("monthly", "2024-04-15", "is not the start of a monthly period: April 2024 starts on 1 April 2024"),
    ("monthly", "2024-13", "is not a period"),
    ("monthly", "2024-02-30", "is not a period"),
    ("monthly", "Smarch 2024", "is not a period"),
    ("monthly", "", "is not a period"),
    ("monthly", "'; drop table kpi; --", "is not a period"),
])
def test_parse_period_refuses_with_a_reason(frequency: str, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_period(frequency, text)


def test_parse_period_refuses_an_unknown_frequency() -> None:
    with pytest.raises(ValueError):
        parse_period("weekly", "2024/25")


@pytest.mark.parametrize(("frequency", "start", "before", "after", "end"), [
    ("monthly", D(2024, 1, 1), D(2023, 12, 1), D(2024, 2, 1), D(2024, 1, 31)),
    ("monthly", D(2024, 2, 1), D(2024, 1, 1), D(2024, 3, 1), D(2024, 2, 29)),
    ("quarterly", D(2024, 4, 1), D(2024, 1, 1), D(2024, 7, 1), D(2024, 6, 30)),
    ("quarterly", D(2025, 1, 1), D(2024, 10, 1), D(2025, 4, 1), D(2025, 3, 31)),
    ("annual", D(2024, 4, 1), D(2023, 4, 1), D(2025, 4, 1), D(2025, 3, 31)),
])
def test_neighbouring_periods(frequency: str, start: dt.date, before: dt.date, after: dt.date,
                              end: dt.date) -> None:
    assert previous_period(frequency, start) == before
    assert next_period(frequency, start) == after
    assert period_end(frequency, start) == end
    assert year_before(start) == D(start.year - 1, start.month, 1)


@pytest.mark.parametrize(("frequency", "day", "start"), [
    ("monthly", D(2024, 2, 29), D(2024, 2, 1)),
    ("quarterly", D(2024, 3, 31), D(2024, 1, 1)),
    ("quarterly", D(2024, 4, 1), D(2024, 4, 1)),
    ("quarterly", D(2024, 12, 25), D(2024, 10, 1)),
    ("annual", D(2025, 3, 31), D(2024, 4, 1)),
    ("annual", D(2025, 4, 1), D(2025, 4, 1)),
])
def test_period_start_of(frequency: str, day: dt.date, start: dt.date) -> None:
    assert period_start_of(frequency, day) == start
    assert is_period_start(frequency, start)


def test_is_period_start() -> None:
    assert not is_period_start("monthly", D(2024, 4, 2))
    assert not is_period_start("quarterly", D(2024, 5, 1))
    assert not is_period_start("annual", D(2024, 1, 1))


def test_add_months_crosses_years_both_ways() -> None:
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 1)
    assert add_months(D(2024, 2, 1), -14) == D(2022, 12, 1)
    assert add_months(D(2024, 1, 1), 0) == D(2024, 1, 1)
