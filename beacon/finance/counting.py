"""The MTFS counting rule and the savings roll-ups (ADR 0003).

MTFS savings are incremental. A recurring line of £X in 2025/26 is new saving in 2025/26 and stays in the
budget from then on: it counts once, as new saving, in its own year, and is carried in the cumulative base
after. A one-off line counts in its year only and must be found again the next year. "Savings required"
for a year is the new saving needed in that year.

So for each year Y:
- in-year figures count every live line whose year is Y (new saving in Y);
- the cumulative base reduction is every recurring line with a year up to Y, plus the one-off lines of Y;
- the cumulative target is the sum of the targets of the years up to Y;
- the gap is target − forecast (positive: a shortfall), in-year and cumulatively.

Columns: ``proposed`` (lines not yet approved: the pipeline, not counted against the target), ``approved``
(lines in the MTFS: approved, or delivered, counting what was delivered), ``forecast`` (what approved lines
are now expected to deliver: delivered if confirmed, else the lead's forecast, else the full amount),
``delivered`` (confirmed by finance). BRAG: Blue when delivered meets the target, Green when the forecast
does, Amber when the forecast is within 10% of it, Red otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, F, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from beacon.finance.models import LineState, Recurrence, SavingsLine

AMBER_WITHIN = 0.10
COLUMNS = ("proposed", "approved", "forecast", "delivered")


@dataclass
class Figures:
    """Money in pence for one year (or one cumulative position)."""

    proposed: int = 0
    approved: int = 0
    forecast: int = 0
    delivered: int = 0
    target: int | None = None

    def add(self, other: Figures) -> None:
        # Spelt out rather than looped over COLUMNS: a tracker adds figures tens of thousands of times a page.
        self.proposed += other.proposed
        self.approved += other.approved
        self.forecast += other.forecast
        self.delivered += other.delivered

    @property
    def gap(self) -> int | None:
        """Target − forecast: positive is a shortfall."""
        return None if self.target is None else self.target - self.forecast

    @property
    def delivered_gap(self) -> int | None:
        return None if self.target is None else self.target - self.delivered

    @property
    def brag(self) -> str:
        """"blue", "green", "amber", "red", or "" without a target."""
        if not self.target:
            return ""
        if self.delivered >= self.target:
            return "blue"
        if self.forecast >= self.target:
            return "green"
        return "amber" if self.forecast >= self.target * (1 - AMBER_WITHIN) else "red"


@dataclass
class Position:
    """A roll-up: in-year and cumulative figures by financial year, for one group (a project, a workstream,
    a programme, or the whole MTFS)."""

    years: Sequence[int]
    in_year: dict[int, Figures] = field(default_factory=dict)
    cumulative: dict[int, Figures] = field(default_factory=dict)
    total: Figures = field(default_factory=Figures)


@dataclass(frozen=True)
class Row:
    """Money summed over the lines of one group, year, recurrence and state (what the database answers)."""

    group: Hashable
    year: int
    recurrence: str
    state: str
    amount: int
    expected: int
    delivered: int


def figures_of(state: str, amount: int, expected: int, delivered: int) -> Figures:
    """What lines in ``state`` add to each column."""
    if state == LineState.PROPOSED:
        return Figures(proposed=amount)
    if state == LineState.APPROVED:
        return Figures(approved=amount, forecast=expected)
    if state == LineState.DELIVERED:
        # What was delivered, not the line's amount: the rest was carried forward (and counts again, as approved,
        # in its new year) or written off (and, like a line written off whole, no longer counts).
        return Figures(approved=delivered, forecast=delivered, delivered=delivered)
    return Figures()  # carried forward, written off, replaced: their money now sits elsewhere, or nowhere


def positions(
    rows: Iterable[Row], years: Sequence[int], targets: dict[Hashable, dict[int, int]] | None = None
) -> dict[Hashable, Position]:
    """Roll ``rows`` up per group into in-year and cumulative figures under the counting rule."""
    targets = targets or {}
    in_year: dict[Hashable, dict[int, Figures]] = defaultdict(lambda: defaultdict(Figures))
    recurring: dict[Hashable, dict[int, Figures]] = defaultdict(lambda: defaultdict(Figures))
    groups: set[Hashable] = set(targets)
    for row in rows:
        groups.add(row.group)
        figures = figures_of(row.state, row.amount, row.expected, row.delivered)
        in_year[row.group][row.year].add(figures)
        if row.recurrence == Recurrence.RECURRING:
            recurring[row.group][row.year].add(figures)
    result = {}
    for group in groups:
        position = Position(years=years)
        base = Figures()  # recurring savings of earlier years, carried in the budget
        cumulative_target: int | None = None
        group_targets = targets.get(group, {})
        for year in years:
            figures = in_year[group][year] if year in in_year[group] else Figures()
            figures.target = group_targets.get(year)
            position.in_year[year] = figures
            position.total.add(figures)
            if figures.target is not None:
                cumulative_target = (cumulative_target or 0) + figures.target
            cumulative = Figures(target=cumulative_target)
            cumulative.add(base)
            cumulative.add(figures)  # this year's lines, recurring and one-off
            position.cumulative[year] = cumulative
            if year in recurring[group]:
                base.add(recurring[group][year])
        if group_targets:
            position.total.target = sum(group_targets.get(year, 0) for year in years)
        result[group] = position
    return result


def combined(parts: Iterable[Position], years: Sequence[int], targets: dict[int, int] | None = None) -> Position:
    """One position from several (a programme from its workstreams, the organisation from its programmes):
    every figure adds, in-year, cumulatively and in total; ``targets`` then apply as in ``positions``."""
    result = Position(years=years)
    for year in years:
        result.in_year[year] = Figures()
        result.cumulative[year] = Figures()
    for part in parts:
        for year in years:
            result.in_year[year].add(part.in_year[year])
            result.cumulative[year].add(part.cumulative[year])
        result.total.add(part.total)
    if targets:
        running: int | None = None
        for year in years:
            target = targets.get(year)
            result.in_year[year].target = target
            if target is not None:
                running = (running or 0) + target
            result.cumulative[year].target = running
        result.total.target = sum(targets.get(year, 0) for year in years)
    return result


def expected_expression() -> Case:
    return Case(
        When(state=LineState.DELIVERED, then=F("delivered_pence")),
        default=Coalesce(F("forecast_pence"), F("amount_pence")),
    )


def rows_by(queryset: QuerySet[SavingsLine], group: str | None) -> list[Row]:
    """One grouped query: money by ``group`` (a lookup such as "project__workstream_id", or None for one
    group), year, recurrence and state."""
    keys = ["financial_year__start_year", "recurrence", "state"] + ([group] if group else [])
    summed = (
        queryset.order_by()
        .values(*keys)
        .annotate(amount=Sum("amount_pence"), expected=Sum(expected_expression()), delivered=Sum("delivered_pence"))
    )
    return [
        Row(
            group=item[group] if group else None, year=item["financial_year__start_year"],
            recurrence=item["recurrence"], state=item["state"], amount=item["amount"] or 0,
            expected=item["expected"] or 0, delivered=item["delivered"] or 0,
        )
        for item in summed
    ]
