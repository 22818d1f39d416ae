"""GOV.UK Frontend is served and starts under the content security policy; the harness's own checks work."""

from __future__ import annotations

import pytest
from pages import DashboardPage, ProjectFormPage, assert_accessible
from playwright.sync_api import Page, Response, expect

from beacon.testing.world import World


def test_assets_load_and_govuk_frontend_starts_without_errors(
    page: Page, world: World, signed_in, console_errors: list[str]
):
    failed: list[str] = []

    def record(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", record)
    signed_in(page, "programme")
    DashboardPage(page).open("home")
    page.wait_for_load_state("networkidle")

    assert not failed, failed
    assert not console_errors, console_errors
    # init.mjs ran (a module refused by the CSP or served with the wrong type would leave these off).
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    # The compiled stylesheet is current: Beacon's own rules are in it, not only GOV.UK Frontend's.
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.evaluate("button => getComputedStyle(button).borderStyle") == "none"
    assert sign_out.evaluate("button => getComputedStyle(button).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert "arial" in page.locator("h1").evaluate("heading => getComputedStyle(heading).fontFamily").lower()


def test_error_summary_takes_focus_with_javascript(page: Page, world: World, signed_in):
    """GOV.UK Frontend moves focus to the error summary so that screen reader users hear it first."""
    signed_in(page, "programme")
    form = ProjectFormPage(page).open_add("home").submit()
    expect(form.error_summary).to_be_focused()


def test_assert_accessible_fails_on_a_serious_violation(page: Page):
    """The check itself is tested: a page with an unlabelled field and an image without alt text must fail."""
    page.set_content('<html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "harness-self-test")
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)
