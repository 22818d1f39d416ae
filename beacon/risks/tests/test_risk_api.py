"""The ``risks`` collection: scores and bands, create and update, bad input refused with 400 and a reason and
nothing written (likelihood 6: "Score it from 1 to 5."), and organisation isolation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from beacon.risks.models import Risk
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db


def new_risk(**extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "code": "SR08", "title": "Ability to achieve organisation change",
            "inherent_likelihood": 4, "inherent_impact": 5, "residual_likelihood": 3, "residual_impact": 4, **extra}


def test_a_risk_is_created_with_its_scores_and_bands(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/risks/", new_risk(projects=[world.records["plain"].pk]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["inherent_score"], body["inherent_band"], body["residual_score"], body["band"]) == (
        20, "Very high", 12, "High")
    assert body["organisation"] == "home" and body["projects"] == [world.records["plain"].pk]
    assert body["level"] == "project" and body["status"] == "open" and body["review_overdue"] is False
    risk = Risk.objects.get(code="SR08")
    assert risk.created_by == world.users["programme"]


@pytest.mark.parametrize(("extra", "field", "reason"), [
    ({"inherent_likelihood": 6}, "inherent_likelihood", "Score it from 1 to 5."),
    ({"residual_impact": 0}, "residual_impact", "Score it from 1 to 5."),
    ({"residual_likelihood": "six"}, "residual_likelihood", "Score it from 1 to 5."),
    ({"level": "cosmic"}, "level", None),
    ({"code": "INT-R"}, "code", "There is already a risk with the code INT-R."),
    ({"review_date": "31/03/2025"}, "review_date", None),
])
def test_bad_input_is_refused_with_a_reason(world, extra, field, reason):
    response = client_for(world.users["programme"]).post("/api/v1/risks/", new_risk(**extra), format="json")
    assert response.status_code == 400
    errors = response.json()[field]
    assert errors and (reason is None or errors == [reason])
    assert not Risk.objects.filter(code="SR08").exists()


def test_links_to_another_council_are_refused(world):
    client = client_for(world.users["programme"])
    for extra, field in (({"projects": [world.records["other_project"].pk]}, "projects"),
                         ({"programme": world.records["other_programme"].pk}, "programme"),
                         ({"owner": world.users["outsider"].pk}, "owner")):
        response = client.post("/api/v1/risks/", new_risk(**extra), format="json")
        assert response.status_code == 400 and response.json()[field], extra
    assert client.post("/api/v1/risks/", new_risk(organisation="other"), format="json").status_code in (400, 403)
    assert not Risk.objects.filter(code="SR08").exists()


def test_an_update_rescored_and_a_bad_one_changes_nothing(world):
    risk = world.records["plain_risk"]
    client = client_for(world.users["programme"])
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"residual_likelihood": 1}, format="json")
    assert response.status_code == 200 and response.json()["residual_score"] == 3
    assert response.json()["band"] == "Low"
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"residual_likelihood": 6}, format="json")
    assert response.status_code == 400 and response.json() == {"residual_likelihood": ["Score it from 1 to 5."]}
    risk.refresh_from_db()
    assert risk.residual_likelihood == 1


def test_the_owner_updates_scores_but_not_the_code(world):
    risk = f.RiskFactory(organisation=world.home, code="LEAD-R", owner=world.users["lead"])
    client = client_for(world.users["lead"])
    assert client.patch(f"/api/v1/risks/{risk.pk}/", {"residual_impact": 2}, format="json").status_code == 200
    assert client.patch(f"/api/v1/risks/{risk.pk}/", {"code": "MINE"}, format="json").status_code == 403
    assert client.post("/api/v1/risks/", new_risk(), format="json").status_code == 403


def test_lists_are_scoped_filtered_and_paginated(world):
    f.RiskFactory(organisation=world.other, code="OTH-R")
    f.RiskFactory(organisation=world.home, code="LATE", review_date=dt.date.today() - dt.timedelta(days=1))
    viewer = client_for(world.users["viewer"])
    body = viewer.get("/api/v1/risks/").json()
    assert set(body) >= {"count", "next", "previous", "results"}
    codes = {row["code"] for row in body["results"]}
    assert codes == {"PUB-R", "INT-R", "LATE"}  # neither the confidential risk nor the other council's
    assert {row["code"] for row in viewer.get("/api/v1/risks/?overdue=true").json()["results"]} == {"LATE"}
    assert viewer.get("/api/v1/risks/?organisation=other").json()["count"] == 0
    assert {row["code"] for row in viewer.get("/api/v1/risks/?band=medium").json()["results"]} == {
        "PUB-R", "INT-R", "LATE"}
    assert viewer.get("/api/v1/risks/?band=high").json()["count"] == 0
    outsider = client_for(world.users["outsider"])
    assert {row["code"] for row in outsider.get("/api/v1/risks/").json()["results"]} == {"OTH-R"}
    assert outsider.get(f"/api/v1/risks/{world.records['plain_risk'].pk}/").status_code == 404
    assert viewer.get("/api/v1/risks/?band=nonsense").status_code == 400
