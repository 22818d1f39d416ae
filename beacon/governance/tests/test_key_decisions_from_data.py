"""The key-decision test applied to a decision from its linked projects' savings and contracts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.finance.models import LineState
from beacon.governance.models import Decision, KeyDecisionThresholds
from beacon.governance.selectors import key_decision, key_decisions
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db


def decision_of(organisation, **fields):
    return Decision.objects.create(organisation=organisation, title="Transformation programme", **fields)


def test_linked_projects_savings_count_in_their_largest_year():
    project = f.ProjectFactory()
    other = f.ProjectFactory(programme=project.programme)
    f.SavingsLineFactory(project=project, financial_year=financial_year(2024), amount_pence=60_000_00)
    f.SavingsLineFactory(project=other, financial_year=financial_year(2024), amount_pence=40_000_00)
    f.SavingsLineFactory(project=project, financial_year=financial_year(2025), amount_pence=90_000_00)
    f.SavingsLineFactory(project=project, financial_year=financial_year(2025), amount_pence=50_000_00,
                         state=LineState.WRITTEN_OFF)
    decision = decision_of(project.organisation)
    decision.projects.set([project, other])
    answer = key_decision(decision)
    assert answer.figures.revenue_pence == 100_000_00
    assert answer.criteria == ["Revenue budget impact of £100,000 (threshold £100,000)"]


def test_a_delivery_partner_contract_makes_the_procurement_key():
    contract = f.ContractFactory(fees_pence=450_000_00)
    decision = decision_of(contract.organisation, wards_affected="All wards are affected",
                           significant_ward_impact=True)
    decision.contracts.set([contract])
    assert key_decision(decision).criteria == [
        "Contract worth £450,000 (threshold £100,000)",
        "Significant impact in all wards (threshold 2 or more wards)",
    ]


def test_an_entered_figure_below_the_linked_one_cannot_hide_a_key_decision():
    contract = f.ContractFactory(fees_pence=450_000_00)
    decision = decision_of(contract.organisation, contract_value_pence=10_000_00)
    decision.contracts.set([contract])
    assert key_decision(decision).figures.contract_pence == 450_000_00


def test_the_organisations_thresholds_apply():
    organisation = f.OrganisationFactory()
    KeyDecisionThresholds.objects.create(organisation=organisation, revenue_pence=250_000_00)
    assert not key_decision(decision_of(organisation, revenue_impact_pence=200_000_00)).key
    assert key_decision(decision_of(organisation, revenue_impact_pence=250_000_00)).key


def test_a_key_decision_published_late_is_flagged():
    organisation = f.OrganisationFactory()
    decision = decision_of(organisation, revenue_impact_pence=200_000_00, decision_date=dt.date(2024, 3, 21),
                           forward_plan_published=dt.date(2024, 3, 1))
    assert key_decision(decision).notice.flagged


def test_queries_do_not_grow_with_the_number_of_decisions():
    organisation = f.OrganisationFactory()
    project = f.ProjectFactory(programme=f.ProgrammeFactory(organisation=organisation))
    contract = f.ContractFactory(programme=project.programme)

    def build(count):
        made = []
        for _ in range(count):
            decision = decision_of(organisation)
            decision.projects.set([project])
            decision.contracts.set([contract])
            made.append(decision)
        return made

    few, many = build(2), build(20)
    with CaptureQueriesContext(connection) as small:
        key_decisions(few)
    with CaptureQueriesContext(connection) as large:
        key_decisions(many)
    assert len(small) == len(large)
