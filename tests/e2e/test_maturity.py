"""Capability maturity and in-year spend controls in a real browser, each page checked with axe: the framework with
level 4 shown as unnamed, an assessment entered through the row-per-capability form (a score of 5.5 refused first),
its chart and table, the comparison over time, and a spend request refused without a reason, then approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pages import BasePage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.governance.models import (
    AssessmentKind,
    Board,
    Capability,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
    SpendRequest,
    SpendRequestStatus,
)
from beacon.testing.world import World

M = "/org/home/governance/maturity"
S = "/org/home/governance/spend"


def maturity_world(world: World) -> MaturityFramework:
    framework = MaturityFramework.objects.create(organisation=world.home,
                                                 title="LGA Transformation Capability Framework")
    for number, name in {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}.items():
        MaturityLevel.objects.create(organisation=world.home, framework=framework, number=number, name=name)
    titles = ["Capacity and resources for change", "Programme and portfolio management", "Workforce skills and culture"]
    capabilities = [Capability.objects.create(organisation=world.home, framework=framework, title=title, order=order)
                    for order, title in enumerate(titles, start=1)]
    assessment = MaturityAssessment.objects.create(
        organisation=world.home, framework=framework, kind=AssessmentKind.SELF, date=dt.date(2024, 1, 31),
        summary="Towards the top end of 1 (Tactical) with some pockets in level 2 and level 3.", illustrative=True)
    for capability, score in zip(capabilities, ["1.6", "1.8", "2.3"], strict=True):
        MaturityScore.objects.create(organisation=world.home, assessment=assessment, capability=capability,
                                     score=Decimal(score), evidence="The report's words")
    return framework


def test_maturity_pages(page: Page, world: World, signed_in):
    framework = maturity_world(world)
    signed_in(page, "programme")
    view = BasePage(page)

    view.goto(f"{M}/{framework.pk}/")
    expect(view.heading).to_have_text("LGA Transformation Capability Framework")
    expect(page.get_by_role("table", name="Maturity levels")).to_contain_text("Level 4 (name not published)")
    assert_accessible(page, "maturity-framework")

    view.goto(f"{M}/{framework.pk}/assess/")
    page.get_by_label("Peer review").check()
    view.fill_date("Date of the assessment", "2024-03-28")
    page.get_by_label("Score for Capacity and resources for change").fill("5.5")
    page.get_by_label("Score for Programme and portfolio management").fill("2.1")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Score it from 1 to 5")
    assert_accessible(page, "maturity-assessment-form-errors")
    page.get_by_label("Score for Capacity and resources for change").fill("2.0")
    page.get_by_role("button", name="Save assessment").click()
    expect(view.heading).to_have_text("Peer review, 28 March 2024")
    expect(page.locator("svg[role=img]")).to_have_count(1)
    assert_accessible(page, "maturity-assessment")

    view.goto(f"{M}/assessments/")
    expect(page.get_by_role("link", name="Self-assessment, 31 January 2024")).to_be_visible()
    assert_accessible(page, "maturity-assessments")

    view.goto(f"{M}/{framework.pk}/comparison/")
    table = page.get_by_role("table", name="Scores by capability and assessment (the figures of the chart)")
    expect(table.locator("thead th")).to_have_count(3)
    expect(table).to_contain_text("Peer review")
    assert_accessible(page, "maturity-comparison")


def test_spend_pages(page: Page, world: World, signed_in):
    board = Board.objects.create(organisation=world.home, title="Spending Review Board", kind="spending")
    spend = SpendRequest.objects.create(organisation=world.home, title="Agency cover for a statutory post",
                                        amount_pence=120_000_00, board=board, service="Adult social care")
    SpendRequest.objects.create(organisation=world.home, title="Consultancy", amount_pence=50_000_00, board=board,
                                status=SpendRequestStatus.REFUSED, decided_on=dt.date(2024, 4, 2),
                                decision_reason="Not essential")
    signed_in(page, "finance")
    view = BasePage(page)

    view.goto(f"{S}/")
    totals = page.get_by_role("table", name="Totals")
    expect(totals).to_contain_text("£170,000")
    expect(totals).to_contain_text("£50,000")
    assert_accessible(page, "spend-list")

    view.goto(f"{S}/{spend.pk}/decide/")
    page.get_by_label("Refused").check()
    view.fill_date("Decided on", "2024-04-09")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the request was refused.")
    assert_accessible(page, "spend-decide-errors")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record decision").click()
    expect(view.heading).to_have_text("Agency cover for a statutory post")
    expect(page.locator("main")).to_contain_text("9 April 2024")
    assert_accessible(page, "spend-detail")

    view.goto(f"{S}/add/")
    assert_accessible(page, "spend-create")
