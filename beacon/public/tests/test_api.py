"""The public API: no token, only public and non-confidential records of the organisation named in the URL,
paginated like the rest of the API, every collection listed in the index."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.public.api import COLLECTIONS
from beacon.testing.world import World

pytestmark = pytest.mark.django_db


def results(client, path: str) -> list[dict[str, Any]]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def test_index_lists_every_collection(client, public_world: World):
    response = client.get("/api/v1/public/home/")
    assert response.status_code == 200
    body = response.json()
    assert set(body["collections"]) == set(COLLECTIONS)
    assert {"kpis", "observations", "themes", "priorities", "savings", "comparator-groups"} <= set(COLLECTIONS)
    assert body["licence"] == "Open Government Licence v3.0"
    for url in body["collections"].values():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_answers_anonymous_paginated_and_404_for_unknown_organisation(
    client, public_world: World, collection: str
):
    assert results(client, f"/api/v1/public/home/{collection}/")
    assert client.get(f"/api/v1/public/nowhere/{collection}/").status_code == 404
    assert client.get(f"/api/v1/public/home/{collection}/?page=999").status_code == 404
    assert client.get(f"/api/v1/public/home/{collection}/?page_size=1").status_code == 200


def test_kpis_only_public_ones_with_their_latest_period(client, public_world: World):
    [kpi] = results(client, "/api/v1/public/home/kpis/")
    r = public_world.records
    assert kpi["id"] == r["public_kpi"].pk and kpi["organisation"] == "home"
    assert kpi["priorities"] == [r["priority"].pk]
    assert kpi["projects"] == [r["public"].pk]
    assert kpi["latest"]["period"] == "2024/25"
    assert kpi["latest"]["value"] == "71.0000" and kpi["latest"]["target"] == "75.0000"
    assert (kpi["latest"]["status"], kpi["latest"]["status_text"]) == ("within_tolerance", "Within tolerance")
    assert kpi["latest"]["since_previous"] == "improving"


def test_observations_carry_target_and_status(client, public_world: World):
    rows = results(client, "/api/v1/public/home/observations/")
    assert [(row["period"], row["status"], row["target"]) for row in rows] == [
        ("2023/24", "off_target", "70.0000"), ("2024/25", "within_tolerance", "75.0000"),
    ]
    assert rows[1]["since_previous"] == "improving"
    secret = public_world.records["secret_kpi"]
    assert results(client, f"/api/v1/public/home/observations/?kpi={secret.pk}") == []
    assert client.get("/api/v1/public/home/observations/?kpi=abc").status_code == 400


def test_themes_and_priorities_of_published_plans_only(client, public_world: World):
    r = public_world.records
    assert [t["id"] for t in results(client, "/api/v1/public/home/themes/")] == [r["theme"].pk]
    assert {p["id"] for p in results(client, "/api/v1/public/home/priorities/")} == {
        r["priority"].pk, r["empty_priority"].pk
    }


def test_savings_position_by_year(client, public_world: World):
    rows = results(client, "/api/v1/public/home/savings/")
    assert [(row["financial_year"], row["target"], row["approved"], row["forecast"], row["delivered"])
            for row in rows] == [
        ("2024/25", "300000.00", "120000.00", "120000.00", "120000.00"),
        ("2025/26", "200000.00", "50000.00", "40000.00", "0.00"),
        ("2026/27", "150000.00", "0.00", "0.00", "0.00"),
        ("2027/28", "100000.00", "0.00", "0.00", "0.00"),
    ]


def test_comparator_groups_public_ones_of_this_organisation(client, public_world: World):
    [group] = results(client, "/api/v1/public/home/comparator-groups/")
    assert group["title"] == "Similar districts"
    assert [m["name"] for m in group["members"]] == ["Neighbour District"]


def test_projects_and_milestones_exclude_confidential_and_internal(client, public_world: World):
    r = public_world.records
    assert [p["id"] for p in results(client, "/api/v1/public/home/projects/")] == [r["public"].pk]
    assert [m["id"] for m in results(client, "/api/v1/public/home/milestones/")] == [r["public_milestone"].pk]


def test_a_token_or_session_changes_nothing(client, public_world: World):
    anonymous = client.get("/api/v1/public/home/kpis/").json()
    client.force_login(public_world.users["admin"])
    assert client.get("/api/v1/public/home/kpis/").json() == anonymous


def test_writes_are_refused(client, public_world: World):
    assert client.post("/api/v1/public/home/kpis/", {}).status_code == 405


@pytest.mark.parametrize("query", ["kpi=99999999999999999999999", "kpi=1e400", "kpi=-1", "kpi=nan", "kpi=1.5",
                                   "kpi=abc"])
def test_a_bad_filter_is_400_never_500(client, public_world: World, query: str):
    assert client.get(f"/api/v1/public/home/observations/?{query}").status_code == 400


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=99999999999999999999"])
def test_a_bad_page_is_404_never_500(client, public_world: World, query: str):
    assert client.get(f"/api/v1/public/home/kpis/?{query}").status_code == 404


def test_a_huge_kpi_id_is_404(client, public_world: World):
    assert client.get("/public/home/kpis/99999999999999999999999/").status_code == 404
