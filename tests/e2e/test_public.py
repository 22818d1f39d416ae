"""The public dashboard and a public KPI's page in a real browser, signed out: both pass axe, every chart has its
table, the pages work with JavaScript off, and nothing confidential shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from pages import BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.performance.periods import add_months
from beacon.public.tests.world import extend_public_world
from beacon.testing import factories as f
from beacon.testing.world import World


class PublicDashboardPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/public/{org}/")
        return self

    def measures(self, theme: str) -> Locator:
        return self.page.get_by_role("table", name=f"Measures: {theme}")

    def open_measure(self, title: str) -> None:
        self.main.get_by_role("link", name=title, exact=True).click()
        self.page.wait_for_load_state()


class PublicKpiPage(BasePage):
    @property
    def chart(self) -> Locator:
        return self.main.get_by_role("img")

    @property
    def periods(self) -> Locator:
        return self.page.get_by_role("table", name="every period", exact=False)


def quarterly_history(world: World) -> None:
    """Two years of quarterly figures and targets for a public KPI, so that the chart has a line to draw."""
    kpi = f.KpiFactory(organisation=world.home, code="PUB-Q", title="Calls answered within a minute", public=True,
                       unit="percent", frequency="quarterly", data_source="Contact centre telephony")
    kpi.priorities.add(world.records["priority"])
    for i in range(8):
        start = add_months(dt.date(2023, 4, 1), 3 * i)
        f.ObservationFactory(kpi=kpi, period_start=start, value=Decimal(70 + 2 * i - (5 if i == 5 else 0)))
        f.KpiTargetFactory(kpi=kpi, period_start=start, value=Decimal(80), tolerance=Decimal(5))



def test_public_dashboard_and_kpi_page_are_accessible_with_tables_for_charts(page: Page, world: World):
    extend_public_world(world)
    quarterly_history(world)
    dashboard = PublicDashboardPage(page).open("home")
    expect(dashboard.heading).to_have_text("Home Council: transformation programme")
    table = dashboard.measures("Thriving communities")
    expect(table).to_contain_text("Calls answered within a minute")
    expect(table).to_contain_text("Within tolerance")  # status in words, not colour alone
    expect(dashboard.main).to_contain_text("Projects by stage")
    expect(page.get_by_role("table", name="Medium-term financial strategy 2024-28: savings by financial year")
           ).to_contain_text("£300,000")
    expect(dashboard.main).not_to_contain_text("Secret")
    assert_accessible(page, "public-dashboard")

    dashboard.open_measure("Calls answered within a minute")
    kpi_page = PublicKpiPage(page)
    expect(kpi_page.heading).to_have_text("Calls answered within a minute")
    expect(kpi_page.chart).to_have_count(1)
    expect(kpi_page.chart).to_have_accessible_name("Calls answered within a minute: figures and targets by period")
    # The chart's alternative: every period in a table, with the same figures.
    expect(kpi_page.periods.locator("tbody tr")).to_have_count(8)
    expect(kpi_page.periods).to_contain_text("2024/25 Q3")
    expect(kpi_page.periods).to_contain_text("Off target")
    assert_accessible(page, "public-kpi")


def test_public_pages_work_without_javascript(page_nojs: Page, world: World):
    extend_public_world(world)
    quarterly_history(world)
    dashboard = PublicDashboardPage(page_nojs).open("home")
    expect(dashboard.measures("Thriving communities")).to_contain_text("Residents satisfied with services")
    dashboard.open_measure("Residents satisfied with services")
    kpi_page = PublicKpiPage(page_nojs)
    expect(kpi_page.heading).to_have_text("Residents satisfied with services")
    expect(kpi_page.chart).to_be_visible()
    expect(kpi_page.periods).to_contain_text("Within tolerance")
    page_nojs.get_by_role("link", name="Open data").first.click()
    expect(page_nojs.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page_nojs.locator("main").get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()


def test_the_data_dictionary_is_accessible(page: Page, world: World):
    extend_public_world(world)
    PublicDashboardPage(page).open("home")
    page.locator("main").get_by_role("link", name="data dictionary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    columns = page.get_by_role("table", name="Columns of kpi figures by period")
    expect(columns).to_contain_text("direction_since_previous")
    assert_accessible(page, "public-data")


def test_a_confidential_kpi_is_not_found(page: Page, world: World):
    response = page.goto(f"/public/home/kpis/{world.records['secret_kpi'].pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Secret agency staff spend")
