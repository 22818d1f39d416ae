"""An organisation's Users pages as its administrator uses them, and what the other roles and councils get."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from beacon.accounts import services, tokens
from beacon.accounts.audit import record
from beacon.accounts.models import Account, AccountEvent, EventKind, Invitation
from beacon.core.models import Membership, Role
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Home Council", slug="home")


@pytest.fixture
def other_org():
    return f.OrganisationFactory(name="Other Council", slug="other")


@pytest.fixture
def admin(org):
    user = f.UserFactory(username="ada", first_name="Ada", last_name="Admin", email="ada@example.org")
    f.MembershipFactory(user=user, organisation=org, role=Role.ADMIN)
    return user


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    # Signing in writes its own audit row; the tests below count only what the pages under test write.
    AccountEvent.objects.all().delete()
    return client


def member(org, username="vic", role=Role.VIEWER, job_title="", **kwargs):
    user = f.UserFactory(username=username, **kwargs)
    f.MembershipFactory(user=user, organisation=org, role=role, job_title=job_title)
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Who


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMIN])
def test_only_the_administrator_manages_users(client, org, role):
    client.force_login(member(org, "someone", role=role))
    assert client.get("/org/home/users/").status_code == 403
    assert client.post("/org/home/users/invite/", {"email": "x@example.org", "role": "admin"}).status_code == 403
    assert not Invitation.objects.exists()


def test_another_councils_administrator_gets_not_found(client, org, other_org):
    client.force_login(member(other_org, "otto", role=Role.ADMIN))
    vic = member(org)
    assert client.get("/org/home/users/").status_code == 404
    assert client.get(f"/org/home/users/{vic.pk}/").status_code == 404
    assert client.post(f"/org/home/users/{vic.pk}/disable/").status_code == 404
    vic.refresh_from_db()
    assert vic.is_active


# The list


def test_list_shows_members_their_last_sign_in_and_pending_invitations(as_admin, org, other_org, admin):
    vic = member(org, "vic", first_name="Vic", last_name="Viewer", email="vic@example.org",
                 job_title="Policy officer")
    member(org, "gone", is_active=False)
    member(other_org, "stranger")
    event = record(EventKind.SIGNED_IN, user=vic)
    AccountEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2024, 3, 21, 10, tzinfo=dt.UTC))
    Invitation.objects.create(organisation=org, email="pending@example.org", role=Role.FINANCE,
                              token_hash="x" * 64, expires_at=dt.datetime(2099, 1, 2, tzinfo=dt.UTC))
    page = text(as_admin.get("/org/home/users/"))
    assert "Vic Viewer" in page and "vic@example.org" in page and "Policy officer" in page
    assert "21 March 2024" in page
    assert re.search(r"gone</a> <strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>", page)
    assert "Administrator" in page and "Never" in page
    assert "stranger" not in page
    assert "pending@example.org" in page and "Finance officer" in page and "2 January 2099" in page


def test_list_queries_do_not_grow_with_the_members(as_admin, org):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_admin.get("/org/home/users/").status_code == 200
        return len(captured)

    for n in range(2):
        record(EventKind.SIGNED_IN, user=member(org, f"early{n}"))
    few = queries()
    for n in range(27):
        record(EventKind.SIGNED_IN, user=member(org, f"late{n}"))
    assert Membership.objects.filter(organisation=org).count() == 30
    assert queries() == few


# Inviting


def test_inviting_sends_the_email_and_lists_the_invitation(as_admin, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post("/org/home/users/invite/", {"email": "new@example.org", "role": "finance",
                                                              "job_title": "Accountant"}, follow=True)
    assert "Invitation sent to new@example.org" in text(response)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.job_title) == ("new@example.org", "finance", "Accountant")
    assert mail.outbox[0].to == ["new@example.org"]
    assert "/accounts/invitations/" in mail.outbox[0].body
    assert AccountEvent.objects.filter(kind=EventKind.INVITED, organisation=org).count() == 1


def test_inviting_a_member_or_bad_input_changes_nothing(as_admin, org):
    member(org, email="vic@example.org")
    response = as_admin.post("/org/home/users/invite/", {"email": "VIC@example.org", "role": "viewer"})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and "already belongs to someone with a role in Home Council" in page
    response = as_admin.post("/org/home/users/invite/", {"email": "not an address", "role": "emperor"})
    assert "Enter an e-mail address in the correct format" in text(response)
    assert not Invitation.objects.exists() and not mail.outbox
    assert not AccountEvent.objects.exclude(kind=EventKind.SIGNED_IN).exists()


def test_withdrawing_an_invitation(as_admin, org, admin):
    invitation, token = services.invite_user(actor=admin, organisation=org, email="new@example.org",
                                             role=Role.VIEWER)
    url = f"/org/home/users/invitations/{invitation.pk}/withdraw/"
    assert "Withdraw the invitation to new@example.org?" in text(as_admin.get(url))
    assert as_admin.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert AccountEvent.objects.filter(kind=EventKind.INVITATION_WITHDRAWN).count() == 1
    assert as_admin.get(url).status_code == 404
    assert "new@example.org" not in text(as_admin.get("/org/home/users/"))


# A member's page


def test_detail_shows_this_organisations_role_and_events_only(as_admin, org, other_org, admin):
    vic = member(org, "vic", role=Role.VIEWER)
    f.MembershipFactory(user=vic, organisation=other_org, role=Role.MONITORING)
    record(EventKind.SIGNED_IN, user=vic, detail="")
    record(EventKind.ROLE_CHANGED, user=vic, actor=admin, organisation=org, detail="Lead here")
    record(EventKind.ROLE_CHANGED, user=vic, organisation=other_org, detail="Secret change elsewhere")
    page = text(as_admin.get(f"/org/home/users/{vic.pk}/"))
    assert "Viewer" in page and "Lead here" in page and "Signed in" in page
    assert "Monitoring officer" not in page and "Other Council" not in page and "Secret change elsewhere" not in page


def test_changing_a_role(as_admin, org):
    vic = member(org)
    url = f"/org/home/users/{vic.pk}/role/"
    response = as_admin.post(url, {"role": "programme", "job_title": "Head of change"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=vic)
    assert (membership.role, membership.job_title) == ("programme", "Head of change")
    assert AccountEvent.objects.get(kind=EventKind.ROLE_CHANGED).detail.startswith("Viewer → Programme manager")
    assert as_admin.post(url, {"role": "emperor"}).status_code == 200
    assert Membership.objects.get(user=vic).role == "programme"


def test_the_last_administrator_cannot_demote_or_remove_themselves(as_admin, org, admin):
    response = as_admin.post(f"/org/home/users/{admin.pk}/role/", {"role": "viewer"})
    assert response.status_code == 200
    assert "Ada Admin is the last administrator of Home Council" in text(response)
    assert "You cannot remove this role" in text(as_admin.get(f"/org/home/users/{admin.pk}/remove/"))
    response = as_admin.post(f"/org/home/users/{admin.pk}/remove/")
    assert "last administrator" in text(response)
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert not AccountEvent.objects.exclude(kind=EventKind.SIGNED_IN).exists()


def test_an_administrator_who_steps_down_goes_to_the_dashboard(as_admin, org, admin):
    member(org, "bea", role=Role.ADMIN)
    response = as_admin.post(f"/org/home/users/{admin.pk}/role/", {"role": "viewer"})
    assert response["Location"] == "/org/home/"


def test_removing_a_role(as_admin, org):
    vic = member(org)
    assert "Remove vic’s role in Home Council?" in text(as_admin.get(f"/org/home/users/{vic.pk}/remove/"))
    assert as_admin.post(f"/org/home/users/{vic.pk}/remove/")["Location"] == "/org/home/users/"
    assert not Membership.objects.filter(user=vic).exists()
    assert AccountEvent.objects.get(kind=EventKind.ROLE_REMOVED).user == vic
    assert as_admin.get(f"/org/home/users/{vic.pk}/").status_code == 404


# Disabling


def test_disabling_and_enabling_an_account(as_admin, org, admin):
    vic = member(org)
    assert "Disable the account of vic?" in text(as_admin.get(f"/org/home/users/{vic.pk}/disable/"))
    response = as_admin.post(f"/org/home/users/{vic.pk}/disable/", {"reason": "Left in March"}, follow=True)
    page = text(response)
    assert "Account disabled: vic" in page and "Left in March" in page
    vic.refresh_from_db()
    assert not vic.is_active and Account.objects.get(user=vic).disabled_by == admin
    assert AccountEvent.objects.get(kind=EventKind.DISABLED).detail == "Left in March"
    assert "Disabled" in text(as_admin.get("/org/home/users/"))
    response = as_admin.post(f"/org/home/users/{vic.pk}/enable/", {"reason": "Back"})
    vic.refresh_from_db()
    assert vic.is_active and AccountEvent.objects.filter(kind=EventKind.ENABLED).count() == 1


def test_a_too_long_reason_changes_nothing(as_admin, org):
    vic = member(org)
    response = as_admin.post(f"/org/home/users/{vic.pk}/disable/", {"reason": "x" * 301})
    assert response.status_code == 200 and "There is a problem" in text(response)
    vic.refresh_from_db()
    assert vic.is_active


def test_someone_with_a_role_elsewhere_is_not_disabled_from_here(as_admin, org, other_org):
    vic = member(org)
    f.MembershipFactory(user=vic, organisation=other_org, role=Role.VIEWER)
    for response in (as_admin.get(f"/org/home/users/{vic.pk}/disable/"),
                     as_admin.post(f"/org/home/users/{vic.pk}/disable/", {"reason": "No"})):
        assert response.status_code == 403
        page = text(response)
        assert "Remove their role here instead" in page
        assert f"/org/home/users/{vic.pk}/remove/" in page
        assert "Other Council" not in page
    vic.refresh_from_db()
    assert vic.is_active


def test_an_administrator_cannot_disable_themselves(as_admin, admin):
    response = as_admin.post(f"/org/home/users/{admin.pk}/disable/")
    assert response.status_code == 403 and "You cannot disable your own account" in text(response)
    admin.refresh_from_db()
    assert admin.is_active


def test_a_disabled_users_open_session_and_api_token_are_refused(org, admin):
    vic = member(org)
    browser = Client()
    browser.force_login(vic)
    token = tokens.create_token(user=vic, name="Reports")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert browser.get("/org/home/").status_code == 200
    assert api.get("/api/v1/organisations/").status_code == 200

    services.disable_user(actor=admin, user=get_user_model().objects.get(pk=vic.pk), organisation=org)

    response = browser.get("/org/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    refused = api.get("/api/v1/organisations/")
    assert refused.status_code in (401, 403) and "inactive" in refused.json()["detail"].lower()


# The audit trail


def test_audit_trail_shows_this_organisations_events_newest_first(as_admin, org, other_org, admin):
    vic = member(org, "vic")
    stranger = member(other_org, "stranger")
    record(EventKind.SIGNED_IN, user=vic, detail="oldest event")
    record(EventKind.SIGN_IN_FAILED, username="vic", detail="typed vic")
    record(EventKind.SIGN_IN_FAILED, username="nobody-here", detail="unknown name")
    record(EventKind.SIGNED_IN, user=stranger, detail="stranger's sign-in")
    record(EventKind.ROLE_CHANGED, user=stranger, organisation=other_org, detail="elsewhere")
    record(EventKind.INVITED, username="new@example.org", actor=admin, organisation=org, detail="latest event")
    page = text(as_admin.get("/org/home/users/audit/"))
    assert "<caption" in page and "3 results" in page
    assert page.index("latest event") < page.index("typed vic") < page.index("oldest event")
    for hidden in ("unknown name", "stranger's sign-in", "elsewhere"):
        assert hidden not in page


def test_audit_trail_filters_paginates_and_downloads(as_admin, org, admin):
    vic = member(org, "vic")
    for n in range(55):
        record(EventKind.SIGNED_IN, user=vic, detail=f"sign-in {n}")
    record(EventKind.ROLE_CHANGED, user=vic, actor=admin, organisation=org, detail="the role change")
    record(EventKind.SIGNED_IN, user=admin, detail="the administrator's own sign-in")
    assert "57 results" in text(as_admin.get("/org/home/users/audit/"))
    assert "Page 1 of 2" in text(as_admin.get("/org/home/users/audit/"))
    page = text(as_admin.get("/org/home/users/audit/?kind=role_changed"))
    assert "1 result" in page and "the role change" in page
    page = text(as_admin.get(f"/org/home/users/audit/?user={admin.pk}"))
    assert "1 result" in page and "sign-in 1" not in page
    response = as_admin.get("/org/home/users/audit/?kind=nonsense")
    assert response.status_code == 200 and "There is a problem" in text(response)
    response = as_admin.get("/org/home/users/audit/?kind=role_changed&download=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "What happened" in body and "the role change" in body and "sign-in 3" not in body


def test_the_audit_trail_is_read_only_in_django_admin(client, admin):
    record(EventKind.SIGNED_IN, user=admin)
    operator = f.UserFactory(username="operator", is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get("/admin/accounts/accountevent/").status_code == 200
    assert client.get("/admin/accounts/accountevent/add/").status_code == 403
    event = AccountEvent.objects.filter(user=admin).first()
    assert client.post(f"/admin/accounts/accountevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccountEvent.objects.filter(pk=event.pk).exists()
