"""Money as officers type it and spreadsheets hold it, and financial years as data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from beacon.core.forms import GovukForm, MoneyField
from beacon.core.models import FinancialYear
from beacon.core.money import (
    MoneyError,
    financial_year_label,
    financial_year_of,
    parse_financial_year,
    parse_money,
    pounds_text,
    short_pounds,
)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£1,200,000", 120_000_000),
        ("1.2m", 120_000_000),
        ("£1.2M", 120_000_000),
        ("£250k", 25_000_000),
        ("(50,000)", -5_000_000),
        ("-£50,000", -5_000_000),
        ("  £2,180,000.00 ", 218_000_000),
        ("960336", 96_033_600),
        ("0.5", 50),
        ("£1.5bn", 150_000_000_000),
        (1200000, 120_000_000),
        (Decimal("12.345"), 1235),
        ("", None),
        (None, None),
    ],
)
def test_money_is_read_as_councils_write_it(typed: object, pence: int | None) -> None:
    assert parse_money(typed) == pence  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["£1,2x0", "12,34", "1,2345", "£", "1.2.3", "m", "£1m2", "1e6", "NaN", "one"])
def test_what_is_not_money_is_refused_with_the_reason(typed: str) -> None:
    with pytest.raises(MoneyError, match="is not an amount of money|Enter an amount"):
        parse_money(typed)


def test_a_negative_amount_is_refused_where_it_is_not_allowed() -> None:
    with pytest.raises(MoneyError, match="£0 or more"):
        parse_money("(50,000)", allow_negative=False)


def test_money_is_written_back_in_pounds() -> None:
    assert pounds_text(120_000_000) == "£1,200,000"
    assert pounds_text(-5_000_050) == "-£50,000.50"
    assert short_pounds(120_000_000) == "£1.2m"
    assert short_pounds(100_000_000_00) == "£100m"
    assert short_pounds(25_000_000) == "£250k"
    assert short_pounds(95_000) == "£950"


@pytest.mark.parametrize(("typed", "start"), [("2024/25", 2024), ("2024-25", 2024), ("2024/2025", 2024),
                                               (" 1999/00 ", 1999), ("", None)])
def test_financial_years_are_read_in_the_ways_they_are_written(typed: str, start: int | None) -> None:
    assert parse_financial_year(typed) == start


@pytest.mark.parametrize("typed", ["2024/26", "2024", "24/25", "2024/2026", "next year"])
def test_what_is_not_a_financial_year_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="financial year"):
        parse_financial_year(typed)


def test_the_financial_year_runs_april_to_march() -> None:
    assert financial_year_of(dt.date(2025, 3, 31)) == 2024
    assert financial_year_of(dt.date(2025, 4, 1)) == 2025
    assert financial_year_label(2009) == "2009/10"


@pytest.mark.django_db
def test_financial_years_are_data_with_one_current() -> None:
    years = FinancialYear.objects.all()
    assert years.first().label == "2010/11"  # type: ignore[union-attr]
    assert years.last().label == "2039/40"  # type: ignore[union-attr]
    assert FinancialYear.objects.filter(current=True).count() == 1
    current = FinancialYear.objects.current()
    assert current is not None and current.starts <= dt.date.today() <= current.ends


class AmountForm(GovukForm):
    amount = MoneyField()


def test_the_money_field_gives_pence_or_a_govuk_error() -> None:
    form = AmountForm(data={"amount": "£1,200,000"})
    assert form.is_valid() and form.cleaned_data["amount"] == 120_000_000
    form = AmountForm(data={"amount": "£1,2x0"})
    assert not form.is_valid()
    assert "is not an amount of money" in form.errors["amount"][0]
    form = AmountForm(data={"amount": "-5"})
    assert not form.is_valid() and "£0 or more" in form.errors["amount"][0]


def test_the_money_field_shows_stored_pence_as_pounds() -> None:
    form = AmountForm(initial={"amount": 5_000_050})
    assert 'value="50,000.50"' in str(form["amount"])
