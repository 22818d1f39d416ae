"""Who sees what (journeys d and e): a viewer never sees a confidential project or its text; its lead does;
the public page shows public projects and never a confidential one, even one also marked public."""

from __future__ import annotations

import pytest
from pages import (
    BasePage,
    DashboardPage,
    HomePage,
    MilestoneListPage,
    ProgrammeDetailPage,
    ProgrammeListPage,
    ProjectDetailPage,
    ProjectListPage,
    PublicDashboardPage,
)
from playwright.sync_api import Page, expect

from beacon.testing.world import World

SECRET_TEXTS = ["Secret depot closure", "CONF-1", "Secret milestone", "Exempt: negotiations with the union"]


def assert_no_secret(page: Page, where: str) -> None:
    """Neither the visible text nor the HTML (option lists, hidden text, attributes) names the secret."""
    visible, html = BasePage(page).text(), page.content()
    for secret in SECRET_TEXTS:
        assert secret not in visible, f"{secret!r} is shown on {where} ({page.url})"
        assert secret not in html, f"{secret!r} is in the HTML of {where} ({page.url})"


def test_viewer_cannot_add_projects_nor_see_the_confidential_one(page: Page, world: World, signed_in):
    signed_in(page, "viewer")
    projects = ProjectListPage(page).open("home")

    expect(projects.heading).to_have_text("Projects")
    expect(projects.add_project_button).to_have_count(0)
    expect(projects.table).to_contain_text("Ordinary internal project")
    assert "Secret depot closure" not in projects.project_titles()
    assert_no_secret(page, "the project list")

    pages = {
        "the home page": lambda: HomePage(page).open(),
        "the dashboard": lambda: DashboardPage(page).open("home"),
        "the programme list": lambda: ProgrammeListPage(page).open("home"),
        "the programme page": lambda: ProgrammeDetailPage(page).open("home", world.records["programme"].pk),
        "the workstream page": lambda: BasePage(page).goto(world.records["workstream"].get_absolute_url()),
        "a project search for it": lambda: ProjectListPage(page).open("home", q="Secret"),
        "the milestone list": lambda: MilestoneListPage(page).open("home"),
        "the late milestones": lambda: MilestoneListPage(page).open("home", late="true"),
    }
    for where, visit in pages.items():
        visit()
        expect(BasePage(page).heading).to_be_visible()
        assert_no_secret(page, where)

    response = BasePage(page).goto(world.records["secret"].get_absolute_url())
    assert response is not None and response.status == 404
    expect(BasePage(page).heading).to_have_text("Page not found")
    assert_no_secret(page, "the confidential project's own address")


def test_viewer_is_refused_the_add_project_form(page: Page, world: World, signed_in):
    signed_in(page, "viewer")
    response = BasePage(page).goto("/org/home/projects/add/")
    assert response is not None and response.status == 403
    expect(BasePage(page).heading).to_have_text("You do not have access to this page")


@pytest.mark.parametrize("username", ["lead", "programme"])
def test_the_lead_and_programme_manager_see_the_confidential_project(
    username: str, page: Page, world: World, signed_in
):
    signed_in(page, username)
    projects = ProjectListPage(page).open("home")
    assert "Secret depot closure" in projects.project_titles()

    projects.table.get_by_role("link", name="Secret depot closure").click()
    detail = ProjectDetailPage(page)
    expect(detail.heading).to_have_text("CONF-1 Secret depot closure")
    expect(detail.summary_value("Confidential")).to_have_text("Yes")
    expect(detail.summary_value("Public")).to_have_text("No (confidential)")
    expect(detail.summary_value("Status commentary")).to_have_text("Exempt: negotiations with the union")
    assert "Secret milestone" in detail.milestone_titles()


def test_public_page_shows_public_projects_and_never_confidential_ones(page: Page, world: World):
    public = PublicDashboardPage(page).open("home")

    expect(public.heading).to_have_text("Home Council: transformation programme")
    assert public.published_projects() == ["Public library remodel"]
    assert_no_secret(page, "the public page")
    assert "Ordinary internal project" not in public.text()  # not marked public
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
