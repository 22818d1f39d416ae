"""Schemathesis over the whole OpenAPI schema: generated requests to every operation, signed in as an
administrator of a council with records of every kind, must never get a server error, and every documented
response must match the schema.

Run once, in the PostgreSQL pass of ``make test`` (with Redis); bounded by SCHEMA_EXAMPLES
examples per operation (default 3), a few minutes in all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from beacon.testing.world import World, world_for_a_module
from beacon.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "3"))


@contextlib.contextmanager
def keeping_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, not through Django's test client, so Django would close
    the database connection at the start and end of each (and with it the test's transaction, on PostgreSQL):
    keep it open, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module (each operation's writes are undone after it)."""
    with world_for_a_module(django_db_blocker) as world:
        yield world


@pytest.fixture
def signed_in(db: None, world: World) -> dict[str, Any]:
    """The headers and cookies of the home council's administrator, signed in with a session (CSRF token
    included, so that writes are tried for real rather than refused)."""
    client = Client()
    client.force_login(world.users["admin"])
    client.get("/accounts/")
    csrf = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else "x" * 32
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    cookies["csrftoken"] = csrf
    return {"headers": {"X-CSRFToken": csrf, "Referer": "http://testserver/"}, "cookies": cookies}


# Loaded at collection through the app itself (the schema view reads no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_responses_match_the_schema(case: Any, db: None, signed_in: dict[str, Any]) -> None:
    with keeping_the_test_connection():
        response = case.call(headers=signed_in["headers"], cookies=signed_in["cookies"])
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
