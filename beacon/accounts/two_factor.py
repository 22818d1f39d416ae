"""Two-factor sign-in: who must give a second factor, checking a code, recovery codes, and the middleware that
sends a signed-in user to the right page until they have given (or set up) one.

The decision is taken once, at sign-in (``user_logged_in``), and kept in the session as one of
- ``verify``: the user has a confirmed authenticator app and has not yet given a code in this session;
- ``setup``: ``TWO_FACTOR_REQUIRED_FOR_ADMINS`` applies to them (an administrator somewhere, not exempt) and they
  have no authenticator app yet;
- ``done``: nothing more to ask.
So the middleware reads the session and costs no query on a normal request. A session signed in with single sign-on
(``beacon_signed_in_with`` in the session) is never asked: the identity provider did the strong authentication.

Codes are checked by django-otp's devices: a ``TOTPDevice`` (the authenticator app; a code works once and within
one 30-second step either side) and a ``StaticDevice`` holding the recovery codes (each works once). Both slow down
repeated wrong codes (django-otp's throttling); five wrong codes in a row sign the session out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from beacon.accounts import audit
from beacon.accounts.models import Account, EventKind
from beacon.accounts.services import AccountAdminError, administers_every_organisation_of
from beacon.core.models import Membership, Role

STATE = "beacon_two_factor"
VERIFY, SETUP, DONE = "verify", "setup", "done"
# Set by single sign-on at sign-in: the provider's name.
SIGNED_IN_WITH = "beacon_signed_in_with"
FAILURES = "beacon_two_factor_failures"
# Recovery codes just made, kept in the session only until the page showing them has been read once.
NEW_CODES = "beacon_two_factor_new_codes"
# Where to go once a code has been given (the page the user first asked for).
NEXT = "beacon_two_factor_next"

MAX_FAILURES = 5
RECOVERY_CODES = 10
API_PREFIX = "/api/"
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_DEVICE_NAME = "Authenticator app"

VERIFY_FIRST = "Enter the security code from your authenticator app before you carry on"
SET_UP_FIRST = "Administrators must set up two-factor sign-in before they carry on"
SIGNED_OUT_AFTER_FAILURES = (
    f"You entered a wrong security code {MAX_FAILURES} times, so you have been signed out. Sign in again to try again"
)


# Who must use it


def required_for(user: Any) -> bool:
    """Whether ``TWO_FACTOR_REQUIRED_FOR_ADMINS`` applies to ``user``: the setting is on, they hold the
    administrator role in any organisation, and their account is not exempt (the demo users)."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_ADMINS or not getattr(user, "pk", None):
        return False
    if Account.objects.filter(user_id=user.pk, two_factor_exempt=True).exists():
        return False
    return Membership.objects.filter(user_id=user.pk, role=Role.ADMIN).exists()


def app_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None when two-factor sign-in is off."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def is_on(user: Any) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def state_for(user: Any) -> str:
    if is_on(user):
        return VERIFY
    if required_for(user):
        return SETUP
    return DONE


@receiver(user_logged_in, dispatch_uid="beacon.accounts.two_factor.signed_in")
def decide_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[STATE] = state_for(user)
    request.session.pop(FAILURES, None)


def mark_done(session: SessionBase) -> None:
    session[STATE] = DONE
    session.pop(FAILURES, None)


# Checking a code


def normalise(code: str) -> str:
    """A code as typed, without spaces or hyphens, in lower case (recovery codes are shown as abcd-efgh)."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def is_app_code(code: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code))


@dataclass(frozen=True)
class Check:
    """The outcome of checking a code: the device that accepted it, or how long to wait (django-otp's throttling
    after a wrong code), or neither (a wrong code)."""

    device: Device | None = None
    wait_seconds: int = 0

    @property
    def recovery(self) -> bool:
        return isinstance(self.device, StaticDevice)


def seconds_to_wait(device: Any) -> int:
    """How long django-otp refuses codes after ``device``'s recent wrong ones (it doubles with each)."""
    failures = device.throttling_failure_count
    if not failures or device.throttling_failure_timestamp is None:
        return 1
    delay = device.get_throttle_factor() * (2 ** (failures - 1))
    elapsed = time.time() - device.throttling_failure_timestamp.timestamp()
    return max(1, int(delay - elapsed + 0.999))


def check_code(user: Any, code: str, *, recovery_allowed: bool = True) -> Check:
    """Check ``code`` (6 digits from the app, or a recovery code) against the user's confirmed devices. A recovery
    code is used up; an app code cannot be used twice."""
    code = normalise(code)
    model: type[Device] = TOTPDevice if is_app_code(code) or not recovery_allowed else StaticDevice
    with transaction.atomic():
        for device in model.objects.filter(user_id=user.pk, confirmed=True).select_for_update().order_by("pk"):
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                return Check(wait_seconds=seconds_to_wait(device))
            if device.verify_token(code):
                return Check(device=device)
    return Check()


def wait_message(seconds: int) -> str:
    return (f"You entered a wrong code a moment ago. Wait {seconds} second{'' if seconds == 1 else 's'}, "
            "then enter the code shown now")


def record_failure(request: HttpRequest, *, where: str) -> bool:
    """Record a wrong code in the audit trail and count it in the session; True when the count has reached
    ``MAX_FAILURES`` (the caller signs the session out)."""
    audit.record(EventKind.TWO_FACTOR_FAILED, user=request.user, detail=where, request=request)
    failures = int(request.session.get(FAILURES, 0)) + 1
    request.session[FAILURES] = failures
    return failures >= MAX_FAILURES


