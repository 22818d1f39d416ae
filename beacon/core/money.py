"""Money and financial years (ADR 0003): integer pence inside, pounds outside.

``parse_money`` reads what officers type and what spreadsheets hold ("£1,200,000", "1.2m", "£250k",
"(50,000)" as negative); ``pounds_text`` and ``short_pounds`` write it back the way councils do.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENCE_PER_POUND = 100
MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
# Digits with optional thousands commas in groups of three, an optional decimal part, an optional suffix.
MONEY = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<suffix>k|m|bn)?$")
FINANCIAL_YEAR = re.compile(r"^(?P<start>(?:19|20)\d{2})\s*[/-]\s*(?P<end>\d{2}|\d{4})$")


class MoneyError(ValueError):
    """A value that is not an amount of money; the message says why, for the person who typed it."""


def parse_money(value: str | int | float | Decimal | None, *, allow_negative: bool = True) -> int | None:
    """Pence from a typed or imported amount in pounds; None for a blank. Raises MoneyError with a reason."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m.")
    if isinstance(value, int | float | Decimal):
        pounds = Decimal(str(value))
    else:
        text = value.strip().lower().replace(" ", "")
        if not text:
            return None
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        elif text.startswith("-"):
            negative, text = True, text[1:]
        text = text.removeprefix("£")
        if text.startswith("-"):
            negative, text = True, text[1:]
        match = MONEY.match(text)
        if not match:
            raise MoneyError(f"“{value.strip()}” is not an amount of money: write it like £1,200,000, 1.2m or £250k.")
        pounds = Decimal(match["number"].replace(",", "")) * MULTIPLIERS[match["suffix"] or ""]
        if negative:
            pounds = -pounds
    if not pounds.is_finite():
        raise MoneyError("Enter an amount in pounds, like £1,200,000 or 1.2m.")
    if pounds < 0 and not allow_negative:
        raise MoneyError("The amount must be £0 or more.")
    pence = (pounds * PENCE_PER_POUND).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if abs(pence) > 10**15:
        raise MoneyError("The amount is too large: enter it in pounds, like £1,200,000 or 1.2m.")
    return int(pence)


def pence_to_decimal(pence: int | None) -> Decimal | None:
    """Pounds as a Decimal with two places, as the API writes money ("1200000.00")."""
    if pence is None:
        return None
    return (Decimal(pence) / PENCE_PER_POUND).quantize(Decimal("0.01"))


def decimal_to_pence(pounds: Decimal) -> int:
    try:
        return int((pounds * PENCE_PER_POUND).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation as error:
        raise MoneyError("Enter an amount in pounds.") from error


def pounds_text(pence: int | None) -> str:
    """£1,200,000 (pence shown only when there are any); negative as -£50,000."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), PENCE_PER_POUND)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


def short_pounds(pence: int | None) -> str:
    """£1.2m, £250k or £950 for summaries."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds = abs(pence) / PENCE_PER_POUND
    if pounds >= 999_500:
        return f"{sign}£{pounds / 1_000_000:,.1f}m".replace(".0m", "m")
    if pounds >= 10_000:
        return f"{sign}£{pounds / 1_000:,.0f}k"
    return f"{sign}£{pounds:,.0f}"


def parse_financial_year(value: str | int | None) -> int | None:
    """The starting calendar year of a financial year written "2024/25", "2024-25" or "2024/2025"; None for a
    blank. Raises ValueError with a reason."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    match = FINANCIAL_YEAR.match(text)
    if not match:
        raise ValueError(f"“{text}” is not a financial year: write it like 2024/25.")
    start, end = int(match["start"]), match["end"]
    expected = f"{(start + 1) % 100:02d}" if len(end) == 2 else str(start + 1)
    if end != expected:
        raise ValueError(f"“{text}” is not a financial year: the second year must follow the first, like 2024/25.")
    return start


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: dt.date) -> int:
    """The starting year of the UK financial year (April to March) that holds ``day``."""
    return day.year if day.month >= 4 else day.year - 1


FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR = 2010, 2039


def load_financial_years(model: type, today: dt.date | None = None) -> None:
    """Make sure ``model`` (FinancialYear, or its historical version in a migration) holds 2010/11 to 2039/40,
    with the year that holds ``today`` marked current when none is."""
    current = financial_year_of(today or dt.date.today())
    has_current = model.objects.filter(current=True).exists()  # type: ignore[attr-defined]
    for start in range(FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR + 1):
        model.objects.get_or_create(  # type: ignore[attr-defined]
            start_year=start,
            defaults={"label": financial_year_label(start), "current": start == current and not has_current},
        )
