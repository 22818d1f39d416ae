"""Fixtures of the public app's tests."""

from __future__ import annotations

import pytest

from beacon.public.tests.world import extend_public_world
from beacon.testing.world import World


@pytest.fixture
def public_world(world: World) -> World:
    return extend_public_world(world)
