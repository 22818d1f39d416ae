"""The security audit of signed-in requests, as one middleware (after the session policy):

- a request refused with 403 or 429 is recorded as ``REFUSED`` (method, path and status);
- a successful download of data (a list's ``?download=``, a report's file, a backup) as ``EXPORTED``;
- an import started from the import page (the confirm button) as ``IMPORTED``;
- a response to a signed-in user that says nothing about caching is marked ``private, no-store``, so that
  neither a shared cache nor the browser's history keeps a page that only its reader may see.

Only signed-in users (a session or an API token) are recorded; anonymous refusals are the throttle's and the
web server's business. It costs nothing on an ordinary request: the user is looked at only when Django has
already loaded it, or on a refusal, and the database is asked only when something is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from beacon.accounts import audit
from beacon.accounts import lockout as _lockout  # noqa: F401  (connects the lock-out signal at start-up)
from beacon.accounts.models import EventKind
from beacon.core.models import Organisation

REFUSED_STATUSES = {403, 429}
DOWNLOAD = "download"
# Pages whose successful answer is a file of the organisation's data (besides any list's ``?download=``).
EXPORT_VIEWS = {"reports:report-download", "exchange:backup"}
IMPORT_VIEW = "exchange:import-go"
# The states of an import run once the confirm button has started it (beacon.exchange.models.ImportStatus).
IMPORT_STARTED = {"queued", "importing", "imported"}
IMPORT_READY = "checked"
# Set on a POST to the import confirm button whose run was ready to import: the run's id.
IMPORT_WAITING = "_beacon_import_waiting"


def loaded_user(request: HttpRequest) -> Any:
    """The request's user if something has already loaded it (no query), else None."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    return user


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def organisation_of(request: HttpRequest) -> Organisation | None:
    """The organisation named by the URL: the one the view already found, or one query."""
    found = getattr(request, "organisation", None)
    if isinstance(found, Organisation):
        return found
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("org") if match is not None else None
    return Organisation.objects.filter(slug=slug).first() if slug else None


def is_export(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200:
        return False
    if not response.get("Content-Disposition", "").startswith("attachment"):
        return False
    return (request.method == "GET" and DOWNLOAD in request.GET) or view_name(request) in EXPORT_VIEWS


def import_run(pk: Any) -> Any:
    return apps.get_model("exchange", "ImportRun").objects.filter(pk=pk).first()


def started_import(request: HttpRequest, response: HttpResponseBase) -> str | None:
    """For the import confirm button's answer: what was imported (the run's type and file), if this request
    started it (the run was checked and waiting before, and has started since)."""
    if getattr(request, IMPORT_WAITING, None) is None or response.status_code != 302:
        return None
    run = import_run(getattr(request, IMPORT_WAITING))
    if run is None or run.status not in IMPORT_STARTED:
        return None
    return f"{run.record_type} from {run.file_name}: {run.get_status_display()}"


class SecurityAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        refused = response.status_code in REFUSED_STATUSES
        user = getattr(request, "user", None) if refused else loaded_user(request)
        if user is None or not user.is_authenticated:
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        self.record(request, response, user, refused=refused)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        # Only the import confirm button: whether its run is ready to import now (one query), so that a second
        # press, which imports nothing, is not recorded.
        if request.method == "POST" and view_name(request) == IMPORT_VIEW:
            run = import_run(view_kwargs.get("pk"))
            if run is not None and run.status == IMPORT_READY:
                setattr(request, IMPORT_WAITING, run.pk)

    def record(self, request: HttpRequest, response: HttpResponseBase, user: Any, *, refused: bool) -> None:
        where = f"{request.method} {request.path}"
        if refused:
            kind, detail = EventKind.REFUSED, f"{where} refused ({response.status_code})"
        elif is_export(request, response):
            query = request.GET.get(DOWNLOAD)
            kind, detail = EventKind.EXPORTED, f"{where}" + (f" as {query}" if query else "")
        else:
            imported = started_import(request, response)
            if imported is None:
                return
            kind, detail = EventKind.IMPORTED, f"{imported} ({where})"
        audit.record(kind, user=user, actor=user, organisation=organisation_of(request), detail=detail,
                     request=request)
