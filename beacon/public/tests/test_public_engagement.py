"""Public engagement pages and API: only published records; a declined idea with its reason; an accepted idea
names its project only when that project is itself public (a confidential project's title never appears);
events, partnerships (with members and localities) and operating models (as-is and to-be side by side); 404
for anything not public; the index lists the collections; query counts do not grow with the records."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from beacon.engagement import services
from beacon.engagement.models import IdeaStatus, Locality, Moderation, OperatingModelParameter, PartnershipMilestone
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Secret depot closure"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def published(**fields: Any) -> Any:
    return f.IdeaFactory(moderation=Moderation.PUBLISHED, public=True, **fields)


@pytest.fixture
def engagement(world):
    home, r = world.home, world.records
    ideas = {
        "declined": published(organisation=home, title="Close the lido", status=IdeaStatus.DECLINED,
                              status_reason="The lido was refurbished in 2023.", submitter="resident"),
        "into_secret": published(organisation=home, title="Merge the depots", status=IdeaStatus.ACCEPTED,
                                 project=r["secret"], status_reason="Exempt: depot sale price"),
        "into_public": published(organisation=home, title="Remodel the library", status=IdeaStatus.ACCEPTED,
                                 project=r["public"], workstream=r["workstream"]),
        "pending": f.IdeaFactory(organisation=home, title="Pending idea about parking"),
        "hidden": f.IdeaFactory(organisation=home, title="Hidden rude idea", moderation=Moderation.HIDDEN),
        "unlisted": f.IdeaFactory(organisation=home, title="Published but not public",
                                  moderation=Moderation.PUBLISHED, public=False),
        "other": published(organisation=world.other, title="Other council idea"),
    }
    events = {
        "public": f.EventFactory(organisation=home, title="Budget consultation", public=True, status="held",
                                 participants=120, outcomes="Residents backed library hubs."),
        "internal": f.EventFactory(organisation=home, title="Internal restructure briefing"),
    }
    parent = f.PartnershipFactory(organisation=home, title="Lancashire Public Service Reform", public=False,
                                  spatial_level="pan_county")
    partnership = f.PartnershipFactory(organisation=home, title="Chorley Public Service Reform Board",
                                       parent=parent, focus="Early intervention")
    partnership.programmes.add(r["programme"])
    f.PartnershipMemberFactory(partnership=partnership, body_name="Lancashire Constabulary", sector="police",
                               role_title="Member")
    Locality.objects.create(organisation=home, partnership=partnership, title="Chorley East", testbed=True)
    PartnershipMilestone.objects.create(organisation=home, partnership=partnership, date="2016-06-01",
                                        title="Strategy approved")
    model = services.create_operating_model(organisation=home, actor=None, title="Libraries TOM",
                                            service="Libraries", public=True)
    model.projects.add(r["secret"], r["public"])
    OperatingModelParameter.objects.filter(operating_model=model, parameter="structure").update(
        as_is="Ten branch libraries", to_be="Four hubs and six community-run libraries")
    internal_model = services.create_operating_model(organisation=home, actor=None, title="HR TOM", service="HR")
    return {"ideas": ideas, "events": events, "partnership": partnership, "parent": parent, "model": model,
            "internal_model": internal_model}


def text(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_ideas_page_shows_published_ideas_with_their_status(world, engagement):
    page = text("/public/home/ideas/")
    for title in ("Close the lido", "Merge the depots", "Remodel the library"):
        assert title in page
    for title in ("Pending idea about parking", "Hidden rude idea", "Published but not public", "Other council"):
        assert title not in page
    assert "Declined" in page and "The lido was refurbished in 2023." in page
    assert "It became the project PUB-1 Public library remodel." in page
    assert "Suggest an idea" in page


def test_a_confidential_projects_title_never_appears(world, engagement):
    pages = ["/public/home/ideas/", "/public/home/events/", "/public/home/partnerships/",
             f"/public/home/partnerships/{engagement['partnership'].pk}/", "/public/home/operating-models/",
             f"/public/home/operating-models/{engagement['model'].pk}/", "/api/v1/public/home/ideas/",
             "/api/v1/public/home/operating-models/", "/api/v1/public/home/partnerships/"]
    for path in pages:
        page = text(path)
        assert SECRET_TITLE not in page and "CONF-1" not in page, path
        assert "Exempt: depot sale price" not in page, path  # an accepted idea's internal reason


def test_the_public_api_lists_published_ideas(world, engagement):
    body = Client().get("/api/v1/public/home/ideas/").json()
    by_title = {item["title"]: item for item in body["results"]}
    assert set(by_title) == {"Close the lido", "Merge the depots", "Remodel the library"}
    declined = by_title["Close the lido"]
    assert (declined["status"], declined["decline_reason"], declined["submitter"], declined["project"]) == (
        "declined", "The lido was refurbished in 2023.", "resident", None)
    assert by_title["Merge the depots"]["project"] is None  # the project is confidential
    assert by_title["Remodel the library"]["project"] == world.records["public"].pk
    assert by_title["Remodel the library"]["workstream"] == "Digital"
    assert by_title["Remodel the library"]["decline_reason"] is None
    assert "submitted_by" not in declined and declined["organisation"] == "home"
    assert declined["submitted_on"] == engagement["ideas"]["declined"].submitted_on.isoformat()


def test_only_public_events_are_shown(world, engagement):
    page = text("/public/home/events/")
    assert "Budget consultation" in page and "Residents backed library hubs." in page and "12 June 2024" in page
    assert "Internal restructure briefing" not in page
    body = Client().get("/api/v1/public/home/events/").json()
    assert [(e["title"], e["date"], e["participants"]) for e in body["results"]] == [
        ("Budget consultation", "2024-06-12", 120)]


def test_a_partnership_page_shows_members_localities_and_history(world, engagement):
    partnership = engagement["partnership"]
    page = text(f"/public/home/partnerships/{partnership.pk}/")
    for words in ("Chorley Public Service Reform Board", "Lancashire Constabulary", "Police", "Chorley East",
                  "Testbed", "Strategy approved", "1 June 2016", "Home Transformation Programme"):
        assert words in page
    assert "Lancashire Public Service Reform" not in page  # its parent is not published
    listing = text("/public/home/partnerships/")
    assert "Chorley Public Service Reform Board" in listing and "Lancashire Public Service Reform" not in listing
    assert Client().get(f"/public/home/partnerships/{engagement['parent'].pk}/").status_code == 404
    body = Client().get("/api/v1/public/home/partnerships/").json()
    [item] = body["results"]
    assert (item["spatial_level"], item["parent"], item["programmes"]) == (
        "borough", None, [world.records["programme"].pk])
    assert item["members"] == [{"council": None, "name": "Lancashire Constabulary", "sector": "police",
                                "role_title": "Member"}]
    assert item["localities"][0]["title"] == "Chorley East" and item["history"][0]["date"] == "2016-06-01"


def test_an_operating_model_shows_as_is_and_to_be_side_by_side(world, engagement):
    model = engagement["model"]
    page = text(f"/public/home/operating-models/{model.pk}/")
    assert "Ten branch libraries" in page and "Four hubs and six community-run libraries" in page
    assert page.index("Value proposition and KPIs") < page.index("Cost structure")
    assert "Public library remodel" in page
    assert "HR TOM" not in text("/public/home/operating-models/")
    assert Client().get(f"/public/home/operating-models/{engagement['internal_model'].pk}/").status_code == 404
    [item] = Client().get("/api/v1/public/home/operating-models/").json()["results"]
    assert item["projects"] == [world.records["public"].pk]
    assert [row["parameter"] for row in item["parameters"]][:2] == ["value_proposition", "target_customers"]
    structure = next(row for row in item["parameters"] if row["parameter"] == "structure")
    assert structure["to_be"] == "Four hubs and six community-run libraries"


def test_another_councils_records_are_not_found_here(world, engagement):
    other_partnership = f.PartnershipFactory(organisation=world.other, title="Other partnership")
    other_model = services.create_operating_model(organisation=world.other, actor=None, title="Other TOM",
                                                  service="Waste", public=True)
    assert Client().get(f"/public/home/partnerships/{other_partnership.pk}/").status_code == 404
    assert Client().get(f"/public/home/operating-models/{other_model.pk}/").status_code == 404
    assert Client().get(f"/public/other/partnerships/{other_partnership.pk}/").status_code == 200


def test_the_public_api_index_lists_the_engagement_collections(world):
    collections = Client().get("/api/v1/public/home/").json()["collections"]
    for name in ("ideas", "events", "partnerships", "operating-models"):
        assert collections[name].endswith(f"/api/v1/public/home/{name}/")


def add_records(world: Any, n: int) -> None:
    home, r = world.home, world.records
    start = f.PartnershipFactory._meta.model.objects.count()
    for i in range(n):
        published(organisation=home, status=IdeaStatus.ACCEPTED, project=r["public"], workstream=r["workstream"])
        published(organisation=home, status=IdeaStatus.DECLINED, status_reason="No")
        f.EventFactory(organisation=home, public=True)
        partnership: Any = f.PartnershipFactory(organisation=home, title=f"Partnership {start + i}")
        partnership.programmes.add(r["programme"])
        f.PartnershipMemberFactory(partnership=partnership)
        Locality.objects.create(organisation=home, partnership=partnership, title=f"Place {i}")
        model = services.create_operating_model(organisation=home, actor=None, title=f"TOM {start + i}",
                                                service="Waste", public=True)
        model.projects.add(r["public"])


@pytest.mark.parametrize("path", ["/public/home/ideas/", "/public/home/events/", "/public/home/partnerships/",
                                  "/public/home/operating-models/", "/api/v1/public/home/ideas/",
                                  "/api/v1/public/home/events/", "/api/v1/public/home/partnerships/",
                                  "/api/v1/public/home/operating-models/"])
def test_list_queries_do_not_grow_with_the_records(world, path):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(path).status_code == 200
        return len(queries)

    add_records(world, 2)
    few = count()
    add_records(world, 12)
    assert count() == few
