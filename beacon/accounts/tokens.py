"""Personal API tokens: making and revoking them, and authenticating API requests with them.

A key is ``bcn_`` followed by 43 random URL-safe characters. Only its SHA-256 is stored, so a copy of the
database cannot be used to call the API; the key itself is shown to its owner once, when it is made. A token
acts with its user's roles; a READ token is further limited to safe methods (``ReadOnlyTokenPermission``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from beacon.accounts import audit
from beacon.accounts.models import ApiToken, EventKind, TokenScope

KEY_PREFIX = "bcn_"
# The words a client may put before the key in the Authorization header: "Bearer" (RFC 6750), and "Token",
# which clients of the earlier API sent.
KEYWORDS = ("bearer", "token")
# ``last_used_at`` is written at most this often, so that a busy client does not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
MAX_EXPIRY_DAYS = 366

READ_ONLY_REFUSAL = "This token can only read: make a read and write token to change records"


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its key: the only moment the key is known."""

    token: ApiToken
    key: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(
    *, user: Any, name: str, scope: str = TokenScope.READ, expires_in_days: int | None = None,
    request: HttpRequest | None = None,
) -> NewToken:
    """Make a token for ``user`` and record it in the audit trail. The key is returned, never stored."""
    if scope not in TokenScope.values:
        raise ValueError(f"{scope!r} is not a token scope")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip(), scope=scope, key_hash=hash_key(key),
            prefix=key[len(KEY_PREFIX):][:8], expires_at=expires_at,
        )
        audit.record(EventKind.TOKEN_CREATED, user=user, actor=user, request=request,
                     detail=f"{token.name} ({token.get_scope_display().lower()}, {token.prefix}…)")
    return NewToken(token=token, key=key)


def revoke_token(token: ApiToken, *, actor: Any, request: HttpRequest | None = None) -> bool:
    """Revoke ``token`` (it is kept, marked revoked, so that the list still shows it). False if it already was."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return False
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(EventKind.TOKEN_REVOKED, user=locked.user, actor=actor, request=request,
                     detail=f"{locked.name} ({locked.prefix}…)")
    token.revoked_at = locked.revoked_at
    return True


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """"active", "revoked" or "expired"."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>`` (or ``Token <key>``). ``request.auth`` is the ApiToken.

    A request without the header is left to the other authentication classes (the web session). A request
    that sends a key that does not work gets 401 with a reason, never falls back to anonymous."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <key>', with no spaces in the key."
            )
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This API token is not valid: check you copied all of it.") from None
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("This API token is not valid: check you copied all of it.")
        now = timezone.now()
        state = token_state(token, now)
        if state == "revoked":
            raise exceptions.AuthenticationFailed("This API token has been revoked: make a new one.")
        if state == "expired":
            raise exceptions.AuthenticationFailed("This API token has expired: make a new one.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token's user account is inactive: it has been disabled.")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            # One UPDATE, not a save(): concurrent requests with the same token do not overwrite each other.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str | None:
        # A 401 (with this challenge) only when the request sent credentials that failed. A request with none
        # gets 403, as the API has always answered anonymous callers.
        if authentication.get_authorization_header(request):
            return 'Bearer realm="api"'
        return None


class ReadOnlyTokenPermission(permissions.BasePermission):
    """A READ token may use safe methods only; sessions and READ-WRITE tokens are not limited here."""

    message = READ_ONLY_REFUSAL

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.scope != TokenScope.WRITE:
            return request.method in permissions.SAFE_METHODS
        return True


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes token authentication (drf-spectacular registers it on import)."""

    target_class = "beacon.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http", "scheme": "bearer",
            "description": "A personal API token (made under Your account, API tokens): "
                           "`Authorization: Bearer bcn_...`. A read-only token may use GET, HEAD and OPTIONS only.",
        }
