"""No mass assignment: fields a client must never set (``id``, ``organisation`` on an existing record,
``created_by``, ``modified_by``, the timestamps) are ignored or refused on create and update, in several
collections, and never applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

# collection, a valid new record, and the record of the world to change
CASES: list[tuple[str, Callable[[World], dict[str, Any]], Callable[[World], Any]]] = [
    ("projects", lambda w: {"organisation": "home", "programme": w.records["programme"].pk, "title": "New"},
     lambda w: w.records["plain"]),
    ("risks", lambda w: {"organisation": "home", "code": "SR99", "title": "New risk", "inherent_likelihood": 4,
                         "inherent_impact": 5, "residual_likelihood": 3, "residual_impact": 4},
     lambda w: w.records["plain_risk"]),
    ("kpis", lambda w: {"organisation": "home", "code": "NEW-1", "title": "New KPI"}, lambda w: w.records["plain_kpi"]),
    ("events", lambda w: {"organisation": "home", "title": "Staff hackathon"},
     lambda w: f.EventFactory(organisation=w.home)),
    ("milestones", lambda w: {"organisation": "home", "project": w.records["plain"].pk, "title": "New milestone",
                              "due_date": "2031-03-31"}, lambda w: w.records["milestone"]),
]
IDS = [case[0] for case in CASES]
FORGED_ID = 987654


@pytest.fixture
def api(world: World) -> APIClient:
    client = APIClient()
    client.force_login(world.users["programme"])
    return client


def forged(world: World) -> dict[str, Any]:
    someone_else = world.users["viewer"].pk
    return {"id": FORGED_ID, "created_by": someone_else, "modified_by": someone_else,
            "created_at": "2001-01-01T00:00:00Z", "modified_at": "2001-01-01T00:00:00Z"}


@pytest.mark.parametrize(("collection", "new", "existing"), CASES, ids=IDS)
def test_a_new_record_never_takes_forged_ids_or_authors(api, world, collection, new, existing):
    response = api.post(f"/api/v1/{collection}/", {**new(world), **forged(world)}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] != FORGED_ID
    model = type(existing(world))
    record = model._base_manager.get(pk=body["id"])
    assert not model._base_manager.filter(pk=FORGED_ID).exists()
    assert record.created_by_id in (world.users["programme"].pk, None)
    assert record.created_by_id != world.users["viewer"].pk
    assert record.modified_by_id != world.users["viewer"].pk
    assert record.created_at.year > 2001 and record.modified_at.year > 2001


@pytest.mark.parametrize(("collection", "new", "existing"), CASES, ids=IDS)
def test_a_new_record_cannot_be_put_in_a_council_where_the_user_has_no_role(api, world, collection, new, existing):
    model = type(existing(world))
    before = model._base_manager.count()
    response = api.post(f"/api/v1/{collection}/", {**new(world), "organisation": "other"}, format="json")
    assert response.status_code in (400, 403)
    assert model._base_manager.count() == before


@pytest.mark.parametrize(("collection", "new", "existing"), CASES, ids=IDS)
def test_an_update_never_applies_forged_ids_authors_or_another_council(api, world, collection, new, existing):
    record = existing(world)
    model = type(record)
    before = model._base_manager.get(pk=record.pk)
    response = api.patch(f"/api/v1/{collection}/{record.pk}/", forged(world), format="json")
    assert response.status_code == 200, response.content
    after = model._base_manager.get(pk=record.pk)
    assert not model._base_manager.filter(pk=FORGED_ID).exists()
    assert after.created_by_id == before.created_by_id
    assert after.modified_by_id != world.users["viewer"].pk
    assert after.created_at == before.created_at and after.modified_at.year > 2001

    moved = api.patch(f"/api/v1/{collection}/{record.pk}/", {"organisation": "other"}, format="json")
    assert moved.status_code in (400, 403)
    assert model._base_manager.get(pk=record.pk).organisation_id == world.home.pk
