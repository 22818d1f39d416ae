"""Reading one spreadsheet cell as Beacon's value, the way councils write them.

Each parser takes what the reader found in the cell (text from a CSV; a number, date or text from Excel or
OpenDocument) and returns the value, ``None`` for a blank, or raises ``CellError`` with a reason written for the
officer who typed it. Money and financial years are read by ``beacon.core.money``, periods by
``beacon.performance.periods``: one reading of each, shared with the web forms.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from beacon.core import money

# Excel counts days from 30 December 1899 (its 1900 leap-year bug included); dates before 1 March 1900 never
# come up in a council's plans.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL = range(20_000, 80_000)  # 1954 to 2118: a bare number in this range in a date column is a date
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for the person who typed it."""


def text_of(value: Any) -> str:
    """The cell as text with surrounding spaces removed ("" for a blank). Whole numbers that a spreadsheet
    stored as 12.0 read as "12", so that a code typed as a number still matches."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split()) if isinstance(value, str) and "\n" not in value else str(value).strip()
    # An exported cell that began with = + - or @ was written with an apostrophe so that no spreadsheet runs it.
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def is_blank(value: Any) -> bool:
    return text_of(value) == ""


def parse_text(value: Any, *, max_length: int | None = None) -> str:
    text = text_of(value)
    if max_length is not None and len(text) > max_length:
        raise CellError(f"This is {len(text):,} characters long; the most is {max_length:,}.")
    return text


def parse_money(value: Any) -> int | None:
    """Pence, from "£1,200,000", "1.2m", "£250k", "(50,000)" (negative) or a number cell."""
    if isinstance(value, str):
        value = value.replace("\u00a0", " ")
    try:
        return money.parse_money(value)
    except money.MoneyError as error:
        raise CellError(str(error)) from None


def parse_financial_year(value: Any) -> int | None:
    """The starting year of "2024/25", "2024-25" or "2024/2025"."""
    if isinstance(value, dt.date | dt.datetime):
        raise CellError("This is a date, not a financial year: write it like 2024/25.")
    try:
        return money.parse_financial_year(text_of(value) or None)
    except ValueError as error:
        raise CellError(str(error)) from None


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number, "2024-03-21", "21/03/2024" or "21 March 2024"."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _excel_date(value)
    text = text_of(value)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_date(Decimal(text))
    try:
        return dt.date.fromisoformat(text[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text) else _uk_date(text)
    except ValueError:
        raise CellError(f"“{text}” is not a date: write it like 21/03/2024 or 21 March 2024.") from None


def _excel_date(serial: int | float | Decimal) -> dt.date:
    if int(serial) not in EXCEL_SERIAL:
        raise CellError(f"{serial} is not a date: write it like 21/03/2024 or 21 March 2024.")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _uk_date(text: str) -> dt.date:
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        return dt.date(year + 2000 if year < 100 else year, month, day)
    words = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if words and words.group(2).lower() in MONTHS:
        return dt.date(int(words.group(3)), MONTHS[words.group(2).lower()], int(words.group(1)))
    raise ValueError(text)


def parse_number(value: Any) -> Decimal | None:
    """A number from a number cell or text like "1,234.5", "95.3%" (read as 95.3) or "−2"."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise CellError("Enter a number.")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = text_of(value).replace("\u2212", "-").replace(" ", "")
    if not text:
        return None
    text = text.removesuffix("%")
    if not NUMBER.match(text) or text in {"", "+", "-", "."}:
        raise CellError(f"“{text_of(value)}” is not a number.")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise CellError(f"“{text_of(value)}” is not a number.") from None


def parse_whole_number(value: Any, *, low: int | None = None, high: int | None = None) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"{text_of(value)} is not a whole number.")
    whole = int(number)
    if (low is not None and whole < low) or (high is not None and whole > high):
        raise CellError(f"Score it from {low} to {high}." if low is not None and high is not None else "Out of range.")
    return whole


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = text_of(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"“{text_of(value)}” is not yes or no.")


def parse_choice(value: Any, choices: Iterable[tuple[str, str]]) -> str | None:
    """A choice by its value or its label, in any case: "amber/green", "Amber/Green"."""
    text = text_of(value).lower()
    if not text:
        return None
    options = list(choices)
    for stored, label in options:
        if text in {str(stored).lower(), str(label).lower()}:
            return str(stored)
    allowed = ", ".join(str(label) for _, label in options)
    raise CellError(f"“{text_of(value)}” is not one of: {allowed}.")
