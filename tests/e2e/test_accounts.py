"""Identity in a real browser, each page checked with axe: an administrator invites a new colleague, who accepts
the e-mailed link without JavaScript, chooses a password the rules accept and lands on the council's dashboard;
the administrator gives them another role, sees it in the audit trail, and disables the account, which ends the
colleague's open session at their next click. "Your account" shows a user's roles and sign-ins, and signing out
everywhere ends another browser's session."""

from __future__ import annotations

import re

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Browser, Page, expect

from beacon.testing.world import World

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def test_an_invited_colleague_joins_and_is_later_disabled(page: Page, page_nojs: Page, world: World, signed_in,
                                                          mailoutbox) -> None:
    signed_in(page, "admin")
    users = BasePage(page)
    page.goto("/org/home/users/")
    expect(users.heading).to_have_text(re.compile("Users"))
    assert "Users" in users.service_navigation()
    assert_accessible(page, "accounts-users-list")
    page.get_by_role("button", name="Invite a user").click()
    assert_accessible(page, "accounts-users-invite")
    page.get_by_role("button", name="Send invitation").click()
    expect(users.error_summary).to_be_visible()
    page.get_by_label("E-mail address").fill("new.officer@example.org")
    page.get_by_label("Viewer", exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(users.success_banner).to_be_visible()
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mailoutbox[0].body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]

    # The colleague accepts without JavaScript: a short password is refused first.
    joiner = BasePage(page_nojs)
    page_nojs.goto(path)
    page_nojs.get_by_label("Username").fill("new-officer")
    page_nojs.get_by_label("Password", exact=True).fill("too-short")
    page_nojs.get_by_label("Password again").fill("too-short")
    page_nojs.get_by_role("button", name="Accept and create account").click()
    expect(joiner.error_summary).to_contain_text("at least 12 characters")
    page_nojs.screenshot(path=SCREENSHOTS / "accounts-invitation-errors-nojs.png", full_page=True)
    page_nojs.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page_nojs.get_by_label("Password again").fill(NEW_PASSWORD)
    page_nojs.get_by_role("button", name="Accept and create account").click()
    expect(page_nojs).to_have_url(re.compile("/org/home/"))
    page_nojs.goto(path)  # the link works once
    expect(joiner.main).to_contain_text("This invitation has already been accepted")

    # The administrator changes their role and reads the audit trail.
    page.goto("/org/home/users/")
    page.get_by_role("link", name=re.compile("new-officer")).first.click()
    assert_accessible(page, "accounts-users-detail")
    page.get_by_role("link", name=re.compile("Change role")).first.click()
    assert_accessible(page, "accounts-users-role")
    page.get_by_label("Project lead", exact=True).check()
    page.get_by_role("button", name="Change role").click()
    expect(users.success_banner).to_be_visible()
    page.goto("/org/home/users/audit/")
    expect(users.main).to_contain_text("Viewer → Project lead")
    expect(users.main).to_contain_text("Invitation accepted")
    assert_accessible(page, "accounts-users-audit")

    # Disabling the account ends the colleague's open session at their next request.
    page.goto("/org/home/users/")
    page.get_by_role("link", name=re.compile("new-officer")).first.click()
    page.get_by_role("link", name=re.compile("Disable")).first.click()
    assert_accessible(page, "accounts-users-disable")
    page.get_by_role("button", name="Disable account").click()
    expect(users.success_banner).to_be_visible()
    page_nojs.goto("/org/home/")
    expect(page_nojs).to_have_url(re.compile("/accounts/login/"))


def test_your_account_and_signing_out_everywhere(page: Page, browser: Browser, live_server, world: World,
                                                 signed_in) -> None:
    signed_in(page, "programme")
    account = BasePage(page)
    page.get_by_role("link", name="Your account").click()
    expect(account.heading).to_have_text("Your account")
    expect(account.main).to_contain_text("Programme manager")
    expect(account.main).to_contain_text("Signed in")
    assert_accessible(page, "accounts-your-account")
    page.goto("/accounts/password/")
    assert_accessible(page, "accounts-password")

    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    signed_in(other, "programme")
    page.goto("/accounts/sign-out-everywhere/")
    assert_accessible(page, "accounts-sign-out-everywhere")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    other.goto("/org/home/")
    expect(other).to_have_url(re.compile("/accounts/login/"))
    other.context.close()
