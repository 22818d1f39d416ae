"""Sign-in throttling (django-axes): after ``AXES_FAILURE_LIMIT`` failed sign-ins for one username from one
address, that pair is refused for ``AXES_COOLOFF_TIME`` hours, even with the right password.

- ``RequestThrottledBackend`` is axes' backend for requests only: a sign-in with no request (the test client's
  ``login()``, a shell) has no address to count, and axes' own backend would refuse it with an error.
- ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``) answers a refused sign-in with a GOV.UK page, status 429:
  when to try again and where to get help. It says the same whether or not the username exists.
- ``locked_out`` records each refusal in the audit trail (axes' ``user_locked_out`` signal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from beacon.accounts import audit
from beacon.accounts.models import EventKind
from beacon.accounts.sessions import duration_text


class RequestThrottledBackend(AxesStandaloneBackend):
    """Refuses a sign-in while its username and address are locked out. Authenticating without a request
    (``Client.login()`` in tests, ``authenticate()`` in a shell) is not a sign-in over the web and is not
    counted; every sign-in page passes its request."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def cool_off_seconds(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 0


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> dt.datetime:
    """When this username and address may sign in again: the last counted failure plus the cool-off."""
    cool_off = dt.timedelta(seconds=cool_off_seconds(request))
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    last = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(last=Max("attempt_time"))
    return (last["last"] or timezone.now()) + cool_off


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The page for a refused sign-in (429 Too Many Requests), with ``Retry-After`` in seconds."""
    until = locked_until(request, credentials)
    wait = max(int((until - timezone.now()).total_seconds()), 0)
    response = TemplateResponse(
        request,
        "accounts/lockout.html",
        {
            "page_title": "Too many attempts to sign in",
            "until": timezone.localtime(until),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off": duration_text(cool_off_seconds(request)),
            "contact_email": settings.SERVICE_CONTACT_EMAIL,
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response.render()


@receiver(user_locked_out, dispatch_uid="beacon.accounts.locked_out")
def locked_out(sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any) -> None:
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first() if username else None
    audit.record(
        EventKind.LOCKED_OUT, user=user, username=username or "",
        detail=f"{settings.AXES_FAILURE_LIMIT} failed sign-ins from this address: refused for "
               f"{duration_text(cool_off_seconds(request))}",
        request=request,
    )
