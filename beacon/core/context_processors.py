from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from beacon.core import policy


def beacon(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's organisations for the header's switcher, and the current organisation."""
    user = getattr(request, "user", None)
    organisations = list(policy.organisations_for(user)) if user is not None and user.is_authenticated else []
    return {
        "user_organisations": organisations,
        "current_organisation": getattr(request, "organisation", None),
        "current_role": getattr(request, "role", None),
    }
