"""Reporting-period arithmetic: calendar months, and quarters of the UK financial year (Q1 = April to June).

Pure functions of dates, so that the scheduler command, the "Open the next period" page and the demo agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from beacon.core.models import ReportingFrequency


@dataclass(frozen=True)
class PeriodSpan:
    """A reporting period not yet saved: its title and dates."""

    title: str
    start_date: dt.date
    end_date: dt.date


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def financial_year_label(day: dt.date) -> str:
    """The UK financial year (1 April to 31 March) holding ``day``, as "2025/26"."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def month_containing(day: dt.date) -> PeriodSpan:
    """The calendar month holding ``day``, titled "April 2025"."""
    return PeriodSpan(f"{day:%B %Y}", day.replace(day=1), month_end(day.year, day.month))


def quarter_containing(day: dt.date) -> PeriodSpan:
    """The financial-year quarter holding ``day``: Q1 April-June, Q2 July-September, Q3 October-December,
    Q4 January-March (of the next calendar year), titled "Quarter 1 2025/26"."""
    number = ((day.month - 4) % 12) // 3 + 1
    first_month = (3 * (number - 1) + 3) % 12 + 1
    year = day.year if first_month <= day.month else day.year - 1
    start = dt.date(year, first_month, 1)
    last_month = first_month + 2
    return PeriodSpan(f"Quarter {number} {financial_year_label(day)}", start, month_end(year, last_month))


def period_containing(day: dt.date, frequency: str) -> PeriodSpan:
    if frequency == ReportingFrequency.QUARTERLY:
        return quarter_containing(day)
    return month_containing(day)


def next_period(*, latest_end: dt.date | None, today: dt.date, frequency: str) -> PeriodSpan:
    """The period to open next: the one after the latest period, or, when there is none or periods were
    missed (the one after the latest has already ended), the one holding ``today``.

    If the frequency changed since the latest period, the next period starts the day after it and ends where
    the new frequency's period ends, and says so in its title ("Quarter 1 2025/26 (from 1 May 2025)")."""
    if latest_end is None:
        return period_containing(today, frequency)
    start = latest_end + dt.timedelta(days=1)
    span = period_containing(start, frequency)
    if span.end_date < today:
        return period_containing(today, frequency)
    if span.start_date != start:
        return PeriodSpan(f"{span.title} (from {start.day} {start:%B %Y})", start, span.end_date)
    return span
