"""Personal API tokens: what is stored, how a request authenticates with one, and the pages that make, show and
revoke them."""

from __future__ import annotations

import datetime as dt
import hashlib
import html

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from beacon.accounts import tokens
from beacon.accounts.models import AccountEvent, ApiToken, EventKind, TokenScope
from beacon.accounts.views_tokens import NEW_TOKEN_SESSION_KEY
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/organisations/"


@pytest.fixture
def user():
    user = f.UserFactory(username="analyst")
    f.MembershipFactory(user=user, organisation=f.OrganisationFactory(slug="home", name="Home Council"),
                        role="programme")
    return user


def api_with(key: str, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


# The tokens themselves


def test_only_the_hash_of_a_key_is_stored_and_the_prefix_recognises_it(user):
    made = tokens.create_token(user=user, name="Dashboard", scope=TokenScope.WRITE)
    assert made.key.startswith("bcn_") and len(made.key) > 40
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(made.key.encode()).hexdigest()
    assert made.key not in str(ApiToken.objects.values().get())
    assert stored.prefix == made.key[4:12]
    assert AccountEvent.objects.filter(kind=EventKind.TOKEN_CREATED, user=user, detail__contains="Dashboard").exists()


def test_two_tokens_never_share_a_key(user):
    assert tokens.create_token(user=user, name="a").key != tokens.create_token(user=user, name="b").key


def test_bearer_and_token_keywords_both_authenticate(user):
    key = tokens.create_token(user=user, name="Dashboard").key
    for keyword in ("Bearer", "Token", "bearer"):
        response = api_with(key, keyword).get(API)
        assert response.status_code == 200, keyword
        assert [org["slug"] for org in response.json()["results"]] == ["home"]


@pytest.mark.parametrize(("header", "reason"), [
    ("Bearer bcn_not-a-real-key", "not valid"),
    ("Bearer", "Send the token as"),
    ("Bearer two words", "Send the token as"),
])
def test_a_key_that_does_not_work_gets_401_with_a_reason(header, reason):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(API)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_at_all_is_still_403_as_before():
    assert APIClient().get(API).status_code == 403


def test_a_revoked_token_is_refused_and_the_revocation_is_audited(user):
    made = tokens.create_token(user=user, name="Dashboard")
    assert tokens.revoke_token(made.token, actor=user) is True
    assert tokens.revoke_token(made.token, actor=user) is False  # once only
    response = api_with(made.key).get(API)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert AccountEvent.objects.filter(kind=EventKind.TOKEN_REVOKED, user=user).count() == 1


def test_an_expired_token_is_refused(user):
    made = tokens.create_token(user=user, name="Dashboard", expires_in_days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        response = api_with(made.key).get(API)
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_disabled_users_token_is_refused(user):
    made = tokens.create_token(user=user, name="Dashboard")
    user.is_active = False
    user.save()
    response = api_with(made.key).get(API)
    assert response.status_code == 401 and "inactive" in response.json()["detail"]


def test_last_used_is_written_at_most_once_a_minute(user):
    made = tokens.create_token(user=user, name="Dashboard")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api_with(made.key).get(API)
    made.token.refresh_from_db()
    assert made.token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        api_with(made.key).get(API)
    made.token.refresh_from_db()
    assert made.token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        api_with(made.key).get(API)
    made.token.refresh_from_db()
    assert made.token.last_used_at == start + dt.timedelta(seconds=61)


def test_a_read_token_reads_but_may_not_write(world):
    read = tokens.create_token(user=world.users["programme"], name="Read", scope=TokenScope.READ).key
    write = tokens.create_token(user=world.users["programme"], name="Write", scope=TokenScope.WRITE).key
    project = world.records["plain"]
    url = f"/api/v1/projects/{project.pk}/"
    assert api_with(read).get(url).status_code == 200
    refused = api_with(read).patch(url, {"title": "Changed with a read token"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == tokens.READ_ONLY_REFUSAL
    project.refresh_from_db()
    assert project.title != "Changed with a read token"
    assert api_with(write).patch(url, {"title": "Changed with a write token"}, format="json").status_code == 200
    project.refresh_from_db()
    assert project.title == "Changed with a write token"


def test_a_token_acts_with_its_users_roles_only(world):
    viewer = tokens.create_token(user=world.users["viewer"], name="Write", scope=TokenScope.WRITE).key
    project = world.records["plain"]
    assert api_with(viewer).patch(f"/api/v1/projects/{project.pk}/", {"title": "x"}, format="json").status_code == 403
    secret = world.records["secret"]
    assert api_with(viewer).get(f"/api/v1/projects/{secret.pk}/").status_code == 404


def test_a_token_request_needs_no_csrf_token_and_makes_no_session(world):
    key = tokens.create_token(user=world.users["programme"], name="Write", scope=TokenScope.WRITE).key
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    project = world.records["plain"]
    assert client.patch(f"/api/v1/projects/{project.pk}/", {"title": "No CSRF"}, format="json").status_code == 200
    assert "sessionid" not in client.cookies


# The pages


@pytest.fixture
def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_making_a_token_shows_its_key_once(browser, user):
    form = browser.get("/accounts/tokens/new/")
    assert form.status_code == 200 and "Make an API token" in text(form)
    response = browser.post("/accounts/tokens/new/", {"name": "Monthly dashboard", "scope": "write",
                                                      "expires_in_days": "90"})
    assert response.status_code == 302 and response["Location"] == "/accounts/tokens/new/key/"
    shown = browser.get("/accounts/tokens/new/key/")
    key = shown.context["key"]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == tokens.hash_key(key) and token.scope == TokenScope.WRITE
    assert token.expires_at is not None and (token.expires_at - timezone.now()).days in (89, 90)
    assert key in text(shown) and "This is the only time you will see this key" in text(shown)
    assert "no-store" in shown["Cache-Control"]
    assert NEW_TOKEN_SESSION_KEY not in browser.session
    # The key works with the API, and is never shown again.
    assert api_with(key).get(API).status_code == 200
    again = browser.get("/accounts/tokens/new/key/", follow=True)
    assert key not in text(again) and "shown only once" in text(again)
    listed = text(browser.get("/accounts/tokens/"))
    assert "Monthly dashboard" in listed and f"bcn_{token.prefix}" in listed and key not in listed
    assert "Read and write" in listed


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "scope": "read"}, "Enter a name for the token"),
    ({"name": "   ", "scope": "read"}, "Enter a name for the token"),
    ({"name": "x" * 81, "scope": "read"}, "The name must be 80 characters or fewer"),
    ({"name": "Dashboard"}, "Choose what the token can do"),
    ({"name": "Dashboard", "scope": "admin"}, "Choose read only, or read and write"),
    ({"name": "Dashboard", "scope": "read", "expires_in_days": "soon"}, "Enter the number of days as a whole number"),
    ({"name": "Dashboard", "scope": "read", "expires_in_days": "0"}, "The token must last at least 1 day"),
    ({"name": "Dashboard", "scope": "read", "expires_in_days": "9999"}, "The token can last at most 366 days"),
])
def test_a_bad_form_says_why_and_makes_nothing(browser, data, message):
    response = browser.post("/accounts/tokens/new/", data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and message in page
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_the_token_stops_working(browser, user):
    made = tokens.create_token(user=user, name="Old script")
    confirm = browser.get(f"/accounts/tokens/{made.token.pk}/revoke/")
    assert confirm.status_code == 200 and "Revoke the token “Old script”" in text(confirm)
    assert api_with(made.key).get(API).status_code == 200
    response = browser.post(f"/accounts/tokens/{made.token.pk}/revoke/", follow=True)
    assert "has been revoked" in text(response) and "Revoked" in text(response)
    assert api_with(made.key).get(API).status_code == 401
    # Revoking again changes nothing and says so.
    again = browser.post(f"/accounts/tokens/{made.token.pk}/revoke/", follow=True)
    assert "was already revoked" in text(again)
    assert AccountEvent.objects.filter(kind=EventKind.TOKEN_REVOKED).count() == 1


def test_another_users_token_is_not_found(browser):
    other = f.UserFactory(username="someone-else")
    made = tokens.create_token(user=other, name="Theirs")
    assert browser.get(f"/accounts/tokens/{made.token.pk}/revoke/").status_code == 404
    assert browser.post(f"/accounts/tokens/{made.token.pk}/revoke/").status_code == 404
    assert "Theirs" not in text(browser.get("/accounts/tokens/"))
    made.token.refresh_from_db()
    assert made.token.revoked_at is None


def test_the_list_marks_revoked_and_expired_tokens(browser, user):
    revoked = tokens.create_token(user=user, name="Revoked one").token
    tokens.revoke_token(revoked, actor=user)
    expired = tokens.create_token(user=user, name="Expired one").token
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    tokens.create_token(user=user, name="Working one")
    page = text(browser.get("/accounts/tokens/"))
    assert "Revoked one" in page and "Expired one" in page and "Working one" in page
    assert page.count("govuk-tag--grey") == 1 and page.count("govuk-tag--yellow") == 1
    assert "Revoke<span class=\"govuk-visually-hidden\"> the token Working one" in page
