"""Risk registers and equality impact assessments in a real browser, each page checked with axe: the register and
a risk's page, the heat map (after controls, then before, switched without JavaScript too) beside its table; a risk
added through the form without JavaScript (a likelihood left out first); the equality pages: the stage warning,
an assessment with its impacts, the impacts form, sign-off, the cumulative impact and the groups."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.programmes.models import Stage
from beacon.risks.models import (
    AssessmentStatus,
    EqualityGroup,
    EqualityImpact,
    Risk,
    RiskLevel,
    load_protected_characteristics,
)
from beacon.testing import factories as f
from beacon.testing.world import World

TODAY = dt.date.today()


class RiskListPage(BasePage):
    def open(self, org: str, query: str = "") -> Self:
        self.goto(f"/org/{org}/risks/{query}")
        return self

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name="Risks")

    def row(self, code: str) -> Locator:
        return self.table.get_by_role("row").filter(has=self.page.get_by_role("cell", name=code, exact=True))


class HeatMapPage(BasePage):
    def open(self, org: str, query: str = "") -> Self:
        self.goto(f"/org/{org}/risks/heat-map/{query}")
        return self

    @property
    def chart(self) -> Locator:
        return self.page.get_by_role("img", name="Heat map of the open risks", exact=False)

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name="Number of risks by likelihood", exact=False)

    def cell(self, likelihood: int, impact: int) -> Locator:
        row = self.table.locator("tbody tr").nth(5 - likelihood)
        return row.locator("td").nth(impact - 1)

    def show(self, basis_label: str) -> Self:
        self.page.get_by_label(basis_label).check()
        self.page.get_by_role("button", name="Show").click()
        self.page.wait_for_load_state()
        return self


def risk_world(world: World) -> None:
    home = world.home
    f.RiskFactory(organisation=home, code="SR08", title="Ability to achieve organisation change",
                  level=RiskLevel.STRATEGIC, inherent_likelihood=5, inherent_impact=5, residual_likelihood=4,
                  residual_impact=4, review_date=TODAY - dt.timedelta(days=5), owner_title="Chief Executive")
    f.RiskFactory(organisation=home, code="PR01", title="Savings slip into the next year", inherent_likelihood=4,
                  inherent_impact=3, residual_likelihood=2, residual_impact=3)
    f.RiskFactory(organisation=home, code="PR02", title="Digital skills", residual_likelihood=1, residual_impact=2)


def test_the_register_and_the_heat_map(page: Page, world: World, signed_in):
    risk_world(world)
    signed_in(page, "programme")
    register = RiskListPage(page).open("home")
    expect(register.heading).to_have_text("Risk register")
    sr08 = register.row("SR08")
    expect(sr08).to_contain_text("Very high")
    expect(sr08).to_contain_text("Overdue")
    expect(register.row("PR02")).to_contain_text("Low")
    assert_accessible(page, "risks-register")

    register.table.get_by_role("link", name="Ability to achieve organisation change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SR08 Ability to achieve organisation change")
    expect(page.locator("main")).to_contain_text("Likelihood 5 (Almost certain) × impact 5 (Severe) = 25")
    expect(page.get_by_role("table", name="Every change to the scores of this risk")).to_be_visible()
    assert_accessible(page, "risks-detail")

    heat = HeatMapPage(page).open("home")
    expect(heat.chart).to_be_visible()
    expect(heat.cell(4, 4)).to_contain_text("1")
    expect(heat.cell(4, 4)).to_contain_text("Very high")
    expect(heat.cell(3, 3)).to_contain_text("3")  # the world's three risks (3 × 3), the confidential one too
    expect(heat.cell(5, 5)).to_contain_text("0")
    assert_accessible(page, "risks-heat-map")

    heat.show("Before controls (inherent)")
    assert "basis=inherent" in page.url
    expect(heat.chart).to_have_accessible_name("Heat map of the open risks before controls (inherent)")
    expect(heat.cell(5, 5)).to_contain_text("1")
    expect(heat.cell(4, 4)).to_contain_text("4")  # the factory's 4 × 4: the world's three, and PR02
    assert_accessible(page, "risks-heat-map-inherent")


def test_the_heat_map_toggle_works_without_javascript(page_nojs: Page, world: World, signed_in):
    risk_world(world)
    signed_in(page_nojs, "viewer")
    heat = HeatMapPage(page_nojs).open("home")
    heat.show("Before controls (inherent)")
    assert "basis=inherent" in page_nojs.url
    expect(heat.cell(5, 5)).to_contain_text("1")


def test_a_risk_is_added_without_javascript(page_nojs: Page, world: World, signed_in):
    page = signed_in(page_nojs, "programme")
    RiskListPage(page).open("home")
    page.get_by_role("button", name="Add a risk").click()
    form = BasePage(page)
    expect(form.heading).to_have_text("Add a risk")
    page.get_by_label("Code", exact=True).fill("SR09")
    page.get_by_label("Title", exact=True).fill("Loss of key staff during restructure")
    page.get_by_role("group", name="Register").get_by_label("Strategic").check()
    page.get_by_role("group", name="Impact before controls").get_by_label("5 Severe").check()
    page.get_by_role("group", name="Likelihood after controls").get_by_label("2 Unlikely").check()
    page.get_by_role("group", name="Impact after controls").get_by_label("4 Major").check()
    page.get_by_role("button", name="Add risk").click()
    expect(form.error_summary).to_contain_text("Select the likelihood before controls")
    assert [item.href for item in form.error_summary_items()] == ["#id_inherent_likelihood_0"]
    assert not Risk.objects.filter(code="SR09").exists()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "risks-form-errors-nojs.png", full_page=True)

    page.get_by_role("group", name="Likelihood before controls").get_by_label("4 Likely").check()
    page.get_by_role("group", name="Projects it affects").get_by_label("INT-1 Ordinary internal project").check()
    form.fill_date("Next review date", "2030-03-31")
    page.get_by_role("button", name="Add risk").click()
    expect(form.success_banner).to_contain_text("Risk added: SR09 Loss of key staff during restructure")
    expect(page.locator("main")).to_contain_text("Likelihood 4 (Likely) × impact 5 (Severe) = 20")
    expect(page.locator("main")).to_contain_text("31 March 2030")
    risk = Risk.objects.get(code="SR09")
    assert (risk.inherent_score, risk.residual_score, risk.level) == (20, 8, "strategic")
    assert [p.code for p in risk.projects.all()] == ["INT-1"]


def equality_world(world: World) -> int:
    """A project in delivery with no current assessment (the warning), and one signed off with its impacts."""
    load_protected_characteristics(EqualityGroup)  # reference data: the browser tests' database is emptied after each
    plain, led = world.records["plain"], world.records["led"]
    plain.stage = Stage.DELIVERY
    plain.save()
    led.stage = Stage.FBC
    led.save()
    EqualityGroup.objects.create(organisation=world.home, title="Rural communities")
    assessment = f.EqualityAssessmentFactory(
        project=led, title="Library opening hours", project_stage=Stage.FBC, status=AssessmentStatus.SIGNED_OFF,
        signed_off_by_title="Director of Communities", signed_off_on=dt.date(2024, 3, 21),
    )
    age = EqualityGroup.objects.get(organisation=None, title="Age")
    EqualityImpact.objects.create(organisation=world.home, assessment=assessment, group=age, impact="negative",
                                  evidence="Older residents use the library most", mitigation="Home library service")
    return assessment.pk


def test_the_equality_pages(page: Page, world: World, signed_in):
    signed_pk = equality_world(world)
    draft = f.EqualityAssessmentFactory(project=world.records["plain"], title="Ordinary screening",
                                        full_assessment_needed=True)
    signed_in(page, "monitoring")
    page.goto("/org/home/risks/equality/")
    expect(page.locator("main")).to_contain_text("1 project is at a stage without a current equality impact "
                                                 "assessment.")
    assert_accessible(page, "equality-list")

    page.goto(f"/org/home/risks/equality/{signed_pk}/")
    expect(page.locator("main")).to_contain_text("By Director of Communities on 21 March 2024")
    expect(page.get_by_role("table", name="Impact on each group")).to_contain_text("Home library service")
    assert_accessible(page, "equality-detail")

    page.goto(f"/org/home/risks/equality/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("This screening found that a full assessment is needed.")
    page.get_by_role("link", name="Sign off this assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the assessment")
    assert_accessible(page, "equality-sign-off")
    page.get_by_label("Signed off by (role title)").fill("Monitoring Officer")
    page.get_by_role("button", name="Sign off").click()
    expect(BasePage(page).success_banner).to_contain_text("Signed off: Ordinary screening")

    page.goto("/org/home/risks/equality/cumulative/")
    expect(page.get_by_role("table", name="Impact on each group across the programme")).to_contain_text("Age")
    expect(page.get_by_role("table", name="Assessments that find a negative impact on Age")).to_contain_text(
        "Library opening hours")
    assert_accessible(page, "equality-cumulative")

    page.goto("/org/home/risks/equality/groups/")
    expect(page.locator("main")).to_contain_text("Rural communities")
    assert_accessible(page, "equality-groups")

    page.goto(f"/org/home/projects/{world.records['plain'].pk}/")
    expect(page.locator("main")).to_contain_text("Equality impact assessments")
    assert_accessible(page, "project-with-risk-panel")


def test_the_impacts_form(page: Page, world: World, signed_in):
    equality_world(world)
    assessment = f.EqualityAssessmentFactory(project=world.records["led"], title="Lead's draft")
    signed_in(page, "lead")
    page.goto(f"/org/home/risks/equality/{assessment.pk}/impacts/")
    expect(page.get_by_role("group", name="Rural communities")).to_be_visible()
    race = page.get_by_role("group", name="Race", exact=True)
    race.get_by_label("Negative").check()
    page.get_by_role("button", name="Save impacts").click()
    expect(BasePage(page).error_summary).to_contain_text("Race: Say how the negative impact will be mitigated")
    assert_accessible(page, "equality-impacts-errors")
    for group in page.locator("fieldset.govuk-fieldset:has(> legend h2)").all():
        group.get_by_label("Neutral").first.check()
    race.get_by_label("Negative").check()
    race.get_by_label("Mitigation").fill("Interpreters at every branch")
    page.get_by_role("button", name="Save impacts").click()
    expect(BasePage(page).success_banner).to_contain_text("Impacts saved")
    assert assessment.impacts.count() == 10
    assert assessment.impacts.get(group__title="Race").mitigation == "Interpreters at every branch"
