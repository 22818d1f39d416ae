"""DRF settings hooks (kept apart from beacon.core.api so that DRF can import them while it starts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's model validation errors turned into 400 with the field and reason."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return Response({"detail": f"The request is too large: {exc}"}, status=413)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = DRFValidationError(detail=detail)
    return drf_exception_handler(exc, context)
