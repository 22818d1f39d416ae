"""Rate limits of the authenticated API (DRF throttling, counted in the default cache).

DRF reads a throttle's rate once, when the class is defined; these read ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
at every request, so that a changed setting (an override in a test) takes effect. The public API under
``/api/v1/public/`` is never limited: PRODUCT section 3 keeps public pages and open data open, and caching
serves them. A refused request gets 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

PUBLIC_API_PREFIX = "/api/v1/public/"


def current_rate(scope: str | None) -> str | None:
    rates: Any = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES") or {}
    return rates.get(scope or "")


class RatesAtRequestTime:
    scope: Any
    rate: str | None
    num_requests: int | None
    duration: int | None

    def __init__(self) -> None:  # DRF's __init__ reads the rate once: read it in allow_request instead
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.path.startswith(PUBLIC_API_PREFIX):
            return True
        self.rate = current_rate(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[attr-defined]
        return super().allow_request(request, view)  # type: ignore[misc]


class ApiUserRateThrottle(RatesAtRequestTime, UserRateThrottle):
    """Requests per signed-in user (session or token), whatever the address."""


class ApiAnonRateThrottle(RatesAtRequestTime, AnonRateThrottle):
    """Requests per client address from callers who are not signed in."""
