"""The OpenAPI schema's generator: drf-spectacular's, plus what ``VersionedMixin`` does to a record's read and
update, so that a client (and schemathesis) knows of it from the schema alone:

- every read, create and update answers an ``ETag`` header, the record's version;
- a read takes ``If-None-Match`` and answers 304 Not Modified with no body when the version is unchanged;
- an update takes ``If-Match`` and answers 412 Precondition Failed, changing nothing, when the record has
  changed since that version was read.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from beacon.core.concurrency import STALE_API_DETAIL

READ, UPDATES = "retrieve", ("update", "partial_update")
ANSWERS_AN_ETAG = (READ, "create", *UPDATES)

ETAG = OpenApiParameter(
    "ETag", str, OpenApiParameter.HEADER, response=[200, 201, 304],
    description="The record's version (a strong entity tag): send it back as If-Match to update the record.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER,
    description="An ETag read earlier: if the record is still at that version, the answer is 304 with no body.",
)
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER,
    description="The ETag of the version the change was made to (or *). If the record has changed since, the "
                "answer is 412 and nothing is written. Without it the write goes ahead.",
)
NOT_MODIFIED = OpenApiResponse(description="The record is still at the version named in If-None-Match.")
PRECONDITION_FAILED = OpenApiResponse(
    response=inline_serializer("PreconditionFailed", {"detail": serializers.CharField()}),
    description=f"The record has changed since the version named in If-Match: nothing was written. "
                f"({STALE_API_DETAIL})",
)


class BeaconAutoSchema(AutoSchema):
    def versioned_action(self) -> str | None:
        from beacon.core.api import VersionedMixin  # (the API module imports DRF's settings, which name this class)

        return getattr(self.view, "action", None) if isinstance(self.view, VersionedMixin) else None

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        action = self.versioned_action()
        if action in ANSWERS_AN_ETAG:
            parameters.append(ETAG)
        if action == READ:
            parameters.append(IF_NONE_MATCH)
        if action in UPDATES:
            parameters.append(IF_MATCH)
        return parameters

    def get_response_serializers(self) -> Any:
        answer = super().get_response_serializers()
        action = self.versioned_action()
        if isinstance(answer, dict) or action not in (READ, *UPDATES):
            return answer
        if action == READ:
            return {200: answer, 304: NOT_MODIFIED}
        return {200: answer, 412: PRECONDITION_FAILED}
