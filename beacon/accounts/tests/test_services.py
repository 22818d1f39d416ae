"""The account administration services: each write does what it says, refuses what the rules refuse (changing
nothing), and leaves its line in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from beacon.accounts import services
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


def member(org, username="vic", role=Role.VIEWER, **kwargs):
    user = f.UserFactory(username=username, **kwargs)
    return f.MembershipFactory(user=user, organisation=org, role=role)


def events(kind):
    return list(AccountEvent.objects.filter(kind=kind))


# Inviting


@override_settings(BEACON_BASE_URL="https://beacon.example.gov.uk")
def test_invite_stores_only_the_token_hash_and_emails_the_link(org, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite_user(actor=admin, organisation=org, email="new@example.org",
                                                 role=Role.FINANCE, job_title="Head of Finance")
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    stored = [str(value) for row in Invitation.objects.values() for value in row.values()]
    stored += [str(value) for row in AccountEvent.objects.values() for value in row.values()]
    assert not any(token in value for value in stored)
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert invitation.expires_at - timezone.now() <= dt.timedelta(days=services.INVITATION_DAYS)
    (sent,) = mail.outbox
    assert sent.to == ["new@example.org"]
    assert f"https://beacon.example.gov.uk/accounts/invitations/{token}/" in sent.body
    assert "Ada Admin" in sent.body and "finance officer" in sent.body
    (event,) = events(EventKind.INVITED)
    assert (event.actor, event.organisation, event.username) == (admin, org, "new@example.org")
    assert "Finance officer" in event.detail


def test_no_email_goes_out_if_the_invitation_is_not_saved(org, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_user(actor=admin, organisation=org, email="new@example.org", role=Role.VIEWER)
    assert len(callbacks) == 1 and mail.outbox == []


def test_invite_refuses_an_email_of_someone_with_a_role_here(org, admin):
    member(org, email="Vic@Example.org")
    with pytest.raises(services.AccountAdminError, match="already belongs to someone with a role"):
        services.invite_user(actor=admin, organisation=org, email="vic@example.org", role=Role.VIEWER)
    assert not Invitation.objects.exists() and not events(EventKind.INVITED)


def test_invite_accepts_an_email_of_someone_with_a_role_elsewhere_only(org, other_org, admin):
    member(other_org, email="vic@example.org")
    invitation, _ = services.invite_user(actor=admin, organisation=org, email="vic@example.org", role=Role.VIEWER)
    assert invitation.organisation == org


def test_invite_refuses_a_second_pending_invitation_until_the_first_is_withdrawn(org, admin):
    first, _ = services.invite_user(actor=admin, organisation=org, email="new@example.org", role=Role.VIEWER)
    with pytest.raises(services.AccountAdminError, match="already been invited"):
        services.invite_user(actor=admin, organisation=org, email="NEW@example.org", role=Role.VIEWER)
    services.withdraw_invitation(actor=admin, invitation=first)
    services.invite_user(actor=admin, organisation=org, email="new@example.org", role=Role.VIEWER)
    assert Invitation.objects.count() == 2


def test_withdraw_records_and_cannot_be_repeated(org, admin):
    invitation, _ = services.invite_user(actor=admin, organisation=org, email="new@example.org", role=Role.VIEWER)
    services.withdraw_invitation(actor=admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert events(EventKind.INVITATION_WITHDRAWN)[0].actor == admin
    with pytest.raises(services.AccountAdminError):
        services.withdraw_invitation(actor=admin, invitation=invitation)


# Accepting


def test_accepting_as_a_new_person_creates_the_account_and_role_once(org, admin):
    invitation, token = services.invite_user(actor=admin, organisation=org, email="new@example.org",
                                             role=Role.PROGRAMME, job_title="Programme lead")
    user = services.accept_invitation_as_new_user(token=token, username="newbie", password="a long enough pass")
    assert user.email == "new@example.org" and user.check_password("a long enough pass")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.job_title) == (org, Role.PROGRAMME,
                                                                                 "Programme lead")
    assert Account.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert [e.user for e in events(EventKind.INVITATION_ACCEPTED)] == [user]
    (given,) = events(EventKind.ROLE_GIVEN)
    assert (given.user, given.actor, given.organisation, given.detail) == (user, admin, org, "Programme manager")
    with pytest.raises(services.InvitationUnusable, match="already been accepted") as refused:
        services.accept_invitation_as_new_user(token=token, username="second", password="a long enough pass")
    assert refused.value.known
    assert not get_user_model().objects.filter(username="second").exists()


def test_an_expired_or_withdrawn_or_unknown_token_is_refused(org, admin):
    expired, expired_token = services.invite_user(actor=admin, organisation=org, email="a@example.org",
                                                  role=Role.VIEWER)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    withdrawn, withdrawn_token = services.invite_user(actor=admin, organisation=org, email="b@example.org",
                                                      role=Role.VIEWER)
    services.withdraw_invitation(actor=admin, invitation=withdrawn)
    with pytest.raises(services.InvitationUnusable, match="expired"):
        services.find_invitation(expired_token)
    with pytest.raises(services.InvitationUnusable, match="withdrawn"):
        services.find_invitation(withdrawn_token)
    with pytest.raises(services.InvitationUnusable, match="not recognised") as unknown:
        services.find_invitation("made-up")
    assert not unknown.value.known
    with pytest.raises(services.InvitationUnusable):
        services.accept_invitation_as_new_user(token=expired_token, username="late", password="a long enough pass")
    assert not Membership.objects.filter(user__username="late").exists()


def test_an_existing_account_accepts_only_with_its_own_email(org, other_org, admin):
    vic = member(other_org, email="vic@example.org").user
    someone = f.UserFactory(username="someone", email="someone@example.org")
    _, token = services.invite_user(actor=admin, organisation=org, email="VIC@example.org", role=Role.LEAD)
    with pytest.raises(services.AccountAdminError, match="not the account you are signed in with"):
        services.accept_invitation(actor=someone, token=token)
    assert not Membership.objects.filter(user=someone).exists()
    membership = services.accept_invitation(actor=vic, token=token)
    assert (membership.organisation, membership.role) == (org, Role.LEAD)
    assert Membership.objects.filter(user=vic).count() == 2


# Roles


def test_change_role_records_old_and_new(org, admin):
    vic = member(org)
    assert services.change_role(actor=admin, membership=vic, role=Role.PROGRAMME, job_title="")
    vic.refresh_from_db()
    assert vic.role == Role.PROGRAMME
    (event,) = events(EventKind.ROLE_CHANGED)
    assert (event.user, event.actor, event.organisation) == (vic.user, admin, org)
    assert event.detail == "Viewer → Programme manager"
    assert not services.change_role(actor=admin, membership=vic, role=Role.PROGRAMME, job_title="")
    assert len(events(EventKind.ROLE_CHANGED)) == 1


def test_the_last_administrator_cannot_be_demoted_or_removed(org, admin):
    mine = Membership.objects.get(user=admin)
    with pytest.raises(services.AccountAdminError, match="last administrator"):
        services.change_role(actor=admin, membership=mine, role=Role.VIEWER, job_title="")
    with pytest.raises(services.AccountAdminError, match="last administrator"):
        services.remove_membership(actor=admin, membership=mine)
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN
    assert not AccountEvent.objects.exists()


def test_an_administrator_can_step_down_when_another_remains(org, admin):
    member(org, "bea", role=Role.ADMIN)
    mine = Membership.objects.get(user=admin)
    services.change_role(actor=admin, membership=mine, role=Role.VIEWER, job_title="")
    assert Membership.objects.get(user=admin).role == Role.VIEWER


def test_remove_membership_keeps_the_account_and_other_roles(org, other_org, admin):
    vic = member(org)
    f.MembershipFactory(user=vic.user, organisation=other_org, role=Role.FINANCE)
    services.remove_membership(actor=admin, membership=vic)
    assert list(Membership.objects.filter(user=vic.user).values_list("organisation", flat=True)) == [other_org.pk]
    (event,) = events(EventKind.ROLE_REMOVED)
    assert (event.user, event.actor, event.organisation, event.detail) == (vic.user, admin, org, "Viewer")


# Disabling


def test_disable_ends_sessions_and_records_the_reason(org, admin):
    vic = member(org).user
    Account.objects.create(user=vic, session_generation=4)
    services.disable_user(actor=admin, user=vic, organisation=org, reason="Left the council")
    vic.refresh_from_db()
    account = Account.objects.get(user=vic)
    assert not vic.is_active
    assert (account.disabled_by, account.disabled_reason, account.session_generation) == (admin, "Left the council",
                                                                                         5)
    assert account.disabled_at is not None
    (event,) = events(EventKind.DISABLED)
    assert (event.user, event.actor, event.organisation, event.detail) == (vic, admin, org, "Left the council")
    services.enable_user(actor=admin, user=vic, organisation=org)
    vic.refresh_from_db()
    account.refresh_from_db()
    assert vic.is_active and account.disabled_at is None and account.disabled_reason == ""
    assert account.session_generation == 6
    assert events(EventKind.ENABLED)[0].actor == admin


def test_an_administrator_cannot_disable_themselves(org, admin):
    with pytest.raises(services.AccountAdminError, match="your own account"):
        services.disable_user(actor=admin, user=admin, organisation=org)
    admin.refresh_from_db()
    assert admin.is_active


def test_disabling_someone_with_a_role_elsewhere_needs_administering_both(org, other_org, admin):
    vic = member(org).user
    f.MembershipFactory(user=vic, organisation=other_org, role=Role.VIEWER)
    assert not services.may_disable(admin, vic)
    with pytest.raises(services.AccountAdminError, match="Remove their role here instead"):
        services.disable_user(actor=admin, user=vic, organisation=org)
    vic.refresh_from_db()
    assert vic.is_active and not AccountEvent.objects.exists()
    f.MembershipFactory(user=admin, organisation=other_org, role=Role.ADMIN)
    admin = get_user_model().objects.get(pk=admin.pk)  # (roles are cached on the user object)
    services.disable_user(actor=admin, user=vic, organisation=org)
    vic.refresh_from_db()
    assert not vic.is_active


def test_a_service_operator_account_is_not_disabled_by_a_council(org, admin):
    operator = member(org, "root", is_superuser=True, is_staff=True).user
    assert "operators" in (services.disable_refusal(admin, operator) or "")
