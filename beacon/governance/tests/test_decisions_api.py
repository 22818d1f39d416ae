"""The ``boards``, ``meetings``, ``agenda-items``, ``decisions``, ``decision-options`` and ``implications``
collections: create and update, ``key_decision`` and its criteria in words, money in pounds, 400 with a reason
for bad input and nothing written, organisation isolation, constant queries on lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.models import AgendaItem, Board, Decision, DecisionOption, Implication, Meeting
from beacon.testing import factories as f
from beacon.testing.clients import client_for
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db


def titles(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:500]
    return {row["title"] for row in response.json()["results"]}


# Boards, meetings and agenda items -------------------------------------------------------------------------------


def test_a_board_and_its_meeting_are_created_with_the_minimum(world):
    client = client_for(world.users["monitoring"])
    response = client.post("/api/v1/boards/", {"organisation": "home", "title": "Scrutiny Commission"},
                           format="json")
    assert response.status_code == 201, response.json()
    board = response.json()
    assert board["kind"] == "other" and board["members"] == [] and board["organisation"] == "home"
    response = client.post("/api/v1/meetings/", {"organisation": "home", "board": board["id"], "date": "2014-04-30"},
                           format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["date"] == "2014-04-30" and response.json()["title"] == "Scrutiny Commission, 30 April 2014"
    listed = client.get("/api/v1/meetings/",
                        {"organisation": "home", "date_from": "2014-01-01", "date_to": "2014-12-31"})
    assert titles(listed) == {"Scrutiny Commission, 30 April 2014"}


def test_a_meeting_in_another_organisations_board_is_refused_with_a_reason(world):
    user = world.users["programme"]
    f.MembershipFactory(user=user, organisation=world.other, role="programme")
    other_board = f.BoardFactory(organisation=world.other)
    response = client_for(user).post("/api/v1/meetings/", {"organisation": "home", "board": other_board.pk,
                                                           "date": "2014-05-06"}, format="json")
    assert response.status_code == 400 and response.json()["board"]
    assert not Meeting.objects.filter(board=other_board).exists()


def test_a_board_of_another_council_is_not_even_found(world):
    other_board = f.BoardFactory(organisation=world.other)
    response = client_for(world.users["programme"]).post(
        "/api/v1/meetings/", {"organisation": "home", "board": other_board.pk, "date": "2014-05-06"}, format="json"
    )
    assert response.status_code == 400 and "board" in response.json()
    assert client_for(world.users["programme"]).get(f"/api/v1/boards/{other_board.pk}/").status_code == 404


@pytest.mark.parametrize(("data", "field"), [
    ({"date": "30/04/2014"}, "date"),
    ({"date": ""}, "date"),
    ({"status": "postponed"}, "status"),
    ({"board": 999999}, "board"),
])
def test_bad_meeting_input_is_refused(world, data, field):
    body = {"organisation": "home", "board": world.records["board"].pk, "date": "2014-05-06", **data}
    response = client_for(world.users["programme"]).post("/api/v1/meetings/", body, format="json")
    assert response.status_code == 400 and response.json()[field]
    assert Meeting.objects.count() == 1


def test_agenda_items_follow_the_route_and_a_loop_is_refused(world):
    client = client_for(world.users["programme"])
    scrutiny = f.MeetingFactory(board=f.BoardFactory(organisation=world.home, title="Scrutiny"),
                                date=dt.date(2014, 4, 30))
    cabinet = f.MeetingFactory(board=world.records["board"], date=dt.date(2014, 5, 6))
    first = client.post("/api/v1/agenda-items/", {
        "organisation": "home", "meeting": scrutiny.pk, "title": "Strategic Plan",
        "comments_to_next": "Subject to consideration of the issues highlighted above"}, format="json")
    assert first.status_code == 201, first.json()
    second = client.post("/api/v1/agenda-items/", {"organisation": "home", "meeting": cabinet.pk,
                                                   "title": "Strategic Plan", "previous": first.json()["id"]},
                         format="json")
    assert second.status_code == 201 and second.json()["previous"] == first.json()["id"]
    # Backwards in time:
    response = client.patch(f"/api/v1/agenda-items/{first.json()['id']}/", {"previous": second.json()["id"]},
                            format="json")
    assert response.status_code == 400 and "earlier meeting" in response.json()["previous"][0]
    # A loop, once the dates would allow it:
    scrutiny.date = dt.date(2014, 6, 1)
    scrutiny.save()
    response = client.patch(f"/api/v1/agenda-items/{first.json()['id']}/", {"previous": second.json()["id"]},
                            format="json")
    assert response.status_code == 400 and "loop" in response.json()["previous"][0]
    assert AgendaItem.objects.get(pk=first.json()["id"]).previous is None


# Decisions ------------------------------------------------------------------------------------------------------


def test_a_decision_carries_the_key_decision_test(world):
    client = client_for(world.users["monitoring"])
    contract = f.ContractFactory(programme=world.records["programme"], fees_pence=450_000_00)
    response = client.post("/api/v1/decisions/", {
        "organisation": "home", "title": "Procure a delivery partner", "decision_date": "2024-03-21",
        "forward_plan_published": "2024-02-01", "wards_affected": "All wards", "significant_ward_impact": True,
        "contracts": [contract.pk], "capital_scheme": "99999.99",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["key_decision"] is True
    assert body["key_decision_criteria"] == ["Contract worth £450,000 (threshold £100,000)",
                                             "Significant impact in all wards (threshold 2 or more wards)"]
    assert body["forward_plan_flagged"] is False and body["clear_days"] == 48
    assert body["capital_scheme"] == "99999.99" and body["contract_value"] is None
    assert Decision.objects.get(pk=body["id"]).capital_scheme_pence == 99_999_99


def test_a_decision_is_created_with_the_minimum_and_updated(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/decisions/", {"organisation": "home", "title": "Adopt the plan"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["key_decision"] is False and body["key_decision_criteria"] == [] and body["clear_days"] is None
    project = world.records["plain"]
    f.SavingsLineFactory(project=project, financial_year=financial_year(2025), amount_pence=100_000_00)
    response = client.patch(f"/api/v1/decisions/{body['id']}/", {"projects": [project.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["key_decision"] is True
    assert response.json()["key_decision_criteria"] == ["Revenue budget impact of £100,000 (threshold £100,000)"]


@pytest.mark.parametrize(("data", "field"), [
    ({"general_exception": True}, "exception_reason"),
    ({"special_urgency": True, "exception_reason": " "}, "exception_reason"),
    ({"revenue_impact": "-1.00"}, "revenue_impact"),
    ({"revenue_impact": "lots"}, "revenue_impact"),
    ({"decision_date": "2024-03-21", "call_in_ends": "2024-03-01"}, "call_in_ends"),
    ({"status": "maybe"}, "status"),
    ({"title": ""}, "title"),
])
def test_bad_decision_input_is_refused_with_a_reason(world, data, field):
    before = Decision.objects.count()
    response = client_for(world.users["monitoring"]).post(
        "/api/v1/decisions/", {"organisation": "home", "title": "A decision", **data}, format="json"
    )
    assert response.status_code == 400 and response.json()[field]
    assert Decision.objects.count() == before


def test_a_decision_cannot_link_another_councils_records(world):
    client = client_for(world.users["programme"])
    response = client.post("/api/v1/decisions/", {"organisation": "home", "title": "Cross-council",
                                                  "projects": [world.records["other_project"].pk]}, format="json")
    assert response.status_code == 400 and "projects" in response.json()
    other_board = f.BoardFactory(organisation=world.other)
    response = client.post("/api/v1/decisions/", {"organisation": "home", "title": "Cross-council",
                                                  "decision_maker": other_board.pk}, format="json")
    assert response.status_code == 400 and "decision_maker" in response.json()


def test_only_governance_writers_write_decisions(world):
    for role in ("viewer", "lead", "finance", "member"):
        response = client_for(world.users[role]).post("/api/v1/decisions/", {"organisation": "home", "title": "X"},
                                                      format="json")
        assert response.status_code == 403, role
    assert not Decision.objects.filter(title="X").exists()


def test_decisions_are_kept_to_their_organisation_and_their_readers(world):
    f.DecisionFactory(organisation=world.other, title="Other council's decision")
    viewer = titles(client_for(world.users["viewer"]).get("/api/v1/decisions/"))
    assert "Adopt the transformation strategy" in viewer and "Secret depot sale" not in viewer
    assert "Other council's decision" not in viewer
    member = titles(client_for(world.users["member"]).get("/api/v1/decisions/", {"organisation": "home"}))
    assert "Secret depot sale" in member
    outsider = titles(client_for(world.users["outsider"]).get("/api/v1/decisions/"))
    assert outsider == {"Other council's decision"}


def test_the_decisions_filter_by_key_decision(world):
    f.DecisionFactory(organisation=world.home, title="Big capital scheme", capital_scheme_pence=1_000_000_00)
    client = client_for(world.users["programme"])
    assert titles(client.get("/api/v1/decisions/", {"key_decision": "true"})) == {"Big capital scheme"}
    assert "Big capital scheme" not in titles(client.get("/api/v1/decisions/", {"key_decision": "false"}))


def test_options_and_implications_are_written_and_kept_to_their_readers(world):
    client = client_for(world.users["monitoring"])
    decision = world.records["public_decision"]
    response = client.post("/api/v1/decision-options/", {"organisation": "home", "decision": decision.pk,
                                                         "option": "Hybrid", "recommended": True}, format="json")
    assert response.status_code == 201 and response.json()["order"] == 1
    response = client.post("/api/v1/implications/", {"organisation": "home", "decision": decision.pk,
                                                     "kind": "climate", "text": "Fewer journeys"}, format="json")
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/implications/", {"organisation": "home", "kind": "legal", "text": "Orphan"},
                           format="json")
    assert response.status_code == 400
    assert not Implication.objects.filter(text="Orphan").exists()
    response = client.post("/api/v1/implications/", {"organisation": "home", "decision": decision.pk,
                                                     "kind": "astrology", "text": "No"}, format="json")
    assert response.status_code == 400 and response.json()["kind"]
    DecisionOption.objects.create(organisation=world.home, decision=world.records["secret_decision"],
                                  option="Secret bidder")
    viewer = client_for(world.users["viewer"]).get("/api/v1/decision-options/").json()
    assert [row["option"] for row in viewer["results"]] == ["Hybrid"]


def test_an_anonymous_request_is_refused(client, world):
    for collection in ("boards", "meetings", "agenda-items", "decisions", "forward-plan", "decision-options",
                       "implications"):
        assert client.get(f"/api/v1/{collection}/").status_code in (401, 403), collection


@pytest.mark.parametrize("collection", ["decisions", "boards", "meetings", "agenda-items"])
def test_lists_cost_the_same_queries_at_any_size(world, collection):
    client = client_for(world.users["viewer"])
    programme = world.records["programme"]

    def add(n: int) -> None:
        for _ in range(n):
            board = f.BoardFactory(organisation=world.home)
            board.programmes.add(programme)
            meeting = f.MeetingFactory(board=board)
            project = f.ProjectFactory(programme=programme)
            f.SavingsLineFactory(project=project, financial_year=financial_year(2024), amount_pence=50_000_00)
            decision = f.DecisionFactory(organisation=world.home, decision_maker=board,
                                         decision_date=dt.date(2024, 4, 1), forward_plan_published=dt.date(2024, 3, 1))
            decision.projects.add(project)
            AgendaItem.objects.create(organisation=world.home, meeting=meeting, title="Item", decision=decision)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{collection}/").status_code == 200
        return len(queries)

    add(3)
    few = count()
    add(15)
    assert count() == few
    assert Board.objects.count() > 15
