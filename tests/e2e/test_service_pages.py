"""The service essentials in a real browser, checked with axe: the accessibility statement, privacy notice,
cookies page and help, reached from the footer of any page, read by anyone signed in or not, usable at 320 pixels
wide (400% zoom) and with a keyboard alone."""

from __future__ import annotations

import pytest
from pages import BasePage, LoginPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.testing.world import World

SERVICE_PAGES = [
    ("accessibility", "/accessibility/", "Accessibility statement for Beacon", "Accessibility statement"),
    ("privacy", "/privacy/", "Privacy notice", "Privacy"),
    ("cookies", "/cookies/", "Cookies", "Cookies"),
    ("help", "/help/", "Help and contact", "Help and contact"),
]


def footer(page: Page):
    return page.get_by_role("contentinfo")


@pytest.mark.parametrize(("name", "path", "heading", "link"), SERVICE_PAGES, ids=[p[0] for p in SERVICE_PAGES])
def test_anyone_reaches_a_service_page_from_the_footer(page: Page, world: World, name: str, path: str,
                                                      heading: str, link: str) -> None:
    LoginPage(page).open()
    footer(page).get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(f"**{path}")
    service_page = BasePage(page)
    expect(service_page.heading).to_have_text(heading)
    assert_accessible(page, f"service-{name}")


def test_a_signed_in_user_reads_the_cookies_page_naming_the_real_cookies(page: Page, world: World, signed_in,
                                                                         settings) -> None:
    signed_in(page, "viewer")
    page.goto("/cookies/")
    table = page.get_by_role("table", name="Cookies that Beacon sets")
    expect(table).to_contain_text(settings.SESSION_COOKIE_NAME)
    expect(table).to_contain_text(settings.CSRF_COOKIE_NAME)
    set_by_beacon = {cookie["name"] for cookie in page.context.cookies()}
    listed = {text.strip() for text in table.locator("tbody th").all_inner_texts()}
    assert set_by_beacon <= listed, f"cookies set but not on the cookies page: {set_by_beacon - listed}"
    assert_accessible(page, "service-cookies-signed-in")


@pytest.mark.parametrize(("name", "path", "heading", "link"), SERVICE_PAGES, ids=[p[0] for p in SERVICE_PAGES])
def test_a_service_page_reflows_at_400_percent_zoom(page: Page, world: World, name: str, path: str, heading: str,
                                                   link: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    expect(BasePage(page).heading).to_have_text(heading)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} pixels at 320 pixels wide"


def test_the_footer_links_are_reached_with_the_keyboard_alone(page: Page, world: World) -> None:
    LoginPage(page).open()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == "Accessibility statement":
            break
    else:
        pytest.fail("the footer's accessibility statement link was not reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibility/")
    expect(BasePage(page).heading).to_have_text("Accessibility statement for Beacon")
