"""Reporting periods of a KPI. A period is stored as the date it starts, aligned to the KPI's frequency:

- monthly: the first day of a month ("April 2024");
- quarterly: the first day of a quarter of the UK financial year, April, July, October or January
  ("2024/25 Q1" is April to June 2024);
- annual: 1 April, a financial year ("2024/25").

The period before, and the same period a year before, follow from the start date alone, so that direction of
travel needs no table of periods.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


MONTHS_IN = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ANNUAL: 12}
QUARTER_STARTS = (4, 7, 10, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before, when negative) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def is_period_start(frequency: str, day: dt.date) -> bool:
    if day.day != 1:
        return False
    if frequency == Frequency.QUARTERLY:
        return day.month in QUARTER_STARTS
    if frequency == Frequency.ANNUAL:
        return day.month == 4
    return True


def period_start_of(frequency: str, day: dt.date) -> dt.date:
    """The start of the period of ``frequency`` that holds ``day``."""
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1)
    if frequency == Frequency.QUARTERLY:
        months_since_april = (day.month - 4) % 12
        return add_months(day.replace(day=1), -(months_since_april % 3))
    year = day.year if day.month >= 4 else day.year - 1
    return dt.date(year, 4, 1)


def previous_period(frequency: str, start: dt.date) -> dt.date:
    return add_months(start, -MONTHS_IN[Frequency(frequency)])


def next_period(frequency: str, start: dt.date) -> dt.date:
    return add_months(start, MONTHS_IN[Frequency(frequency)])


def year_before(start: dt.date) -> dt.date:
    return add_months(start, -12)


def period_end(frequency: str, start: dt.date) -> dt.date:
    """The last day of the period."""
    return next_period(frequency, start) - dt.timedelta(days=1)


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def period_label(frequency: str, start: dt.date) -> str:
    """"April 2024", "2024/25 Q1" or "2024/25"."""
    if frequency == Frequency.MONTHLY:
        return start.strftime("%B %Y")
    year = start.year if start.month >= 4 else start.year - 1
    if frequency == Frequency.QUARTERLY:
        quarter = (start.month - 4) % 12 // 3 + 1
        return f"{financial_year_label(year)} Q{quarter}"
    return financial_year_label(year)


_FINANCIAL_YEAR = r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"
_MONTHS = {name.lower(): number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}


def _financial_year(first: str, second: str) -> int:
    start = int(first)
    end = int(second)
    if (len(second) == 2 and end != (start + 1) % 100) or (len(second) == 4 and end != start + 1):
        raise ValueError(f"“{first}/{second}” is not a financial year: the second year must follow the first.")
    return start


def parse_period(frequency: str, text: str) -> dt.date:
    """Read a period the way a council writes it, for a KPI of ``frequency``.

    Accepts an ISO date of the period's first day ("2024-04-01"), "2024-04" or "April 2024" for a month,
    "2024/25 Q1" or "Q1 2024/25" for a quarter, and "2024/25" or "2024-25" for a year. Raises ValueError with
    the reason.
    """
    value = " ".join(text.split())
    frequency = Frequency(frequency)
    quarter = re.fullmatch(rf"(?:{_FINANCIAL_YEAR}\s*Q([1-4]))|(?:Q([1-4])\s*{_FINANCIAL_YEAR})", value, re.I)
    if quarter:
        if frequency != Frequency.QUARTERLY:
            raise ValueError(f"“{text}” is a quarter, but this KPI is reported {frequency.label.lower()}.")
        if quarter.group(1):
            year, number = _financial_year(quarter.group(1), quarter.group(2)), int(quarter.group(3))
        else:
            year, number = _financial_year(quarter.group(5), quarter.group(6)), int(quarter.group(4))
        return add_months(dt.date(year, 4, 1), (number - 1) * 3)
    year_match = re.fullmatch(_FINANCIAL_YEAR, value)
    looks_like_month = re.fullmatch(r"\d{4}-\d{2}", value) is not None and frequency != Frequency.ANNUAL
    if year_match and not looks_like_month:
        if frequency != Frequency.ANNUAL:
            raise ValueError(f"“{text}” is a financial year, but this KPI is reported {frequency.label.lower()}.")
        return dt.date(_financial_year(year_match.group(1), year_match.group(2)), 4, 1)
    day: dt.date | None = None
    month_name = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", value)
    if month_name and month_name.group(1).lower() in _MONTHS:
        day = dt.date(int(month_name.group(2)), _MONTHS[month_name.group(1).lower()], 1)
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        day = dt.date(int(value[:4]), int(value[5:]), 1) if 1 <= int(value[5:]) <= 12 else None
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise ValueError(
            f"“{text}” is not a period. Write a month as “April 2024”, a quarter as “2024/25 Q1” and a year as "
            "“2024/25”."
        )
    if not is_period_start(frequency, day):
        raise ValueError(f"“{text}” is not the start of a {frequency.label.lower()} period: "
                         f"{period_label(frequency, period_start_of(frequency, day))} starts on "
                         f"{period_start_of(frequency, day):%-d %B %Y}.")
    return day
