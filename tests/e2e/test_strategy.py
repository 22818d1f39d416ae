"""The strategy pages in a browser: a plan's approval route and theme tree, priorities, objectives and
principles; forms that refuse bad input with the GOV.UK error summary; every page type accessible (axe)."""

from __future__ import annotations

import datetime as dt

import pytest
from pages import PlanDetailPage, StrategyFormPage, StrategyPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.strategy.models import Plan, PlanStatus, Theme
from beacon.testing import factories as f
from beacon.testing.world import World

ROUTE_ERROR = "The Cabinet date must be the same as or after the scrutiny date (30 April 2014)."
CYCLE_ERROR = "A theme cannot sit under itself or under one of its own sub-themes."


@pytest.fixture
def strategy(world: World) -> dict:
    plan = f.PlanFactory(
        organisation=world.home, title="County Council Strategic Plan 2014-18", status=PlanStatus.COUNCIL,
        scrutiny_date=dt.date(2014, 4, 30), cabinet_date=dt.date(2014, 5, 6), council_date=dt.date(2014, 5, 21),
        period_start=dt.date(2014, 5, 21), period_end=dt.date(2018, 5, 31), public=True,
        description="High priorities, outcomes and targets to 2018.", source="Illustrative test plan",
    )
    f.ThemeFactory(plan=plan, title="Leadership and Transformation", expected_priorities=4, order=1)
    growth = f.ThemeFactory(plan=plan, title="Enabling Economic Growth", order=2)
    f.ThemeFactory(plan=plan, parent=growth, title="Economic", expected_priorities=7, order=1)
    skills = f.ThemeFactory(plan=plan, parent=growth, title="Skills", order=2)
    priority = f.PriorityFactory(theme=skills, code="EG-S1", title="More apprenticeships",
                                 supporting_actions="Work with colleges", measures="Apprenticeship starts",
                                 targets="1,000 starts by 2018")
    world.records["plain"].priorities.add(priority)
    world.records["secret"].priorities.add(priority)
    strategic = f.ObjectiveFactory(organisation=world.home, kind="strategic", code="SO-1", title="A strong economy")
    f.ObjectiveFactory(organisation=world.home, kind="programme", code="TO-1", title="To work the county pound")
    strategic.projects.add(world.records["plain"])
    principle = f.PrincipleFactory(organisation=world.home, code="DP-1", title="Design with residents",
                                   description="Illustrative principle for the test")
    principle.projects.add(world.records["public"])
    return {"plan": plan, "growth": growth, "skills": skills, "priority": priority, "objective": strategic,
            "principle": principle}


def test_plan_pages_show_the_route_and_the_themes(page: Page, world: World, strategy, signed_in):
    signed_in(page, "viewer")
    plans = StrategyPage(page).open("home")
    expect(plans.heading).to_have_text("Strategic plans")
    assert "Strategy" in plans.service_navigation()
    assert plans.section_links() == ["Plans and themes", "Priorities", "Objectives", "Service design principles"]
    row = page.get_by_role("row").filter(has_text="County Council Strategic Plan 2014-18")
    expect(row).to_contain_text("Council approved")
    expect(row).to_contain_text("21 May 2014 to 31 May 2018")
    assert_accessible(page, "strategy-plan-list")

    row.get_by_role("link").click()
    plan = PlanDetailPage(page)
    expect(plan.heading).to_have_text("County Council Strategic Plan 2014-18")
    assert plan.approval_route() == [
        "1. Draft: Done, date not recorded",
        "2. Scrutiny: 30 April 2014",
        "3. Cabinet: 6 May 2014",
        "4. Council approved: 21 May 2014 Current stage",
    ]
    expect(plan.summary_value("Priorities")).to_have_text("12 under 2 themes")
    expect(plan.theme("Leadership and Transformation")).to_contain_text("4 priorities (titles not recorded)")
    expect(plan.theme("Enabling Economic Growth")).to_contain_text("8 priorities across its 2 sub-themes")
    expect(plan.theme("Economic")).to_contain_text("7 priorities (titles not recorded)")
    expect(page.get_by_role("heading", name="Skills", level=4)).to_be_visible()
    expect(plan.theme("Skills").get_by_role("link", name="EG-S1 More apprenticeships")).to_be_visible()
    expect(page.get_by_role("link", name="Add a theme")).to_have_count(0)
    assert_accessible(page, "strategy-plan-detail")


