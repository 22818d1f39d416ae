"""The forward plan page and the ``forward-plan`` collection: the key decisions as the test finds them, upcoming
first, with clear days and a flag in words ("Only 20 clear days' notice: 28 are needed") unless the general
exception or special urgency is recorded; constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.models import DecisionStatus
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def key(world, title, **fields):
    return f.DecisionFactory(organisation=world.home, title=title, contract_value_pence=500_000_00, **fields)


def plan_text(world, user="viewer") -> str:
    from django.test import Client

    client = Client()
    client.force_login(world.users[user])
    response = client.get("/org/home/governance/forward-plan/")
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_the_forward_plan_lists_key_decisions_upcoming_first_with_their_notice(world):
    published = TODAY - dt.timedelta(days=1)
    key(world, "Soon and short", decision_date=published + dt.timedelta(days=21), forward_plan_published=published)
    key(world, "Later and fine", decision_date=TODAY + dt.timedelta(days=60),
        forward_plan_published=TODAY - dt.timedelta(days=10))
    key(world, "Past decision", decision_date=dt.date(2024, 3, 21), forward_plan_published=dt.date(2024, 2, 1))
    key(world, "Undated", forward_plan_published=TODAY)
    key(world, "Withdrawn one", status=DecisionStatus.WITHDRAWN)
    text = plan_text(world)
    order = [text.index(title) for title in ("Soon and short", "Later and fine", "Undated", "Past decision")]
    assert order == sorted(order)
    assert "Only 20 clear days' notice: 28 are needed" in text
    assert "On the forward plan 48 clear days before the decision" in text
    assert "Adopt the transformation strategy" not in text  # not key
    assert "Withdrawn one" not in text
    assert "1 key decision without the notice it needs" in text


def test_an_exception_is_not_flagged(world):
    published = dt.date(2024, 3, 1)
    key(world, "Urgent contract", decision_date=dt.date(2024, 3, 10), forward_plan_published=published,
        special_urgency=True, exception_reason="Grant deadline")
    key(world, "General exception contract", decision_date=dt.date(2024, 3, 10), forward_plan_published=published,
        general_exception=True, exception_reason="Impracticable to defer")
    text = plan_text(world)
    assert "Taken under special urgency (regulation 11)" in text
    assert "Taken under the general exception (regulation 10)" in text
    assert "Flagged" not in text and "without the notice" not in text


def test_a_key_decision_never_published_is_flagged(world):
    key(world, "Never published", decision_date=dt.date(2024, 3, 10))
    text = plan_text(world)
    assert "Not published on the forward plan" in text and "Flagged" in text


def test_the_confidential_key_decision_is_shown_to_its_readers_only(world):
    secret = world.records["secret_decision"]
    secret.contract_value_pence = 300_000_00
    secret.save()
    assert "Secret depot sale" not in plan_text(world, "viewer")
    assert "Secret depot sale" in plan_text(world, "member")


def test_the_forward_plan_api_lists_key_decisions_with_their_notice(world):
    flagged = key(world, "Short notice", decision_date=dt.date(2024, 3, 22), forward_plan_published=dt.date(2024, 3, 1))
    client = client_for(world.users["viewer"])
    body = client.get("/api/v1/forward-plan/", {"organisation": "home"}).json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["id"] == flagged.pk and entry["organisation"] == "home"
    assert entry["forward_plan_flagged"] is True and entry["clear_days"] == 20 and entry["notice_days"] == 28
    assert entry["forward_plan_notice"].startswith("Only 20 clear days' notice: 28 are needed")
    assert entry["key_decision"] is True
    assert entry["key_decision_criteria"] == ["Contract worth £500,000 (threshold £100,000)"]
    assert client.get("/api/v1/forward-plan/", {"organisation": "other"}).json()["count"] == 0
    assert client.post("/api/v1/forward-plan/", {}, format="json").status_code == 405


@pytest.mark.parametrize("where", ["page", "api"])
def test_the_forward_plan_costs_the_same_queries_at_any_size(world, login, where):
    client = login(world.users["viewer"])
    path = "/org/home/governance/forward-plan/" if where == "page" else "/api/v1/forward-plan/"

    def add(n: int) -> None:
        for i in range(n):
            decision = key(world, f"Key {i}", decision_maker=world.records["board"],
                           decision_date=TODAY + dt.timedelta(days=i), forward_plan_published=TODAY)
            decision.projects.add(world.records["plain"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    add(3)
    few = count()
    add(20)
    assert count() == few
