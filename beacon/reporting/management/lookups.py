"""What the reporting commands look up from their arguments, with a clear error when it is not there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from beacon.core.models import Organisation


def find_organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No organisation has the slug {slug!r}.")
    return organisation


def find_actor(username: str | None) -> Any:
    if not username:
        return None
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user has the username {username!r}.")
    return user
