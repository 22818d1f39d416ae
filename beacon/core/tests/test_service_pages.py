"""The service essentials linked from every page's footer: the accessibility statement, the privacy notice, the
cookies page and help. Anyone reads them, signed in or not; what they say about the running service (who runs it,
the contact address, the cookies' names and lifetimes) comes from settings."""

from __future__ import annotations

import re
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from beacon.core.models import Membership
from beacon.core.service_pages import describe_duration
from beacon.testing import factories as f

PAGES = {
    "service:accessibility": "Accessibility statement for Beacon",
    "service:privacy": "Privacy notice",
    "service:cookies": "Cookies",
    "service:help": "Help and contact",
}

REQUIRED_HEADINGS = {
    "service:accessibility": [
        "Using Beacon",
        "How accessible Beacon is",
        "Feedback and contact information",
        "Reporting accessibility problems with Beacon",
        "Enforcement procedure",
        "Technical information about Beacon’s accessibility",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "What we’re doing to improve accessibility",
        "Preparation of this accessibility statement",
    ],
    "service:privacy": [
        "Who is responsible for your data",
        "What personal data we keep and why",
        "Your account",
        "The audit trail",
        "Ideas from residents",
        "Our lawful basis",
        "How long we keep your data",
        "Who we share your data with",
        "Your rights",
        "How to complain",
    ],
    "service:cookies": ["Essential cookies", "Analytics cookies"],
    "service:help": [
        "If you cannot sign in",
        "Finding your way around",
        "Using the API",
        "Contact us",
        "Report a security problem",
    ],
}

FOOTER_LINKS = {
    "Help and contact": "/help/",
    "Accessibility statement": "/accessibility/",
    "Privacy": "/privacy/",
    "Cookies": "/cookies/",
    "API": "/api/v1/docs/",
}


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]


def main_text(html: str) -> str:
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def footer_links(html: str) -> dict[str, str]:
    footer = html.split('<ul class="govuk-footer__inline-list">', 1)[1].split("</ul>", 1)[0]
    return {text.strip(): href for href, text in re.findall(r'<a class="govuk-footer__link" href="([^"]+)">([^<]+)</a>',
                                                            footer)}


@pytest.fixture
def reader(request, db, client: Client) -> Client:
    """The reader of a page: nobody signed in, or a viewer of a council."""
    if request.param == "signed_in":
        membership = cast(Membership, f.MembershipFactory(role="viewer"))
        client.force_login(membership.user)
    return client


