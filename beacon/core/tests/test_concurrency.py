"""ETag and If-Match on the API: a stale write gets 412 and changes nothing; a fresh one goes ahead; and 50
clients incrementing one number at once through the API lose none of their increments."""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from rest_framework.test import APIClient

from beacon.core.concurrency import STALE_API_DETAIL, lock_row, quoted, version_tag
from beacon.programmes.models import Project
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db


def savings_line(world: World) -> Any:
    return f.SavingsLineFactory(project=world.records["plain"])


# (collection, the record, a change, the field that change writes, a change made "by someone else")
CASES: list[tuple[str, Callable[[World], Any], dict[str, Any], str, dict[str, Any]]] = [
    ("projects", lambda w: w.records["plain"], {"title": "Renamed through the API"}, "title",
     {"title": "Renamed on the web"}),
    ("risks", lambda w: w.records["plain_risk"], {"title": "Risk renamed through the API"}, "title",
     {"title": "Risk renamed on the web"}),
    ("savings-lines", savings_line, {"amount": "1234.00"}, "amount_pence", {"amount_pence": 99_00}),
    ("kpis", lambda w: w.records["plain_kpi"], {"title": "KPI renamed through the API"}, "title",
     {"title": "KPI renamed on the web"}),
]
IDS = [case[0] for case in CASES]


@pytest.fixture
def api(world: World) -> APIClient:
    client = APIClient()
    client.force_login(world.users["programme"])
    return client


def stored(record: Any) -> Any:
    return type(record)._base_manager.get(pk=record.pk)


def change_behind_the_back(record: Any, values: dict[str, Any]) -> None:
    type(record)._base_manager.filter(pk=record.pk).update(**values)


