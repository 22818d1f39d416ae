from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from beacon.core.navigation import navigation


def beacon(request: HttpRequest) -> dict[str, Any]:
    """The current organisation, the user's role in it and the service navigation."""
    organisation = getattr(request, "organisation", None)
    return {
        "current_organisation": organisation,
        "current_role": getattr(request, "role", None),
        # Also on 403 and 404 pages of an organisation, which no view of ours draws.
        "nav_items": navigation(organisation, getattr(request, "nav_section", ""), getattr(request, "role", None))
        if organisation else [],
    }
