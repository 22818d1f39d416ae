"""Two-factor sign-in in a real browser, with TWO_FACTOR_REQUIRED_FOR_ADMINS at its real default (on): a new
administrator is taken to set it up, reads the setup key from the page (the test computes the app's code from it),
sees the recovery codes once and reaches the dashboard; at the next sign-in they are asked for a code. A user for
whom it is optional turns it off. Each page is checked with axe and screenshotted."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pages import SCREENSHOTS, BasePage, LoginPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.core.models import Role
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.two_factor


def code_for(key: bytes, *, step_ahead: int = 0) -> str:
    return f"{totp(key, drift=step_ahead):06d}"


@pytest.fixture
def no_throttling(settings):
    """django-otp refuses codes for a second after a wrong one; the live server shares these settings."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_a_new_administrator_sets_up_two_factor_sign_in_and_is_asked_for_a_code_next_time(
        page: Page, world: World, no_throttling) -> None:
    administrator = f.UserFactory(username="new-administrator")
    f.MembershipFactory(user=administrator, organisation=world.home, role=Role.ADMIN)
    LoginPage(page).open().sign_in("new-administrator")
    screen = BasePage(page)

    # Taken to set it up before anything else, even when asking for another page.
    expect(page).to_have_url(re.compile("/accounts/two-factor/set-up/"))
    page.goto("/org/home/projects/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/\?next=%2Forg%2Fhome%2Fprojects%2F"))
    expect(screen.heading).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page, "two-factor-setup")

    # A wrong code is refused with the GOV.UK error summary.
    key = b32decode(page.locator("#setup-key").inner_text().replace(" ", ""))
    page.get_by_label("Security code").fill(f"{(int(code_for(key)) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(screen.error_summary).to_contain_text("The code is not right. Check the time on your phone")
    assert_accessible(page, "two-factor-setup-error")

    page.get_by_label("Security code").fill(code_for(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(screen.heading).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page, "two-factor-recovery-codes")
    page.get_by_role("button", name="I have saved these codes").click()
    expect(page).to_have_url(re.compile("/org/home/projects/$"))
    assert TOTPDevice.objects.get(user=administrator).confirmed

    # Signing out and in again asks for the code.
    page.get_by_role("button", name="Sign out").click()
    LoginPage(page).open().sign_in("new-administrator")
    expect(page).to_have_url(re.compile("/accounts/two-factor/verify/"))
    expect(screen.heading).to_have_text("Enter your security code")
    assert_accessible(page, "two-factor-verify")
    page.get_by_label("Security code").fill("not-a-code")
    page.get_by_role("button", name="Continue").click()
    expect(screen.error_summary).to_be_visible()
    assert_accessible(page, "two-factor-verify-error")
    page.get_by_label("Security code").fill(code_for(key, step_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/org/home/")
    expect(page).to_have_url(re.compile("/org/home/$"))

    # An administrator cannot turn it off.
    page.goto("/accounts/")
    expect(screen.main).to_contain_text("Administrators must use it, so it cannot be turned off")
    page.goto("/accounts/two-factor/turn-off/")
    expect(screen.heading).to_have_text("You cannot turn off two-factor sign-in")
    assert_accessible(page, "two-factor-disable-refused")


def test_a_programme_manager_turns_two_factor_sign_in_off(page: Page, world: World, no_throttling) -> None:
    device = TOTPDevice.objects.create(user=world.users["programme"], name="Authenticator app", confirmed=True)
    LoginPage(page).open().sign_in("programme")
    expect(page).to_have_url(re.compile("/accounts/two-factor/verify/"))
    page.get_by_label("Security code").fill(code_for(device.bin_key))
    page.get_by_role("button", name="Continue").click()
    screen = BasePage(page)
    page.goto("/accounts/")
    page.get_by_role("link", name="Turn off two-factor sign-in").click()
    expect(screen.heading).to_have_text("Turn off two-factor sign-in")
    assert_accessible(page, "two-factor-disable")
    page.get_by_label("Security code").fill(code_for(device.bin_key, step_ahead=1))
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page).to_have_url(re.compile("/accounts/$"))
    expect(screen.main).to_contain_text("Two-factor sign-in is off")
    expect(page.get_by_role("link", name="Make new recovery codes")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "two-factor-account-off.png", full_page=True)
