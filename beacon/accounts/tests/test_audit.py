"""The audit trail of signing in and out: every sign-in, failed sign-in (known user or not, the username as it
was typed) and sign-out is recorded with the client's address."""

from __future__ import annotations

import pytest

from beacon.accounts.models import Account, AccountEvent, EventKind
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username: str, password: str = f.PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_sign_in_is_recorded_with_the_address(client):
    user = f.UserFactory(username="jo.bloggs")
    response = sign_in(client, "jo.bloggs", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    event = AccountEvent.objects.get()
    assert (event.kind, event.user, event.username, event.address) == (
        EventKind.SIGNED_IN, user, "jo.bloggs", "203.0.113.7")


def test_sign_in_creates_the_account_record_and_stores_its_generation(client):
    user = f.UserFactory(username="jo.bloggs")
    Account.objects.create(user=f.UserFactory(username="someone.else"), session_generation=9)
    sign_in(client, "jo.bloggs")
    assert Account.objects.get(user=user).session_generation == 0
    assert client.session["beacon_session_generation"] == 0


def test_wrong_password_is_recorded_against_the_user(client):
    user = f.UserFactory(username="jo.bloggs")
    response = sign_in(client, "jo.bloggs", "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    event = AccountEvent.objects.get()
    assert (event.kind, event.user, event.username, event.address) == (
        EventKind.SIGN_IN_FAILED, user, "jo.bloggs", "127.0.0.1")


def test_unknown_username_is_recorded_as_typed(client):
    f.UserFactory(username="jo.bloggs")
    sign_in(client, "  Nobody.Here ")
    event = AccountEvent.objects.get()
    # (Django's form strips the surrounding spaces before authenticating; the rest is kept as typed.)
    assert (event.kind, event.user, event.username) == (EventKind.SIGN_IN_FAILED, None, "Nobody.Here")


def test_a_differently_cased_username_is_a_failure_recorded_as_typed(client):
    f.UserFactory(username="jo.bloggs")
    sign_in(client, "Jo.Bloggs")
    event = AccountEvent.objects.get()
    assert (event.kind, event.user, event.username) == (EventKind.SIGN_IN_FAILED, None, "Jo.Bloggs")


def test_a_disabled_user_signing_in_is_a_failure_saying_so(client):
    user = f.UserFactory(username="jo.bloggs", is_active=False)
    response = sign_in(client, "jo.bloggs")
    assert response.status_code == 200
    event = AccountEvent.objects.get()
    assert (event.kind, event.user, event.detail) == (EventKind.SIGN_IN_FAILED, user, "The account is disabled")


def test_sign_out_is_recorded(client):
    user = f.UserFactory(username="jo.bloggs")
    sign_in(client, "jo.bloggs")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    kinds = list(AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.SIGNED_IN, EventKind.SIGNED_OUT]


def test_signing_out_when_not_signed_in_records_nothing(client):
    client.post("/accounts/logout/")
    assert not AccountEvent.objects.exists()
