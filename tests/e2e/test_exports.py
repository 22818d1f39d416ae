"""Downloading a list in a real browser: the project list's download links keep the filters, the CSV one
downloads the filtered projects (formulas escaped), and the page stays accessible with the links on it."""

from __future__ import annotations

import csv
import io

from pages import ProjectListPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.testing.world import World


def test_download_the_project_list(page: Page, world: World, signed_in) -> None:
    plain = world.records["plain"]
    plain.title = "=1+1 review"
    plain.save()
    signed_in(page, "programme")

    ProjectListPage(page).open("home")
    downloads = page.locator("#downloads")
    expect(downloads).to_contain_text("Download this list")
    for name in ("Excel", "OpenDocument", "CSV"):
        expect(downloads.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page, "project-list-downloads")

    page.goto(page.url + "?q=INT")
    csv_link = page.locator("#downloads").get_by_role("link", name="CSV")
    assert csv_link.get_attribute("href") == "?q=INT&download=csv"
    with page.expect_download() as info:
        csv_link.click()
    download = info.value
    assert download.suggested_filename.startswith("home-projects-") and download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(io.StringIO(file.read(), newline="")))
    assert [(row["Code"], row["Title"]) for row in rows] == [("INT-1", "'=1+1 review")]
