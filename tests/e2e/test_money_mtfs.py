"""The MTFS, costs and funding, benefits and delivery partner contracts in a real browser as the finance officer,
each page checked with axe: the MTFS year by year against the programme's savings, the MTFS form refusing a
year outside the MTFS and bad money, and a contract's return on investment against its expected range."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from pages import BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.finance.models import BenefitProfilePoint, ContractMilestone, FundingStatus, LineState, Mtfs
from beacon.testing import factories as f
from beacon.testing.factories import financial_year
from beacon.testing.world import World

M = 100_000_000


class MoneyPage(BasePage):
    """Any page of the money section, opened by its path under /org/<org>/money/."""

    def open(self, org: str, path: str) -> Self:
        self.goto(f"/org/{org}/money/{path}")
        return self

    def table(self, name: str) -> Locator:
        return self.page.get_by_role("table", name=name, exact=True)

    def row(self, table: str, header: str) -> Locator:
        return self.table(table).locator("tr").filter(has=self.page.locator("th", has_text=header))

    def money_links(self) -> list[str]:
        nav = self.page.get_by_role("navigation", name="Money")
        return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


class MtfsFormPage(MoneyPage):
    def fill_year(self, label: str, year: str, value: str) -> Self:
        self.page.get_by_label(f"{label}, {year}", exact=True).fill(value)
        return self

    def save(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").first.click()
        self.page.wait_for_load_state()
        return self


def money_world(world: World) -> Mtfs:
    programme, plain, secret = world.records["programme"], world.records["plain"], world.records["secret"]
    mtfs = f.MtfsFactory(programme=programme, title="Medium-term financial strategy 2024/25 to 2027/28",
                         source="Budget report to full council, 27 February 2024", approved_date=dt.date(2024, 2, 27))
    figures = [(2024, 26, 26, 8), (2025, 24, 50, 10), (2026, 25, 75, None), (2027, 25, 100, None)]
    for start, required, gap, share in figures:
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(start), savings_required_pence=required * M,
                          funding_gap_pence=gap * M, programme_target_pence=share * M if share else None,
                          illustrative=start >= 2026, note="Spread evenly by Beacon" if start >= 2026 else "")
    f.SavingsLineFactory(project=plain, financial_year=financial_year(2024), amount_pence=6 * M,
                         forecast_pence=75 * M // 10, state=LineState.APPROVED)
    f.SavingsLineFactory(project=plain, financial_year=financial_year(2024), amount_pence=1 * M,
                         delivered_pence=1 * M, state=LineState.DELIVERED)
    f.SavingsLineFactory(project=secret, financial_year=financial_year(2025), amount_pence=9 * M,
                         state=LineState.APPROVED)
    return mtfs


def test_the_mtfs_page_year_by_year(page: Page, world: World, signed_in):
    mtfs = money_world(world)
    signed_in(page, "finance")
    view = MoneyPage(page).open("home", f"mtfs/{mtfs.pk}/")
    expect(view.heading).to_have_text("Medium-term financial strategy 2024/25 to 2027/28")
    assert "MTFS" in view.money_links()
    expect(view.row("The MTFS year by year", "2024/25")).to_contain_text("£26,000,000")
    expect(view.row("The MTFS year by year", "2026/27")).to_contain_text("Illustrative")
    expect(view.row("The MTFS year by year", "2026/27")).to_contain_text("(all of it)")
    position = "The programme against its target, year by year"
    expect(view.row(position, "2024/25")).to_contain_text("£8,500,000")
    expect(view.row(position, "2024/25")).to_contain_text("Green: on track")
    expect(view.row(position, "2025/26")).to_contain_text("Amber: within 10% of target")
    expect(view.main).to_contain_text("Budget report to full council, 27 February 2024")
    expect(view.main).to_contain_text("Years marked Illustrative")
    assert_accessible(page, "money-mtfs-detail")
    MoneyPage(page).open("home", "mtfs/")
    assert_accessible(page, "money-mtfs-list")


def test_the_mtfs_form_refuses_bad_money_and_a_year_outside(page: Page, world: World, signed_in):
    mtfs = money_world(world)
    signed_in(page, "finance")
    form = MtfsFormPage(page).open("home", f"mtfs/{mtfs.pk}/edit/")
    expect(form.heading).to_have_text("Change MTFS")
    assert_accessible(page, "money-mtfs-form")
    form.page.get_by_label("Last year", exact=True).select_option(label="2026/27")
    form.fill_year("Savings required", "2025/26", "£1,2x0").save()
    expect(form.error_summary).to_contain_text(
        "2025/26: “£1,2x0” is not an amount of money: write it like £1,200,000, 1.2m or £250k."
    )
    expect(form.error_summary).to_contain_text("2027/28 is outside the MTFS (2024/25 to 2026/27).")
    assert_accessible(page, "money-mtfs-form-errors")
    mtfs.refresh_from_db()
    assert mtfs.end_year.label == "2027/28" and mtfs.years.get(financial_year__start_year=2025).savings_required_pence \
        == 24 * M


def test_costs_funding_and_benefits_pages(page: Page, world: World, signed_in):
    programme, led = world.records["programme"], world.records["led"]
    efs = f.FundingSourceFactory(organisation=world.home, programme=programme, kind="efs",
                                 title="Exceptional financial support", amount_pence=17_600_000_00, up_to=True,
                                 conditions="A transformation plan to the department",
                                 deadline=dt.date.today() - dt.timedelta(days=3))
    grant = f.FundingSourceFactory(organisation=world.home, title="LGA grant", amount_pence=100_000_00,
                                   status=FundingStatus.RECEIVED)
    f.CostFactory(programme=programme, project=led, financial_year=financial_year(2024), amount_pence=250_000_00,
                  funding_source=grant, title="Business analysts")
    f.CostFactory(programme=programme, project=None, financial_year=financial_year(2025), amount_pence=400_000_00,
                  funding_source=efs, title="Programme office")
    benefit = f.BenefitFactory(project=led, title="Longer library opening hours", unit="hours", owner_title="Head of "
                               "Libraries", measure="Opening hours a week", baseline=Decimal(40), target=Decimal(52))
    BenefitProfilePoint.objects.create(organisation=world.home, benefit=benefit, date=dt.date(2025, 3, 31),
                                       expected=Decimal(45), actual=Decimal(44))
    signed_in(page, "finance")
    costs = MoneyPage(page).open("home", "costs/")
    expect(costs.row("Costs by project and year", "Total per year")).to_contain_text("£650,000")
    expect(costs.table("Funding sources")).to_contain_text("Deadline passed")
    assert_accessible(page, "money-costs")
    MoneyPage(page).open("home", f"funding/{efs.pk}/")
    assert_accessible(page, "money-funding-detail")
    MoneyPage(page).open("home", "funding/add/")
    assert_accessible(page, "money-funding-form")
    view = MoneyPage(page).open("home", f"benefits/{benefit.pk}/")
    expect(view.table("Benefit profile of Longer library opening hours")).to_contain_text("31 March 2025")
    assert_accessible(page, "money-benefit-detail")
    MoneyPage(page).open("home", "benefits/")
    assert_accessible(page, "money-benefit-list")


def test_a_contract_page_shows_its_return_against_the_expected_range(page: Page, world: World, signed_in):
    contract = f.ContractFactory(
        programme=world.records["programme"], phase=world.records["phase"], title="Transformation partner",
        partner="A delivery partner", fees_pence=450_000_00, savings_identified_pence=1_530_000_00,
        start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 3, 31), confidential=True,
        deliverables="Diagnostic, target operating model, business cases", source="Cabinet report, 2024",
    )
    ContractMilestone.objects.create(organisation=world.home, contract=contract, title="Diagnostic report",
                                     due_date=dt.date(2024, 6, 30), actual_date=dt.date(2024, 7, 2),
                                     fee_pence=150_000_00)
    signed_in(page, "finance")
    view = MoneyPage(page).open("home", f"contracts/{contract.pk}/")
    expect(view.heading).to_have_text("Transformation partner")
    expect(view.main).to_contain_text("3.4 : 1")
    expect(view.main).to_contain_text("Within the expected range of 3:1 to 5:1")
    expect(view.table("Milestones of Transformation partner")).to_contain_text("2 July 2024")
    assert_accessible(page, "money-contract-detail")
    MoneyPage(page).open("home", "contracts/")
    assert_accessible(page, "money-contract-list")
    MoneyPage(page).open("home", f"contracts/{contract.pk}/milestones/add/")
    assert_accessible(page, "money-contract-milestone-form")
