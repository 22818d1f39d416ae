"""A read-only token never writes, on any API route: every collection, every record and every action of the
/api/v1/ router is tried with a write method. This fails for a new view that replaces the default
permission classes and forgets ``ReadOnlyTokenPermission``."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from beacon.accounts import tokens
from beacon.accounts.models import TokenScope
from beacon.api import router

pytestmark = pytest.mark.django_db


def write_routes() -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for prefix, viewset, _basename in router.registry:
        routes += [("post", f"/api/v1/{prefix}/"), ("put", f"/api/v1/{prefix}/1/"),
                   ("patch", f"/api/v1/{prefix}/1/"), ("delete", f"/api/v1/{prefix}/1/")]
        for extra in viewset.get_extra_actions():
            for method in extra.mapping:
                if method in ("post", "put", "patch", "delete"):
                    path = f"{prefix}/1/{extra.url_path}/" if extra.detail else f"{prefix}/{extra.url_path}/"
                    routes.append((method, f"/api/v1/{path}"))
    return [(method, path) for method, path in routes if resolves(path)]


def resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False  # e.g. a collection with no record routes
    return True


ROUTES = write_routes()


@pytest.fixture(scope="module")
def all_routes() -> list[tuple[str, str]]:
    return ROUTES


def test_the_router_has_write_routes_to_try(all_routes):
    assert ("patch", "/api/v1/projects/1/") in all_routes
    assert ("post", "/api/v1/savings-lines/1/approve/") in all_routes
    assert ("post", "/api/v1/reports/1/sign-off/") in all_routes


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m.upper()} {p}" for m, p in ROUTES])
def test_a_read_token_may_not_write_anywhere(world, method: str, path: str) -> None:
    key = tokens.create_token(user=world.users["admin"], name="Read", scope=TokenScope.READ).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response: Any = getattr(client, method)(path, {}, format="json")
    # 405: the route does not take this method for anyone. Otherwise the token's scope refuses it, first.
    if response.status_code != 405:
        assert response.status_code == 403, response.content
        assert response.json()["detail"] == tokens.READ_ONLY_REFUSAL
