"""The cache in the test suite: emptied before every test (conftest.py), so that one test's rate-limit counts and
cached charts never reach the next.

With Redis (``REDIS_URL``, as `make test-postgres` runs) the pytest-xdist workers share one Redis database, each
under its own key prefix (settings: ``KEY_PREFIX`` from ``PYTEST_XDIST_WORKER``), and the suite's cache is
``WorkerRedisCache``: its ``clear()`` deletes this worker's keys only. Django's own ``RedisCache.clear()`` is a
FLUSHDB, which would empty the other worker's cache in the middle of its tests.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


class WorkerRedisCache(RedisCache):
    """Django's Redis cache whose ``clear()`` deletes only the keys under this cache's prefix."""

    def clear(self) -> None:
        if not self.key_prefix:
            raise RuntimeError("WorkerRedisCache needs a KEY_PREFIX: without one, clear() would empty everything")
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)

    def contents(self) -> str:
        """Every key and value under this cache's prefix, as text (for tests that look for what must not be
        stored)."""
        client = self._cache.get_client()
        return repr({key: client.get(key) for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000)})


def clear_test_cache() -> None:
    caches["default"].clear()


def cache_contents() -> str:
    """What the cache holds, keys and values, as text, whichever the backend."""
    backend = caches["default"]
    if isinstance(backend, WorkerRedisCache):
        return backend.contents()
    return repr(dict(backend._cache))  # type: ignore[attr-defined]
