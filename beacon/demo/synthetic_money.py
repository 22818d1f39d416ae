"""The synthetic council's money: an MTFS over five years with the transformation portfolio's targets, budget
lines, four savings lines per project (8,000 at PRODUCT's 2,000 projects) in a realistic mix of states, and
the ledger events of the closed ones, so that the forecast and its calibration have data at scale.

Everything is illustrative and deterministic (the builder's generator for the step). Rows are written with
``bulk_create``: the ledger's rules are followed by construction (a closed line's amount is what was delivered,
written off and carried forward; a carried-forward line opens a later line that points back to it), not checked
line by line, which would be too slow for ``make bench``. Only the events that calibration reads are written:
closed lines' outcomes and carried-forward lines' creation.

Outcomes of past years depend on the project's delivery confidence, so that calibration finds ratings that mean
something: Green lines are mostly delivered in full, Red lines often are not.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from beacon.core.models import FinancialYear, Role
from beacon.core.money import financial_year_of
from beacon.finance.models import (
    BudgetLine,
    LedgerAction,
    LineState,
    Mtfs,
    MtfsYear,
    Recurrence,
    SavingsEvent,
    SavingsLine,
)
from beacon.programmes.models import Confidence, Project, Stage

if TYPE_CHECKING:
    from beacon.demo.synthetic import SyntheticCouncilBuilder

LINES_PER_PROJECT = 4
YEARS_BEFORE = 2  # the MTFS runs from two years before the current one ...
YEARS_AFTER = 2  # ... to two years after it: five years
PROJECTS_PER_BUDGET_LINE = 10
BUDGETED_SHARE = 0.8
RECURRING_SHARE = 0.75
CASHABLE_SHARE = 0.85
PROPOSED_SHARE_OF_FUTURE = 0.25
# Some budget lines are set below what their lines claim, so that double counting has something to flag.
OVERCLAIMED_SHARE = 0.05
# Approved lines of doubtful projects whose lead has forecast less than the amount.
FORECAST_SHARE = 0.4
DOUBTFUL = {Confidence.AMBER, Confidence.AMBER_RED, Confidence.RED}
# The programme is held to a little less than the approved plan; the MTFS needs more than the programme gives.
TARGET_SHARE_OF_PLAN = 0.92
PROGRAMME_SHARE_OF_REQUIRED = 0.6
PIPELINE = {Stage.IDEA, Stage.HLBC, Stage.FBC}
SOURCE = "Synthetic data for testing at scale."
TITLES = ["Staffing", "Contracts", "Income", "Demand", "Property", "Systems", "Commissioning", "Fees and charges"]
# £ bands of a line's amount and their weights.
AMOUNT_BANDS = [
    ((10_000, 50_000), 30), ((50_000, 250_000), 40), ((250_000, 1_000_000), 25), ((1_000_000, 3_000_000), 5),
]
ROUND_TO = 10_000_000  # MTFS figures in whole £100,000s, in pence

FULL, PARTIAL, CARRY, WRITE_OFF = "full", "partial", "carry", "write_off"
# For each rating, the weights of a past line's outcome: delivered in full, delivered in part (the rest written
# off), carried forward (in whole or in part), written off.
OUTCOMES: dict[str, list[tuple[str, int]]] = {
    Confidence.GREEN: [(FULL, 85), (PARTIAL, 8), (CARRY, 4), (WRITE_OFF, 3)],
    Confidence.AMBER_GREEN: [(FULL, 75), (PARTIAL, 12), (CARRY, 7), (WRITE_OFF, 6)],
    Confidence.AMBER: [(FULL, 60), (PARTIAL, 18), (CARRY, 10), (WRITE_OFF, 12)],
    Confidence.AMBER_RED: [(FULL, 45), (PARTIAL, 20), (CARRY, 12), (WRITE_OFF, 23)],
    Confidence.RED: [(FULL, 30), (PARTIAL, 20), (CARRY, 15), (WRITE_OFF, 35)],
    "": [(FULL, 60), (PARTIAL, 15), (CARRY, 10), (WRITE_OFF, 15)],
}


def pick(rng: random.Random, spread: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*spread, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Spec:
    """A savings line before it is written, with the index of the line it was carried from."""

    project: Project
    slot: int
    year: int
    amount: int
    recurrence: str
    cashable: bool
    budget: int | None
    title: str
    state: str = LineState.PROPOSED
    delivered: int = 0
    written_off: int = 0
    carried_forward: int = 0
    forecast: int | None = None
    carried_from: int | None = None


class SavingsGenerator:
    """Plans every line in memory, then writes budget lines, the MTFS, the lines and their events in bulk."""

    def __init__(self, builder: SyntheticCouncilBuilder, rng: random.Random) -> None:
        self.builder = builder
        self.rng = rng
        self.current = financial_year_of(builder.today)
        self.first = self.current - YEARS_BEFORE
        self.last = self.current + YEARS_AFTER
        self.budget_count = max(8, len(builder.project_rows) // PROJECTS_PER_BUDGET_LINE)
        self.specs: list[Spec] = []

    def build(self) -> None:
        for project in self.builder.project_rows:
            self.plan_project(project)
        years = {fy.start_year: fy for fy in FinancialYear.objects.filter(start_year__range=(self.first, self.last))}
        budgets = self.write_budget_lines()
        self.write_mtfs(years)
        lines = self.write_lines(years, budgets)
        self.write_events(lines)

    # Planning -------------------------------------------------------------------------------------------

    def amount(self) -> int:
        low, high = pick(self.rng, AMOUNT_BANDS)
        return self.rng.randint(low // 1_000, high // 1_000) * 1_000 * 100

    def plan_project(self, project: Project) -> None:
        rng = self.rng
        if project.stage in PIPELINE:
            years = sorted(rng.randint(self.current, self.last) for _ in range(LINES_PER_PROJECT))
        else:
            offset = rng.randint(0, 1)
            years = [self.first + offset + slot for slot in range(LINES_PER_PROJECT)]
        carried_from: int | None = None
        for slot, year in enumerate(years):
            if carried_from is not None:
                parent = self.specs[carried_from]
                spec = Spec(project=project, slot=slot, year=parent.year + 1, amount=parent.carried_forward,
                            recurrence=parent.recurrence, cashable=parent.cashable, budget=parent.budget,
                            title=parent.title, state=LineState.APPROVED, carried_from=carried_from)
            else:
                spec = Spec(
                    project=project, slot=slot, year=year, amount=self.amount(),
                    recurrence=Recurrence.RECURRING if rng.random() < RECURRING_SHARE else Recurrence.ONE_OFF,
                    cashable=rng.random() < CASHABLE_SHARE,
                    budget=rng.randrange(self.budget_count) if rng.random() < BUDGETED_SHARE else None,
                    title=f"{rng.choice(TITLES)} saving",
                )
            self.specs.append(spec)
            last_slot = slot == LINES_PER_PROJECT - 1
            carried_from = len(self.specs) - 1 if self.settle(spec, may_carry=not last_slot) else None

    def settle(self, spec: Spec, *, may_carry: bool) -> bool:
        """Give ``spec`` its state; answer whether it carries money into the next slot."""
        rng, stage, rating = self.rng, spec.project.stage, spec.project.delivery_confidence
        if stage in PIPELINE:
            return False  # proposed
        if stage == Stage.STOPPED:
            if spec.year < self.current and rng.random() < 0.4:
                spec.state, spec.delivered = LineState.DELIVERED, spec.amount
            else:
                spec.state, spec.written_off = LineState.WRITTEN_OFF, spec.amount
            return False
        if spec.year > self.current and spec.carried_from is None and rng.random() < PROPOSED_SHARE_OF_FUTURE:
            return False  # proposed
        spec.state = LineState.APPROVED
        if spec.year >= self.current:
            if rating in DOUBTFUL and rng.random() < FORECAST_SHARE:
                spec.forecast = int(spec.amount * rng.uniform(0.5, 0.95)) // 100_000 * 100_000
            return False
        outcome = pick(rng, OUTCOMES[rating])
        if outcome == CARRY and not may_carry:
            outcome = WRITE_OFF
        if outcome == FULL:
            spec.state, spec.delivered = LineState.DELIVERED, spec.amount
        elif outcome == WRITE_OFF:
            spec.state, spec.written_off = LineState.WRITTEN_OFF, spec.amount
        elif outcome == PARTIAL:
            spec.state, spec.delivered = LineState.DELIVERED, self.part(spec.amount)
            spec.written_off = spec.amount - spec.delivered
        elif rng.random() < 0.5:  # carried forward in whole
            spec.state, spec.carried_forward = LineState.CARRIED_FORWARD, spec.amount
        else:  # delivered in part, the rest carried forward
            spec.state, spec.delivered = LineState.DELIVERED, self.part(spec.amount)
            spec.carried_forward = spec.amount - spec.delivered
        return outcome == CARRY

    def part(self, amount: int) -> int:
        return int(amount * self.rng.uniform(0.4, 0.95)) // 100_000 * 100_000

    # Writing --------------------------------------------------------------------------------------------

    def write_budget_lines(self) -> list[BudgetLine]:
        """Budget lines sized on what their lines claim, a few of them below it."""
        claimed: dict[tuple[int, int], int] = defaultdict(int)
        for spec in self.specs:
            if spec.budget is not None and spec.state in (LineState.PROPOSED, LineState.APPROVED):
                claimed[(spec.budget, spec.year)] += spec.amount
            elif spec.budget is not None and spec.state == LineState.DELIVERED:
                claimed[(spec.budget, spec.year)] += spec.delivered
        most: dict[int, int] = defaultdict(int)
        for (budget, _year), amount in claimed.items():
            most[budget] = max(most[budget], amount)
        rows = []
        titles = self.builder.workstream_rows
        for index in range(self.budget_count):
            # The first is always over-claimed, so that the double-counting flags (and their query) exist at
            # every size: the bench compares query counts across sizes.
            over = index == 0 or self.rng.random() < OVERCLAIMED_SHARE
            factor = self.rng.uniform(0.75, 0.95) if over else self.rng.uniform(1.15, 2.0)
            budget = int((most[index] or 50_000_000) * factor) // 100_000 * 100_000
            service = titles[index % len(titles)].title
            rows.append(BudgetLine(
                organisation=self.builder.organisation, code=f"CC{index + 1:04d}",
                title=f"{service}: cost centre {index + 1}", service=service, budget_pence=budget,
            ))
        return BudgetLine.objects.bulk_create(rows)

    def write_mtfs(self, years: dict[int, FinancialYear]) -> None:
        planned: dict[int, int] = defaultdict(int)
        for spec in self.specs:
            if spec.state != LineState.PROPOSED and spec.carried_from is None:
                planned[spec.year] += spec.amount
        organisation = self.builder.organisation
        mtfs = Mtfs.objects.create(
            organisation=organisation,
            title=f"Medium-Term Financial Strategy {years[self.first]} to {years[self.last]}",
            start_year=years[self.first], end_year=years[self.last], source=SOURCE,
            description="Illustrative MTFS of a synthetic council. The programme's share is the whole "
                        "transformation portfolio's (its three programmes).",
        )
        rows = []
        for start in range(self.first, self.last + 1):
            target = int(planned[start] * TARGET_SHARE_OF_PLAN) // ROUND_TO * ROUND_TO
            required = math.ceil(target / PROGRAMME_SHARE_OF_REQUIRED / ROUND_TO) * ROUND_TO
            rows.append(MtfsYear(
                organisation=organisation, mtfs=mtfs, financial_year=years[start], savings_required_pence=required,
                funding_gap_pence=required * 11 // 10, programme_target_pence=target, illustrative=True,
                note="Illustrative: a synthetic council's figures.",
            ))
        MtfsYear.objects.bulk_create(rows)

    def write_lines(self, years: dict[int, FinancialYear], budgets: list[BudgetLine]) -> list[SavingsLine]:
        # Ids rather than instances: setting thousands of related objects is a large part of the cost.
        organisation_id, actor_id = self.builder.organisation.pk, self.builder.users[Role.PROGRAMME].pk
        year_ids = {start: year.pk for start, year in years.items()}
        budget_ids = [budget.pk for budget in budgets]
        lines = SavingsLine.objects.bulk_create([
            SavingsLine(
                organisation_id=organisation_id, project_id=spec.project.pk, financial_year_id=year_ids[spec.year],
                code=f"{spec.project.code}-S{spec.slot + 1}", title=spec.title, amount_pence=spec.amount,
                recurrence=spec.recurrence, cashable=spec.cashable, state=spec.state,
                budget_line_id=budget_ids[spec.budget] if spec.budget is not None else None,
                forecast_pence=spec.forecast, delivered_pence=spec.delivered, written_off_pence=spec.written_off,
                carried_forward_pence=spec.carried_forward, source=SOURCE, illustrative=True,
                created_by_id=actor_id, modified_by_id=actor_id,
            )
            for spec in self.specs
        ])
        children = []
        for line, spec in zip(lines, self.specs, strict=True):
            if spec.carried_from is not None:
                line.carried_from_id = lines[spec.carried_from].pk
                children.append(line)
        SavingsLine.objects.bulk_update(children, ["carried_from"])
        return lines

    def write_events(self, lines: list[SavingsLine]) -> None:
        """The ledger events that calibration learns from: each closed line's outcome (with its project's rating)
        and each carried-forward line's creation (pointing back to the line it came from). The proposals and
        approvals before them are left out: they would triple the rows to write and tell calibration nothing."""
        programme, finance = self.builder.users[Role.PROGRAMME].pk, self.builder.users[Role.FINANCE].pk
        carried_to = {
            spec.carried_from: index for index, spec in enumerate(self.specs) if spec.carried_from is not None
        }
        events: list[SavingsEvent] = []
        for index, (line, spec) in enumerate(zip(lines, self.specs, strict=True)):
            add = EventWriter(events, self.builder.organisation.pk, line, spec.project.delivery_confidence)
            child = lines[carried_to[index]] if index in carried_to else None
            if spec.carried_from is not None:
                add(LedgerAction.CREATED, "", LineState.APPROVED, spec.amount, programme,
                    "Carried forward (synthetic).", lines[spec.carried_from])
            if spec.state == LineState.DELIVERED:
                add(LedgerAction.DELIVERED, LineState.APPROVED, LineState.DELIVERED, spec.delivered, finance,
                    "Confirmed as delivered (synthetic).", child)
                if spec.written_off:
                    add(LedgerAction.WRITTEN_OFF, LineState.DELIVERED, LineState.DELIVERED, spec.written_off,
                        finance, "The rest written off (synthetic).")
            elif spec.state == LineState.CARRIED_FORWARD:
                add(LedgerAction.CARRIED_FORWARD, LineState.APPROVED, LineState.CARRIED_FORWARD, spec.amount,
                    programme, "Carried forward (synthetic).", child)
            elif spec.state == LineState.WRITTEN_OFF:
                add(LedgerAction.WRITTEN_OFF, LineState.APPROVED, LineState.WRITTEN_OFF, spec.amount, finance,
                    "Written off (synthetic).")
        SavingsEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class EventWriter:
    """Adds one line's events to ``events``, with the rating of its project as the ledger records it."""

    events: list[SavingsEvent]
    organisation_id: int
    line: SavingsLine
    confidence: str

    def __call__(self, action: str, from_state: str, to_state: str, amount: int, actor: int, reason: str,
                 related: SavingsLine | None = None) -> None:
        self.events.append(SavingsEvent(
            organisation_id=self.organisation_id, line_id=self.line.pk, action=action, from_state=from_state,
            to_state=to_state, amount_pence=amount, related_line_id=related.pk if related else None,
            confidence=self.confidence, actor_id=actor, reason=reason, created_by_id=actor, modified_by_id=actor,
        ))


def build_savings(builder: SyntheticCouncilBuilder, rng: random.Random) -> None:
    SavingsGenerator(builder, rng).build()
