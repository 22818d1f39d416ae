"""The "Your account" pages: your details, roles and recent sign-ins; changing your password (with the
password rules); signing out everywhere. Anonymous visitors are sent to sign in."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from beacon.accounts import audit
from beacon.accounts.models import AccountEvent, EventKind
from beacon.core.models import Role
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD_PAGE = "/accounts/password/"
GOOD = "kettle ladder violet harbour"


@pytest.fixture
def user():
    return f.UserFactory(username="jo.bloggs", first_name="Jo", last_name="Bloggs", email="jo@example.gov.uk")


@pytest.fixture
def signed_in(user) -> Client:
    client = Client()
    assert client.post(LOGIN, {"username": "jo.bloggs", "password": f.PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("path", ["/accounts/", PASSWORD_PAGE, "/accounts/sign-out-everywhere/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next={path}"


# Your account


def test_the_account_page_shows_who_you_are_and_your_roles(signed_in, user):
    home = f.OrganisationFactory(name="Home Council", slug="home")
    f.MembershipFactory(user=user, organisation=home, role=Role.FINANCE)
    f.MembershipFactory(user=f.UserFactory(), organisation=f.OrganisationFactory(name="Not Mine", slug="nm"),
                        role=Role.ADMIN)
    page = signed_in.get("/accounts/").content.decode()
    for text in ("Your account", "jo.bloggs", "Jo Bloggs", "jo@example.gov.uk", "Home Council", "Finance officer",
                 'href="/org/home/"', 'href="/accounts/password/"', 'href="/accounts/sign-out-everywhere/"'):
        assert text in page
    assert "Not Mine" not in page


def test_the_account_page_lists_your_last_ten_sign_ins_only(signed_in, user):
    other = f.UserFactory(username="someone.else")
    audit.record(EventKind.SIGNED_IN, user=other, detail="theirs")
    AccountEvent.objects.filter(user=other).update(address="198.51.100.99")
    for _ in range(11):
        audit.record(EventKind.SIGN_IN_FAILED, user=user, username="jo.bloggs")
    audit.record(EventKind.SIGNED_IN, user=user)
    page = signed_in.get("/accounts/").content.decode()
    assert "Your last 10 sign-ins and failed attempts" in page
    assert page.count('govuk-tag--red">Failed<') == 9
    assert page.count('govuk-tag--green">Signed in<') == 1
    assert "198.51.100.99" not in page


# Change your password


def change(client: Client, new: str, again: str | None = None, old: str = f.PASSWORD):
    return client.post(PASSWORD_PAGE, {"old_password": old, "new_password1": new,
                                       "new_password2": new if again is None else again})


def test_the_password_page_is_a_govuk_form(signed_in):
    page = signed_in.get(PASSWORD_PAGE).content.decode()
    for text in ("Change your password", "Current password", "New password", "Confirm new password",
                 "At least 12 characters", "csrfmiddlewaretoken", 'autocomplete="new-password"'):
        assert text in page


@pytest.mark.parametrize(("new", "message"), [
    ("eleven-char", "This password is too short. It must contain at least 12 characters."),
    ("password1234", "This password is too common."),
    ("481516234200", "This password is entirely numeric."),
    ("jo.bloggs.2024", "The password is too similar to the username."),
])
def test_weak_passwords_are_refused_with_the_rule(signed_in, user, new, message):
    response = change(signed_in, new)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    user.refresh_from_db()
    assert user.check_password(f.PASSWORD)
    assert not AccountEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"old": "wrong password"}, "Your current password is not right: enter it again"),
    ({"again": "something else entirely"}, "Enter the same new password twice"),
    ({"new": "", "again": ""}, "Enter a new password"),
])
def test_mistakes_are_refused_and_change_nothing(signed_in, user, data, message):
    response = change(signed_in, data.get("new", GOOD), data.get("again"), data.get("old", f.PASSWORD))
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(f.PASSWORD)


def test_a_good_password_is_accepted_this_session_kept_and_others_ended(signed_in, user):
    elsewhere = Client()
    elsewhere.force_login(user)
    response = change(signed_in, GOOD)
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    assert "Your password has been changed" in signed_in.get("/accounts/").content.decode()
    user.refresh_from_db()
    assert user.check_password(GOOD)
    assert AccountEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED, user=user).exists()
    assert elsewhere.get("/accounts/").status_code == 302


# Sign out everywhere


def test_the_sign_out_everywhere_page_asks_first(signed_in, user):
    page = signed_in.get("/accounts/sign-out-everywhere/").content.decode()
    assert "govuk-button--warning" in page and "csrfmiddlewaretoken" in page
    assert "including this one" in page
    assert not AccountEvent.objects.filter(kind=EventKind.SIGNED_OUT_EVERYWHERE).exists()
    assert signed_in.get("/accounts/").status_code == 200


def test_signing_out_everywhere_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/accounts/sign-out-everywhere/").status_code == 403
    assert client.get("/accounts/").status_code == 200


def test_a_single_sign_on_user_is_not_offered_a_password_they_do_not_have():
    """An account made by single sign-on has no Beacon password: the account page says where to change it, and
    the password page sends them back there rather than asking for a current password they never had."""
    user = f.UserFactory(username="sso.user")
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)
    page = html.unescape(client.get("/accounts/").content.decode())
    assert PASSWORD_PAGE not in page
    assert "You sign in through your organisation's single sign-on, so Beacon keeps no password for you" in page
    sent_back = client.get(PASSWORD_PAGE, follow=True)
    assert sent_back.redirect_chain == [("/accounts/", 302)]
    assert "Beacon keeps no password for you: change your password with your organisation" in html.unescape(
        sent_back.content.decode())
    posted = client.post(PASSWORD_PAGE, {"old_password": "", "new_password1": GOOD, "new_password2": GOOD})
    assert posted.status_code == 302
    user.refresh_from_db()
    assert not user.has_usable_password()
