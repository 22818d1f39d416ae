"""The ``neighbours``, ``comparator-groups``, ``indicators`` and ``benchmarks`` collections: all k neighbours in
one page, 400 with a reason for every question that cannot be answered, groups created by hand or as nearest
neighbours with their members listed, and the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance.models import ComparatorGroup, Indicator, IndicatorValue
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

CHORLEY, SOUTH_RIBBLE, PRESTON, WEST_LANCS = "E07000118", "E07000126", "E07000123", "E07000127"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    comparators.clear_cache()
    yield
    comparators.clear_cache()


@pytest.fixture
def figures(world: World) -> dict[str, Council]:
    found = {c.gss_code: c for c in Council.objects.filter(gss_code__in=[CHORLEY, SOUTH_RIBBLE, PRESTON, WEST_LANCS])}
    world.home.council = found[CHORLEY]
    world.home.save()
    for code in comparators.PRESETS["like-for-like"].indicators:
        indicator = Indicator.objects.create(code=code, title=code, dataset="test", publisher="Test")
        for gss, value in {CHORLEY: 1.0, SOUTH_RIBBLE: 1.1, PRESTON: 2.0, WEST_LANCS: 3.0}.items():
            IndicatorValue.objects.create(indicator=indicator, council=found[gss], period="2023", value=value * 10)
    return found


def test_neighbours_answers_all_k_in_one_page(world: World, figures: Any, login: Any) -> None:
    client = login(world.users["viewer"])
    body = client.get("/api/v1/neighbours/?organisation=home&preset=like-for-like&k=3").json()
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert [row["gss_code"] for row in body["results"]] == [SOUTH_RIBBLE, PRESTON, WEST_LANCS]
    assert [row["rank"] for row in body["results"]] == [1, 2, 3]
    first = body["results"][0]
    assert first["name"] == "South Ribble" and first["council_type"] == "NMD" and first["distance"] > 0
    by_code = client.get("/api/v1/neighbours/?council=e07000118&preset=like-for-like&k=3").json()
    assert by_code["results"] == body["results"]  # any council by its GSS code, in any case


@pytest.mark.parametrize(("query", "reason"), [
    ("?council=E07000118&preset=cipfa", "There is no preset called 'cipfa'"),
    ("?council=E07000118&preset=like-for-like&k=0", "k must be a whole number from 1 to 50"),
    ("?council=E07000118&preset=like-for-like&k=51", "k must be a whole number from 1 to 50"),
    ("?council=E07000118&preset=like-for-like&k=abc", "k must be a whole number from 1 to 50"),
    ("?council=E99999999&preset=like-for-like", "not the GSS code of a council"),
    ("?council=E47000001&preset=like-for-like", "is not among the areas"),
    ("?organisation=other&preset=like-for-like", "You hold no role in an organisation called 'other'"),
    ("?organisation=nowhere", "You hold no role"),
    ("", "Give organisation=<slug> or council=<GSS code>"),
    ("?organisation=home&council=E07000118", "not both"),
])
def test_neighbours_refuses_with_a_reason(world: World, figures: Any, login: Any, query: str, reason: str) -> None:
    response = login(world.users["viewer"]).get(f"/api/v1/neighbours/{query}")
    assert response.status_code == 400
    assert reason in response.json()["detail"]


def test_neighbours_needs_a_signed_in_user(client: Any) -> None:
    assert client.get("/api/v1/neighbours/?council=E07000118").status_code in (401, 403)


def test_create_groups_by_hand_and_as_nearest_neighbours(world: World, figures: Any, login: Any) -> None:
    client = login(world.users["programme"])
    manual = client.post("/api/v1/comparator-groups/", {
        "organisation": "home", "title": "Central Lancashire", "council": CHORLEY,
        "councils": [SOUTH_RIBBLE, "Preston"],
    }, content_type="application/json")
    assert manual.status_code == 201, manual.json()
    assert {m["gss_code"] for m in manual.json()["members"]} == {SOUTH_RIBBLE, PRESTON}

    nearest = client.post("/api/v1/comparator-groups/", {
        "organisation": "home", "title": "Nearest two", "council": CHORLEY, "kind": "nearest",
        "preset": "like-for-like", "size": 2,
    }, content_type="application/json")
    assert nearest.status_code == 201, nearest.json()
    members = nearest.json()["members"]
    assert [(m["gss_code"], m["rank"]) for m in members] == [(SOUTH_RIBBLE, 1), (PRESTON, 2)]
    assert members[0]["name"] == "South Ribble" and members[0]["distance"] > 0

    bad = client.post("/api/v1/comparator-groups/", {
        "organisation": "home", "title": "Bad", "council": CHORLEY, "councils": ["Atlantis"],
    }, content_type="application/json")
    assert bad.status_code == 400 and "“Atlantis” is not a council" in bad.json()["councils"][0]

    listed = client.get("/api/v1/comparator-groups/?organisation=home").json()
    assert listed["count"] == 2
    outsider = login(world.users["outsider"]).get("/api/v1/comparator-groups/?organisation=home").json()
    assert outsider["count"] == 0


def test_viewer_cannot_create_a_group(world: World, figures: Any, login: Any) -> None:
    response = login(world.users["viewer"]).post("/api/v1/comparator-groups/", {
        "organisation": "home", "title": "X", "council": CHORLEY, "councils": [SOUTH_RIBBLE],
    }, content_type="application/json")
    assert response.status_code == 403


def test_benchmarks_and_indicators(world: World, figures: Any, login: Any) -> None:
    group = ComparatorGroup.objects.create(organisation=world.home, title="G", council=figures[CHORLEY])
    comparators.set_manual_members(group, [figures[PRESTON], figures[WEST_LANCS]])
    Indicator.objects.filter(code="imd-score").update(polarity="lower")
    client = login(world.users["viewer"])
    body = client.get(f"/api/v1/benchmarks/?group={group.pk}&indicator=imd-score").json()
    assert [(row["gss_code"], row["rank"]) for row in body["results"]] == [(CHORLEY, 1), (PRESTON, 2),
                                                                          (WEST_LANCS, 3)]
    assert body["results"][0]["period"] == "2023"
    assert client.get("/api/v1/benchmarks/?group=abc&indicator=imd-score").status_code == 400
    assert client.get(f"/api/v1/benchmarks/?group={group.pk}&indicator=nope").status_code == 400
    indicators = client.get("/api/v1/indicators/?code=imd-score").json()
    assert indicators["count"] == 1 and indicators["results"][0]["publisher"] == "Test"


def test_schema_lists_the_collections(world: World, login: Any) -> None:
    schema = login(world.users["viewer"]).get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/neighbours/", "/api/v1/comparator-groups/", "/api/v1/indicators/", "/api/v1/benchmarks/"):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/neighbours/"]["get"]["parameters"]}
    assert {"organisation", "council", "preset", "k"} <= parameters
