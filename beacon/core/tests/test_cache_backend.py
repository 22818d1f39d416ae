"""The cache: Redis when REDIS_URL is set (shared by every process: rate limits hold across gunicorn workers),
the in-memory cache otherwise. `make test-postgres` runs the suite with Redis, `make test-unit` without."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from beacon.testing.cache import WorkerRedisCache, cache_contents, clear_test_cache

with_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set (make test-postgres sets it)")

# A second process with the same settings as this test process (importing pytest first makes it a test
# process too, with this worker's key prefix), which reads a key and writes another.
OTHER_PROCESS = """
import sys
import pytest  # noqa: F401  (the same settings as the test process: TESTING, and this worker's key prefix)
import django
django.setup()
from django.core.cache import cache
print(cache.get(sys.argv[1]))
cache.set(sys.argv[1] + "-reply", "written by the other process", 60)
"""


def test_the_backend_follows_redis_url():
    backend = caches["default"]
    if settings.REDIS_URL:
        assert isinstance(backend, RedisCache)
        assert isinstance(backend, WorkerRedisCache)  # the suite's: clear() empties this worker's keys only
        assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    else:
        assert isinstance(backend, LocMemCache)


def test_each_test_worker_has_its_own_key_prefix():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert caches["default"].key_prefix == f"beacon-test-{worker}"


@with_redis
def test_two_processes_share_the_redis_cache():
    key = f"shared-{uuid.uuid4().hex}"
    cache.set(key, "written by the test process", 60)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "beacon.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", OTHER_PROCESS, key], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "written by the test process"
    assert cache.get(key + "-reply") == "written by the other process"


@with_redis
@pytest.mark.parametrize("empty", [clear_test_cache, cache.clear])
def test_emptying_the_cache_leaves_other_workers_keys(empty):
    other_worker = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "beacon-test-elsewhere"})
    other_worker.set("kept", "yes", 60)
    cache.set("mine", "yes", 60)
    empty()
    assert cache.get("mine") is None
    assert other_worker.get("kept") == "yes"
    other_worker.delete("kept")


def test_cache_contents_shows_keys_and_values():
    cache.set("a-key", "a-value", 60)
    shown = cache_contents()
    assert "a-key" in shown and "a-value" in shown
