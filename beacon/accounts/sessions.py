"""How long a signed-in session lasts, and how it ends.

A session is ended at its next request when
- it has not been used for ``SESSION_IDLE_TIMEOUT`` seconds (the idle timeout);
- it was signed in more than ``SESSION_COOKIE_AGE`` seconds ago (the absolute timeout: the session's expiry
  date is fixed at sign-in too, so Django's session store refuses it even without this middleware);
- the user's ``Account.session_generation`` has moved on since sign-in ("sign out everywhere").

A disabled user (``is_active=False``) and a changed password are refused by Django itself (``ModelBackend``
and the session's password hash) before this middleware runs. API requests signed with a token carry no
session user, so nothing here touches them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone

from beacon.accounts import audit
from beacon.accounts.models import Account, EventKind

GENERATION = "beacon_session_generation"
SIGNED_IN_AT = "beacon_signed_in_at"
LAST_SEEN = "beacon_last_seen"
# The time of the last request is written at most this often (seconds), so that reading a page does not
# always write the session; the idle timeout is therefore exact to within this much.
LAST_SEEN_EVERY = 60
# Set on a request whose sign-out is already in the audit trail, so that the sign-out signal does not add a
# second, plain "Signed out" row.
SIGN_OUT_RECORDED = "_beacon_sign_out_recorded"
API_PREFIX = "/api/"


def duration_text(seconds: int) -> str:
    """A duration in words: 1800 -> "30 minutes", 43200 -> "12 hours", 90 -> "90 seconds"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def idle_message() -> str:
    return f"You were signed out because you had not used Beacon for {duration_text(settings.SESSION_IDLE_TIMEOUT)}"


def absolute_message() -> str:
    return (f"You were signed out because you signed in more than {duration_text(settings.SESSION_COOKIE_AGE)} "
            "ago. Sign in again to carry on")


EVERYWHERE_MESSAGE = "You were signed out everywhere. Sign in again to carry on"


def start_session(session: SessionBase, generation: int) -> None:
    """Called at sign-in (the user_logged_in signal): remember the account's session generation and the
    time, and fix the session's expiry date so that using the session does not extend it."""
    now = int(time.time())
    session[GENERATION] = generation
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session.set_expiry(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))


def session_generation_of(user: Any) -> int:
    """The user's current session generation (0 for a user who has never signed in since accounts were
    added); one query, cached on the user object for the rest of the request."""
    cached = getattr(user, "_beacon_session_generation", None)
    if cached is None:
        cached = Account.objects.filter(user_id=user.pk).values_list("session_generation", flat=True).first() or 0
        user._beacon_session_generation = cached
    return cached


def end_session(request: HttpRequest, kind: str, *, detail: str = "", message: str = "") -> None:
    """Sign this session out, recording ``kind`` (not a plain "Signed out") in the audit trail; ``message``
    is shown on the next page (the sign-in page)."""
    audit.record(kind, user=request.user, detail=detail, request=request)
    setattr(request, SIGN_OUT_RECORDED, True)
    logout(request)
    if message:
        messages.info(request, message)


def ending(request: HttpRequest, now: int) -> tuple[str, str, str] | None:
    """Why this signed-in session must end now, as (event kind, audit detail, message), or None."""
    session = request.session
    if session.get(GENERATION, 0) != session_generation_of(request.user):
        return EventKind.SIGNED_OUT, "Ended by signing out everywhere (or by an administrator)", EVERYWHERE_MESSAGE
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
        return EventKind.SESSION_EXPIRED, "Signed in too long ago", absolute_message()
    last_seen = session.get(LAST_SEEN)
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
        return EventKind.SESSION_EXPIRED, "Not used for too long", idle_message()
    return None


class SessionPolicyMiddleware:
    """Ends sessions that have been idle too long, are too old, or were signed out everywhere (see the
    module's docstring). Goes after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.check(request) or self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponseBase | None:
        # No user in the session: anonymous, or an API client signed with a token. Not ours.
        if SESSION_KEY not in request.session or not request.user.is_authenticated:
            return None
        now = int(time.time())
        reason = ending(request, now)
        if reason is None:
            session = request.session
            if SIGNED_IN_AT not in session:
                # Signed in before these checks existed: count from now, and fix the expiry date from now on.
                start_session(session, session.get(GENERATION, 0))
            last_seen = session.get(LAST_SEEN)
            if last_seen is None or now - last_seen >= LAST_SEEN_EVERY:
                session[LAST_SEEN] = now
            return None
        kind, detail, message = reason
        end_session(request, kind, detail=detail, message=message)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.path_info.startswith(API_PREFIX) or request.path == login_url:
            # Carry on as an anonymous request: the API answers 403 rather than redirecting to a page, and the
            # sign-in page shows itself (with ?next= pointing at itself it would loop).
            return None
        if request.method not in ("GET", "HEAD"):
            # A form sent from an expired session: its data is not replayed, and "next" must not send the user
            # to a URL that only answers POST (sign out, for example).
            return HttpResponseRedirect(login_url)
        return redirect_to_login(request.get_full_path())


def sign_out_everywhere(request: HttpRequest) -> None:
    """End every session of the signed-in user, this one included: move the account's session generation on
    (each other session is refused at its next request) and sign this session out."""
    user: Any = request.user  # signed in: the view requires it
    with transaction.atomic():
        account, _ = Account.objects.get_or_create(user=user)
        Account.objects.filter(pk=account.pk).update(session_generation=F("session_generation") + 1)
        audit.record(EventKind.SIGNED_OUT_EVERYWHERE, user=user, request=request)
    setattr(request, SIGN_OUT_RECORDED, True)
    logout(request)
