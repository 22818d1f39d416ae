"""Single sign-on in a real browser, against a real OpenID Connect provider (``oidc-provider-mock`` in its own
process on 127.0.0.1, see ``beacon.testing.oidc_provider``): a council officer presses "Sign in with ...", signs
in on the provider's own form, and comes back to Beacon signed in with the role their group maps to; a refused
sign-in and a cancelled one say why in plain words; the administrator maps a group to a role. Each new page is
checked with axe and screenshotted."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pages import SCREENSHOTS, BasePage, DashboardPage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.accounts.models import AccountEvent, EventKind, ExternalIdentity, SsoRoleMapping
from beacon.core.models import Membership, Role
from beacon.testing.oidc_provider import ProviderProcess
from beacon.testing.world import World


@pytest.fixture(scope="module")
def provider() -> Iterator[ProviderProcess]:
    with ProviderProcess() as running:
        yield running


def configure(settings, issuer: str) -> None:
    """Point the live server (which reads the same settings object) at the provider."""
    settings.OIDC_PROVIDERS = {"council": {
        "issuer": issuer, "client_id": "beacon-e2e", "client_secret": "e2e-secret", "label": "Council account",
        "groups_claim": "groups", "scope": "openid email profile"}}


@pytest.fixture(autouse=True)
def _fresh_discovery() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def sign_in_at_provider(page: Page, provider: ProviderProcess, sub: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(f"{provider.url}/oauth2/authorize")))
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_an_officer_signs_in_with_the_councils_provider(page: Page, world: World, settings,
                                                        provider: ProviderProcess) -> None:
    configure(settings, provider.url)
    SsoRoleMapping.objects.create(organisation=world.home, provider="council", group="transformation-team",
                                  role=Role.PROGRAMME)
    provider.set_user("officer-sub", email="programme.officer@example.org", given_name="Programme",
                      family_name="Officer", groups=["transformation-team", "all-staff"])

    page.goto("/accounts/login/?next=/org/home/")
    button = page.get_by_role("button", name="Sign in with Council account")
    expect(button).to_be_visible()
    expect(page.get_by_label("Username")).to_be_visible()  # the local form stays
    assert_accessible(page, "sso-sign-in-page")
    button.click()
    sign_in_at_provider(page, provider, "officer-sub")

    expect(page).to_have_url(re.compile(r"/org/home/$"))
    dashboard = DashboardPage(page)
    expect(dashboard.heading).to_have_text("Programme dashboard")
    expect(dashboard.caption).to_have_text("Home Council")
    identity = ExternalIdentity.objects.get(provider="council", subject="officer-sub")
    membership = Membership.objects.get(user=identity.user, organisation=world.home)
    assert (membership.role, membership.source) == (Role.PROGRAMME, "council")
    page.screenshot(path=SCREENSHOTS / "sso-signed-in-dashboard.png", full_page=True)


def test_a_refused_sign_in_says_why(page: Page, world: World, settings, provider: ProviderProcess) -> None:
    # Beacon is told to expect another issuer than the one the provider names (its alias address).
    configure(settings, provider.alias)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Council account").click()
    screen = BasePage(page)
    expect(screen.heading).to_have_text("You could not sign in with Council account")
    expect(screen.main).to_contain_text("not set up the way Beacon expects. Tell your IT service desk.")
    assert_accessible(page, "sso-refused")
    page.get_by_role("link", name="Go back to sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert AccountEvent.objects.filter(kind=EventKind.SSO_REFUSED).count() == 1
    assert not ExternalIdentity.objects.exists()


def test_a_cancelled_sign_in_without_javascript(page_nojs: Page, world: World, settings,
                                                provider: ProviderProcess) -> None:
    configure(settings, provider.url)
    page_nojs.goto("/accounts/login/")
    page_nojs.get_by_role("button", name="Sign in with Council account").click()
    expect(page_nojs).to_have_url(re.compile(re.escape(provider.url)))
    page_nojs.get_by_role("button", name="Deny").click()
    screen = BasePage(page_nojs)
    expect(screen.main).to_contain_text("You did not finish signing in with Council account.")
    page_nojs.screenshot(path=SCREENSHOTS / "sso-cancelled-nojs.png", full_page=True)
    assert not ExternalIdentity.objects.exists()


def test_the_administrator_maps_a_group_to_a_role(page: Page, world: World, settings, signed_in,
                                                  provider: ProviderProcess) -> None:
    signed_in(page, "admin")  # first: pages.LoginPage presses "Sign in", not exact, so one button on the page
    configure(settings, provider.url)
    page.goto("/org/home/users/")
    page.get_by_role("link", name="Single sign-on").click()
    screen = BasePage(page)
    expect(screen.heading).to_have_text("Single sign-on")
    page.get_by_role("button", name="Map a group to a role").click()
    page.get_by_role("button", name="Add").click()
    expect(screen.error_summary).to_contain_text("Enter the group")
    assert_accessible(page, "sso-admin-add-errors")
    page.get_by_label("Council account").check()
    page.get_by_label("Group").fill("finance-team")
    page.get_by_label("Finance officer").check()
    page.get_by_role("button", name="Add").click()
    expect(screen.success_banner).to_contain_text("Group finance-team now gives the role Finance officer")
    assert_accessible(page, "sso-admin-list")
    page.get_by_role("link", name=re.compile("Remove")).click()
    assert_accessible(page, "sso-admin-remove")
    page.get_by_role("button", name="Remove mapping").click()
    expect(screen.main).to_contain_text("No group gives a role in Home Council yet.")
    assert not SsoRoleMapping.objects.exists()


def test_without_providers_the_mapping_page_says_how(page: Page, world: World, settings, signed_in) -> None:
    settings.OIDC_PROVIDERS = {}
    signed_in(page, "admin")
    page.goto("/org/home/users/single-sign-on/")
    expect(BasePage(page).main).to_contain_text("Single sign-on is not set up on this Beacon.")
    assert_accessible(page, "sso-admin-not-set-up")
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name=re.compile("Sign in with"))).to_have_count(0)
