"""Caching of the public site and open data: the same for every reader, so any cache (a browser, the council's
proxy, a CDN) may keep a page for ``MAX_AGE`` seconds and then revalidate it with its ETag (304 Not Modified
when nothing has changed). A page with a form is never cached this way: its CSRF token is its reader's own
(the public idea form is ``never_cache``).

Beacon also keeps each rendered public answer itself, in Django's cache (Redis when ``REDIS_URL`` is set), so
that a crowd of first-time readers costs one rendering, not one each. A saved answer is used only while

- it is younger than ``SERVER_SECONDS``, and
- no record of Beacon's own apps has been saved or deleted since (a transaction that sends a ``post_save``,
  ``post_delete`` or ``m2m_changed`` moves a generation number on when it commits; the number is part of every
  key).

A change made without signals (a queryset ``update()``, the bulk import of observations) therefore shows on
the public pages within ``SERVER_SECONDS``. Only requests without a session or messages cookie are answered from
it, and an answer that sets a cookie is never saved.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_control

MAX_AGE = 300  # seconds a cache may serve a public page or file without asking again
SERVER_SECONDS = 60  # seconds Beacon serves a rendered public answer again without rendering it
GENERATION_KEY = "public-pages:generation"
# The apps whose records appear on public pages: a save in any of them makes every saved answer stale.
PUBLISHING_APPS = frozenset({"core", "strategy", "programmes", "finance", "performance", "risks", "governance",
                             "engagement", "reports", "reporting"})


T = TypeVar("T")

# A request with one of these is someone's own (signed in, or a message waiting to be shown to them).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so that a generation evicted from the cache never comes back to an old number.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
    return int(value)


def move_generation_on() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (emptied or evicted): any new number will do
        cache.set(GENERATION_KEY, time.time_ns(), None)


def records_changed(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Move the generation on once the change is committed. Not before: a reader in between would render the old
    records and save them under the new generation."""
    if getattr(getattr(sender, "_meta", None), "app_label", None) not in PUBLISHING_APPS:
        return
    if getattr(sender, "instance_type", None) is not None:
        return  # a simple-history row: saved beside its record, which has already asked for the move
    transaction.on_commit(move_generation_on, using=using)


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(records_changed, dispatch_uid=f"beacon-public-pages-{_signal}")


def _key(name: str) -> str:
    return f"public-pages:{generation()}:{hashlib.sha256(name.encode()).hexdigest()}"


def remembered(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``name`` as long as a saved public answer is (see the module's docstring): for
    what is the same for every reader, such as an open-data file."""
    key = _key(name)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SERVER_SECONDS)
    return value


def served_from_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer an anonymous GET from the saved rendering when there is a fresh one (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method not in ("GET", "HEAD") or any(name in request.COOKIES for name in PERSONAL_COOKIES):
            return view(request, *args, **kwargs)
        key = _key(f"{request.get_full_path()}\n{request.headers.get('Accept', '')}")
        saved = cache.get(key)
        if saved is not None:
            return saved
        response: HttpResponseBase = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            render = getattr(response, "render", None)
            if callable(render):
                render()
            # Saved (and answered) as a plain response: a rendered TemplateResponse would make the ETag decorator
            # above drop its 304.
            response = HttpResponse(response.content, status=200, headers=dict(response.items()))  # type: ignore[attr-defined]
            cache.set(key, response, SERVER_SECONDS)
        return response

    return wrapped

_for_everyone = cache_control(public=True, max_age=MAX_AGE)
# An ETag of the answer as sent (after the template is rendered), and 304 for a client that already holds it.
_etag_and_304 = decorator_from_middleware(ConditionalGetMiddleware)


def public_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a public view's answers ``public, max-age=MAX_AGE`` with an ETag, answering If-None-Match."""
    return _etag_and_304(_for_everyone(served_from_cache(view)))
