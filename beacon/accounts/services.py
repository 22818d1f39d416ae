"""Account administration by an organisation's administrator: inviting people, accepting an invitation, changing
and removing roles, disabling and enabling accounts.

Each write is one function ``verb_noun(*, actor, ...)``, atomic, writing its line of the audit trail
(``beacon.accounts.audit.record``) in the same transaction; e-mail goes out only once the transaction has
committed. The rules the pages and any future API share are small named functions here (``may_manage_users``,
``may_disable``, ``is_last_administrator``); a refused write raises ``AccountAdminError`` with a message a person
can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from beacon.accounts.audit import record
from beacon.accounts.models import Account, EventKind, Invitation
from beacon.core import policy
from beacon.core.models import Membership, Organisation, Role

logger = logging.getLogger(__name__)

INVITATION_DAYS = 7
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class AccountAdminError(Exception):
    """A write that the rules refuse; ``str(error)`` says why, in words for the person who asked."""


class InvitationUnusable(AccountAdminError):
    """An invitation link that cannot be used: unknown, expired, already accepted or withdrawn."""

    def __init__(self, message: str, *, known: bool) -> None:
        super().__init__(message)
        self.known = known  # False: no such invitation (404); True: it existed but is spent (410)


LAST_ADMINISTRATOR = (
    "{name} is the last administrator of {organisation}. Make someone else an administrator first, so that "
    "someone can still manage its users."
)


# Rules


def may_manage_users(user: Any, organisation: Organisation | int) -> bool:
    """Only an organisation's administrator manages its users."""
    return policy.role_in(user, organisation) == Role.ADMIN


def is_last_administrator(membership: Membership) -> bool:
    """Is this membership the organisation's only administrator?"""
    if membership.role != Role.ADMIN:
        return False
    others = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN).exclude(
        pk=membership.pk
    )
    return not others.exists()


def administers_every_organisation_of(actor: Any, user: Any) -> bool:
    """Whether ``actor`` is an administrator of every organisation where ``user`` holds a role: the condition
    for changing what concerns the whole account (disabling it, resetting its two-factor sign-in)."""
    administered = {org for org, role in policy.roles_of(actor).items() if role == Role.ADMIN}
    theirs = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return theirs <= administered


def disable_refusal(actor: Any, user: Any) -> str | None:
    """Why ``actor`` may not disable (or enable) ``user``'s account, or None if they may.

    Disabling an account affects every organisation it belongs to, so an administrator may do it only to a user
    whose every role is in an organisation the actor administers."""
    if user.pk == actor.pk:
        return "You cannot disable your own account. Ask another administrator."
    if user.is_superuser and not actor.is_superuser:
        return "This account runs the whole Beacon service: only the service's operators can disable it."
    if not administers_every_organisation_of(actor, user):
        return (
            "This person also holds a role in an organisation you do not administer, so disabling their account "
            "is not yours to decide. Remove their role here instead: they will no longer see this organisation."
        )
    return None


def may_disable(actor: Any, user: Any) -> bool:
    return disable_refusal(actor, user) is None


# Invitations


