from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Set on a request whose handling raised a database error in a later middleware (session load, authentication):
# Django turns such an error into a 500 response before it reaches this middleware, so the signal marks it.
MARK = "_beacon_database_unavailable"


def _mark_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``got_request_exception`` receiver: Django sends it inside its ``except`` block, so the error is at hand."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, MARK, True)


got_request_exception.connect(_mark_database_error, dispatch_uid="beacon-database-unavailable")


def _drop_connection() -> None:
    """Forget the broken connection so that the next request opens a new one (recovery after a restart)."""
    try:
        connection.close()
    except DATABASE_ERRORS:
        connection.connection = None


def _stylesheet() -> str:
    """The GOV.UK stylesheet's address, or nothing if it cannot be found (collectstatic not run): the page must
    render whatever else is broken."""
    try:
        return static("govuk/css/beacon.css")
    except ValueError:
        return ""


def database_unavailable_response() -> HttpResponse:
    """The 503 page: rendered without a request or the database (no context processors, no user)."""
    body = render_to_string("503.html", {"contact_email": settings.SERVICE_CONTACT_EMAIL, "stylesheet": _stylesheet()})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """While the database is down every page answers 503 with a plain explanation, never a 500;
    the broken connection is dropped so that Beacon recovers by itself when the database is back.

    A database error raised by a view reaches ``process_exception``; one raised by a middleware after this one
    (loading the session, finding the signed-in user) has already become a 500 response when it comes back
    here, so ``__call__`` swaps that response for the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:  # only if a handler above lets an error through rather than answering 500
            return self._unavailable(request)
        if getattr(request, MARK, False) and response.status_code >= 500:
            return self._unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        return self._unavailable(request)

    def _unavailable(self, request: HttpRequest) -> HttpResponse:
        logger.warning("Database unavailable: %s %s answered 503", request.method, request.path)
        _drop_connection()
        return database_unavailable_response()
