"""Signing in and out through the real forms (journeys a and f)."""

from __future__ import annotations

import re

import pytest
from pages import BasePage, DashboardPage, LoginPage
from playwright.sync_api import Page, expect

from beacon.testing.world import World


def test_programme_manager_signs_in_and_sees_their_organisations_and_dashboard(page: Page, world: World):
    home = LoginPage(page).open().sign_in("programme")

    expect(home.heading).to_have_text("Your organisations")
    assert home.organisations() == {"Home Council": "Programme manager"}
    assert "Other Council" not in home.text()

    dashboard = home.open_organisation("Home Council")
    expect(page).to_have_url(re.compile(r"/org/home/$"))
    expect(dashboard.heading).to_have_text("Programme dashboard")
    expect(dashboard.caption).to_have_text("Home Council")
    expect(dashboard.main.get_by_role("link", name="Home Transformation Programme")).to_be_visible()
    assert "Dashboard" in dashboard.service_navigation()


def test_wrong_password_shows_the_error_summary_and_stays_signed_out(page_nojs: Page, world: World):
    login = LoginPage(page_nojs).open()
    page_nojs.get_by_label("Username").fill("programme")
    page_nojs.get_by_label("Password").fill("not-the-password")
    page_nojs.get_by_role("button", name="Sign in").click()

    expect(login.error_summary).to_contain_text("There is a problem")
    expect(login.heading).to_have_text("Sign in")
    DashboardPage(page_nojs).open("home")
    expect(page_nojs).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_signing_in_from_a_protected_page_returns_to_it(page_nojs: Page, world: World):
    page_nojs.goto("/org/home/projects/")
    expect(page_nojs).to_have_url(re.compile(r"/accounts/login/\?next=/org/home/projects/"))
    LoginPage(page_nojs).sign_in("viewer")
    expect(page_nojs).to_have_url(re.compile(r"/org/home/projects/$"))
    expect(BasePage(page_nojs).heading).to_have_text("Projects")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_sign_out_button_posts_and_signs_the_user_out(javascript: bool, request, signed_in):
    browser_page: Page = request.getfixturevalue("page" if javascript else "page_nojs")
    signed_in(browser_page, "programme")
    dashboard = DashboardPage(browser_page).open("home")
    sign_out_requests: list[str] = []
    browser_page.on("request", lambda req: sign_out_requests.append(req.method) if "/accounts/logout/" in req.url
                    else None)

    login = dashboard.sign_out()

    assert sign_out_requests == ["POST"]
    expect(login.heading).to_have_text("Sign in")
    expect(browser_page.get_by_role("button", name="Sign out")).to_have_count(0)
    DashboardPage(browser_page).open("home")
    expect(browser_page).to_have_url(re.compile(r"/accounts/login/\?next=/org/home/"))
