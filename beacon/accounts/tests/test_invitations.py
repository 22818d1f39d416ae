"""Accepting an invitation from the e-mailed link: a newcomer creates an account, a person with an account signs in
first, and a link works once, until it expires or is withdrawn."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from beacon.accounts import services
from beacon.accounts.models import AccountEvent, EventKind, Invitation
from beacon.core.models import Membership, Role
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # noqa: S105


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Home Council", slug="home")


@pytest.fixture
def admin(org):
    user = f.UserFactory(username="ada", email="ada@example.org")
    f.MembershipFactory(user=user, organisation=org, role=Role.ADMIN)
    return user


@pytest.fixture
def invited(org, admin):
    """An invitation for new@example.org to be a programme manager, and its link."""
    invitation, token = services.invite_user(actor=admin, organisation=org, email="new@example.org",
                                             role=Role.PROGRAMME, job_title="Change lead")
    return invitation, f"/accounts/invitations/{token}/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def new_account(username="newbie", password=PASSWORD, again=None):
    return {"username": username, "password1": password, "password2": again or password}


def test_the_emailed_link_creates_the_account_and_signs_in(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/org/home/users/invite/", {"email": "new@example.org", "role": "programme"})
    client.logout()
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = [str(v) for model in (Invitation, AccountEvent) for row in model.objects.values() for v in row.values()]
    assert not any(token in value for value in stored)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = text(client.get("/" + path))
    assert "Join Home Council on Beacon" in page and "Programme manager" in page and "new@example.org" in page

    response = client.post("/" + path, new_account())
    assert response.status_code == 302 and response["Location"] == "/org/home/"
    user = get_user_model().objects.get(username="newbie")
    assert user.email == "new@example.org"
    assert Membership.objects.get(user=user).role == Role.PROGRAMME
    assert int(client.session["_auth_user_id"]) == user.pk
    assert {e.kind for e in AccountEvent.objects.filter(user=user)} >= {EventKind.INVITATION_ACCEPTED,
                                                                         EventKind.ROLE_GIVEN}
    assert client.get("/org/home/").status_code == 200


def test_a_link_works_once(client, invited):
    _, link = invited
    client.post(link, new_account())
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and "already been accepted" in text(response)
    response = client.post(link, new_account("second"))
    assert response.status_code == 410
    assert not get_user_model().objects.filter(username="second").exists()


def test_an_expired_link_is_refused(client, invited):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410 and "This invitation expired on" in text(response)
    assert client.post(link, new_account()).status_code == 410
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_a_withdrawn_link_is_refused(client, invited, admin):
    invitation, link = invited
    services.withdraw_invitation(actor=admin, invitation=invitation)
    response = client.get(link)
    assert response.status_code == 410 and "withdrawn" in text(response)


def test_an_unknown_link_is_not_found(client, invited):
    response = client.get("/accounts/invitations/not-a-real-token/")
    assert response.status_code == 404 and "not recognised" in text(response)


@pytest.mark.parametrize(("data", "message"), [
    (new_account(password="short1"), "at least 12 characters"),
    (new_account(again="something else entirely"), "The two passwords are not the same"),
    (new_account(password="123456789012345"), "entirely numeric"),
    (new_account(password="password12345"), "too common"),
    (new_account(username="ada"), "That username is taken"),
    (new_account(username="no spaces allowed"), "Enter a valid username"),
    ({}, "Enter a username"),
])
def test_bad_choices_are_shown_and_create_nothing(client, invited, data, message):
    _, link = invited
    response = client.post(link, data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and message in page
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_someone_with_an_account_signs_in_first_then_accepts(client, invited, org):
    other = f.OrganisationFactory(name="Other Council", slug="other")
    vic = f.UserFactory(username="vic", email="New@Example.org")
    f.MembershipFactory(user=vic, organisation=other, role=Role.VIEWER)
    _, link = invited
    page = text(client.get(link))
    assert "There is already a Beacon account" in page and f"/accounts/login/?next={link.replace('/', '%2F')}" in page
    assert client.post(link, new_account()).status_code == 403
    client.force_login(vic)
    assert "Accept invitation" in text(client.get(link))
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/org/home/"
    assert Membership.objects.get(user=vic, organisation=org).role == Role.PROGRAMME
    assert Membership.objects.filter(user=vic).count() == 2


def test_a_signed_in_user_with_another_email_cannot_accept(client, invited, org):
    someone = f.UserFactory(username="someone", email="someone@example.org")
    client.force_login(someone)
    _, link = invited
    page = text(client.get(link))
    assert "This invitation is for new@example.org" in page
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=someone).exists()
    assert Invitation.objects.get().accepted_at is None
