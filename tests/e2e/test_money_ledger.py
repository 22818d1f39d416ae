"""The savings ledger in a real browser, each page checked with axe: the savings tracker with its targets, BRAG
words and double counting; a finance officer confirming a saving as delivered through the form without
JavaScript (bad amount first, then a short delivery whose rest is carried forward); a project lead refused."""

from __future__ import annotations

from typing import Self

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.finance.models import LineState, SavingsLine
from beacon.testing import factories as f
from beacon.testing.factories import financial_year
from beacon.testing.world import World


class TrackerPage(BasePage):
    def open(self, org: str, query: str = "") -> Self:
        self.goto(f"/org/{org}/money/{query}")
        return self

    def table(self, caption: str) -> Locator:
        return self.page.get_by_role("table", name=caption, exact=True)

    def row(self, table: Locator, measure: str) -> Locator:
        return table.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=measure, exact=True))


class SavingsLinePage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/money/lines/{pk}/")
        return self

    def summary_value(self, key: str) -> Locator:
        row = self.main.locator(".govuk-summary-list__row").filter(
            has=self.page.locator("dt").get_by_text(key, exact=True)
        )
        return row.locator("dd").first

    def history(self) -> Locator:
        return self.page.get_by_role("table", name="Every change to this saving")


class DeliverFormPage(BasePage):
    def fill(self, delivered: str, reason: str, remainder: str = "", carry_to: str = "") -> Self:
        self.page.get_by_label("Amount delivered").fill(delivered)
        if remainder:
            self.page.get_by_role("group", name="what happens to the rest").get_by_label(remainder).check()
        if carry_to:
            self.page.get_by_label("Year to carry the rest forward to").select_option(label=carry_to)
        self.page.get_by_label("Reason for the change").fill(reason)
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


def money_world(world: World) -> SavingsLine:
    """The programme's MTFS targets, some savings in every state, a double count, and the lead's approved line."""
    mtfs = f.MtfsFactory(programme=world.records["programme"], title="Medium-term financial strategy 2024-28")
    for year, target in zip(range(2024, 2028), (300_000_00, 200_000_00, 150_000_00, 100_000_00), strict=True):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(year), programme_target_pence=target)
    budget = f.BudgetLineFactory(organisation=world.home, code="LIB-01", title="Libraries", budget_pence=150_000_00)
    f.SavingsLineFactory(project=world.records["public"], financial_year=financial_year(2024), amount_pence=120_000_00,
                         state=LineState.DELIVERED, delivered_pence=120_000_00, budget_line=budget,
                         title="Branch opening hours")
    f.SavingsLineFactory(project=world.records["plain"], financial_year=financial_year(2024), amount_pence=90_000_00,
                         state=LineState.APPROVED, budget_line=budget, title="Self-service kiosks")
    f.SavingsLineFactory(project=world.records["plain"], financial_year=financial_year(2026), amount_pence=40_000_00,
                         state=LineState.PROPOSED, recurrence="one_off")
    return f.SavingsLineFactory(project=world.records["led"], financial_year=financial_year(2025),
                                amount_pence=100_000_00, state=LineState.APPROVED, title="Digital front door")


def test_the_savings_tracker(page: Page, world: World, signed_in):
    money_world(world)
    signed_in(page, "programme")
    tracker = TrackerPage(page).open("home")
    expect(tracker.heading).to_have_text("Savings tracker")
    in_year = tracker.table("Savings in each year")
    expect(in_year.locator("thead")).to_contain_text("2024/25")
    expect(in_year.locator("thead")).to_contain_text("2027/28")
    expect(tracker.row(in_year, "Target")).to_contain_text("£300,000")
    expect(tracker.row(in_year, "Status (BRAG)")).to_contain_text("Red")
    expect(tracker.table("Savings by each year, cumulatively")).to_be_visible()
    expect(page.locator("#double-counting")).to_contain_text("LIB-01 Libraries, 2024/25")
    expect(page.locator("#double-counting")).to_contain_text("£210,000 claimed against a budget of £150,000")
    assert_accessible(page, "savings-tracker")
    page.get_by_role("link", name="Show the breakdown by project").click()
    expect(tracker.table("By project")).to_contain_text("Lead's open project")
    assert_accessible(page, "savings-tracker-by-project")
    tracker.table("By project").get_by_role("link", name="Lead's open project").click()
    expect(tracker.heading).to_have_text("Savings of LEAD-1 Lead's open project")
    card = page.locator(".govuk-summary-card", has_text="Digital front door")
    expect(card.get_by_role("link", name="Approve saving")).to_have_count(0)  # already approved
    expect(card.get_by_role("link", name="Save forecast")).to_be_visible()
    assert_accessible(page, "savings-project-ledger")


