"""Sign-in throttling: five wrong passwords for one username from one address, and that pair is refused (429,
a page saying when to try again) even with the right password, until the cool-off has passed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from beacon.accounts.models import AccountEvent, EventKind
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HERE = "192.0.2.10"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def user():
    return f.UserFactory(username="area.manager")


def attempt(client: Client, username: str, password: str, address: str = HERE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client: Client, username: str, address: str = HERE) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, username, "not-the-password", address)
        assert response.status_code in {200, 429}


def test_the_limit_is_five():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_four_failures_do_not_lock_and_the_right_password_still_works(user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "area.manager", "not-the-password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    assert attempt(client, "area.manager", f.PASSWORD).status_code == 302
    assert client.session.get(SESSION_KEY) == str(user.pk)


def test_after_five_failures_the_right_password_is_refused_with_the_page(user):
    client = Client()
    fail_until_locked(client, "area.manager")
    now = timezone.now()
    response = attempt(client, "area.manager", f.PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts to sign in" in page
    assert "You can try again after" in page
    assert "even the right password will not sign you in" in page
    assert 'href="/help/"' in page
    assert settings.SERVICE_CONTACT_EMAIL in page
    assert 840 <= int(response["Retry-After"]) <= 900
    assert SESSION_KEY not in client.session
    # The time given is 15 minutes after the last failure, in the council's time.
    until = timezone.localtime(now + dt.timedelta(minutes=15))
    assert f"{until:%-I:%M}" in page
    # A signed-in page is still out of reach.
    assert client.get("/accounts/").status_code == 302


def test_the_page_is_the_same_whether_or_not_the_username_exists(user):
    pages = []
    for username in ("area.manager", "nobody.here"):
        client = Client()
        fail_until_locked(client, username)
        response = attempt(client, username, f.PASSWORD)
        assert response.status_code == 429
        pages.append(response.content.decode().replace(username, "USERNAME"))
    assert "USERNAME" not in pages[0]
    assert pages[0] == pages[1]


def test_another_username_from_the_same_address_is_not_locked(user):
    other = f.UserFactory(username="policy.officer")
    client = Client()
    fail_until_locked(client, "area.manager")
    assert attempt(client, "policy.officer", f.PASSWORD).status_code == 302
    assert client.session.get(SESSION_KEY) == str(other.pk)


def test_the_same_username_from_another_address_is_not_locked(user):
    fail_until_locked(Client(), "area.manager", HERE)
    elsewhere = Client()
    assert attempt(elsewhere, "area.manager", f.PASSWORD, ELSEWHERE).status_code == 302
    assert elsewhere.session.get(SESSION_KEY) == str(user.pk)
    # ... while from the first address it stays locked.
    assert attempt(Client(), "area.manager", f.PASSWORD, HERE).status_code == 429


def test_after_the_cool_off_the_right_password_works(user):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_until_locked(client, "area.manager")
        assert attempt(client, "area.manager", f.PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=14))
        assert attempt(client, "area.manager", f.PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        response = attempt(client, "area.manager", f.PASSWORD)
    assert response.status_code == 302
    assert client.session.get(SESSION_KEY) == str(user.pk)


def test_the_lock_out_is_in_the_audit_trail(user):
    client = Client()
    fail_until_locked(client, "area.manager")
    attempt(client, "area.manager", f.PASSWORD)
    events = AccountEvent.objects.filter(kind=EventKind.LOCKED_OUT)
    assert events.count() >= 1
    event = events.latest("at")
    assert event.user == user
    assert event.address == HERE
    assert "5 failed sign-ins" in event.detail
    assert AccountEvent.objects.filter(kind=EventKind.SIGN_IN_FAILED, user=user).count() >= 5


def test_the_test_clients_login_and_force_login_still_work(user):
    client = Client()
    assert client.login(username="area.manager", password=f.PASSWORD)
    assert client.get("/accounts/").status_code == 200
    other = Client()
    other.force_login(user)
    assert other.get("/accounts/").status_code == 200
