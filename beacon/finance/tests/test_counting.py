"""The MTFS counting rule (beacon.finance.counting, ADR 0003): a recurring saving counts once, as new saving, in
its own year and stays in every later year's cumulative position (its full-year effect carries on); a one-off
counts in its year only; the gap is target minus forecast; BRAG with blue for delivered."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.finance import counting, ledger
from beacon.finance.counting import Figures, Row
from beacon.finance.models import LineState, Recurrence, SavingsLine
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

YEARS = [2024, 2025, 2026, 2027]
X = 500_000_00


def row(year: int, amount: int, *, recurrence: str = Recurrence.RECURRING, state: str = LineState.APPROVED,
        expected: int | None = None, delivered: int = 0, group: Any = None) -> Row:
    return Row(group, year, recurrence, state, amount, amount if expected is None else expected, delivered)


def position(*rows: Row, targets: dict[int, int] | None = None) -> counting.Position:
    return counting.positions(rows, YEARS, {None: targets or {}})[None]


def test_a_recurring_saving_counts_once_in_year_and_in_every_later_cumulative_year():
    result = position(row(2025, X))
    assert [result.in_year[year].approved for year in YEARS] == [0, X, 0, 0]
    assert [result.cumulative[year].approved for year in YEARS] == [0, X, X, X]
    assert result.total.approved == X  # counted once over the period


def test_a_one_off_saving_counts_in_its_year_only():
    result = position(row(2025, X, recurrence=Recurrence.ONE_OFF))
    assert [result.in_year[year].approved for year in YEARS] == [0, X, 0, 0]
    assert [result.cumulative[year].approved for year in YEARS] == [0, X, 0, 0]


def test_recurring_and_one_off_savings_together():
    result = position(row(2024, 100), row(2025, 10, recurrence=Recurrence.ONE_OFF), row(2026, 1000))
    assert [result.cumulative[year].approved for year in YEARS] == [100, 110, 1100, 1100]


def test_each_state_counts_in_its_own_columns():
    result = position(
        row(2025, 100, state=LineState.PROPOSED),
        row(2025, 200, state=LineState.APPROVED, expected=150),
        row(2025, 300, state=LineState.DELIVERED, delivered=280),
        row(2025, 400, state=LineState.CARRIED_FORWARD),
        row(2025, 500, state=LineState.WRITTEN_OFF),
        row(2025, 600, state=LineState.REPLACED),
    )
    figures = result.in_year[2025]
    assert (figures.proposed, figures.approved, figures.forecast, figures.delivered) == (100, 480, 430, 280)


def test_the_cumulative_target_is_the_sum_of_the_years_so_far_and_the_gap_is_target_minus_forecast():
    result = position(row(2024, 60), row(2025, 30, recurrence=Recurrence.ONE_OFF),
                      targets={2024: 100, 2025: 50, 2026: 50, 2027: 0})
    assert [result.cumulative[year].target for year in YEARS] == [100, 150, 200, 200]
    assert [result.in_year[year].gap for year in YEARS] == [40, 20, 50, 0]
    assert [result.cumulative[year].gap for year in YEARS] == [40, 60, 140, 140]
    assert result.total.target == 200


def test_without_a_target_there_is_no_gap_and_no_status():
    figures = position(row(2025, 100)).in_year[2025]
    assert figures.target is None and figures.gap is None and figures.brag == ""


@pytest.mark.parametrize(
    ("forecast", "delivered", "brag"),
    [(100, 100, "blue"), (120, 90, "green"), (100, 0, "green"), (90, 0, "amber"), (89, 0, "red"), (0, 0, "red")],
)
def test_brag(forecast, delivered, brag):
    assert Figures(forecast=forecast, delivered=delivered, target=100).brag == brag


def test_groups_are_rolled_up_separately():
    rows = [row(2024, 10, group="a"), row(2025, 20, group="b"), row(2026, 5, group="a")]
    result = counting.positions(rows, YEARS, {"c": {2024: 1}})
    assert set(result) == {"a", "b", "c"}
    assert [result["a"].cumulative[year].approved for year in YEARS] == [10, 10, 15, 15]
    assert result["c"].in_year[2024].target == 1 and result["c"].in_year[2024].approved == 0


# From the database, through the ledger ---------------------------------------------------------------------------


def database_position(world: Any) -> counting.Position:
    rows = counting.rows_by(SavingsLine.objects.filter(organisation=world.home), None)
    return counting.positions(rows, YEARS, {None: {}})[None]


@pytest.mark.django_db
def test_a_partial_delivery_carried_forward_is_not_counted_twice(world):
    """The delivered line counts what was delivered and the carried line the rest, so the approved total stays the
    line's amount (counting the whole amount in its first year as well would count the rest twice)."""
    finance = world.users["finance"]
    line = ledger.create_line(actor=finance, organisation=world.home, project=world.records["plain"],
                              financial_year=financial_year(2025), amount_pence=X)
    ledger.approve_line(line, actor=finance, reason="In the MTFS")
    before = database_position(world)
    ledger.confirm_delivery(line, actor=finance, reason="Most", delivered_pence=X - 100_000_00,
                            remainder="carry_forward", carry_to=financial_year(2026))
    after = database_position(world)
    assert after.total.approved == before.total.approved == X
    assert after.in_year[2025].delivered == X - 100_000_00
    assert after.in_year[2026].approved == 100_000_00
    assert [after.cumulative[year].approved for year in YEARS] == [0, X - 100_000_00, X, X]


@pytest.mark.django_db
def test_carry_forward_write_off_and_replace_move_the_counted_money(world):
    finance = world.users["finance"]
    lines = []
    for _ in range(3):
        line = ledger.create_line(actor=finance, organisation=world.home, project=world.records["plain"],
                                  financial_year=financial_year(2025), amount_pence=X)
        ledger.approve_line(line, actor=finance, reason="In the MTFS")
        lines.append(line)
    assert database_position(world).total.approved == 3 * X
    ledger.carry_forward(lines[0], actor=finance, reason="Slipped", to_year=financial_year(2026))
    ledger.replace_line(lines[1], actor=finance, reason="Elsewhere", project=world.records["public"])
    result = database_position(world)
    assert result.total.approved == 3 * X
    assert (result.in_year[2025].approved, result.in_year[2026].approved) == (2 * X, X)
    ledger.write_off(lines[2], actor=finance, reason="Not possible")
    assert database_position(world).total.approved == 2 * X


@pytest.mark.django_db
def test_rows_by_uses_the_forecast_and_the_delivered_amount(world):
    project = world.records["plain"]
    f.SavingsLineFactory(project=project, financial_year=financial_year(2025), amount_pence=100,
                         forecast_pence=70, state=LineState.APPROVED)
    f.SavingsLineFactory(project=project, financial_year=financial_year(2025), amount_pence=100,
                         delivered_pence=90, written_off_pence=10, state=LineState.DELIVERED)
    figures = database_position(world).in_year[2025]
    assert (figures.approved, figures.forecast, figures.delivered) == (190, 160, 90)