def deliver_journey(page: Page, line: SavingsLine, *, check: bool) -> None:
    """A finance officer confirms the lead's saving as delivered: an amount that is not money first, then £80,000
    of £100,000 with the rest carried forward to 2026/27. With ``check``, every page is checked with axe (axe needs
    JavaScript, so the journey without it is checked by screenshots and by what it leaves in the ledger)."""

    def accessible(name: str) -> None:
        if check:
            assert_accessible(page, name)
        else:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}-nojs.png", full_page=True)

    detail = SavingsLinePage(page).open("home", line.pk)
    expect(detail.heading).to_have_text("Digital front door, 2025/26")
    accessible("savings-line")
    page.get_by_role("button", name="Confirm as delivered").click()

    form = DeliverFormPage(page)
    expect(form.heading).to_have_text("Confirm this saving as delivered")
    expect(page.get_by_label("Amount delivered")).to_have_value("100,000")
    accessible("savings-deliver")

    # Not an amount of money: the error summary links to the field, and nothing changes.
    form.fill("£1,2x0", "Year-end outturn").submit()
    expect(form.error_summary).to_be_visible()
    assert [item.href for item in form.error_summary_items()] == ["#id_delivered"]
    expect(form.error_summary).to_contain_text("is not an amount of money")
    accessible("savings-deliver-errors")
    line.refresh_from_db()
    assert (line.state, line.events.count()) == (LineState.APPROVED, 0)

    # £80,000 of £100,000, the rest carried forward to 2026/27.
    form.fill("£80,000", "Year-end outturn: the rest slips a year", remainder="Carry it forward to a later year",
              carry_to="2026/27").submit()
    expect(detail.success_banner).to_contain_text("Confirmed as delivered")
    expect(detail.summary_value("State")).to_have_text("Delivered")
    expect(detail.summary_value("Delivered")).to_have_text("£80,000")
    expect(detail.summary_value("Carried forward")).to_have_text("£20,000")
    expect(detail.history()).to_contain_text("Year-end outturn: the rest slips a year")
    expect(page.get_by_role("button", name="Confirm as delivered")).to_have_count(0)
    accessible("savings-line-delivered")
    line.refresh_from_db()
    assert (line.state, line.delivered_pence, line.carried_forward_pence) == ("delivered", 80_000_00, 20_000_00)
    assert line.carried_to.get().financial_year.label == "2026/27"


def test_the_finance_officer_confirms_a_saving_as_delivered_without_javascript(
    page_nojs: Page, world: World, signed_in
):
    line = money_world(world)
    signed_in(page_nojs, "finance")
    deliver_journey(page_nojs, line, check=False)


def test_every_page_of_confirming_a_delivery_is_accessible(page: Page, world: World, signed_in):
    line = money_world(world)
    signed_in(page, "finance")
    deliver_journey(page, line, check=True)


def test_a_project_lead_may_forecast_but_not_confirm(page: Page, world: World, signed_in):
    line = money_world(world)
    signed_in(page, "lead")
    detail = SavingsLinePage(page).open("home", line.pk)
    expect(page.get_by_role("button", name="Save forecast")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm as delivered")).to_have_count(0)
    detail.goto(f"/org/home/money/lines/{line.pk}/deliver/")
    expect(detail.heading).to_have_text("You cannot do this")
    expect(detail.main).to_contain_text("Only the finance officer can confirm a saving as delivered.")
    assert_accessible(page, "savings-deliver-refused")
    line.refresh_from_db()
    assert line.state == LineState.APPROVED
