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


@pytest.fixture(autouse=True)
def _two_factor_requirement_off_unless_marked(request, settings) -> None:
    """The suite signs administrators in everywhere (``force_login`` and the browser's sign-in form), and with
    ``TWO_FACTOR_REQUIRED_FOR_ADMINS`` at its real default (on) each would first be sent to set up two-factor
    sign-in. So it is off for every test except those marked ``@pytest.mark.two_factor``, which get the real
    default. (beacon/accounts/tests/test_two_factor.py checks that the default is on.) Browser tests share this
    settings object with the live server, so the same holds for them."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache (only this pytest-xdist worker's keys, when the cache is a shared
    Redis: beacon/testing/cache.py), so that rate-limit counts never leak from one test into the next."""
    from beacon.testing.cache import clear_test_cache

    clear_test_cache()
