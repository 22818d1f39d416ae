"""Writing the audit trail of accounts (``AccountEvent``): one function, called by the sign-in signals, the
session checks and the account administration services, in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from beacon.accounts.models import AccountEvent
from beacon.core.models import Organisation


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the web server saw it (behind a proxy, configure the proxy to pass it on)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str,
    *,
    user: Any = None,
    username: str = "",
    actor: Any = None,
    organisation: Organisation | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AccountEvent:
    """Add one event to the audit trail."""
    if user is not None and not username:
        username = user.get_username()
    return AccountEvent.objects.create(
        kind=kind, user=user if user is not None and user.pk else None, username=username[:150],
        actor=actor if actor is not None and getattr(actor, "pk", None) else None, organisation=organisation,
        detail=detail[:300], address=client_address(request),
    )
