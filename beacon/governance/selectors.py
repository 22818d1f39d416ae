"""Reads for governance: the key-decision test applied to decisions from their data, in a constant number of
queries for any number of decisions (lists, the forward plan, the API)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.finance.models import LineState, SavingsLine
from beacon.governance.keydecision import (
    Figures,
    Notice,
    Result,
    Thresholds,
    count_wards,
    forward_plan_notice,
    key_decision_test,
)
from beacon.governance.models import Board, Decision, KeyDecisionThresholds

# The savings lines that say what a decision changes in a service budget: live lines, not those moved on.
REVENUE_STATES = (LineState.PROPOSED, LineState.APPROVED, LineState.DELIVERED)


def thresholds_for(organisation: Organisation | int) -> Thresholds:
    """The organisation's key-decision thresholds, or the defaults (Chorley's) when it has set none."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    row = KeyDecisionThresholds.objects.filter(organisation_id=organisation_id).first()
    if row is None:
        return Thresholds()
    return Thresholds(revenue_pence=row.revenue_pence, contract_pence=row.contract_pence,
                      capital_pence=row.capital_pence, wards=row.wards, notice_days=row.notice_days)


@dataclass(frozen=True)
class KeyDecision:
    """A decision's key-decision test and its forward plan notice."""

    figures: Figures
    thresholds: Thresholds
    result: Result
    notice: Notice

    @property
    def key(self) -> bool:
        return self.result.key

    @property
    def criteria(self) -> list[str]:
        return self.result.criteria


def linked_figures(decisions: Iterable[Decision]) -> dict[int, tuple[int, int]]:
    """For each decision: (its linked projects' savings in their largest year, its linked contracts' fees).
    Two queries whatever the number of decisions."""
    ids = [decision.pk for decision in decisions]
    through_projects = Decision.projects.through.objects.filter(decision_id__in=ids).values_list(
        "decision_id", "project_id"
    )
    projects_of: dict[int, set[int]] = defaultdict(set)
    for decision_id, project_id in through_projects:
        projects_of[decision_id].add(project_id)
    all_projects = set().union(*projects_of.values()) if projects_of else set()
    by_project_year: dict[int, dict[int, int]] = defaultdict(dict)
    if all_projects:
        summed = (
            SavingsLine.objects.filter(project_id__in=all_projects, state__in=REVENUE_STATES)
            .order_by()
            .values_list("project_id", "financial_year_id")
            .annotate(total=Sum("amount_pence"))
        )
        for project_id, year_id, total in summed:
            by_project_year[project_id][year_id] = total or 0
    fees: dict[int, int] = {
        row["decision_id"]: row["total"]
        for row in Decision.contracts.through.objects.filter(decision_id__in=ids)
        .order_by()
        .values("decision_id")
        .annotate(total=Sum("contract__fees_pence"))
    }
    result = {}
    for decision_id in ids:
        per_year: dict[int, int] = defaultdict(int)
        for project_id in projects_of.get(decision_id, ()):
            for year_id, total in by_project_year[project_id].items():
                per_year[year_id] += total
        result[decision_id] = (max(per_year.values(), default=0), fees.get(decision_id) or 0)
    return result


def figures_of(decision: Decision, linked: tuple[int, int]) -> Figures:
    """The figures the test reads: the larger of the figure entered and the one from the decision's links."""
    revenue, contract = linked
    wards, all_wards = count_wards(decision.wards_affected)
    return Figures(
        revenue_pence=max(decision.revenue_impact_pence or 0, revenue),
        contract_pence=max(decision.contract_value_pence or 0, contract),
        capital_pence=decision.capital_scheme_pence or 0,
        wards=wards,
        all_wards=all_wards or decision.all_wards,
        significant_ward_impact=decision.significant_ward_impact,
    )


def key_decisions(decisions: Iterable[Decision]) -> dict[int, KeyDecision]:
    """The key-decision test and notice of each decision (all of one organisation or of several)."""
    decisions = list(decisions)
    linked = linked_figures(decisions)
    thresholds: dict[int, Thresholds] = {}
    rows = KeyDecisionThresholds.objects.filter(organisation_id__in={d.organisation_id for d in decisions})
    for row in rows:
        thresholds[row.organisation_id] = Thresholds(
            revenue_pence=row.revenue_pence, contract_pence=row.contract_pence, capital_pence=row.capital_pence,
            wards=row.wards, notice_days=row.notice_days,
        )
    answers = {}
    for decision in decisions:
        limits = thresholds.get(decision.organisation_id, Thresholds())
        figures = figures_of(decision, linked[decision.pk])
        result = key_decision_test(figures, limits)
        notice = forward_plan_notice(
            key=result.key, published=decision.forward_plan_published, decision_date=decision.decision_date,
            notice_days=limits.notice_days, general_exception=decision.general_exception,
            special_urgency=decision.special_urgency,
        )
        answers[decision.pk] = KeyDecision(figures, limits, result, notice)
    return answers


def key_decision(decision: Decision) -> KeyDecision:
    return key_decisions([decision])[decision.pk]


def boards_of(organisation: Any, user: Any) -> QuerySet[Board]:
    """The boards a request may go to: the organisation's, not archived. Boards have no confidential side, so the
    form narrows them to the organisation itself."""
    boards = policy.readable(Board.objects.filter(archived=False), user)
    return boards.filter(organisation=organisation).order_by("title") if organisation else boards
