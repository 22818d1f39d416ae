"""The backup page in a real browser, checked with axe: the administrator sees what a backup of the
organisation holds and how it is restored, and downloads the file."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Self

from pages import BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.testing.world import World


class BackupPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/data/backup/")
        return self

    @property
    def contents(self) -> Locator:
        return self.main.get_by_role("list").first

    @property
    def download_button(self) -> Locator:
        return self.main.get_by_role("button", name="Download a backup")


def test_the_administrator_downloads_a_backup(page: Page, world: World, signed_in) -> None:
    signed_in(page, "admin")
    backup = BackupPage(page).open("home")
    expect(backup.heading).to_have_text("Back up this organisation")
    expect(backup.contents).to_contain_text("projects")
    expect(backup.contents).to_contain_text("kept in history")
    expect(backup.main).to_contain_text("beacon restore home-")
    assert_accessible(page, "exchange-backup")

    with page.expect_download() as download_info:
        backup.download_button.click()
    download = download_info.value
    assert download.suggested_filename.startswith("home-")
    assert download.suggested_filename.endswith(".beacon-backup")
    with open(download.path(), "rb") as stream, zipfile.ZipFile(io.BytesIO(stream.read())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["organisation"]["slug"] == "home"
    assert manifest["counts"]["programmes.Project"] >= 1
