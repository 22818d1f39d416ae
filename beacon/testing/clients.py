"""Test clients signed in as a user."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient


def client_for(user: Any) -> APIClient:
    """A DRF test client signed in (by session) as ``user``."""
    client = APIClient()
    client.force_login(user)
    return client
