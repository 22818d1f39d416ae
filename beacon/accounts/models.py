"""Identity and access: what Beacon keeps about an account beyond Django's user (the session generation that
"sign out everywhere" moves on), invitations to an organisation, and the audit trail of sign-ins, failures,
role changes and disablements."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from beacon.core.models import Organisation, Role


class Account(models.Model):
    """Per-user security state. ``session_generation`` is copied into each session at sign-in; moving it on
    ends every session of the user at their next request (sign out everywhere)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    session_generation = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disabled_reason = models.CharField(max_length=300, blank=True)
    two_factor_exempt = models.BooleanField(
        default=False,
        help_text="Not asked to set up two-factor sign-in even when a role requires it (the demo users only)",
    )

    def __str__(self) -> str:
        return f"Account of {self.user}"


class Invitation(models.Model):
    """An invitation to hold a role in an organisation, sent by e-mail as a link with a one-time token (only
    the token's hash is stored). Accepting it creates the account, or adds the role to an existing one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=12, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"


class EventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"
    SESSION_EXPIRED = "session_expired", "Session timed out"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    INVITED = "invited", "Invited"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
    ROLE_GIVEN = "role_given", "Role given"
    ROLE_CHANGED = "role_changed", "Role changed"
    ROLE_REMOVED = "role_removed", "Role removed"
    DISABLED = "disabled", "Account disabled"
    ENABLED = "enabled", "Account enabled"
    SSO_SIGNED_IN = "sso_signed_in", "Signed in with single sign-on"
    SSO_REFUSED = "sso_refused", "Single sign-on refused"
    SSO_ACCOUNT_CREATED = "sso_account_created", "Account created by single sign-on"
    TWO_FACTOR_ENABLED = "two_factor_enabled", "Two-factor sign-in turned on"
    TWO_FACTOR_DISABLED = "two_factor_disabled", "Two-factor sign-in turned off"
    TWO_FACTOR_FAILED = "two_factor_failed", "Wrong security code"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    RECOVERY_CODES_MADE = "recovery_codes_made", "New recovery codes made"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    LOCKED_OUT = "locked_out", "Sign-in locked out"
    REFUSED = "refused", "Request refused"
    EXPORTED = "exported", "Data exported"
    IMPORTED = "imported", "Data imported"


class AccountEvent(models.Model):
    """One line of the audit trail: what happened to whose account, who did it, where and when. Never edited
    or deleted from the pages."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="account_events",
        help_text="Whose account (blank for a failed sign-in with an unknown username)",
    )
    username = models.CharField(max_length=150, blank=True, help_text="The username given, as typed")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who did it, when not the user themselves",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The organisation a role change or invitation concerns",
    )
    detail = models.CharField(max_length=300, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True, help_text="The client's address")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username or self.user_id}"


class ExternalIdentity(models.Model):
    """A user's identity at a single sign-on provider: the provider's name (a key of ``settings.OIDC_PROVIDERS``)
    and the subject it gives the user. Made at the user's first sign-in with the provider (just-in-time)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(max_length=40)
    subject = models.CharField(max_length=255, help_text="The provider's 'sub' claim")
    email = models.EmailField(blank=True)
    groups = models.JSONField(default=list, blank=True, help_text="The group claims at the last sign-in")
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_user_per_provider_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


class SsoRoleMapping(models.Model):
    """One line of an organisation's mapping from a provider's group claim to a Beacon role. At each sign-in with
    the provider, the user's role in the organisation is the highest one their groups map to; a role that came
    this way is removed when no group maps to it any more."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sso_role_mappings")
    provider = models.CharField(max_length=40)
    group = models.CharField(max_length=255, help_text="The group's value in the provider's group claim")
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["provider", "group"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "provider", "group"], name="one_role_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.provider} group {self.group} -> {self.get_role_display()} at {self.organisation}"


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the key is stored; the key is shown once, when it is made.
    A token acts with its user's roles, limited to reading when its scope is READ."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for")
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to recognise it by")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
