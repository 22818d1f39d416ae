"""Shared helpers for the demo councils' money (PRODUCT C3): MTFS years, budget lines, savings lines taken through
the ledger, benefits, costs, funding sources and delivery partner contracts.

Savings lines are not upserted like the other records: each new line is created and moved through
``beacon.finance.ledger`` by the demo users who hold the right role (the programme manager proposes, the finance
officer approves it into the MTFS, confirms delivery and writes off), so that every line carries its
``SavingsEvent`` history and the forecast's calibration has outcomes to learn from. A line is matched on its code:
once it exists, loading again refreshes only its title, source and illustrative flag and never replays the ledger.

Every figure says where it comes from (``source``); a figure that no source gives is flagged ``illustrative`` and
its source text says how the demo made it. Where the demo records an outcome that the sources do not report (a
saving confirmed as delivered, carried forward or written off), the ledger's reason says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beacon.core.models import FinancialYear, Organisation
from beacon.core.money import parse_financial_year, parse_money
from beacon.demo.loader import DemoContext
from beacon.finance import ledger
from beacon.finance.models import (
    Benefit,
    BenefitKind,
    BenefitProfilePoint,
    BudgetLine,
    Contract,
    ContractMilestone,
    Cost,
    CostKind,
    FundingSource,
    Mtfs,
    MtfsYear,
    Recurrence,
    SavingsLine,
)
from beacon.programmes.models import Programme, Project

OUTCOME_ILLUSTRATIVE = (
    "Illustrative outcome: the sources do not report it; the demo records it so that the ledger and the "
    "forecast's calibration have history."
)
GAP_IS_SAVINGS = (
    "Funding gap: the sources give no separate gap for this year, so the demo takes it as the savings required "
    "to close it."
)


def pence(pounds: str | int) -> int:
    """Pence from pounds written as councils write them ("£2.18m", "£50k", 960336)."""
    value = parse_money(pounds, allow_negative=False)
    if value is None:
        raise ValueError("An amount is required.")
    return value


def financial_year(label: str) -> FinancialYear:
    """The reference row for "2024/25"."""
    start = parse_financial_year(label)
    if start is None:
        raise ValueError("A financial year is required.")
    return FinancialYear.objects.get(start_year=start)


def spread(total_pence: int, parts: int) -> list[int]:
    """``total_pence`` in ``parts`` near-equal whole-pound shares that add up to it exactly (earlier parts take
    the odd pounds): the demo's illustrative split of a figure published only as a total."""
    pounds, odd_pence = divmod(total_pence, 100)
    share, extra = divmod(pounds, parts)
    shares = [(share + (1 if index < extra else 0)) * 100 for index in range(parts)]
    shares[-1] += odd_pence
    return shares


# MTFS ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MtfsFigures:
    """One MTFS year as the demo loads it (money in pence). ``funding_gap`` None means "the same as the savings
    required" (``GAP_IS_SAVINGS`` is then added to the note)."""

    year: str
    savings_required: int
    programme_target: int | None
    illustrative: bool
    note: str
    funding_gap: int | None = None


def mtfs(
    context: DemoContext, programme: Programme, *, title: str, description: str, source: str,
    years: Sequence[MtfsFigures], approved_date: dt.date | None = None,
) -> Mtfs:
    """An MTFS of ``programme``'s organisation, over ``years`` (first to last), with one row per year."""
    record = context.upsert(
        Mtfs,
        {"organisation": programme.organisation, "title": title},
        {
            "programme": programme, "start_year": financial_year(years[0].year),
            "end_year": financial_year(years[-1].year), "description": description,
            "approved_date": approved_date, "source": source, "public": True,
        },
    )
    for figures in years:
        note = figures.note if figures.funding_gap is not None else f"{figures.note} {GAP_IS_SAVINGS}".strip()
        context.upsert(
            MtfsYear,
            {"mtfs": record, "financial_year": financial_year(figures.year)},
            {
                "organisation": programme.organisation,
                "funding_gap_pence": figures.savings_required if figures.funding_gap is None else figures.funding_gap,
                "savings_required_pence": figures.savings_required,
                "programme_target_pence": figures.programme_target,
                "illustrative": figures.illustrative,
                "note": note,
            },
        )
    return record