def hash_token(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256, so that the database never holds a usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


def base_url() -> str:
    """Where Beacon is served, for links in e-mails (settings.BEACON_BASE_URL, else the environment's)."""
    configured = getattr(settings, "BEACON_BASE_URL", "") or os.environ.get("BEACON_BASE_URL", DEFAULT_BASE_URL)
    return str(configured).rstrip("/")


def accept_url(token: str) -> str:
    return base_url() + reverse("invitations:accept", kwargs={"token": token})


def find_invitation(token: str) -> Invitation:
    """The usable invitation a link's token opens; else ``InvitationUnusable`` saying why."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
        if token
        else None
    )
    if invitation is None:
        raise InvitationUnusable(
            "This invitation link is not recognised. Check that you copied the whole link from the e-mail, or "
            "ask the administrator who invited you to send a new invitation.",
            known=False,
        )
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem, known=True)
    return invitation


def invitation_problem(invitation: Invitation, now: dt.datetime | None = None) -> str | None:
    """Why an invitation can no longer be accepted, or None if it can."""
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        return "This invitation has already been accepted. Sign in with the account that accepted it."
    if invitation.withdrawn_at is not None:
        return (
            "This invitation was withdrawn by an administrator of "
            f"{invitation.organisation}. Ask them if you still need access."
        )
    if invitation.expires_at <= now:
        expired = timezone.localtime(invitation.expires_at)
        return (
            f"This invitation expired on {expired.day} {expired:%B %Y}. Ask an administrator of "
            f"{invitation.organisation} to invite you again."
        )
    return None


def pending_invitations(organisation: Organisation) -> Any:
    """Invitations neither accepted nor withdrawn (expired ones included, so that they can be withdrawn)."""
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True, withdrawn_at__isnull=True)


def accounts_with_email(email: str) -> Any:
    users = get_user_model().objects
    return users.filter(email__iexact=email.strip()) if email.strip() else users.none()


def invitation_email(invitation: Invitation, token: str, inviter: Any) -> tuple[str, str]:
    """The invitation e-mail's subject and body (plain text: it reads the same in every mail program)."""
    expires = timezone.localtime(invitation.expires_at)
    who = (inviter.get_full_name() or inviter.get_username()) if inviter is not None else "An administrator"
    role = Role(invitation.role).label
    subject = f"You are invited to use Beacon for {invitation.organisation}"
    body = (
        f"{who} has invited you to use Beacon, {invitation.organisation}'s transformation programme service, "
        f"as {role.lower()}.\n\n"
        f"To accept, open this link:\n\n{accept_url(token)}\n\n"
        f"The link works once and expires on {expires.day} {expires:%B %Y} at {expires:%H:%M}. "
        "If you were not expecting this invitation, you can ignore this e-mail.\n"
    )
    return subject, body


def _send(subject: str, body: str, to: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:
        # The invitation is saved and listed as pending: the administrator can withdraw it and invite again.
        logger.exception("Could not send the invitation e-mail to %s", to)


@transaction.atomic
def invite_user(
    *,
    actor: Any,
    organisation: Organisation,
    email: str,
    role: str,
    job_title: str = "",
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to hold ``role`` in ``organisation``; returns the invitation and its one-time token (kept
    nowhere but in the e-mail)."""
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise AccountAdminError(
            f"{email} already belongs to someone with a role in {organisation}. Change their role on their page "
            "instead."
        )
    if pending_invitations(organisation).filter(email__iexact=email, expires_at__gt=timezone.now()).exists():
        raise AccountAdminError(
            f"{email} has already been invited and the invitation has not expired. Withdraw it first to send a "
            "new one."
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, job_title=job_title.strip(),
        token_hash=hash_token(token), invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record(
        EventKind.INVITED, username=email, actor=actor, organisation=organisation, request=request,
        detail=f"{email} invited as {Role(role).label}",
    )
    subject, body = invitation_email(invitation, token, actor)
    transaction.on_commit(lambda: _send(subject, body, email))
    return invitation, token


@transaction.atomic
def withdraw_invitation(*, actor: Any, invitation: Invitation, request: HttpRequest | None = None) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.withdrawn_at is not None:
        raise AccountAdminError("This invitation has already been accepted or withdrawn.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    record(
        EventKind.INVITATION_WITHDRAWN, username=invitation.email, actor=actor,
        organisation=invitation.organisation, request=request, detail=f"Invitation for {invitation.email} withdrawn",
    )


def _claim(token: str) -> Invitation:
    """The invitation, locked and checked again inside the transaction, so that a link is used only once."""
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem, known=True)
    return invitation


def _give_role(*, invitation: Invitation, user: Any, request: HttpRequest | None) -> Membership:
    organisation = invitation.organisation
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise AccountAdminError(
            f"You already hold a role in {organisation}. Ask its administrator if it should change."
        )
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=invitation.role, job_title=invitation.job_title
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    role = Role(invitation.role).label
    record(EventKind.INVITATION_ACCEPTED, user=user, organisation=organisation, request=request,
           detail=f"Accepted the invitation sent to {invitation.email}")
    record(EventKind.ROLE_GIVEN, user=user, actor=invitation.invited_by, organisation=organisation,
           request=request, detail=role)
    return membership


@transaction.atomic
def accept_invitation_as_new_user(
    *, token: str, username: str, password: str, request: HttpRequest | None = None
) -> Any:
    """Accept an invitation by creating an account (its e-mail the invitation's); returns the new user."""
    invitation = _claim(token)
    if accounts_with_email(invitation.email).exists():
        raise AccountAdminError("An account with this e-mail address already exists: sign in to accept.")
    user = get_user_model().objects.create_user(username=username, email=invitation.email, password=password)
    Account.objects.get_or_create(user=user)
    _give_role(invitation=invitation, user=user, request=request)
    return user


@transaction.atomic
def accept_invitation(*, actor: Any, token: str, request: HttpRequest | None = None) -> Membership:
    """Accept an invitation for the signed-in ``actor``, whose account's e-mail must be the invitation's."""
    invitation = _claim(token)
    if (actor.email or "").strip().lower() != invitation.email.strip().lower():
        raise AccountAdminError(
            f"This invitation is for {invitation.email}, not the account you are signed in with."
        )
    return _give_role(invitation=invitation, user=actor, request=request)


# Roles


@transaction.atomic
def change_role(
    *, actor: Any, membership: Membership, role: str, job_title: str, request: HttpRequest | None = None
) -> bool:
    """Change a member's role and job title in their organisation; False if nothing changed."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    job_title = job_title.strip()
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _refuse_if_last_administrator(membership)
    changes = []
    if membership.role != role:
        changes.append(f"{Role(membership.role).label} → {Role(role).label}")
    if membership.job_title != job_title:
        changes.append(f"job title {membership.job_title or '(none)'} → {job_title or '(none)'}")
    if not changes:
        return False
    membership.role = role
    membership.job_title = job_title
    membership.save(update_fields=["role", "job_title"])
    record(EventKind.ROLE_CHANGED, user=membership.user, actor=actor, organisation=membership.organisation,
           request=request, detail="; ".join(changes))
    return True


def _refuse_if_last_administrator(membership: Membership) -> None:
    # Lock the organisation's administrators, so that two administrators demoting each other at once cannot
    # both succeed and leave nobody.
    list(Membership.objects.select_for_update().filter(organisation_id=membership.organisation_id, role=Role.ADMIN))
    if is_last_administrator(membership):
        user = membership.user
        raise AccountAdminError(LAST_ADMINISTRATOR.format(
            name=user.get_full_name() or user.get_username(), organisation=membership.organisation
        ))


@transaction.atomic
def remove_membership(*, actor: Any, membership: Membership, request: HttpRequest | None = None) -> None:
    """Take a member's role in this organisation away (their account, and roles elsewhere, stay)."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    _refuse_if_last_administrator(membership)
    role = Role(membership.role).label
    membership.delete()
    record(EventKind.ROLE_REMOVED, user=membership.user, actor=actor, organisation=membership.organisation,
           request=request, detail=role)


# Disabling


@transaction.atomic
def disable_user(
    *, actor: Any, user: Any, organisation: Organisation, reason: str = "", request: HttpRequest | None = None
) -> None:
    """Disable ``user``'s account: every session ends at its next request and their API tokens stop working."""
    refusal = disable_refusal(actor, user)
    if refusal:
        raise AccountAdminError(refusal)
    if not user.is_active:
        raise AccountAdminError("This account is already disabled.")
    account, _ = Account.objects.select_for_update().get_or_create(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    reason = reason.strip()
    Account.objects.filter(pk=account.pk).update(
        disabled_at=timezone.now(), disabled_by=actor, disabled_reason=reason[:300],
        session_generation=F("session_generation") + 1,
    )
    record(EventKind.DISABLED, user=user, actor=actor, organisation=organisation, request=request, detail=reason)


@transaction.atomic
def enable_user(
    *, actor: Any, user: Any, organisation: Organisation, reason: str = "", request: HttpRequest | None = None
) -> None:
    """Let a disabled account sign in again (sessions from before it was disabled stay ended)."""
    refusal = disable_refusal(actor, user)
    if refusal:
        raise AccountAdminError(refusal.replace("disabling", "enabling").replace("disable", "enable"))
    if user.is_active:
        raise AccountAdminError("This account is not disabled.")
    account, _ = Account.objects.select_for_update().get_or_create(user=user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    Account.objects.filter(pk=account.pk).update(
        disabled_at=None, disabled_by=None, disabled_reason="", session_generation=F("session_generation") + 1
    )
    record(EventKind.ENABLED, user=user, actor=actor, organisation=organisation, request=request,
           detail=reason.strip())
