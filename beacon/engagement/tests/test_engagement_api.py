"""The ``ideas``, ``events``, ``partnerships`` and ``operating-models`` collections: creation with the fewest
fields, bad input refused with 400 and a reason and nothing written, organisation isolation, the idea lifecycle
through the API (anyone posts, only the programme office reviews), credited savings, and the contract shapes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement import services
from beacon.engagement.models import (
    Event,
    Idea,
    IdeaStatus,
    IdeaVote,
    Locality,
    Moderation,
    OperatingModel,
    OperatingModelParameter,
    Parameter,
    Partnership,
)
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"count", "next", "previous", "results"}


def new_idea(**extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "title": "Report potholes with a photo",
            "description": "Residents send a photo; crews see it on a map.", **extra}


# Ideas: anyone posts ------------------------------------------------------------------------------------------


def test_a_viewer_posts_an_idea_with_the_fewest_fields(world):
    response = client_for(world.users["viewer"]).post("/api/v1/ideas/", new_idea(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"].startswith("IDEA-") and len(body["code"]) == 9
    assert (body["organisation"], body["status"], body["moderation"], body["public"]) == (
        "home", "new", "pending", False)
    assert body["submitter"] == "staff" and body["votes"] == 0 and body["credited_savings"] is None
    assert "submitted_by" not in body
    idea = Idea.objects.get(pk=body["id"])
    assert idea.submitted_by == world.users["viewer"]  # recorded, never shown
    assert body["submitted_on"] == idea.submitted_on.isoformat()


@pytest.mark.parametrize("fields", [{"status": "accepted"}, {"moderation": "published"}, {"public": True},
                                    {"status_reason": "Good idea"}])
def test_a_viewer_cannot_post_an_idea_already_reviewed(world, fields):
    if "status" in fields:
        fields["project"] = world.records["plain"].pk
    response = client_for(world.users["viewer"]).post("/api/v1/ideas/", new_idea(**fields), format="json")
    assert response.status_code == 403
    assert "programme office" in response.json()["detail"]
    assert not Idea.objects.filter(title=new_idea()["title"]).exists()


def test_a_viewer_sending_the_defaults_of_review_fields_is_fine(world):
    data = new_idea(status="new", moderation="pending", public=False)
    assert client_for(world.users["viewer"]).post("/api/v1/ideas/", data, format="json").status_code == 201


@pytest.mark.parametrize(("extra", "field"), [
    ({"title": ""}, "title"),
    ({"description": None}, "description"),
    ({"submitter": "alien"}, "submitter"),
    ({"organisation": "nowhere"}, "organisation"),
    ({"workstream": 999999}, "workstream"),
])
def test_bad_ideas_are_refused_with_a_reason(world, extra, field):
    response = client_for(world.users["viewer"]).post("/api/v1/ideas/", new_idea(**extra), format="json")
    assert response.status_code == 400
    assert response.json()[field]
    assert not Idea.objects.filter(title=new_idea()["title"]).exists()


def test_an_idea_cannot_link_to_another_councils_records(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/ideas/", new_idea(workstream=world.records["other_workstream"].pk), format="json")
    assert response.status_code == 400 and response.json()["workstream"]
    response = client.post("/api/v1/ideas/", new_idea(organisation="other"), format="json")
    assert response.status_code == 400 and response.json()["organisation"]
    assert not Idea.objects.filter(title=new_idea()["title"]).exists()


# Ideas: only the programme office reviews ----------------------------------------------------------------------


def test_a_viewer_cannot_accept_an_idea(world):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.UNDER_REVIEW)
    response = client_for(world.users["viewer"]).patch(
        f"/api/v1/ideas/{idea.pk}/", {"status": "accepted", "project": world.records["plain"].pk}, format="json")
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNDER_REVIEW and idea.project is None


def test_status_changes_follow_the_lifecycle(world):
    idea = f.IdeaFactory(organisation=world.home)
    client = client_for(world.users["programme"])
    path = f"/api/v1/ideas/{idea.pk}/"
    response = client.patch(path, {"status": "accepted", "project": world.records["plain"].pk}, format="json")
    assert response.status_code == 400
    assert response.json()["status"] == ["An idea that is new can only be moved to under review or declined."]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and idea.project is None

    assert client.patch(path, {"status": "under_review"}, format="json").status_code == 200
    response = client.patch(path, {"status": "accepted"}, format="json")
    assert response.status_code == 400 and response.json()["project"]
    response = client.patch(path, {"status": "accepted", "project": world.records["plain"].pk,
                                   "status_reason": "Taken up in the digital workstream"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["project"], body["status_reason"]) == (
        "accepted", world.records["plain"].pk, "Taken up in the digital workstream")
    assert body["decided_on"]
    response = client.patch(path, {"status": "declined", "status_reason": "No"}, format="json")
    assert response.status_code == 400 and response.json()["status"]


def test_a_declined_idea_needs_a_reason(world):
    idea = f.IdeaFactory(organisation=world.home)
    client = client_for(world.users["admin"])
    response = client.patch(f"/api/v1/ideas/{idea.pk}/", {"status": "declined"}, format="json")
    assert response.status_code == 400 and response.json()["status_reason"]
    response = client.patch(f"/api/v1/ideas/{idea.pk}/", {"status": "declined", "status_reason": "Already done"},
                            format="json")
    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_an_idea_cannot_be_accepted_into_another_councils_project(world):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.UNDER_REVIEW)
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/ideas/{idea.pk}/", {"status": "accepted", "project": world.records["other_project"].pk},
        format="json")
    assert response.status_code == 400 and response.json()["project"]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNDER_REVIEW


def test_moderation_publishes_and_public_needs_publishing(world):
    idea = f.IdeaFactory(organisation=world.home)
    client = client_for(world.users["programme"])
    response = client.patch(f"/api/v1/ideas/{idea.pk}/", {"public": True}, format="json")
    assert response.status_code == 400
    assert response.json()["public"] == ["Publish the idea (moderation) before showing it on the public pages."]
    response = client.patch(f"/api/v1/ideas/{idea.pk}/", {"moderation": "published"}, format="json")
    assert response.status_code == 200 and response.json()["public"] is True
    response = client.patch(f"/api/v1/ideas/{idea.pk}/", {"public": False}, format="json")
    assert response.status_code == 200
    idea.refresh_from_db()
    assert (idea.moderation, idea.public) == (Moderation.PUBLISHED, False)


def test_a_project_is_only_named_when_accepting(world):
    idea = f.IdeaFactory(organisation=world.home)
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/ideas/{idea.pk}/", {"project": world.records["plain"].pk}, format="json")
    assert response.status_code == 400 and response.json()["project"]
    idea.refresh_from_db()
    assert idea.project is None


def test_a_reviewer_edits_the_text_of_an_idea(world):
    idea = f.IdeaFactory(organisation=world.home, title="Typo")
    response = client_for(world.users["programme"]).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Fixed"},
                                                          format="json")
    assert response.status_code == 200 and response.json()["title"] == "Fixed"
    assert response.json()["code"] == idea.code


def test_votes_and_credited_savings(world):
    project = world.records["plain"]
    f.SavingsLineFactory(project=project, amount_pence=120_000_000, state="approved")
    line = f.SavingsLineFactory(project=project, amount_pence=30_000_000, state="delivered")
    type(line).objects.filter(pk=line.pk).update(delivered_pence=25_000_000)
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.ACCEPTED, project=project)
    IdeaVote.objects.create(idea=idea, user=world.users["viewer"])
    IdeaVote.objects.create(idea=idea, user=world.users["lead"])
    client = client_for(world.users["finance"])
    listed = client.get("/api/v1/ideas/?organisation=home").json()["results"]
    body = next(item for item in listed if item["id"] == idea.pk)
    assert body["votes"] == 2
    assert body["credited_savings"] == {"realised": "250000.00", "planned": "1500000.00"}
    assert client.get(f"/api/v1/ideas/{idea.pk}/").json()["credited_savings"] == body["credited_savings"]


def test_a_viewer_sees_no_trace_of_a_confidential_project(world):
    secret = world.records["secret"]
    f.SavingsLineFactory(project=secret, amount_pence=90_000_000)
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.ACCEPTED, project=secret)
    body = client_for(world.users["viewer"]).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert body["project"] is None and body["credited_savings"] is None
    body = client_for(world.users["admin"]).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert body["project"] == secret.pk and body["credited_savings"]["planned"] == "900000.00"


def test_ideas_are_kept_within_their_organisation(world):
    home_idea = f.IdeaFactory(organisation=world.home, title="Home idea")
    other_idea = f.IdeaFactory(organisation=world.other, title="Other idea")
    outsider = client_for(world.users["outsider"])
    assert outsider.get(f"/api/v1/ideas/{home_idea.pk}/").status_code == 404
    assert outsider.patch(f"/api/v1/ideas/{home_idea.pk}/", {"title": "Mine"}, format="json").status_code == 404
    ids = {item["id"] for item in outsider.get("/api/v1/ideas/").json()["results"]}
    assert other_idea.pk in ids and home_idea.pk not in ids
    home_idea.refresh_from_db()
    assert home_idea.title == "Home idea"


# Events ------------------------------------------------------------------------------------------------------------


def test_an_event_is_created_with_a_title(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/events/", {"organisation": "home", "title": "Staff hackathon"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["date"] is None and response.json()["status"] == "proposed"
    response = client.post("/api/v1/events/", {"organisation": "home", "title": "Consultation",
                                               "date": "2024-03-21", "kind": "consultation"}, format="json")
    assert response.status_code == 201 and response.json()["date"] == "2024-03-21"


@pytest.mark.parametrize(("extra", "field"), [
    ({"date": "21/03/2024"}, "date"),
    ({"kind": "party"}, "kind"),
    ({"date": "2024-03-21", "end_date": "2024-03-01"}, "end_date"),
    ({"status": "proposed", "participants": 12}, "participants"),
    ({"programme": 999999}, "programme"),
])
def test_bad_events_are_refused_with_a_reason(world, extra, field):
    response = client_for(world.users["programme"]).post(
        "/api/v1/events/", {"organisation": "home", "title": "Bad event", **extra}, format="json")
    assert response.status_code == 400 and response.json()[field]
    assert not Event.objects.filter(title="Bad event").exists()


def test_a_viewer_cannot_add_an_event(world):
    response = client_for(world.users["viewer"]).post(
        "/api/v1/events/", {"organisation": "home", "title": "Viewer event"}, format="json")
    assert response.status_code == 403
    assert not Event.objects.filter(title="Viewer event").exists()


# Partnerships ------------------------------------------------------------------------------------------------------


def test_a_partnership_is_created_with_a_title_and_level(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/partnerships/", {"organisation": "home", "title": "Chorley Public Service "
                                                     "Reform Board", "spatial_level": "borough",
                                                     "programmes": [world.records["programme"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["spatial_level"], body["programmes"], body["members"], body["localities"], body["history"]) == (
        "borough", [world.records["programme"].pk], [], [], [])


@pytest.mark.parametrize(("extra", "field", "reason"), [
    ({"spatial_level": "planet"}, "spatial_level", None),
    ({"spatial_level": None}, "spatial_level", None),
    ({"title": "Taken"}, "title", "There is already a partnership called Taken."),
    ({"start_date": "2024-05-01", "end_date": "2024-01-01"}, "end_date", None),
])
def test_bad_partnerships_are_refused_with_a_reason(world, extra, field, reason):
    f.PartnershipFactory(organisation=world.home, title="Taken")
    data = {"organisation": "home", "title": "New partnership", "spatial_level": "locality", **extra}
    response = client_for(world.users["programme"]).post("/api/v1/partnerships/", data, format="json")
    assert response.status_code == 400
    assert response.json()[field] and (reason is None or response.json()[field] == [reason])
    assert Partnership.objects.filter(organisation=world.home).count() == 1


def test_a_partnership_links_only_to_its_own_councils_programmes(world):
    data = {"organisation": "home", "title": "New partnership", "spatial_level": "locality",
            "programmes": [world.records["other_programme"].pk]}
    response = client_for(world.users["programme"]).post("/api/v1/partnerships/", data, format="json")
    assert response.status_code == 400 and response.json()["programmes"]
    assert not Partnership.objects.filter(title="New partnership").exists()


def test_a_partnership_lists_members_localities_and_history(world):
    council = f.CouncilFactory(gss_code="E07000118", name="Chorley")
    partnership = f.PartnershipFactory(organisation=world.home, title="Place partnership")
    f.PartnershipMemberFactory(partnership=partnership, council=council, body_name="", sector="local_government",
                               role_title="Chair")
    f.PartnershipMemberFactory(partnership=partnership, body_name="Lancashire Constabulary", sector="police")
    Locality.objects.create(organisation=world.home, partnership=partnership, title="Chorley East", testbed=True)
    body = client_for(world.users["viewer"]).get(f"/api/v1/partnerships/{partnership.pk}/").json()
    assert [(m["council"], m["name"], m["sector"], m["role_title"]) for m in body["members"]] == [
        ("E07000118", "Chorley Council", "local_government", "Chair"), (None, "Lancashire Constabulary", "police", "")]
    assert [(loc["title"], loc["testbed"]) for loc in body["localities"]] == [("Chorley East", True)]


def test_another_councils_user_cannot_change_a_partnership(world):
    partnership = f.PartnershipFactory(organisation=world.home, title="Home only")
    outsider = client_for(world.users["outsider"])
    assert outsider.get(f"/api/v1/partnerships/{partnership.pk}/").status_code == 404
    assert outsider.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "Hijacked"},
                          format="json").status_code == 404
    response = outsider.post("/api/v1/partnerships/", {"organisation": "home", "title": "Planted",
                                                       "spatial_level": "borough"}, format="json")
    assert response.status_code == 400
    assert not Partnership.objects.filter(title__in=["Hijacked", "Planted"]).exists()


# Operating models --------------------------------------------------------------------------------------------------


def test_an_operating_model_is_created_with_its_six_parameters(world):
    data = {"organisation": "home", "title": "Adult social care TOM", "service": "Adult social care",
            "parameters": [{"parameter": "cost_structure", "as_is": "£80m", "to_be": "£72m"}]}
    response = client_for(world.users["programme"]).post("/api/v1/operating-models/", data, format="json")
    assert response.status_code == 201, response.json()
    parameters = response.json()["parameters"]
    assert [row["parameter"] for row in parameters] == Parameter.values
    assert parameters[0]["title"] == "Value proposition and KPIs"
    assert (parameters[-1]["as_is"], parameters[-1]["to_be"]) == ("£80m", "£72m")
    model = OperatingModel.objects.get(title="Adult social care TOM")
    assert model.parameters.count() == 6 and model.created_by == world.users["programme"]


def test_a_write_of_parameters_updates_those_named(world):
    model = services.create_operating_model(organisation=world.home, actor=None, title="Libraries TOM",
                                            service="Libraries")
    OperatingModelParameter.objects.filter(operating_model=model, parameter="structure").update(as_is="Ten sites")
    response = client_for(world.users["admin"]).patch(
        f"/api/v1/operating-models/{model.pk}/",
        {"parameters": [{"parameter": "target_customers", "to_be": "Every resident online"}]}, format="json")
    assert response.status_code == 200, response.json()
    rows = {row["parameter"]: row for row in response.json()["parameters"]}
    assert rows["target_customers"]["to_be"] == "Every resident online"
    assert rows["structure"]["as_is"] == "Ten sites"


@pytest.mark.parametrize(("parameters", "reason_in"), [
    ([{"parameter": "vibes", "to_be": "Good"}], "parameters"),
    ([{"parameter": "structure"}, {"parameter": "structure"}], "parameters"),
    ([{"to_be": "No key"}], "parameters"),
])
def test_bad_parameters_are_refused(world, parameters, reason_in):
    model = services.create_operating_model(organisation=world.home, actor=None, title="HR TOM", service="HR")
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/operating-models/{model.pk}/", {"title": "Renamed", "parameters": parameters}, format="json")
    assert response.status_code == 400 and response.json()[reason_in]
    model.refresh_from_db()
    assert model.title == "HR TOM"


@pytest.mark.parametrize(("extra", "field"), [
    ({"service": ""}, "service"),
    ({"title": "Taken TOM"}, "title"),
    ({"status": "finished"}, "status"),
    ({"projects": [999999]}, "projects"),
])
def test_bad_operating_models_are_refused(world, extra, field):
    services.create_operating_model(organisation=world.home, actor=None, title="Taken TOM", service="Waste")
    data = {"organisation": "home", "title": "New TOM", "service": "Waste", **extra}
    response = client_for(world.users["programme"]).post("/api/v1/operating-models/", data, format="json")
    assert response.status_code == 400 and response.json()[field]
    assert OperatingModel.objects.filter(organisation=world.home).count() == 1


def test_a_viewer_cannot_write_an_operating_model(world):
    model = services.create_operating_model(organisation=world.home, actor=None, title="HR TOM", service="HR")
    client = client_for(world.users["viewer"])
    response = client.patch(f"/api/v1/operating-models/{model.pk}/",
                            {"parameters": [{"parameter": "structure", "to_be": "Flat"}]}, format="json")
    assert response.status_code == 403
    assert not OperatingModelParameter.objects.filter(operating_model=model, to_be="Flat").exists()


# Contract shapes and query counts ----------------------------------------------------------------------------------

COLLECTIONS = ["ideas", "events", "partnerships", "operating-models"]


def one_of_each(organisation: Any, n: int) -> None:
    first = OperatingModel.objects.count()
    programme = f.ProgrammeFactory(organisation=organisation)
    project: Any = f.ProjectFactory(programme=programme)
    f.SavingsLineFactory(project=project)
    board = f.BoardFactory(organisation=organisation)
    for i in range(n):
        f.IdeaFactory(organisation=organisation, status=IdeaStatus.ACCEPTED, project=project)
        f.EventFactory(organisation=organisation, programme=programme)
        partnership: Any = f.PartnershipFactory(organisation=organisation)
        partnership.programmes.add(programme)
        partnership.boards.add(board)
        f.PartnershipMemberFactory(partnership=partnership)
        Locality.objects.create(organisation=organisation, partnership=partnership, title=f"Locality {i}")
        model = services.create_operating_model(organisation=organisation, actor=None, title=f"TOM {first + i}",
                                                service="Waste")
        model.projects.add(project)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_is_paginated_and_filtered_by_organisation(world, collection):
    one_of_each(world.home, 1)
    one_of_each(world.other, 1)
    client = client_for(world.users["admin"])
    body = client.get(f"/api/v1/{collection}/").json()
    assert set(body) == PAGE_KEYS and body["count"] >= 1
    assert {item["organisation"] for item in body["results"]} == {"home"}  # admin of home only
    record = body["results"][0]
    assert {"id", "organisation", "title"} <= set(record)
    assert client.get(f"/api/v1/{collection}/?organisation=other").json()["count"] == 0
    both = client_for(world.users["outsider"]).get(f"/api/v1/{collection}/?organisation=other").json()
    assert both["count"] >= 1 and {item["organisation"] for item in both["results"]} == {"other"}


def test_anonymous_is_refused_every_collection(world):
    from rest_framework.test import APIClient

    for collection in COLLECTIONS:
        assert APIClient().get(f"/api/v1/{collection}/").status_code in (401, 403)
        assert APIClient().post(f"/api/v1/{collection}/", new_idea(), format="json").status_code in (401, 403)
    assert not Idea.objects.filter(title=new_idea()["title"]).exists()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_list_queries_do_not_grow_with_the_records(world, collection):
    client = client_for(world.users["programme"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{collection}/").status_code == 200
        return len(queries)

    one_of_each(world.home, 2)
    few = count()
    one_of_each(world.home, 12)
    assert count() == few