@pytest.mark.parametrize(("collection", "make", "change", "field", "elsewhere"), CASES, ids=IDS)
def test_a_record_answer_carries_its_version_as_an_etag(api, world, collection, make, change, field, elsewhere):
    record = make(world)
    response = api.get(f"/api/v1/{collection}/{record.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == quoted(version_tag(stored(record)))
    # The tag changes when any stored value changes.
    change_behind_the_back(record, elsewhere)
    assert api.get(f"/api/v1/{collection}/{record.pk}/")["ETag"] != response["ETag"]


@pytest.mark.parametrize(("collection", "make", "change", "field", "elsewhere"), CASES, ids=IDS)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_stale_write_gets_412_and_changes_nothing(api, world, method, collection, make, change, field, elsewhere):
    record = make(world)
    read = api.get(f"/api/v1/{collection}/{record.pk}/")
    change_behind_the_back(record, elsewhere)
    before = stored(record)
    body = {**read.json(), **change} if method == "put" else change
    response = getattr(api, method)(f"/api/v1/{collection}/{record.pk}/", body, format="json",
                                    HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 412
    assert response.json()["detail"] == STALE_API_DETAIL
    after = stored(record)
    assert getattr(after, field) == getattr(before, field) == elsewhere[field]
    assert version_tag(after) == version_tag(before)


@pytest.mark.parametrize(("collection", "make", "change", "field", "elsewhere"), CASES, ids=IDS)
def test_a_write_naming_the_current_version_goes_ahead_and_answers_the_new_one(
    api, world, collection, make, change, field, elsewhere
):
    record = make(world)
    read = api.get(f"/api/v1/{collection}/{record.pk}/")
    response = api.patch(f"/api/v1/{collection}/{record.pk}/", change, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    after = stored(record)
    assert getattr(after, field) != getattr(record, field)
    assert response["ETag"] == quoted(version_tag(after)) != read["ETag"]
    # The tag read before this write is now stale; the new one works.
    again = api.patch(f"/api/v1/{collection}/{record.pk}/", change, format="json", HTTP_IF_MATCH=read["ETag"])
    assert again.status_code == 412
    fresh = api.patch(f"/api/v1/{collection}/{record.pk}/", change, format="json", HTTP_IF_MATCH=response["ETag"])
    assert fresh.status_code == 200


def test_if_match_star_and_no_if_match_both_write(api, world):
    project = world.records["plain"]
    assert api.patch(f"/api/v1/projects/{project.pk}/", {"title": "Starred"}, format="json",
                     HTTP_IF_MATCH="*").status_code == 200
    assert stored(project).title == "Starred"
    # Without If-Match the write goes ahead, as it always has (documented in the API description).
    assert api.patch(f"/api/v1/projects/{project.pk}/", {"title": "Unconditional"}, format="json").status_code == 200
    assert stored(project).title == "Unconditional"


def test_a_list_of_tags_matches_if_any_is_current_and_weak_tags_never_do(api, world):
    project = world.records["plain"]
    tag = api.get(f"/api/v1/projects/{project.pk}/")["ETag"]
    assert api.patch(f"/api/v1/projects/{project.pk}/", {"title": "Weak"}, format="json",
                     HTTP_IF_MATCH=f"W/{tag}").status_code == 412
    assert api.patch(f"/api/v1/projects/{project.pk}/", {"title": "Listed"}, format="json",
                     HTTP_IF_MATCH=f'"old", {tag}').status_code == 200


def test_a_stale_write_is_refused_before_its_body_is_checked(api, world):
    project = world.records["plain"]
    read = api.get(f"/api/v1/projects/{project.pk}/")
    change_behind_the_back(project, {"title": "Moved on"})
    response = api.patch(f"/api/v1/projects/{project.pk}/", {"stage": "not a stage"}, format="json",
                         HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 412


def test_if_match_does_not_reveal_a_record_the_user_cannot_read(world):
    outsider = APIClient()
    outsider.force_login(world.users["outsider"])
    project = world.records["plain"]
    response = outsider.patch(f"/api/v1/projects/{project.pk}/", {"title": "x"}, format="json",
                              HTTP_IF_MATCH='"anything"')
    assert response.status_code == 404
    assert stored(project).title == project.title
    viewer = APIClient()
    viewer.force_login(world.users["viewer"])
    assert viewer.patch(f"/api/v1/projects/{project.pk}/", {"title": "x"}, format="json",
                        HTTP_IF_MATCH='"anything"').status_code == 403


def test_a_key_that_is_not_a_number_is_404_not_an_error(api):
    assert api.patch("/api/v1/projects/abc/", {"title": "x"}, format="json", HTTP_IF_MATCH='"x"').status_code == 404


def test_if_none_match_on_an_unchanged_record_answers_304(api, world):
    project = world.records["plain"]
    tag = api.get(f"/api/v1/projects/{project.pk}/")["ETag"]
    unchanged = api.get(f"/api/v1/projects/{project.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == tag and not unchanged.content
    change_behind_the_back(project, {"title": "Changed"})
    assert api.get(f"/api/v1/projects/{project.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_a_created_record_answers_its_etag(api, world):
    response = api.post("/api/v1/projects/", {"organisation": "home", "programme": world.records["programme"].pk,
                                              "title": "Made through the API"}, format="json")
    assert response.status_code == 201, response.content
    assert response["ETag"] == quoted(version_tag(Project.objects.get(pk=response.json()["id"])))


@pytest.mark.parametrize(("collection", "make", "change", "field", "elsewhere"), CASES, ids=IDS)
def test_records_are_never_deleted_through_the_api_whatever_if_match_says(
    api, world, collection, make, change, field, elsewhere
):
    record = make(world)
    tag = api.get(f"/api/v1/{collection}/{record.pk}/")["ETag"]
    for if_match in (tag, '"stale"', "*"):
        assert api.delete(f"/api/v1/{collection}/{record.pk}/", HTTP_IF_MATCH=if_match).status_code == 405
    assert type(record)._base_manager.filter(pk=record.pk).exists()


def test_lock_row_answers_none_for_a_missing_or_malformed_key(world):
    assert lock_row(Project, 10**9) is None
    assert lock_row(Project, "abc") is None


# 50 clients at once ------------------------------------------------------------------------------------------


@pytest.fixture
def api_server(transactional_db) -> Iterator[str]:
    """A live server. On PostgreSQL (and file SQLite) it serves requests in parallel threads, each with its own
    connection, as gunicorn would. The test suite's in-memory SQLite database is one connection that every
    server thread would share, so there the server answers one request at a time: the 50 clients still
    interleave their reads and writes, which is what loses updates without If-Match."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        request_queue_size = 128  # 50 clients connect at once

        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    class Parallel(ThreadedWSGIServer):
        request_queue_size = 128

    database = connections["default"]  # the connection itself, not django.db.connection (a proxy to it)
    shared = database.vendor == "sqlite" and database.is_in_memory_db()

    class Thread(LiveServerThread):
        server_class = OneAtATime if shared else Parallel  # type: ignore[assignment]

    overrides = {"default": database} if shared else None
    if shared:
        database.inc_thread_sharing()
    thread = Thread("127.0.0.1", lambda handler: handler, connections_override=overrides)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        if shared:
            database.dec_thread_sharing()


def call(method: str, url: str, key: str, body: dict[str, Any] | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={  # noqa: S310 (our live server)
        "Authorization": f"Bearer {key}", "Accept": "application/json", "Content-Type": "application/json",
        **(headers or {}),
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), decoded(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), decoded(error.read())


def decoded(content: bytes) -> Any:
    try:
        return json.loads(content or b"null")
    except ValueError:
        return content[:500].decode("utf-8", "replace")


def test_fifty_concurrent_increments_through_the_api_lose_none(api_server):
    from beacon.accounts.tokens import create_token
    from beacon.testing.world import build_world

    world = build_world()
    project = world.records["plain"]
    Project.objects.filter(pk=project.pk).update(fte_change=Decimal("10.0"))
    key = create_token(user=world.users["programme"], name="Load", scope="write").key
    url = f"{api_server}/api/v1/projects/{project.pk}/"
    clients = 50
    start = threading.Barrier(clients)
    failures: list[str] = []
    stale_refusals = []

    def increment() -> None:
        try:
            attempts()
        except Exception as error:  # a client that fails must fail the test, not vanish with its thread
            failures.append(repr(error))

    def attempts() -> None:
        start.wait()
        for attempt in range(200):
            status, headers, body = call("GET", url, key)
            if status != 200:
                failures.append(f"GET {status}: {body}")
                return
            value = Decimal(body["fte_change"]) + 1
            status, _, body = call("PATCH", url, key, {"fte_change": str(value)}, {"If-Match": headers["ETag"]})
            if status == 200:
                return
            if status != 412:
                failures.append(f"PATCH {status}: {body}")
                return
            stale_refusals.append(1)
            # Exponential back-off with jitter, as a well-behaved client does after 412.
            time.sleep(random.uniform(0, 0.02 * 2 ** min(attempt, 6)))  # noqa: S311 (jitter, not a secret)
        failures.append("gave up after 200 attempts")

    threads = [threading.Thread(target=increment) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[:5]
    assert Project.objects.get(pk=project.pk).fte_change == Decimal("60.0")
    # Clients that read the same version collided, and If-Match refused all but one of them each time.
    assert stale_refusals