@pytest.mark.parametrize("reader", ["anonymous", "signed_in"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_shows_its_required_sections_to_anyone(reader: Client, name: str) -> None:
    response = reader.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    shown = headings(html)
    assert shown[0] == PAGES[name]
    missing = [heading for heading in REQUIRED_HEADINGS[name] if heading not in shown]
    assert not missing, f"{name} lacks the sections {missing}; it has {shown}"
    assert f"<title>{PAGES[name]} – Beacon</title>" in html


@pytest.mark.django_db
def test_the_owner_and_contact_address_come_from_settings(client: Client, settings) -> None:
    settings.SERVICE_OWNER = "Tameside Metropolitan Borough Council"
    settings.SERVICE_CONTACT_EMAIL = "beacon@tameside.example"
    for name in PAGES:
        if name == "service:cookies":
            continue
        html = client.get(reverse(name)).content.decode()
        assert 'href="mailto:beacon@tameside.example"' in html, name
        assert "Tameside Metropolitan Borough Council" in main_text(html), name
    privacy = main_text(client.get(reverse("service:privacy")).content.decode())
    assert "The data controller for the personal data in Beacon is Tameside Metropolitan Borough Council." in privacy


@pytest.mark.django_db
def test_with_no_configuration_the_pages_read_correctly(client: Client) -> None:
    privacy = main_text(client.get(reverse("service:privacy")).content.decode())
    assert "The data controller for the personal data in Beacon is the council that runs this Beacon." in privacy
    assert "beacon-support@example.invalid" in privacy


@pytest.mark.django_db
def test_the_accessibility_statement_is_honest_about_compliance(client: Client) -> None:
    text = main_text(client.get(reverse("service:accessibility")).content.decode())
    assert "Beacon is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "fully compliant" not in text
    assert "A full manual audit has not been done" in text
    assert "axe-core" in text
    assert "This statement was prepared on 23 November 2026" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    html = client.get(reverse("service:accessibility")).content.decode()
    assert 'href="https://www.equalityadvisoryservice.com/"' in html


@pytest.mark.django_db
def test_the_privacy_notice_names_the_lawful_basis_and_the_regulator(client: Client) -> None:
    html = client.get(reverse("service:privacy")).content.decode()
    text = main_text(html)
    assert "Article 6(1)(e)" in text
    assert "Beacon does not use analytics or any other tracking" in text
    assert 'href="https://ico.org.uk/make-a-complaint/"' in html


@pytest.mark.django_db
def test_the_cookies_page_names_the_cookies_actually_configured(client: Client, settings) -> None:
    settings.SESSION_COOKIE_NAME = "beacon_session"
    settings.CSRF_COOKIE_NAME = "beacon_csrf"
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    settings.SESSION_IDLE_TIMEOUT = 20 * 60
    html = client.get(reverse("service:cookies")).content.decode()
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><code>([^<]+)</code></th>\s*'
                      r'<td class="govuk-table__cell">([^<]+)</td>\s*<td class="govuk-table__cell">([^<]+)</td>', html)
    cookies = {name: (purpose, expires) for name, purpose, expires in rows}
    assert cookies["beacon_session"] == (
        "Keeps you signed in as you move from page to page. You are signed out after 20 minutes without using Beacon",
        "8 hours after you sign in, or when you sign out",
    )
    assert "beacon_csrf" in cookies
    assert "sessionid" not in cookies and "csrftoken" not in cookies
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Cookies that Beacon sets</caption>' in html


@pytest.mark.django_db
def test_the_cookies_page_names_the_default_cookies(client: Client) -> None:
    html = client.get(reverse("service:cookies")).content.decode()
    assert "<code>sessionid</code>" in html
    assert "<code>csrftoken</code>" in html
    assert "<code>messages</code>" in html


@pytest.mark.django_db
def test_the_privacy_notice_says_when_a_session_ends(client: Client, settings) -> None:
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    text = main_text(client.get(reverse("service:privacy")).content.decode())
    assert ("Your signed-in session ends when you sign out, after 30 minutes without using Beacon or 12 hours after "
            "you sign in, whichever comes first.") in text


@pytest.mark.django_db
def test_a_cookie_that_is_not_set_is_not_listed(client: Client, settings) -> None:
    settings.CSRF_USE_SESSIONS = True
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    html = client.get(reverse("service:cookies")).content.decode()
    assert "<code>csrftoken</code>" not in html
    assert "<code>messages</code>" not in html
    assert "When you close your browser or sign out" in html


def test_durations_read_as_words() -> None:
    assert describe_duration(1209600) == "2 weeks"
    assert describe_duration(31449600) == "1 year"
    assert describe_duration(3600) == "1 hour"
    assert describe_duration(90 * 60) == "90 minutes"
    assert describe_duration(45) == "45 seconds"


@pytest.mark.django_db
def test_the_footer_of_the_sign_in_page_links_the_service_pages(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert footer_links(html) == FOOTER_LINKS


def test_the_footer_of_a_public_page_links_the_service_pages(world, client: Client) -> None:
    response = client.get("/public/home/")
    assert response.status_code == 200
    assert footer_links(response.content.decode()) == FOOTER_LINKS


def test_the_footer_of_a_signed_in_page_links_the_service_pages(world, login) -> None:
    response = login(world.users["viewer"]).get("/org/home/")
    assert response.status_code == 200
    assert footer_links(response.content.decode()) == FOOTER_LINKS
