"""Sign-in throttling in a real browser, checked with axe: five wrong passwords, then even the right one is refused
with a page saying when to try again and where to get help, in the same words for a username that does not
exist; the page loads under the content security policy with nothing blocked."""

from __future__ import annotations

import re

from pages import PASSWORD, SCREENSHOTS, BasePage, LoginPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.testing.world import World


def try_to_sign_in(page: Page, username: str, password: str) -> int:
    LoginPage(page).open()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_response(re.compile(r"/accounts/login/")) as answer:
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return answer.value.status


def test_a_locked_out_sign_in_shows_when_to_try_again(page: Page, world: World, console_errors: list[str]) -> None:
    login = BasePage(page)
    username = world.users["viewer"].get_username()
    for _ in range(4):
        assert try_to_sign_in(page, username, "not-the-password") == 200
        expect(login.error_summary).to_be_visible()
    assert try_to_sign_in(page, username, "not-the-password") == 429
    assert try_to_sign_in(page, username, PASSWORD) == 429
    expect(login.heading).to_have_text("Too many attempts to sign in")
    expect(login.main).to_contain_text(re.compile(r"You can try again after \d{1,2}:\d\d[ap]m on \d{1,2} \w+ \d{4}"))
    expect(login.main).to_contain_text("even the right password will not sign you in")
    help_link = page.get_by_role("link", name="Get help with Beacon")
    expect(help_link).to_have_attribute("href", "/help/")
    assert_accessible(page, "security-lockout")
    # The only console errors are the refusals themselves (429), nothing blocked by the policy.
    blocked = [error for error in console_errors if "status of 429" not in error]
    assert not blocked, blocked
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/accounts/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # not signed in

    # A username that does not exist is locked out with the same words.
    for _ in range(5):
        try_to_sign_in(page, "no-such-person", "not-the-password")
    assert try_to_sign_in(page, "no-such-person", PASSWORD) == 429
    expect(login.heading).to_have_text("Too many attempts to sign in")
    expect(login.main).not_to_contain_text("no-such-person")
    page.screenshot(path=SCREENSHOTS / "security-lockout-unknown-user.png", full_page=True)

    # Another username from the same browser still signs in.
    LoginPage(page).open().sign_in(world.users["programme"].get_username())
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
