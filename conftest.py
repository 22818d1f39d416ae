"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from beacon.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
