"""Adding a project through the form with JavaScript off (journey b): the GOV.UK error summary for bad input,
nothing saved until the input is right, then a success banner and the new project's page."""

from __future__ import annotations

import re

from pages import ProjectDetailPage, ProjectFormPage, ProjectListPage
from playwright.sync_api import Page, expect

from beacon.programmes.models import Project
from beacon.testing.world import World

PROGRAMME = "Home Transformation Programme"
END_DATE_ERROR = "The end date must be the same as or after the start date."


def test_add_a_project_without_javascript(page_nojs: Page, world: World, signed_in):
    signed_in(page_nojs, "programme")
    before = Project.objects.count()
    form = ProjectListPage(page_nojs).open("home").add_project()
    expect(form.heading).to_have_text("Add a project")

    # No title: the error summary links to the title field, and nothing is saved.
    form.choose_programme(PROGRAMME).submit()
    expect(form.error_summary).to_be_visible()
    expect(form.error_summary.get_by_role("heading")).to_have_text("There is a problem")
    errors = form.error_summary_items()
    assert [error.href for error in errors] == ["#id_title"], errors
    expect(form.field_error("id_title")).to_be_visible()
    expect(page_nojs.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert Project.objects.count() == before

    # The summary's link takes the user to the field.
    form.error_summary.get_by_role("link", name=errors[0].text).click()
    expect(page_nojs).to_have_url(re.compile(r"#id_title$"))

    # An end date before the start date: the error is on the end date; still nothing saved.
    form.fill_title("Digital front door").fill_start_date("2025-04-01").fill_end_date("2025-03-01").submit()
    expect(form.error_summary.get_by_role("link", name=END_DATE_ERROR)).to_have_attribute("href", "#id_end_date_0")
    expect(form.field_error("id_end_date_0")).to_contain_text(END_DATE_ERROR)
    expect(page_nojs.get_by_label("Title", exact=True)).to_have_value("Digital front door")
    assert Project.objects.count() == before

    # Put right: saved, a success banner, and the project's own page.
    form.fill_end_date("2026-03-31").submit()
    detail = ProjectDetailPage(page_nojs)
    expect(detail.success_banner).to_contain_text("Project added")
    expect(detail.success_banner).to_contain_text("Digital front door")
    expect(detail.heading).to_have_text("Digital front door")
    expect(detail.summary_value("Dates")).to_have_text("1 April 2025 to 31 March 2026")
    expect(detail.summary_value("Programme")).to_have_text(PROGRAMME)
    assert Project.objects.count() == before + 1
    assert Project.objects.filter(title="Digital front door", organisation=world.home).exists()


def test_change_a_project_without_javascript(page_nojs: Page, world: World, signed_in):
    project = world.records["plain"]
    signed_in(page_nojs, "programme")
    form = ProjectFormPage(page_nojs).open_edit("home", project.pk)
    expect(form.heading).to_have_text("Change project")
    expect(page_nojs.get_by_label("Title", exact=True)).to_have_value("Ordinary internal project")

    form.fill_title("Ordinary internal project, renamed").choose_stage("Full business case").submit()

    detail = ProjectDetailPage(page_nojs)
    expect(detail.success_banner).to_be_visible()
    expect(detail.heading).to_have_text("INT-1 Ordinary internal project, renamed")
    expect(detail.summary_value("Stage")).to_have_text("Full business case")
