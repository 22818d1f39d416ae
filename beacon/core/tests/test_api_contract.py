"""The REST API's contract (PRODUCT section 3), as a client sees it: who may call it, the shape of every
collection, the organisation filter, field names and formats, the read-only register, the schema and docs,
the public API, and that nothing is ever deleted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rest_framework.test import APIClient

from beacon.programmes.models import Project
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db

# Every authenticated collection that exists today (PRODUCT section 3 lists more; they are added app by app).
COLLECTIONS = [
    "organisations", "councils", "plans", "themes", "priorities", "objectives",
    "programmes", "phases", "workstreams", "projects", "milestones",
]
# Collections of organisation-owned records (everything but the register and the organisations themselves).
OWNED = [name for name in COLLECTIONS if name not in {"organisations", "councils"}]
# The models of these collections that have a ``code``.
WITH_CODE = {"priorities", "objectives", "programmes", "workstreams", "projects"}
PAGE_KEYS = {"count", "next", "previous", "results"}




@pytest.fixture
def strategy_records(world):
    """A plan with a theme and a priority, and an objective, in each organisation (and a phase in ``other``,
    so that every collection has a record in both)."""
    f.PhaseFactory(programme=world.records["other_programme"], title="Other phase")
    records = {}
    for org in (world.home, world.other):
        plan = f.PlanFactory(organisation=org, title=f"{org.name} plan", public=True)
        theme = f.ThemeFactory(plan=plan, title=f"{org.name} theme")
        priority = f.PriorityFactory(theme=theme, title=f"{org.name} priority", code=f"PR-{org.slug}")
        objective = f.ObjectiveFactory(organisation=org, title=f"{org.name} objective", code=f"OB-{org.slug}")
        records[org.slug] = {"plan": plan, "theme": theme, "priority": priority, "objective": objective}
    return records


# Who may call it -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_anonymous_is_refused_every_authenticated_collection(world, collection):
    response = APIClient().get(f"/api/v1/{collection}/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_anonymous_cannot_write_to_any_collection(world, collection):
    before = Project.objects.count()
    response = APIClient().post(f"/api/v1/{collection}/", {"title": "x", "organisation": "home"}, format="json")
    assert response.status_code in (401, 403)
    assert Project.objects.count() == before


def test_anonymous_is_refused_a_record_by_id(world):
    response = APIClient().get(f"/api/v1/projects/{world.records['public'].pk}/")
    assert response.status_code in (401, 403)


# Shape of every collection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_is_paginated(world, strategy_records, collection):
    response = client_for(world.users["admin"]).get(f"/api/v1/{collection}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert isinstance(body["count"], int)
    assert isinstance(body["results"], list)
    assert body["count"] >= len(body["results"]) > 0


def test_pages_link_to_each_other(world):
    client = client_for(world.users["admin"])
    first = client.get("/api/v1/projects/", {"page_size": 2}).json()
    assert first["count"] == 4
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert second["previous"]
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(set(ids)) == 4


def test_a_page_past_the_end_is_404_not_500(world):
    response = client_for(world.users["admin"]).get("/api/v1/projects/", {"page": 99})
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("page", ["abc", "-1", "0"])
def test_a_bad_page_number_is_a_4xx(world, page):
    response = client_for(world.users["admin"]).get("/api/v1/projects/", {"page": page})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("collection", OWNED)
def test_organisation_filter_returns_only_that_organisation(world, strategy_records, collection):
    # ``both`` holds a role in each organisation, so that the filter (not the policy) does the narrowing.
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    client = client_for(both)
    everything = client.get(f"/api/v1/{collection}/").json()
    assert {row["organisation"] for row in everything["results"]} == {"home", "other"}
    for slug in ("home", "other"):
        body = client.get(f"/api/v1/{collection}/", {"organisation": slug}).json()
        assert body["count"] > 0
        assert {row["organisation"] for row in body["results"]} == {slug}


@pytest.mark.parametrize("collection", OWNED)
def test_organisation_filter_for_an_unknown_slug_is_empty(world, strategy_records, collection):
    response = client_for(world.users["admin"]).get(f"/api/v1/{collection}/", {"organisation": "nowhere"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("collection", OWNED)
def test_records_carry_id_organisation_code_and_title(world, strategy_records, collection):
    body = client_for(world.users["admin"]).get(f"/api/v1/{collection}/").json()
    for row in body["results"]:
        assert isinstance(row["id"], int)
        assert row["organisation"] == "home"
        assert isinstance(row["title"], str) and row["title"]
        if collection in WITH_CODE:
            assert "code" in row


def test_organisation_records_carry_id_slug_and_role(world):
    body = client_for(world.users["finance"]).get("/api/v1/organisations/").json()
    assert body["results"] == [
        {
            "id": world.home.pk, "name": "Home Council", "slug": "home", "gss_code": "", "council_type": "OTHER",
            "confidence_scale": "five", "website": "", "role": "finance",
        }
    ]


def test_dates_are_iso_8601(world):
    project = world.records["plain"]
    project.start_date = dt.date(2024, 3, 21)
    project.end_date = dt.date(2025, 3, 31)
    project.save()
    row = client_for(world.users["admin"]).get(f"/api/v1/projects/{project.pk}/").json()
    assert row["start_date"] == "2024-03-21"
    assert row["end_date"] == "2025-03-31"
    assert dt.datetime.fromisoformat(row["created_at"].replace("Z", "+00:00"))
    assert dt.datetime.fromisoformat(row["modified_at"].replace("Z", "+00:00"))
    milestone = client_for(world.users["admin"]).get(f"/api/v1/milestones/{world.records['milestone'].pk}/").json()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", milestone["due_date"])


def test_links_to_other_records_are_ids(world):
    row = client_for(world.users["admin"]).get(f"/api/v1/projects/{world.records['public'].pk}/").json()
    assert row["programme"] == world.records["programme"].pk
    assert row["workstream"] == world.records["workstream"].pk
    assert row["priorities"] == []
    assert row["dependencies"] == []


def test_project_carries_the_fields_product_names(world):
    row = client_for(world.users["admin"]).get(f"/api/v1/projects/{world.records['public'].pk}/").json()
    for name in ("title", "description", "programme", "workstream", "stage", "delivery_confidence",
                 "status_commentary", "confidential", "public"):
        assert name in row


def test_a_project_can_be_created_with_organisation_programme_and_title_alone(world):
    client = client_for(world.users["programme"])
    response = client.post(
        "/api/v1/projects/",
        {"organisation": "home", "programme": world.records["programme"].pk, "title": "Bare project"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "idea"
    assert body["organisation"] == "home"
    assert body["title"] == "Bare project"
    assert body["confidential"] is False
    assert body["workstream"] is None
    project = Project.objects.get(pk=body["id"])
    assert project.created_by == world.users["programme"]
    assert project.modified_by == world.users["programme"]


# organisations and councils ------------------------------------------------------------------------------


def test_organisations_lists_only_those_where_the_user_holds_a_role(world):
    body = client_for(world.users["outsider"]).get("/api/v1/organisations/").json()
    assert [row["slug"] for row in body["results"]] == ["other"]
    body = client_for(world.users["viewer"]).get("/api/v1/organisations/").json()
    assert [row["slug"] for row in body["results"]] == ["home"]


def test_organisations_of_a_user_without_a_role_is_empty(world):
    nobody = f.UserFactory(username="nobody")
    body = client_for(nobody).get("/api/v1/organisations/").json()
    assert body["count"] == 0


def test_another_organisation_cannot_be_read_by_id(world):
    response = client_for(world.users["outsider"]).get(f"/api/v1/organisations/{world.home.pk}/")
    assert response.status_code == 404


def test_organisations_are_read_only(world):
    client = client_for(world.users["admin"])
    assert client.post("/api/v1/organisations/", {"name": "New", "slug": "new"}, format="json").status_code == 405
    assert client.patch(f"/api/v1/organisations/{world.home.pk}/", {"name": "Renamed"},
                        format="json").status_code == 405
    world.home.refresh_from_db()
    assert world.home.name == "Home Council"


def test_councils_is_the_whole_register(world):
    body = client_for(world.users["viewer"]).get("/api/v1/councils/").json()
    assert body["count"] == 470


def test_councils_filter_by_gss_code(world):
    body = client_for(world.users["viewer"]).get("/api/v1/councils/", {"gss_code": "E07000118"}).json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Chorley"
    assert body["results"][0]["gss_code"] == "E07000118"


def test_councils_refuse_writes(world):
    client = client_for(world.users["admin"])
    response = client.post("/api/v1/councils/", {"gss_code": "E99999999", "name": "Made up"}, format="json")
    assert response.status_code == 405
    council = client.get("/api/v1/councils/", {"gss_code": "E07000118"}).json()["results"][0]
    assert client.patch(f"/api/v1/councils/{council['id']}/", {"name": "X"}, format="json").status_code == 405
    assert client.get("/api/v1/councils/", {"gss_code": "E07000118"}).json()["results"][0]["name"] == "Chorley"


def test_councils_bad_filter_value_is_400_not_500(world):
    response = client_for(world.users["viewer"]).get("/api/v1/councils/", {"council_type": "NOPE"})
    assert response.status_code == 400


# Schema and docs -------------------------------------------------------------------------------------------


def test_openapi_schema_lists_every_collection(world):
    response = client_for(world.users["viewer"]).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"]
    for collection in COLLECTIONS:
        assert f"/api/v1/{collection}/" in schema["paths"], collection
        assert f"/api/v1/{collection}/{{id}}/" in schema["paths"], collection
    assert "/api/v1/public/{org}/projects/" in schema["paths"]


def test_openapi_schema_offers_no_delete(world):
    schema = client_for(world.users["viewer"]).get("/api/v1/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        assert "delete" not in operations, path


def test_api_docs_are_served_without_a_cdn(world):
    response = client_for(world.users["viewer"]).get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower()
    assert not re.search(r"""<script[^>]+src=["']?(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", html, re.IGNORECASE)


