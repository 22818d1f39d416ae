"""Optimistic concurrency: a record's version tag, and locking its row while a write checks the tag.

One function, ``version_tag``, serves the API (``ETag`` / ``If-Match``) and the edit forms (a hidden field):
a strong hash of every concrete field value of the row, ``modified_at`` included. A writer says which version
it read; the write locks the row, recomputes the tag from the locked row and goes ahead only if they match,
so two writers that read the same version cannot both write (ADR 0014).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F

STALE_API_DETAIL = (
    "This record was changed by someone else since you read it. Fetch it again and reapply your change."
)


def version_tag(obj: models.Model) -> str:
    """A strong tag of the row's current values: it changes whenever any stored field changes.

    Compute it from a row read from the database (not from an instance a form or serializer has just
    changed in memory), so that every reader of the same row gets the same tag."""
    values = [(field.attname, field.value_to_string(obj)) for field in obj._meta.concrete_fields]
    payload = json.dumps([obj._meta.label_lower, values], default=str, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def lock_row(model: type[models.Model], pk: Any) -> models.Model | None:
    """Lock the row ``pk`` of ``model`` until the end of the current transaction and return it as stored
    (None if there is no such row, or ``pk`` is not a key). Call inside ``transaction.atomic()``."""
    try:
        rows = model._base_manager.filter(pk=pk)
    except (TypeError, ValueError, ValidationError):
        return None
    return lock_first(rows)


def lock_first(rows: models.QuerySet) -> models.Model | None:
    """Lock the rows of ``rows`` until the end of the current transaction and return the first as stored (None
    if there is none, or the lookup is malformed). Call inside ``transaction.atomic()``.

    PostgreSQL locks the rows (SELECT ... FOR UPDATE). SQLite has no row locks: a no-op UPDATE first takes the
    database's write lock, which a second writer waits for (the busy timeout) instead of reading a version
    that is about to change. Do it before reading anything else in the transaction."""
    try:
        if connection.vendor == "sqlite":
            key = rows.model._meta.pk.name  # type: ignore[union-attr]
            rows.update(**{key: F(key)})
        return rows.select_for_update().first()
    except (TypeError, ValueError, ValidationError):
        return None


def quoted(tag: str) -> str:
    """The tag as an HTTP entity tag."""
    return f'"{tag}"'


def if_match_allows(header: str, tag: str) -> bool:
    """Whether an ``If-Match`` header names ``tag`` (or is ``*``). Weak tags never match (RFC 9110 13.1.1)."""
    for candidate in (part.strip() for part in header.split(",")):
        if candidate == "*" or candidate == quoted(tag):
            return True
    return False


def if_none_match_hits(header: str, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (weak comparison, RFC 9110 13.1.2), or is ``*``."""
    for candidate in (part.strip() for part in header.split(",")):
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == "*" or candidate == quoted(tag):
            return True
    return False