def budget_line(
    context: DemoContext, organisation: Organisation, *, code: str, title: str, service: str,
    budget: int | None = None,
) -> BudgetLine:
    return context.upsert(
        BudgetLine, {"organisation": organisation, "code": code},
        {"title": title, "service": service, "budget_pence": budget},
    )


# Savings lines through the ledger --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One ledger change to make to a new line: ``approve``, ``deliver`` (``amount`` pence, the rest carried
    forward to ``to`` or written off), ``carry`` (the whole line to ``to``), ``write_off``, or ``forecast``
    (``amount``, by the project's lead when the demo lead user leads it). ``then`` are the steps for the line
    that a carry forward opens."""

    action: str
    reason: str
    amount: int | None = None
    rest: str = ""
    to: str | None = None
    then: tuple[Step, ...] = field(default_factory=tuple)


def approve(reason: str = "Approved: in the MTFS agreed by full council.") -> Step:
    return Step("approve", reason)


def deliver(
    reason: str, amount: int | None = None, *, rest: str = "", to: str | None = None, then: tuple[Step, ...] = ()
) -> Step:
    return Step("deliver", reason, amount=amount, rest=rest, to=to, then=then)


def carry(reason: str, to: str, then: tuple[Step, ...] = ()) -> Step:
    return Step("carry", reason, to=to, then=then)


def write_off(reason: str) -> Step:
    return Step("write_off", reason)


def forecast(reason: str, amount: int) -> Step:
    return Step("forecast", reason, amount=amount)


def savings_line(
    context: DemoContext, project: Project, *, code: str, year: str, amount: int, source: str,
    title: str = "", recurrence: str = Recurrence.RECURRING, cashable: bool = True,
    budget: BudgetLine | None = None, illustrative: bool = False, steps: Sequence[Step] = (),
) -> SavingsLine:
    """The savings line ``code``: created (proposed) by the programme manager and taken through ``steps``, or,
    when it already exists, its title, source and illustrative flag brought up to date."""
    existing = SavingsLine.objects.filter(organisation=project.organisation, code=code).first()
    if existing is not None:
        return _refresh(context, existing, title=title, source=source, illustrative=illustrative)
    line = ledger.create_line(
        actor=context.actor, reason="Added to the demo from its source.",
        organisation=project.organisation, project=project, financial_year=financial_year(year), code=code,
        title=title, amount_pence=amount, recurrence=recurrence, cashable=cashable, budget_line=budget,
        source=source, illustrative=illustrative,
    )
    context.tally.created += 1
    _apply(context, line, steps)
    return line


def _refresh(context: DemoContext, line: SavingsLine, **values: Any) -> SavingsLine:
    changed = {name: value for name, value in values.items() if getattr(line, name) != value}
    if not changed:
        context.tally.unchanged += 1
        return line
    for name, value in changed.items():
        setattr(line, name, value)
    line.modified_by = context.actor
    line.full_clean()
    line.save(update_fields=[*changed, "modified_by", "modified_at"])
    context.tally.updated += 1
    return line


def _apply(context: DemoContext, line: SavingsLine, steps: Sequence[Step]) -> None:
    finance = context.users["finance"]
    for step in steps:
        if step.action == "approve":
            ledger.approve_line(line, actor=finance, reason=step.reason)
        elif step.action == "deliver":
            amount = line.amount_pence if step.amount is None else step.amount
            carried = ledger.confirm_delivery(
                line, actor=finance, reason=step.reason, delivered_pence=amount, remainder=step.rest,
                carry_to=financial_year(step.to) if step.to else None,
            )
            if carried is not None:
                context.tally.created += 1
                _apply(context, carried, step.then)
        elif step.action == "carry":
            assert step.to is not None, "a carry forward needs the year it goes to"
            carried = ledger.carry_forward(line, actor=context.actor, reason=step.reason,
                                           to_year=financial_year(step.to))
            context.tally.created += 1
            _apply(context, carried, step.then)
        elif step.action == "write_off":
            ledger.write_off(line, actor=finance, reason=step.reason)
        elif step.action == "forecast":
            lead = context.users["lead"]
            actor = lead if line.project.lead_id == lead.pk else context.actor
            ledger.set_forecast(line, actor=actor, reason=step.reason, forecast_pence=step.amount)
        else:
            raise ValueError(f"Unknown ledger step {step.action!r}.")


# Benefits, costs, funding, contracts -----------------------------------------------------------------------


def benefit(
    context: DemoContext, project: Project, *, code: str, title: str, measure: str, unit: str,
    owner_title: str, source: str, illustrative: bool, description: str = "",
    kind: str = BenefitKind.NON_FINANCIAL, baseline: Decimal | None = None, baseline_date: dt.date | None = None,
    target: Decimal | None = None, target_date: dt.date | None = None,
    profile: Sequence[tuple[dt.date, Decimal, Decimal | None]] = (),
) -> Benefit:
    """A benefit of ``project`` with its profile points (date, expected, actual)."""
    record = context.upsert(
        Benefit,
        {"project": project, "code": code},
        {
            "organisation": project.organisation, "title": title, "description": description, "kind": kind,
            "owner_title": owner_title, "measure": measure, "unit": unit, "baseline": baseline,
            "baseline_date": baseline_date, "target": target, "target_date": target_date, "source": source,
            "illustrative": illustrative,
        },
    )
    for day, expected, actual in profile:
        context.upsert(
            BenefitProfilePoint, {"benefit": record, "date": day},
            {"organisation": project.organisation, "expected": expected, "actual": actual},
        )
    return record


def funding(
    context: DemoContext, programme: Programme, *, code: str, title: str, kind: str, amount: int, status: str,
    source: str, year: str | None = None, up_to: bool = False, conditions: str = "",
    deadline: dt.date | None = None, illustrative: bool = False,
) -> FundingSource:
    return context.upsert(
        FundingSource,
        {"organisation": programme.organisation, "code": code},
        {
            "programme": programme, "title": title, "kind": kind, "amount_pence": amount, "up_to": up_to,
            "financial_year": financial_year(year) if year else None, "status": status, "conditions": conditions,
            "deadline": deadline, "source": source, "illustrative": illustrative, "public": True,
        },
    )


def cost(
    context: DemoContext, programme: Programme, *, title: str, year: str, amount: int, source: str,
    project: Project | None = None, kind: str = CostKind.ONE_OFF, paid_by: FundingSource | None = None,
    illustrative: bool = False,
) -> Cost:
    return context.upsert(
        Cost,
        {"programme": programme, "project": project, "financial_year": financial_year(year), "title": title},
        {
            "organisation": programme.organisation, "kind": kind, "amount_pence": amount,
            "funding_source": paid_by, "source": source, "illustrative": illustrative,
        },
    )


def contract(
    context: DemoContext, programme: Programme, *, code: str, title: str, partner: str, fees: int,
    savings_identified: int, deliverables: str, source: str, illustrative: bool = False,
    phase: Any = None, start_date: dt.date | None = None, end_date: dt.date | None = None,
    roi_low: Decimal = Decimal(3), roi_high: Decimal = Decimal(5),
    milestones: Sequence[tuple[str, dt.date, dt.date | None, int | None]] = (),
) -> Contract:
    """A delivery partner contract with its milestones (title, due date, actual date, fee in pence)."""
    record = context.upsert(
        Contract,
        {"organisation": programme.organisation, "code": code},
        {
            "programme": programme, "phase": phase, "title": title, "partner": partner, "fees_pence": fees,
            "savings_identified_pence": savings_identified, "roi_expected_low": roi_low,
            "roi_expected_high": roi_high, "start_date": start_date, "end_date": end_date,
            "deliverables": deliverables, "source": source, "illustrative": illustrative, "confidential": False,
        },
    )
    for milestone_title, due, actual, fee in milestones:
        context.upsert(
            ContractMilestone, {"contract": record, "title": milestone_title},
            {"organisation": programme.organisation, "due_date": due, "actual_date": actual, "fee_pence": fee},
        )
    return record


def summary(organisation: Organisation) -> str:
    """A one-line count of an organisation's money records, for the progress output."""
    counts = {
        "MTFS years": MtfsYear.objects.filter(organisation=organisation).count(),
        "savings lines": SavingsLine.objects.filter(organisation=organisation).count(),
        "benefits": Benefit.objects.filter(organisation=organisation).count(),
        "costs": Cost.objects.filter(organisation=organisation).count(),
        "funding sources": FundingSource.objects.filter(organisation=organisation).count(),
        "contracts": Contract.objects.filter(organisation=organisation).count(),
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count)
