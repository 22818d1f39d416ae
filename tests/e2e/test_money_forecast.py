"""The savings forecast in a real browser: the finance officer runs it and reads it in plain words, with fan
charts that the content security policy lets draw and tables beside them; a viewer never sees a confidential
project's line among the risks; the assumptions form refuses a bad figure with the GOV.UK error summary; the
calibration page scores closed lines. Each page is checked with axe and screenshotted."""

from __future__ import annotations

import datetime as dt
import re
from typing import Self

import pytest
from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.core.money import financial_year_label, financial_year_of
from beacon.finance.models import LineState, Recurrence
from beacon.finance.services_forecast import store_forecast
from beacon.programmes.models import Confidence
from beacon.testing import factories as f
from beacon.testing.world import World

POUND = 100
THIS_YEAR = financial_year_of(dt.date.today())


@pytest.fixture
def money_world(world: World) -> World:
    """An MTFS of the home programme for this year and the next two, and approved savings lines on projects of
    every rating, one of them on the confidential project."""
    records = world.records
    mtfs = f.MtfsFactory(organisation=world.home, programme=records["programme"], title="Home MTFS",
                         start_year=f.financial_year(THIS_YEAR), end_year=f.financial_year(THIS_YEAR + 2))
    for offset, target in enumerate((2_000_000, 1_500_000, 1_000_000)):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=f.financial_year(THIS_YEAR + offset),
                          savings_required_pence=target * 2 * POUND, programme_target_pence=target * POUND)
    ratings = {"plain": Confidence.AMBER, "public": Confidence.GREEN, "secret": Confidence.RED,
               "led": Confidence.AMBER_RED}
    for key, rating in ratings.items():
        records[key].delivery_confidence = rating
        records[key].save()
    amounts = {"plain": 900_000, "public": 700_000, "secret": 1_200_000, "led": 400_000}
    for offset in range(3):
        for key, amount in amounts.items():
            f.SavingsLineFactory(
                project=records[key], state=LineState.APPROVED, amount_pence=amount * POUND,
                financial_year=f.financial_year(THIS_YEAR + offset),
                title="Secret depot sale" if key == "secret" else f"{records[key].title} saving",
                recurrence=Recurrence.ONE_OFF if offset == 2 else Recurrence.RECURRING,
            )
    records["mtfs"] = mtfs
    return world


class ForecastPage(BasePage):
    def open(self, org: str, path: str = "") -> Self:
        self.goto(f"/org/{org}/money/forecast/{path}")
        return self

    @property
    def explanation(self) -> Locator:
        return self.page.locator("#forecast-explanation")

    @property
    def charts(self) -> Locator:
        return self.main.get_by_role("img")

    def table(self, name: str) -> Locator:
        return self.page.get_by_role("table", name=name, exact=True)

    def risk_projects(self) -> list[str]:
        table = self.table("The largest risks to the targets")
        return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]

    def run_again(self) -> Self:
        self.page.get_by_role("button", name="Run the forecast again").click()
        self.page.wait_for_load_state()
        return self


def test_the_finance_officer_runs_and_reads_the_forecast(page: Page, money_world: World, signed_in,
                                                         console_errors: list[str]) -> None:
    signed_in(page, "finance")
    forecast = ForecastPage(page).open("home")
    expect(forecast.heading).to_have_text("Savings forecast")
    expect(forecast.main).to_contain_text("has not been run")

    forecast.run_again()
    expect(forecast.success_banner).to_contain_text("Forecast run: 10,000 trials")
    label = financial_year_label(THIS_YEAR)
    expect(forecast.explanation).to_contain_text(re.compile(rf"chance that {re.escape(label)}.s £2\.0m target is met"))
    expect(forecast.explanation).to_contain_text("the largest risks are")
    expect(forecast.charts).to_have_count(2)
    expect(forecast.charts.first).to_be_visible()
    expect(page.get_by_role("img", name="Forecast of new savings delivered in each year")).to_be_visible()
    years = forecast.table("Forecast of new savings in each year")
    expect(years.locator("tbody tr")).to_have_count(3)
    expect(years.locator("tbody tr").first).to_contain_text("£2,000,000")
    expect(forecast.table("Forecast of cumulative savings")).to_contain_text("£4,500,000")
    # Finance may read the confidential project.
    assert any("Secret depot closure" in name for name in forecast.risk_projects())
    expect(forecast.main).to_contain_text("Seed")
    # The charts draw under the content security policy: no inline style was refused.
    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors
    band = page.locator("#forecast-in-year-figure_1 path[fill-opacity]").first
    assert band.get_attribute("fill") == "#5694ca"
    assert_accessible(page, "money-forecast")


