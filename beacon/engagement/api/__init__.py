"""The engagement collections of /api/v1/: ``ideas`` (beacon.engagement.api.ideas), ``events``, ``partnerships``
and ``operating-models`` (beacon.engagement.api.places). Registered in beacon/api.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

AUDIT = ["created_at", "modified_at"]


def plain_choices(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field shown in the schema as a string whose values the help text lists: names such as "status"
    or "kind" mean other choices in other collections, and a shared enum name would collide."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "one of: " + ", ".join(values))

    @extend_schema_field({"type": "string"})
    class PlainChoiceField(serializers.ChoiceField):
        pass

    return PlainChoiceField(choices=choices, **kwargs)
