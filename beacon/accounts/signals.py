"""Sign-ins, failed sign-ins and sign-outs, recorded in the audit trail from Django's own signals (so every
way of signing in is covered: the sign-in form, an accepted invitation, the test client)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from beacon.accounts import audit, sessions
from beacon.accounts.models import Account, EventKind


@receiver(user_logged_in, dispatch_uid="beacon.accounts.signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Django's login() has already given the session a new key (or a new, empty session if it held another
    # user), so a session identifier known before sign-in is worthless after it.
    account, _ = Account.objects.get_or_create(user=user)
    if request is not None and hasattr(request, "session"):
        sessions.start_session(request.session, account.session_generation)
    audit.record(EventKind.SIGNED_IN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="beacon.accounts.sign_in_failed")
def sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                   **kwargs: Any) -> None:
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or "")
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first() if username else None
    detail = "The account is disabled" if user is not None and not user.is_active else ""
    audit.record(EventKind.SIGN_IN_FAILED, user=user, username=username, detail=detail, request=request)


@receiver(user_logged_out, dispatch_uid="beacon.accounts.signed_out")
def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None or (request is not None and getattr(request, sessions.SIGN_OUT_RECORDED, False)):
        return
    audit.record(EventKind.SIGNED_OUT, user=user, request=request)
