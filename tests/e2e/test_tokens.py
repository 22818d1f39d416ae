"""Personal API tokens in a real browser, each page checked with axe: a programme manager makes a read-only
token, sees its key once, uses it from a program (an HTTP client) to read projects, is refused a write with
it, and revokes it, after which the key is refused. Without JavaScript the same pages work."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.testing.world import World


def call(url: str, key: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (the test's own live server)
        url, method=method, data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_make_use_and_revoke_a_token(page: Page, world: World, signed_in, live_server) -> None:
    signed_in(page, "programme")
    tokens = BasePage(page)
    page.goto("/accounts/tokens/")
    expect(tokens.heading).to_have_text("Your API tokens")
    expect(tokens.main).to_contain_text("You have no API tokens")
    assert_accessible(page, "tokens-list-empty")

    page.get_by_role("button", name="Make a token").click()
    assert_accessible(page, "tokens-create")
    page.get_by_role("button", name="Make token").click()
    expect(tokens.error_summary).to_contain_text("Enter a name for the token")
    expect(tokens.error_summary).to_contain_text("Choose what the token can do")
    assert_accessible(page, "tokens-create-errors")
    page.get_by_label("Name").fill("Monthly dashboard")
    page.get_by_label(re.compile("^Read only")).check()
    page.get_by_label("Expires after (optional)").fill("30")
    page.get_by_role("button", name="Make token").click()

    expect(tokens.heading).to_have_text("Your new API token")
    key = page.get_by_label("Key").input_value()
    assert key.startswith("bcn_")
    assert_accessible(page, "tokens-created")
    page.reload()  # shown once only
    expect(tokens.main).not_to_contain_text(key)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("shown only once")

    # A program uses the key: it reads, and a write is refused because the token is read-only.
    project = world.records["plain"]
    status, body = call(f"{live_server.url}/api/v1/projects/{project.pk}/", key)
    assert status == 200 and body["title"] == project.title
    status, body = call(f"{live_server.url}/api/v1/projects/{project.pk}/", key, "PATCH", {"title": "Nope"})
    assert status == 403 and "This token can only read" in body["detail"]

    page.goto("/accounts/tokens/")
    row = page.get_by_role("row", name=re.compile("Monthly dashboard"))
    expect(row).to_contain_text("Read only")
    expect(row).to_contain_text(key[:12] + "…")
    assert_accessible(page, "tokens-list")
    row.get_by_role("link", name=re.compile("Revoke")).click()
    expect(tokens.heading).to_have_text("Revoke the token “Monthly dashboard”")
    assert_accessible(page, "tokens-revoke")
    page.get_by_role("button", name="Revoke token").click()
    expect(tokens.success_banner).to_contain_text("has been revoked")
    expect(page.get_by_role("row", name=re.compile("Monthly dashboard"))).to_contain_text("Revoked")
    status, body = call(f"{live_server.url}/api/v1/projects/{project.pk}/", key)
    assert status == 401 and "revoked" in body["detail"]


def test_tokens_work_without_javascript(page_nojs: Page, world: World, signed_in) -> None:
    signed_in(page_nojs, "viewer")
    page_nojs.goto("/accounts/tokens/new/")
    page_nojs.get_by_label("Name").fill("Spreadsheet")
    page_nojs.get_by_label(re.compile("^Read and write")).check()
    page_nojs.get_by_role("button", name="Make token").click()
    expect(page_nojs.locator("h1")).to_have_text("Your new API token")
    assert page_nojs.get_by_label("Key").input_value().startswith("bcn_")
    page_nojs.screenshot(path=SCREENSHOTS / "tokens-created-nojs.png", full_page=True)
    page_nojs.get_by_role("link", name="Back to your API tokens").click()
    page_nojs.get_by_role("link", name=re.compile("Revoke")).click()
    page_nojs.get_by_role("button", name="Revoke token").click()
    expect(page_nojs.get_by_role("row", name=re.compile("Spreadsheet"))).to_contain_text("Revoked")