def test_priority_objective_and_principle_pages(page: Page, world: World, strategy, signed_in):
    signed_in(page, "viewer")
    priorities = StrategyPage(page).open("home", "priorities/")
    expect(priorities.heading).to_have_text("Priorities")
    assert_accessible(page, "strategy-priority-list")
    page.get_by_role("link", name="More apprenticeships").click()
    detail = StrategyPage(page)
    expect(detail.summary_value("Supporting actions")).to_have_text("Work with colleges")
    expect(detail.summary_value("Targets")).to_have_text("1,000 starts by 2018")
    linked = page.get_by_role("table", name="Projects linked to this priority")
    expect(linked).to_contain_text("INT-1 Ordinary internal project")
    expect(linked).not_to_contain_text("Secret depot closure")
    assert_accessible(page, "strategy-priority-detail")

    objectives = StrategyPage(page).open("home", "objectives/")
    expect(objectives.main.get_by_role("heading", level=2)).to_have_text(
        ["Strategic objectives / corporate priorities", "Programme objectives"])
    expect(page.get_by_role("table", name="Programme objectives")).to_contain_text("To work the county pound")
    assert_accessible(page, "strategy-objective-list")
    page.get_by_role("link", name="A strong economy").click()
    expect(objectives.heading).to_have_text("A strong economy")
    expect(page.get_by_role("table", name="Projects linked to this objective")).to_contain_text("INT-1")
    assert_accessible(page, "strategy-objective-detail")

    StrategyPage(page).open("home", "principles/")
    assert_accessible(page, "strategy-principle-list")
    page.get_by_role("link", name="Design with residents").click()
    expect(page.get_by_role("table", name="Projects linked to this principle")).to_contain_text("PUB-1")
    assert_accessible(page, "strategy-principle-detail")


def test_a_plan_with_its_route_out_of_order_is_refused_then_saved(page_nojs: Page, world: World, signed_in):
    signed_in(page_nojs, "programme")
    before = Plan.objects.count()
    StrategyPage(page_nojs).open("home")
    page_nojs.get_by_role("button", name="Add a plan").click()
    form = StrategyFormPage(page_nojs)
    expect(form.heading).to_have_text("Add a plan")

    form.fill("Title", "Council Plan 2014-18").choose("Status", "Cabinet approved")
    form.fill_date("Scrutiny date", "2014-04-30").fill_date("Cabinet date", "2014-04-01").submit()
    expect(form.error_summary).to_be_visible()
    errors = form.error_summary_items()
    assert [(e.text, e.href) for e in errors] == [(ROUTE_ERROR, "#id_cabinet_date_0")], errors
    expect(form.field_error("id_cabinet_date_0")).to_contain_text(ROUTE_ERROR)
    assert Plan.objects.count() == before

    form.fill_date("Cabinet date", "2014-05-06").submit()
    plan = PlanDetailPage(page_nojs)
    expect(plan.success_banner).to_contain_text("Plan added: Council Plan 2014-18")
    assert "3. Cabinet: 6 May 2014 Current stage" in plan.approval_route()
    assert Plan.objects.count() == before + 1


def test_a_theme_cannot_go_under_its_own_sub_theme(page_nojs: Page, world: World, strategy, signed_in):
    signed_in(page_nojs, "programme")
    plan = PlanDetailPage(page_nojs).open_plan("home", strategy["plan"].pk)
    growth = plan.theme("Enabling Economic Growth")
    growth.get_by_role("link", name="Change theme Enabling Economic Growth").first.click()
    form = StrategyFormPage(page_nojs)
    expect(form.heading).to_have_text("Change theme")
    form.choose("Parent theme", "Enabling Economic Growth – Skills").submit()
    assert [(e.text, e.href) for e in form.error_summary_items()] == [(CYCLE_ERROR, "#id_parent")]
    assert Theme.objects.get(pk=strategy["growth"].pk).parent is None

    # A sub-theme added from the plan page, with its number of priorities
    plan.open_plan("home", strategy["plan"].pk)
    growth.get_by_role("link", name="Add a sub-theme to Enabling Economic Growth").click()
    form.fill("Title", "Transport").fill("Number of priorities (where their titles are not recorded)", "4").submit()
    expect(plan.success_banner).to_contain_text("Theme added: Transport")
    expect(plan.theme("Enabling Economic Growth")).to_contain_text("12 priorities across its 3 sub-themes")

    # The priority form
    plan.theme("Skills").get_by_role("link", name="Add a priority to Skills").click()
    expect(form.heading).to_have_text("Add a priority")


@pytest.mark.parametrize("path, heading", [
    ("plans/add/", "Add a plan"),
    ("themes/add/", "Add a theme"),
    ("priorities/add/", "Add a priority"),
    ("objectives/add/", "Add an objective"),
    ("principles/add/", "Add a service design principle"),
])
def test_strategy_forms_are_accessible_empty_and_with_errors(page: Page, world: World, strategy, signed_in, path,
                                                            heading):
    signed_in(page, "programme")
    form = StrategyFormPage(page).open("home", path)
    expect(form.heading).to_have_text(heading)
    name = path.split("/")[0]
    assert_accessible(page, f"strategy-{name}-form")
    form.submit()
    expect(form.error_summary).to_be_visible()
    assert_accessible(page, f"strategy-{name}-form-errors")
