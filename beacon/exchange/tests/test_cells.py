"""Every way a council writes a value in a spreadsheet, read as Beacon's value; anything else refused with why."""

import datetime as dt
from decimal import Decimal

import pytest

from beacon.exchange import cells


@pytest.mark.parametrize(("written", "pence"), [
    ("£1,200,000", 120_000_000), ("1.2m", 120_000_000), ("£250k", 25_000_000), ("(50,000)", -5_000_000),
    ("-£50,000", -5_000_000), ("  £1,200,000  ", 120_000_000), ("£1,200,000.50", 120_000_050), (1200000, 120_000_000),
    (1200000.5, 120_000_050), (Decimal("99.99"), 9_999), ("£\u00a01,000", 100_000), ("", None), (None, None),
])
def test_money(written, pence):
    assert cells.parse_money(written) == pence


@pytest.mark.parametrize("written", ["£1,2x0", "twelve", "1.2.3", "£", "1,20,000"])
def test_money_refused_with_the_reason(written):
    with pytest.raises(cells.CellError, match="not an amount of money"):
        cells.parse_money(written)


@pytest.mark.parametrize(("written", "start"), [
    ("2024/25", 2024), ("2024-25", 2024), ("2024/2025", 2024), (" 2024 - 25 ", 2024), ("", None),
])
def test_financial_year(written, start):
    assert cells.parse_financial_year(written) == start


@pytest.mark.parametrize("written", ["2024/26", "24/25", "2024", dt.date(2024, 4, 1)])
def test_financial_year_refused(written):
    with pytest.raises(cells.CellError):
        cells.parse_financial_year(written)


@pytest.mark.parametrize(("written", "day"), [
    (dt.datetime(2024, 3, 21, 0, 0), dt.date(2024, 3, 21)), (dt.date(2024, 3, 21), dt.date(2024, 3, 21)),
    (45372, dt.date(2024, 3, 21)), (45372.0, dt.date(2024, 3, 21)), ("45372", dt.date(2024, 3, 21)),
    ("2024-03-21", dt.date(2024, 3, 21)), ("21/03/2024", dt.date(2024, 3, 21)), ("21-03-2024", dt.date(2024, 3, 21)),
    ("21/3/24", dt.date(2024, 3, 21)), ("21 March 2024", dt.date(2024, 3, 21)), ("21st Mar 2024", dt.date(2024, 3, 21)),
    ("2024-03-21 00:00:00", dt.date(2024, 3, 21)), ("", None), (None, None),
])
def test_dates_as_councils_and_excel_write_them(written, day):
    assert cells.parse_date(written) == day


@pytest.mark.parametrize("written", ["31/02/2024", "March", "12", "21 Marchember 2024", 12])
def test_date_refused(written):
    with pytest.raises(cells.CellError, match="not a date"):
        cells.parse_date(written)


@pytest.mark.parametrize(("written", "number"), [
    ("95.3%", Decimal("95.3")), (95.3, Decimal("95.3")), ("95.3", Decimal("95.3")), ("1,234.5", Decimal("1234.5")),
    ("\u22122", Decimal("-2")), (" 7 ", Decimal("7")), (12, Decimal("12")), ("", None),
])
def test_numbers_and_percentages(written, number):
    assert cells.parse_number(written) == number


@pytest.mark.parametrize("written", ["n/a", "95.3%%", "1e5x", True])
def test_number_refused(written):
    with pytest.raises(cells.CellError):
        cells.parse_number(written)


def test_text_surrounding_spaces_and_whole_number_codes():
    assert cells.parse_text("  Digital   first  ") == "Digital first"
    assert cells.text_of(12.0) == "12"
    with pytest.raises(cells.CellError, match="the most is 5"):
        cells.parse_text("too long", max_length=5)


def test_yes_no_and_choices():
    assert [cells.parse_bool(v) for v in ("Yes", "n", "TRUE", 0, "", None)] == [True, False, True, False, None, None]
    with pytest.raises(cells.CellError, match="not yes or no"):
        cells.parse_bool("perhaps")
    options = [("amber", "Amber"), ("amber_green", "Amber/green")]
    assert cells.parse_choice("amber/GREEN", options) == "amber_green"
    assert cells.parse_choice("amber_green", options) == "amber_green"
    with pytest.raises(cells.CellError, match="not one of: Amber, Amber/green"):
        cells.parse_choice("blue", options)


def test_scores_one_to_five():
    assert cells.parse_whole_number("4", low=1, high=5) == 4
    with pytest.raises(cells.CellError, match="Score it from 1 to 5"):
        cells.parse_whole_number("6", low=1, high=5)
    with pytest.raises(cells.CellError, match="not a whole number"):
        cells.parse_whole_number("2.5", low=1, high=5)
