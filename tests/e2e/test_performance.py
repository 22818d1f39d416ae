"""KPIs in a real browser, each page checked with axe: the KPI list (status and direction in words, the overdue
flag), a KPI's page (its trend chart with the table beside it), and a KPI's owner recording a figure through the
form without JavaScript (a period that is not a quarter first, then a good one)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from typing import Self

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.performance.periods import add_months
from beacon.testing.world import World

DETAIL_SCREENSHOT = "/tmp/kpi-detail.png"  # noqa: S108 - where the brief asks for it


class KpiListPage(BasePage):
    def open(self, org: str, query: str = "") -> Self:
        self.goto(f"/org/{org}/performance/kpis/{query}")
        return self

    def row(self, code: str) -> Locator:
        return self.page.get_by_role("table", name="Key performance indicators").get_by_role("row").filter(
            has_text=code
        )


class KpiPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/performance/kpis/{pk}/")
        return self

    def periods(self) -> Locator:
        return self.page.get_by_role("table", name="Figures of", exact=False)

    def period_row(self, label: str) -> Locator:
        return self.periods().get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=label, exact=True))


class FigureFormPage(BasePage):
    def fill(self, period: str, value: str, note: str = "") -> Self:
        self.page.get_by_label("Period").fill(period)
        self.page.get_by_label("Value", exact=True).fill(value)
        if note:
            self.page.get_by_label("Note (optional)").fill(note)
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


def history(world: World) -> Kpi:
    """Two years of quarterly figures for the lead's KPI, against targets with a tolerance."""
    kpi: Kpi = world.records["led_kpi"]
    Kpi.objects.filter(pk=kpi.pk).update(unit="percent", title="Adults supported to live at home",
                                         description="Share of adults receiving care who live in their own home")
    kpi.refresh_from_db()
    for index, value in enumerate(["61.5", "62.0", "63.4", "62.8", "64.1", "65.0", "66.2", "64.9"]):
        start = add_months(dt.date(2022, 4, 1), index * 3)
        Observation.objects.create(organisation=world.home, kpi=kpi, period_start=start, value=Decimal(value),
                                   note="Winter pressures" if index == 7 else "")
        KpiTarget.objects.create(organisation=world.home, kpi=kpi, period_start=start,
                                 value=Decimal("63") + index // 4, tolerance=Decimal("1"))
    KpiTarget.objects.create(organisation=world.home, kpi=kpi, period_start=dt.date(2024, 4, 1),
                             value=Decimal("65.5"), tolerance=Decimal("1"))
    return kpi


def test_the_kpi_list_and_a_kpis_page(page: Page, world: World, signed_in) -> None:
    kpi = history(world)
    signed_in(page, "programme")
    listing = KpiListPage(page).open("home")
    expect(listing.heading).to_have_text("Key performance indicators")
    row = listing.row("LEAD-KPI")
    expect(row).to_contain_text("2023/24 Q4")
    expect(row).to_contain_text("64.9%")
    expect(row).to_contain_text("On target")  # 64.9 against 64
    expect(row).to_contain_text("Getting worse")
    expect(listing.row("PUB-KPI")).to_contain_text("Overdue")
    assert_accessible(page, "kpi-list")

    page.get_by_role("link", name="LEAD-KPI Adults supported to live at home").click()
    detail = KpiPage(page)
    expect(detail.heading).to_have_text("Adults supported to live at home")
    chart = page.locator("figure.beacon-chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text("Trend of LEAD-KPI Adults supported to live at home")
    expect(detail.period_row("2023/24 Q4")).to_contain_text("Getting worse")
    expect(detail.period_row("2023/24 Q4")).to_contain_text("Improving")  # against 2022/23 Q4
    expect(detail.period_row("2024/25 Q1")).to_contain_text("No data")
    expect(page.get_by_text("Winter pressures")).to_be_visible()
    assert_accessible(page, "kpi-detail")
    shutil.copy(SCREENSHOTS / "kpi-detail.png", DETAIL_SCREENSHOT)
    assert kpi.pk


def test_the_owner_records_a_figure_without_javascript(page_nojs: Page, world: World, signed_in) -> None:
    page = page_nojs
    kpi = history(world)
    signed_in(page, "lead")
    detail = KpiPage(page).open("home", kpi.pk)
    page.get_by_role("button", name="Record a figure").click()
    form = FigureFormPage(page)
    expect(form.heading).to_have_text("Record a figure")

    form.fill("May 2024", "67.1").submit()
    expect(form.error_summary).to_be_visible()
    expect(form.error_summary).to_contain_text("is not the start of a quarterly period")
    assert [item.href for item in form.error_summary_items()] == ["#id_period"]
    form.fill("2023/24 Q4", "67.1").submit()
    expect(form.error_summary).to_contain_text("There is already a figure for 2023/24 Q4")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "kpi-record-figure-errors-nojs.png", full_page=True)

    form.fill("2024/25 Q1", "67.1", note="Reablement service expanded").submit()
    expect(detail.success_banner).to_contain_text("Figure recorded: 2024/25 Q1")
    row = detail.period_row("2024/25 Q1")
    expect(row).to_contain_text("67.1%")
    expect(row).to_contain_text("On target")
    expect(row).to_contain_text("Improving")
    assert Observation.objects.get(kpi=kpi, period_start=dt.date(2024, 4, 1)).value == Decimal("67.1")
