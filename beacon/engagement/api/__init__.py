"""The engagement collections of /api/v1/: ``ideas`` (beacon.engagement.api.ideas), ``events``, ``partnerships``
and ``operating-models`` (beacon.engagement.api.places). Registered in beacon/api.py."""

from __future__ import annotations

from beacon.core.api import plain_choices

__all__ = ["AUDIT", "plain_choices"]

AUDIT = ["created_at", "modified_at"]

