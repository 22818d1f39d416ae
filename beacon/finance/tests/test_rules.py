"""Double counting (beacon.finance.rules.double_counting): two or more live lines of one year that claim more
than one budget line's budget between them are flagged; nothing else is."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.core import policy
from beacon.finance.models import LineState, SavingsLine
from beacon.finance.rules import double_counting
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

BUDGET = 500_000_00


@pytest.fixture
def budget(world: Any) -> Any:
    return f.BudgetLineFactory(organisation=world.home, code="CC100", title="Home care", budget_pence=BUDGET)


def claim(world: Any, project: str, budget: Any, amount: int, year: int = 2025, **extra: Any) -> SavingsLine:
    return f.SavingsLineFactory(project=world.records[project], budget_line=budget, amount_pence=amount,
                                financial_year=financial_year(year), state=extra.pop("state", LineState.APPROVED),
                                **extra)


def flags_of(world: Any) -> list[Any]:
    flags, total = double_counting(SavingsLine.objects.filter(organisation=world.home))
    assert total == len(flags)
    return flags


def test_two_projects_claiming_more_than_the_budget_in_one_year_are_flagged(world, budget):
    first = claim(world, "plain", budget, 300_000_00, title="Fewer placements")
    second = claim(world, "public", budget, 250_000_00, state=LineState.PROPOSED)
    [flag] = flags_of(world)
    assert (flag.budget_line, flag.financial_year) == ("CC100 Home care", "2025/26")
    assert (flag.budget_pence, flag.claimed_pence, flag.excess_pence) == (BUDGET, 550_000_00, 50_000_00)
    assert {line.id for line in flag.lines} == {first.pk, second.pk}
    assert {line.project for line in flag.lines} == {str(world.records["plain"]), str(world.records["public"])}


def test_claims_within_the_budget_are_not_flagged(world, budget):
    claim(world, "plain", budget, 300_000_00)
    claim(world, "public", budget, 200_000_00)
    assert flags_of(world) == []


def test_claims_in_different_years_are_not_flagged(world, budget):
    claim(world, "plain", budget, 400_000_00, year=2025)
    claim(world, "public", budget, 400_000_00, year=2026)
    assert flags_of(world) == []


def test_one_line_alone_is_not_double_counting(world, budget):
    claim(world, "plain", budget, 900_000_00)
    assert flags_of(world) == []


def test_a_budget_line_without_a_budget_is_not_checked(world):
    unknown = f.BudgetLineFactory(organisation=world.home, budget_pence=None)
    claim(world, "plain", unknown, 300_000_00)
    claim(world, "public", unknown, 300_000_00)
    assert flags_of(world) == []


@pytest.mark.parametrize("state", [LineState.CARRIED_FORWARD, LineState.WRITTEN_OFF, LineState.REPLACED])
def test_lines_whose_money_has_moved_on_claim_nothing(world, budget, state):
    claim(world, "plain", budget, 300_000_00)
    claim(world, "public", budget, 300_000_00, state=state)
    assert flags_of(world) == []


def test_a_delivered_line_claims_what_was_delivered(world, budget):
    claim(world, "plain", budget, 300_000_00)
    claim(world, "public", budget, 300_000_00, state=LineState.DELIVERED, delivered_pence=150_000_00,
          written_off_pence=150_000_00)
    assert flags_of(world) == []
    claim(world, "led", budget, 60_000_00)
    [flag] = flags_of(world)
    assert flag.claimed_pence == 510_000_00


def test_the_largest_excess_comes_first_and_the_list_can_be_cut(world, budget):
    other = f.BudgetLineFactory(organisation=world.home, code="CC200", budget_pence=100_000_00)
    claim(world, "plain", budget, 300_000_00)
    claim(world, "public", budget, 300_000_00)  # 100k over
    claim(world, "plain", other, 300_000_00)
    claim(world, "public", other, 300_000_00)  # 500k over
    flags, total = double_counting(SavingsLine.objects.filter(organisation=world.home), limit=1)
    assert total == 2
    assert [flag.budget_line_id for flag in flags] == [other.pk]


def test_a_reader_is_only_shown_claims_they_may_read(world, budget):
    claim(world, "plain", budget, 300_000_00)
    claim(world, "secret", budget, 300_000_00)
    lines = SavingsLine.objects.filter(organisation=world.home)
    assert double_counting(policy.readable(lines, world.users["viewer"]))[1] == 0
    assert double_counting(policy.readable(lines, world.users["finance"]))[1] == 1


def test_two_queries_whatever_the_number_of_flags(world, budget, django_assert_num_queries):
    for index in range(5):
        line = f.BudgetLineFactory(organisation=world.home, code=f"X{index}", budget_pence=100)
        claim(world, "plain", line, 100)
        claim(world, "public", line, 100)
    with django_assert_num_queries(2):
        flags, total = double_counting(SavingsLine.objects.filter(organisation=world.home))
    assert total == 5 and all(len(flag.lines) == 2 for flag in flags)