# The public API ---------------------------------------------------------------------------------------------


def test_public_api_root_is_an_index_for_anyone(world):
    response = APIClient().get("/api/v1/public/home/")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == "home"
    assert set(body["collections"]) >= {"programmes", "projects"}
    for url in body["collections"].values():
        assert APIClient().get(url).status_code == 200


def test_public_api_for_an_unknown_organisation_is_404(world):
    assert APIClient().get("/api/v1/public/nowhere/").status_code == 404
    assert APIClient().get("/api/v1/public/nowhere/projects/").status_code == 404


def test_public_projects_show_public_ones_and_never_the_confidential_one(world):
    response = APIClient().get("/api/v1/public/home/projects/")
    assert response.status_code == 200
    text = response.content.decode()
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert [row["title"] for row in body["results"]] == ["Public library remodel"]
    assert "Secret depot closure" not in text
    assert "Exempt: negotiations with the union" not in text
    assert "Ordinary internal project" not in text
    assert "Other council" not in text


def test_public_projects_carry_no_internal_fields(world):
    row = APIClient().get("/api/v1/public/home/projects/").json()["results"][0]
    for name in ("status_commentary", "confidential", "lead", "created_by"):
        assert name not in row


def test_public_api_is_read_only(world):
    client = APIClient()
    before = Project.objects.count()
    response = client.post("/api/v1/public/home/projects/", {"title": "x"}, format="json")
    assert response.status_code == 405
    assert client.delete("/api/v1/public/home/projects/").status_code == 405
    assert Project.objects.count() == before


# Nothing is deleted -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_delete_is_not_allowed_on_any_collection(world, strategy_records, collection):
    client = client_for(world.users["admin"])
    assert client.delete(f"/api/v1/{collection}/").status_code == 405
    first = client.get(f"/api/v1/{collection}/").json()["results"][0]
    response = client.delete(f"/api/v1/{collection}/{first['id']}/")
    assert response.status_code == 405
    assert client.get(f"/api/v1/{collection}/{first['id']}/").status_code == 200
