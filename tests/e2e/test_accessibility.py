"""Every page type passes axe-core with no serious or critical violation (PRODUCT section 4: WCAG 2.2 AA),
in a real browser with JavaScript on, with enough data on it that tables, tags and summaries all show.
Each run leaves a full-page screenshot in tests/e2e/screenshots/ for a person to look over."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pages import (
    BasePage,
    DashboardPage,
    HomePage,
    LoginPage,
    MilestoneFormPage,
    MilestoneListPage,
    ProgrammeDetailPage,
    ProgrammeListPage,
    ProjectDetailPage,
    ProjectFormPage,
    ProjectListPage,
    PublicDashboardPage,
    assert_accessible,
)
from playwright.sync_api import Page, expect

from beacon.programmes.models import Confidence, Stage
from beacon.testing import factories as f
from beacon.testing.world import World


@pytest.fixture
def full_world(world: World) -> World:
    """The test world filled out so that every part of every page shows: ratings, dates, a phase, a done and
    a late milestone, an overdue update, dependencies both ways."""
    records = world.records
    today = dt.date.today()
    programme = records["programme"]
    programme.description = "Modernising how the council works, 2024 to 2028."
    programme.board = "Transformation Board"
    programme.start_date, programme.end_date = dt.date(2024, 4, 1), dt.date(2028, 3, 31)
    programme.source = "Cabinet report, 12 March 2024: https://example.org/cabinet/2024-03-12"
    programme.save()
    records["workstream"].lead_title = "Director of Digital"
    records["workstream"].save()
    plain = records["plain"]
    plain.description = "Replace the paper-based process with an online one."
    plain.stage = Stage.DELIVERY
    plain.delivery_confidence = Confidence.AMBER
    plain.phase = records["phase"]
    plain.lead_title = "Head of Customer Services"
    plain.start_date, plain.end_date = dt.date(2024, 6, 1), dt.date(2026, 3, 31)
    plain.update_due = today - dt.timedelta(days=7)
    plain.status_commentary = "Supplier chosen; build under way."
    plain.key_decision = True
    plain.save()
    plain.dependencies.add(records["public"])
    records["led"].dependencies.add(plain)
    public = records["public"]
    public.stage, public.delivery_confidence = Stage.APPROVED, Confidence.GREEN
    public.save()
    f.MilestoneFactory(project=plain, title="Business case approved", due_date=today - dt.timedelta(days=90),
                       actual_date=today - dt.timedelta(days=95))
    f.MilestoneFactory(project=plain, title="Supplier contract signed", due_date=today - dt.timedelta(days=10))
    return world


@dataclass(frozen=True)
class PageCase:
    """One page type: who looks at it and how they get there."""

    name: str
    username: str | None
    visit: Callable[[Page, World], None]
    status: int = 200

    def __str__(self) -> str:
        return self.name


def _failed_project_submit(page: Page, world: World) -> None:
    form = ProjectFormPage(page).open_add("home").submit()
    expect(form.error_summary).to_contain_text("There is a problem")


def _filtered_project_list(page: Page, world: World) -> None:
    projects = ProjectListPage(page).open("home").filter_by_stage("In delivery")
    expect(projects.table).to_contain_text("Ordinary internal project")


CASES = [
    PageCase("sign-in", None, lambda page, world: LoginPage(page).open()),
    PageCase("home", "programme", lambda page, world: HomePage(page).open()),
    PageCase("dashboard", "programme", lambda page, world: DashboardPage(page).open("home")),
    PageCase("programme-list", "programme", lambda page, world: ProgrammeListPage(page).open("home")),
    PageCase("programme-detail", "programme",
             lambda page, world: ProgrammeDetailPage(page).open("home", world.records["programme"].pk)),
    PageCase("workstream-detail", "programme",
             lambda page, world: BasePage(page).goto(world.records["workstream"].get_absolute_url())),
    PageCase("project-list", "programme", lambda page, world: ProjectListPage(page).open("home")),
    PageCase("project-list-filtered", "programme", _filtered_project_list),
    PageCase("project-detail", "programme",
             lambda page, world: ProjectDetailPage(page).open("home", world.records["plain"].pk)),
    PageCase("project-add", "programme", lambda page, world: ProjectFormPage(page).open_add("home")),
    PageCase("project-add-errors", "programme", _failed_project_submit),
    PageCase("project-edit", "programme",
             lambda page, world: ProjectFormPage(page).open_edit("home", world.records["plain"].pk)),
    PageCase("milestone-list", "programme", lambda page, world: MilestoneListPage(page).open("home")),
    PageCase("milestone-add", "programme",
             lambda page, world: MilestoneFormPage(page).open_add("home", world.records["plain"].pk)),
    PageCase("public-dashboard", None, lambda page, world: PublicDashboardPage(page).open("home")),
    PageCase("not-found", "programme", lambda page, world: BasePage(page).goto("/org/home/projects/999999/"),
             status=404),
    PageCase("forbidden", "viewer", lambda page, world: BasePage(page).goto("/org/home/projects/add/"), status=403),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_page_has_no_serious_accessibility_violation(case: PageCase, page: Page, full_world: World, signed_in):
    if case.username:
        signed_in(page, case.username)
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status) if response.request.is_navigation_request()
            and response.request.frame == page.main_frame else None)
    case.visit(page, full_world)
    page.wait_for_load_state("load")
    assert statuses and statuses[-1] == case.status, f"{case.name}: expected HTTP {case.status}, got {statuses}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, case.name)


def test_form_fields_announce_their_hint_and_error(page: Page, world: World, signed_in):
    """A screen reader reads a field's hint and error with its label: the field's accessible description
    must hold the text drawn above it (WCAG 1.3.1, 3.3.1)."""
    signed_in(page, "programme")
    form = ProjectFormPage(page).open_add("home").submit()
    expect(form.error_summary).to_be_visible()

    title = page.get_by_label("Title", exact=True)
    error = form.field_error("id_title").inner_text().replace("Error:", "").strip()
    assert error
    expect(title).to_have_accessible_description(re.compile(re.escape(error)))

    lead_title = page.get_by_label("Lead (role title)", exact=True)
    hint = form.field_hint("id_lead_title").inner_text().strip()
    assert hint
    expect(lead_title).to_have_accessible_description(re.compile(re.escape(hint)))


def test_filter_error_summary_links_reach_their_field(page: Page, world: World, signed_in):
    """A bad filter value shows the error summary; each of its links must land on a field that exists."""
    signed_in(page, "programme")
    projects = ProjectListPage(page).open("home", stage="bogus")
    expect(projects.error_summary).to_contain_text("There is a problem")
    links = projects.error_summary_items()
    assert links
    for link in links:
        assert link.href.startswith("#") and page.locator(link.href).count() == 1, (
            f"error summary link {link.text!r} points at {link.href}, which is not on the page"
        )
