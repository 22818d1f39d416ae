"""Programmes in depth in a real browser, each page checked with axe: the roll-up with its rule and a
contradiction (dashboard, programme and workstream pages), the overdue updates list, a component added in
pounds, dependency warnings on both projects' pages and a dependency loop refused on the form."""

from __future__ import annotations

import datetime as dt

from pages import (
    ComponentFormPage,
    DashboardPage,
    ProgrammeDetailPage,
    ProjectDetailPage,
    ProjectFormPage,
    RollUpSection,
    WorkstreamDetailPage,
    assert_accessible,
)
from playwright.sync_api import Page, expect

from beacon.programmes.models import Component, Programme, Project, Workstream
from beacon.testing import factories as f
from beacon.testing.world import World


def contradicting(world: World) -> None:
    """A Green-reported programme and workstream holding a Red project; one project overdue for an update."""
    Project.objects.filter(pk=world.records["secret"].pk).update(delivery_confidence="red")
    Project.objects.filter(pk=world.records["plain"].pk).update(delivery_confidence="green")
    Project.objects.filter(pk=world.records["public"].pk).update(delivery_confidence="amber_green")
    Project.objects.filter(pk=world.records["led"].pk).update(
        update_due=dt.date.today() - dt.timedelta(days=8), lead_title="Head of Libraries"
    )
    Programme.objects.filter(pk=world.records["programme"].pk).update(reported_confidence="green")
    Workstream.objects.filter(pk=world.records["workstream"].pk).update(reported_confidence="green")


def test_dashboard_roll_up_contradiction_and_overdue_updates(page: Page, world: World, signed_in):
    contradicting(world)
    signed_in(page, "programme")
    dashboard = DashboardPage(page).open("home")
    roll_up = RollUpSection(page)
    expect(roll_up.warnings.first).to_contain_text("Reported Green, but 1 of its projects is Red")
    expect(page.get_by_text("Workstream Digital: Reported Green, but 1 of its projects is Red")).to_be_visible()
    expect(roll_up.open_rule()).to_contain_text("any Red project makes the status at least Amber")
    overdue = page.get_by_role("table", name="Projects whose update is overdue")
    expect(overdue).to_contain_text("Head of Libraries")
    expect(overdue.locator("tbody tr")).to_have_count(1)
    assert_accessible(page, "dashboard-roll-up")
    dashboard.main.get_by_role("link", name="See it in the project list").click()
    expect(page.get_by_role("table", name="Projects")).to_contain_text("Lead's open project")


def test_programme_and_workstream_pages_show_the_roll_up(page: Page, world: World, signed_in):
    contradicting(world)
    signed_in(page, "programme")
    ProgrammeDetailPage(page).open("home", world.records["programme"].pk)
    section = RollUpSection(page)
    expect(section.warnings.first).to_contain_text("Reported Green, but 1 of its projects is Red")
    expect(page.get_by_role("table", name="Workstreams")).to_contain_text("Red because")
    section.open_rule()
    assert_accessible(page, "programme-detail-roll-up")
    WorkstreamDetailPage(page).open("home", world.records["workstream"].pk)
    expect(RollUpSection(page).warnings.first).to_contain_text("its projects roll up to Red")
    assert_accessible(page, "workstream-detail-roll-up")


def test_add_a_component_in_pounds(page: Page, world: World, signed_in):
    programme = world.records["programme"]
    signed_in(page, "programme")
    form = ComponentFormPage(page).open_add("home", programme.pk)
    expect(form.heading).to_have_text("Add a component")
    assert_accessible(page, "component-add")
    form.fill("Service Transformation", "forty million").submit()
    expect(form.error_summary).to_contain_text("Enter the savings target in pounds, like £40,000,000 or £40m")
    assert_accessible(page, "component-add-errors")
    assert not Component.objects.filter(title="Service Transformation").exists()
    form.fill("Service Transformation", "£40m").submit()
    detail = ProgrammeDetailPage(page)
    expect(detail.success_banner).to_contain_text("Component added")
    expect(page.get_by_role("table", name="Components")).to_contain_text("£40,000,000")
    assert Component.objects.get(title="Service Transformation").savings_target_pence == 4_000_000_000


def test_dependency_warnings_on_both_pages_and_a_loop_refused(page: Page, world: World, signed_in):
    programme = world.records["programme"]
    c = f.ProjectFactory(programme=programme, code="TS-C", title="Customer portal", delivery_confidence="red")
    d = f.ProjectFactory(programme=programme, code="TS-D", title="Depot move")
    d.dependencies.add(c)
    late = f.ProjectFactory(programme=programme, code="TS-E", title="Estates review")
    f.MilestoneFactory(project=late, due_date=dt.date.today() - dt.timedelta(days=5))
    d.dependencies.add(late)
    signed_in(page, "programme")

    detail = ProjectDetailPage(page).open("home", d.pk)
    warnings = page.locator("main .beacon-dependency-warning")
    expect(warnings.filter(has_text="Depends on TS-C, which is Red")).to_have_count(1)
    expect(warnings.filter(has_text="Depends on TS-E, which is late")).to_have_count(1)
    assert_accessible(page, "project-detail-dependency-warnings")
    ProjectDetailPage(page).open("home", c.pk)
    expect(warnings.filter(has_text="TS-D depends on this project, which is Red")).to_have_count(1)

    # TS-C depending on TS-D would close a loop: refused on the form, nothing saved.
    form = ProjectFormPage(page).open_edit("home", c.pk)
    page.locator(f"input[name=dependencies][value='{d.pk}']").check()
    form.submit()
    expect(form.error_summary).to_contain_text(
        "This would make a loop of dependencies: TS-C depends on TS-D, which depends on TS-C."
    )
    assert_accessible(page, "project-form-dependency-loop")
    assert not c.dependencies.exists()
    assert detail.heading.count() == 1
