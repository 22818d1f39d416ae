"""Importing a spreadsheet in a real browser: with and without JavaScript an officer uploads a file with a bad
cell, sees the problem named, uploads the corrected file and imports it, every page passing axe; with JavaScript
the page of a queued import follows the worker until it is done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Self

from django.core.management import call_command
from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.exchange.tests.files import csv_bytes, xlsx_bytes
from beacon.performance.models import Observation
from beacon.programmes.models import Project
from beacon.testing.world import World


class DataPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/data/")
        return self


class ImportPage(BasePage):
    def upload(self, record_type: str, path: Path) -> Self:
        self.page.get_by_label(record_type, exact=True).check()
        self.page.get_by_label("Upload the file").set_input_files(str(path))
        self.page.get_by_role("button", name="Check the file").click()
        self.page.wait_for_load_state()
        return self

    def problems(self) -> list[list[str]]:
        rows = self.main.locator("table.govuk-table tbody tr")
        return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


def import_projects(page: Page, tmp_path: Path, check: Callable[[str], None]) -> None:
    """The journey: the Data page, the upload form and its errors, a file with a bad cell refused with the cell
    named, the corrected file checked and imported. ``check`` runs at every page (axe needs script: the
    journey without script is checked for what it shows)."""
    data = DataPage(page).open("home")
    expect(data.heading).to_have_text("Data in and out")
    check("data-index")
    page.get_by_role("button", name="Import a file").click()
    form = ImportPage(page)
    expect(form.heading).to_have_text("Import a file")
    check("import-start")
    page.get_by_role("button", name="Check the file").click()
    expect(form.error_summary).to_contain_text("Select what the file holds")
    expect(form.error_summary).to_contain_text("Select a file to upload")
    check("import-start-errors")

    rows = [["Project code", "Title", "Programme", "Stage"],
            ["WASTE-1", "Waste round redesign", "Home Transformation Programme", "Delivery"],
            ["DEPOT-2", "Depot rationalisation", "Home Transformation Programme", "Nearly finished"]]
    bad = tmp_path / "projects.xlsx"
    bad.write_bytes(xlsx_bytes({"Projects": rows}))
    form.upload("Projects", bad)
    expect(form.heading).to_have_text("projects.xlsx")
    expect(page.get_by_role("heading", level=2, name="1 problem found: nothing has been written")).to_be_visible()
    problem = form.problems()[0]
    assert problem[:4] == ["Projects", "3", "D (Stage)", "Nearly finished"]
    assert problem[4].startswith("“Nearly finished” is not one of: Idea,")
    check("import-refused")
    assert not Project.objects.filter(code="WASTE-1").exists()

    page.get_by_role("link", name="Upload another file").click()
    rows[2][3] = "Delivery"
    good = tmp_path / "projects-corrected.xlsx"
    good.write_bytes(xlsx_bytes({"Projects": rows}))
    form.upload("Projects", good)
    expect(page.get_by_role("heading", level=2, name="Ready to import")).to_be_visible()
    expect(form.main).to_contain_text("Importing will create 2, update 0 and leave 0 unchanged.")
    check("import-checked")
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.locator(".govuk-panel")).to_contain_text("2 created, 0 updated, 0 unchanged")
    check("import-done")
    assert set(Project.objects.filter(code__in=["WASTE-1", "DEPOT-2"]).values_list("stage", flat=True)) == {"delivery"}


def test_an_officer_imports_projects_without_javascript(page_nojs: Page, world: World, signed_in, tmp_path) -> None:
    signed_in(page_nojs, "programme")
    import_projects(page_nojs, tmp_path, lambda name: page_nojs.screenshot(
        path=SCREENSHOTS / f"{name}-nojs.png", full_page=True))


def test_every_page_of_an_import_passes_axe(page: Page, world: World, signed_in, tmp_path) -> None:
    signed_in(page, "programme")
    import_projects(page, tmp_path, lambda name: assert_accessible(page, name))


def test_the_page_of_a_queued_import_follows_the_worker(page: Page, world: World, signed_in, tmp_path,
                                                         settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    signed_in(page, "programme")
    DataPage(page).goto("/org/home/data/import/")
    figures = tmp_path / "figures.csv"
    figures.write_bytes(csv_bytes([["KPI code", "Period", "Value"], ["PUB-KPI", "2024/25 Q3", "73.5%"]]))
    form = ImportPage(page).upload("Observations", figures)
    page.get_by_role("button", name="Import 1 row").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting to import: 0 of 1 rows checked (0%).")
    assert_accessible(page, "import-queued")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.locator(".govuk-panel")).to_contain_text("1 created", timeout=10_000)
    assert Observation.objects.filter(kpi=world.records["public_kpi"], value=73.5).exists()
    assert form.heading.inner_text() == "figures.csv"