def record_success(request: HttpRequest, check: Check) -> None:
    request.session.pop(FAILURES, None)
    if check.recovery:
        left = StaticToken.objects.filter(device=check.device).count()
        audit.record(EventKind.RECOVERY_CODE_USED, user=request.user,
                     detail=f"{left} recovery code{'' if left == 1 else 's'} left", request=request)


# Setting up, recovery codes, turning off


def unconfirmed_app_device(user: Any) -> TOTPDevice:
    """The authenticator app being set up: the same key while the user reloads the page, a new one otherwise."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def make_recovery_codes(user: Any, *, request: HttpRequest | None = None) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODES`` new ones, returned once (they are stored as
    django-otp keeps them)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user_id=user.pk).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes: list[str] = []
        while len(codes) < RECOVERY_CODES:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(EventKind.RECOVERY_CODES_MADE, user=user, request=request)
    return codes


def confirm_app_device(user: Any, device: TOTPDevice, *, request: HttpRequest | None = None) -> list[str]:
    """Turn two-factor sign-in on with ``device`` (whose code has just been checked): confirm it, remove any other
    app devices, and make the recovery codes, returned once."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(EventKind.TWO_FACTOR_ENABLED, user=user, request=request)
        return make_recovery_codes(user, request=request)


def remove_devices(user: Any) -> None:
    TOTPDevice.objects.filter(user_id=user.pk).delete()
    StaticDevice.objects.filter(user_id=user.pk).delete()


def turn_off(user: Any, *, request: HttpRequest | None = None) -> None:
    """The user turns their own two-factor sign-in off (the view has checked a code and that it is optional)."""
    with transaction.atomic():
        remove_devices(user)
        audit.record(EventKind.TWO_FACTOR_DISABLED, user=user, request=request)


def reset_refusal(actor: Any, user: Any) -> str | None:
    """Why ``actor`` may not reset ``user``'s two-factor sign-in, or None if they may. Like disabling an account,
    it concerns every organisation the user belongs to, so the actor must administer all of them."""
    if user.pk == actor.pk:
        return "You cannot reset your own two-factor sign-in. Turn it off or make new recovery codes from Your account."
    if user.is_superuser and not actor.is_superuser:
        return "This account runs the whole Beacon service: only the service's operators can reset it."
    if not administers_every_organisation_of(actor, user):
        return ("This person also holds a role in an organisation you do not administer, so resetting their "
                "two-factor sign-in is not yours to decide. Ask an administrator of every council they work for.")
    return None


def reset_by_administrator(*, actor: Any, user: Any, organisation: Any, request: HttpRequest | None = None) -> None:
    """An administrator resets a user's two-factor sign-in (a lost phone): their app and recovery codes are removed
    and their open sessions end, so whoever holds the phone or a signed-in browser has to sign in again."""
    refusal = reset_refusal(actor, user)
    if refusal is not None:
        raise AccountAdminError(refusal)
    with transaction.atomic():
        remove_devices(user)
        account, _ = Account.objects.get_or_create(user=user)
        Account.objects.filter(pk=account.pk).update(session_generation=F("session_generation") + 1)
        audit.record(EventKind.TWO_FACTOR_DISABLED, user=user, actor=actor, organisation=organisation,
                     detail="Reset by an administrator; their sessions were ended", request=request)


# The middleware


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return None


def always_reachable() -> set[str]:
    """Pages reachable before the second factor: signing out and the footer's service pages."""
    return {reverse("logout"), reverse("service:help"), reverse("service:accessibility"),
            reverse("service:privacy"), reverse("service:cookies")}


def pages_for(state: str) -> set[str]:
    if state == VERIFY:
        return {reverse("two-factor:verify")}
    return {reverse("two-factor:setup"), reverse("two-factor:recovery-codes")}


class TwoFactorMiddleware:
    """Sends a session-signed-in user who owes a second factor to give it (``verify``) or to set one up
    (``setup``) before anything else; API requests from such a session get 403. Goes after
    SessionPolicyMiddleware. Token API requests and anonymous visitors carry no session user and are not touched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.check(request) or self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponseBase | None:
        session = request.session
        if SESSION_KEY not in session or session.get(SIGNED_IN_WITH):
            return None
        state = session.get(STATE)
        if state == DONE:
            return None
        if not request.user.is_authenticated:
            return None
        if state not in (VERIFY, SETUP):
            # Signed in before two-factor sign-in existed: decide once for the rest of the session.
            state = session[STATE] = state_for(request.user)
            if state == DONE:
                return None
        path = request.path
        if path.startswith(settings.STATIC_URL) or path in always_reachable() or path in pages_for(state):
            return None
        message = VERIFY_FIRST if state == VERIFY else SET_UP_FIRST
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": f"{message}: sign in to Beacon in a browser to do so."}, status=403)
        target = reverse("two-factor:verify" if state == VERIFY else "two-factor:setup")
        next_url = safe_next(request, request.get_full_path()) if request.method in ("GET", "HEAD") else None
        if next_url and next_url != "/":
            session[NEXT] = next_url
            target = f"{target}?{urlencode({'next': next_url})}"
        return HttpResponseRedirect(target)
