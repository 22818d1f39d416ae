"""Rate limits of the authenticated API: per user and per anonymous address, read from the settings at each
request, 429 with Retry-After when exceeded; the public API is never limited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from beacon.core.throttling import ApiAnonRateThrottle, ApiUserRateThrottle
from beacon.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_rates(settings) -> Iterator[None]:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"}}
    cache.clear()
    yield
    cache.clear()


def test_the_api_uses_beacons_throttles_by_default():
    from beacon.programmes.api import ProjectViewSet

    assert ProjectViewSet.throttle_classes == [ApiUserRateThrottle, ApiAnonRateThrottle]


def test_a_user_over_the_limit_gets_429_with_retry_after(world: World, tiny_rates):
    client = APIClient()
    client.force_login(world.users["programme"])
    for _ in range(3):
        assert client.get("/api/v1/projects/").status_code == 200
    refused = client.get("/api/v1/projects/")
    assert refused.status_code == 429
    assert "throttled" in refused.json()["detail"].lower()
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another user has their own allowance.
    other = APIClient()
    other.force_login(world.users["viewer"])
    assert other.get("/api/v1/projects/").status_code == 200


def test_the_limit_is_read_at_each_request(world: World, settings, tiny_rates):
    client = APIClient()
    client.force_login(world.users["programme"])
    for _ in range(3):
        client.get("/api/v1/projects/")
    assert client.get("/api/v1/projects/").status_code == 429
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "100/minute",
                                                                                     "anon": "2/minute"}}
    assert client.get("/api/v1/projects/").status_code == 200


class Open(APIView):
    permission_classes = [AllowAny]

    def get(self, request):  # type: ignore[no-untyped-def]
        return Response({"ok": True})


def test_anonymous_callers_are_limited_by_address(tiny_rates):
    view = Open.as_view()
    factory = APIRequestFactory()
    assert [view(factory.get("/api/v1/anything/")).status_code for _ in range(3)] == [200, 200, 429]
    assert view(factory.get("/api/v1/anything/", REMOTE_ADDR="192.0.2.7")).status_code == 200


def test_the_public_api_is_never_limited(world: World, tiny_rates):
    client = APIClient()
    statuses = {client.get("/api/v1/public/home/").status_code for _ in range(6)}
    assert statuses == {200}


def test_the_suite_and_default_rates_leave_room():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"user", "anon"}
    for rate in rates.values():
        count, _per = rate.split("/")
        assert int(count) >= 300
