"""Period arithmetic: calendar months and UK financial-year quarters (Q1 = April to June)."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.reporting.cycle import financial_year_label, month_containing, next_period, quarter_containing

D = dt.date


@pytest.mark.parametrize(
    ("day", "title", "start", "end"),
    [
        (D(2025, 4, 1), "Quarter 1 2025/26", D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 6, 30), "Quarter 1 2025/26", D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 7, 15), "Quarter 2 2025/26", D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 12, 31), "Quarter 3 2025/26", D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), "Quarter 4 2025/26", D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), "Quarter 4 2025/26", D(2026, 1, 1), D(2026, 3, 31)),
        (D(2000, 2, 29), "Quarter 4 1999/00", D(2000, 1, 1), D(2000, 3, 31)),
    ],
)
def test_financial_year_quarters(day, title, start, end):
    span = quarter_containing(day)
    assert (span.title, span.start_date, span.end_date) == (title, start, end)


def test_months_and_financial_years():
    assert month_containing(D(2025, 4, 17)).title == "April 2025"
    assert month_containing(D(2024, 2, 10)).end_date == D(2024, 2, 29)
    assert month_containing(D(2025, 12, 31)).start_date == D(2025, 12, 1)
    assert financial_year_label(D(2025, 3, 31)) == "2024/25"
    assert financial_year_label(D(2025, 4, 1)) == "2025/26"


def test_next_period_follows_the_latest():
    span = next_period(latest_end=D(2025, 3, 31), today=D(2025, 4, 2), frequency="quarterly")
    assert (span.title, span.start_date, span.end_date) == ("Quarter 1 2025/26", D(2025, 4, 1), D(2025, 6, 30))
    span = next_period(latest_end=D(2025, 12, 31), today=D(2025, 12, 20), frequency="monthly")
    assert (span.title, span.start_date) == ("January 2026", D(2026, 1, 1))


def test_next_period_with_none_or_missed_periods_is_the_current_one():
    assert next_period(latest_end=None, today=D(2025, 5, 9), frequency="monthly").title == "May 2025"
    assert next_period(latest_end=D(2020, 3, 31), today=D(2025, 5, 9), frequency="quarterly").title == (
        "Quarter 1 2025/26"
    )


def test_next_period_after_a_change_of_frequency_starts_the_day_after():
    span = next_period(latest_end=D(2025, 4, 30), today=D(2025, 5, 1), frequency="quarterly")
    assert span.title == "Quarter 1 2025/26 (from 1 May 2025)"
    assert (span.start_date, span.end_date) == (D(2025, 5, 1), D(2025, 6, 30))