def test_a_viewer_reads_the_forecast_without_confidential_lines_or_javascript(page_nojs: Page, money_world: World,
                                                              signed_in) -> None:
    store_forecast(money_world.home, trials=4_000)
    signed_in(page_nojs, "viewer")
    forecast = ForecastPage(page_nojs).open("home")
    expect(forecast.explanation).to_contain_text("chance that")
    risks = forecast.risk_projects()
    assert risks and not any("Secret depot closure" in name for name in risks)
    expect(forecast.main).not_to_contain_text("Secret depot")
    expect(page_nojs.get_by_role("button", name="Run the forecast again")).to_have_count(0)
    # (axe needs JavaScript: the page itself was checked for the finance officer.)
    page_nojs.screenshot(path=SCREENSHOTS / "money-forecast-viewer-nojs.png", full_page=True)


def test_the_assumptions_form_refuses_a_bad_figure_then_saves(page: Page, money_world: World, signed_in) -> None:
    signed_in(page, "programme")
    form = ForecastPage(page).open("home", "assumptions/")
    expect(form.heading).to_have_text("Forecast assumptions")
    red = page.get_by_label("Red: delivered on average (%)", exact=True)
    expect(red).to_have_value("25")
    red.fill("120")
    page.get_by_role("button", name="Save assumptions").click()
    page.wait_for_load_state()
    assert [item.text for item in form.error_summary_items()] == [
        "Red: enter the share delivered on average, as a percentage from 0 to 100"
    ]
    assert_accessible(page, "money-forecast-assumptions-errors")
    form.error_summary.get_by_role("link").first.click()
    expect(page.get_by_label("Red: delivered on average (%)", exact=True)).to_be_focused()
    page.get_by_label("Red: delivered on average (%)", exact=True).fill("20")
    page.get_by_role("button", name="Save assumptions").click()
    page.wait_for_load_state()
    expect(form.success_banner).to_contain_text("Assumptions saved")
    expect(form.heading).to_have_text("Savings forecast")


def test_the_calibration_page_scores_closed_lines(page: Page, money_world: World, signed_in) -> None:
    records = money_world.records
    for index in range(6):
        f.SavingsLineFactory(project=records["plain" if index % 2 else "public"], state=LineState.DELIVERED,
                             amount_pence=100_000 * POUND, delivered_pence=(60_000 + 8_000 * index) * POUND,
                             financial_year=f.financial_year(THIS_YEAR - 1))
    f.SavingsLineFactory(project=records["led"], state=LineState.WRITTEN_OFF, amount_pence=50_000 * POUND,
                         financial_year=f.financial_year(THIS_YEAR - 1))
    signed_in(page, "finance")
    calibration = ForecastPage(page).open("home", "calibration/")
    expect(calibration.heading).to_have_text("Calibration of delivery confidence")
    expect(calibration.table("Brier scores by delivery confidence rating").locator("tbody tr")).to_have_count(3)
    expect(calibration.table("Current and refitted assumptions")).to_contain_text("more closed lines needed")
    assert_accessible(page, "money-forecast-calibration")
