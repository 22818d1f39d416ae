"""The browser test harness: Debian's Chromium driven by Playwright against pytest-django's live server.

Never run ``playwright install``: it cannot download here and is not needed, because we launch the
system Chromium at /usr/bin/chromium. If it cannot start, the tests fail under CI (a missing browser must
never turn a red build green) and are skipped, with the reason, on a developer's machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from pages import LoginPage
from playwright.sync_api import Browser, Error, Page, Playwright, expect, sync_playwright

from beacon.core.models import FinancialYear
from beacon.core.money import load_financial_years
from beacon.testing.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in tests/e2e drives a browser: mark it so that ``-m "not browser"`` leaves them out."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _browser_unavailable(reason: str) -> NoReturn:
    """Under CI a browser that will not start is a failure; elsewhere the tests are skipped, saying why."""
    if "CI" in os.environ:
        raise RuntimeError(f"Chromium is required under CI and could not be used: {reason}")
    pytest.skip(f"Chromium unavailable, browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    try:
        driver = sync_playwright().start()
    except Exception as exc:  # any failure to start the driver means no browser tests
        _browser_unavailable(f"the Playwright driver did not start ({exc})")
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        _browser_unavailable(f"{CHROMIUM} does not exist (apt-get install chromium)")
    try:
        chromium = playwright_driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
    except Error as exc:
        _browser_unavailable(f"{CHROMIUM} did not launch: {exc.message.splitlines()[0]}")
    yield chromium
    chromium.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The world makes a user per role; PBKDF2's million rounds would cost seconds per test. The live
    server reads the same settings object, so the real sign-in form checks these hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(transactional_db, live_server) -> World:
    """The small test world (beacon.testing.world), committed so that the live server's thread sees it. The
    database is emptied after each browser test, reference data too: the financial years go back first."""
    load_financial_years(FinancialYear)
    return build_world()


def _new_page(browser: Browser, base_url: str, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, java_script_enabled=javascript, locale="en-GB", viewport=VIEWPORT
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context and page with JavaScript on; relative URLs go to the live server."""
    yield from _new_page(browser, live_server.url, javascript=True)


@pytest.fixture
def page_nojs(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context and page with JavaScript off: core journeys must work without it."""
    yield from _new_page(browser, live_server.url, javascript=False)


@pytest.fixture
def signed_in(world: World) -> Callable[[Page, str], Page]:
    """``signed_in(page, username)`` signs in through the real form at /accounts/login/ and returns the page."""

    def _sign_in(page: Page, username: str) -> Page:
        LoginPage(page).open().sign_in(username)
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        return page

    return _sign_in


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Errors the page logs to the console or throws (a refused script, a content security policy block)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
