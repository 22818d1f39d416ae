"""The savings ledger's API (/api/v1/savings-lines/ and /api/v1/budget-lines/): money in pounds as decimal
strings, years as labels, every change of state through an action with a reason, refusals with the ledger's
words (403 for a role, 400 for a state or input) and nothing changed, no DELETE."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.finance.models import LineState, SavingsEvent, SavingsLine
from beacon.testing import factories as f
from beacon.testing.clients import client_for
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

LINES = "/api/v1/savings-lines/"


def new_line(world: Any, **extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "project": world.records["plain"].pk, "financial_year": "2025/26",
            "amount": "250000.00", **extra}


def approved_line(world: Any, project: str = "led", **extra: Any) -> SavingsLine:
    return f.SavingsLineFactory(project=world.records[project], financial_year=financial_year(2025),
                                amount_pence=100_000_00, state=LineState.APPROVED, **extra)


def unchanged(line: SavingsLine) -> tuple[Any, ...]:
    line.refresh_from_db()
    return (line.state, line.amount_pence, line.forecast_pence, line.delivered_pence, line.written_off_pence,
            line.carried_forward_pence, line.cashable, line.events.count(), SavingsLine.objects.count())


# Reading ------------------------------------------------------------------------------------------------------


def test_a_line_reads_with_pounds_years_and_its_events(world):
    client = client_for(world.users["programme"])
    created = client.post(LINES, new_line(world, title="Agency staff", reason="Budget round"), format="json")
    assert created.status_code == 201, created.json()
    body = client.get(f"{LINES}{created.json()['id']}/").json()
    assert body["organisation"] == "home" and body["financial_year"] == "2025/26"
    assert (body["amount"], body["delivered"], body["written_off"], body["carried_forward"]) == (
        "250000.00", "0.00", "0.00", "0.00")
    assert (body["state"], body["forecast"], body["carried_from"], body["replaces"]) == ("proposed", None, None, None)
    [event] = body["events"]
    assert event["action"] == "created" and event["actor"] == "programme" and event["reason"] == "Budget round"
    assert event["amount"] == "250000.00" and event["to_state"] == "proposed" and event["at"]
    assert "reason" not in body


def test_the_list_is_filtered_and_paginated(world):
    approved_line(world, project="plain")
    f.SavingsLineFactory(project=world.records["plain"], state=LineState.PROPOSED,
                         financial_year=financial_year(2026))
    f.SavingsLineFactory(project=world.records["other_project"])
    client = client_for(world.users["finance"])
    body = client.get(f"{LINES}?organisation=home").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 2
    assert client.get(f"{LINES}?organisation=home&state=approved").json()["count"] == 1
    assert client.get(f"{LINES}?financial_year=2026/27").json()["count"] == 1
    assert client.get(f"{LINES}?project={world.records['plain'].pk}&recurrence=recurring").json()["count"] == 2
    assert client.get(f"{LINES}?organisation=other").json()["count"] == 0


def test_a_viewer_does_not_read_a_confidential_projects_lines(world):
    line = f.SavingsLineFactory(project=world.records["secret"])
    assert client_for(world.users["viewer"]).get(f"{LINES}{line.pk}/").status_code == 404
    assert client_for(world.users["viewer"]).get(LINES).json()["count"] == 0
    assert client_for(world.users["lead"]).get(f"{LINES}{line.pk}/").status_code == 200


def test_the_list_uses_the_same_number_of_queries_for_few_and_many_lines(world, django_assert_max_num_queries):
    client = client_for(world.users["finance"])
    approved_line(world)
    client.get(LINES)
    with django_assert_max_num_queries(50) as few:
        client.get(LINES)
    for _ in range(20):
        line = approved_line(world, project="plain")
        SavingsEvent.objects.create(organisation=world.home, line=line, action="approved", to_state="approved",
                                    reason="x", actor=world.users["finance"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LINES)


# Adding -----------------------------------------------------------------------------------------------------------


def test_a_line_is_created_proposed_through_the_ledger(world):
    response = client_for(world.users["finance"]).post(LINES, new_line(world, state="delivered"), format="json")
    assert response.status_code == 400 and "state" in response.json()
    response = client_for(world.users["finance"]).post(LINES, new_line(world), format="json")
    assert response.status_code == 201
    line = SavingsLine.objects.get()
    assert line.state == LineState.PROPOSED and line.events.get().action == "created"


def test_a_project_lead_adds_lines_only_to_projects_they_lead(world):
    client = client_for(world.users["lead"])
    assert client.post(LINES, new_line(world, project=world.records["led"].pk), format="json").status_code == 201
    response = client.post(LINES, new_line(world), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "You cannot add savings to this project."
    assert SavingsLine.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "member", "monitoring"])
def test_readers_add_no_lines(world, role):
    response = client_for(world.users[role]).post(LINES, new_line(world), format="json")
    assert response.status_code == 403
    assert not SavingsLine.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"amount": "-5"}, "amount"),
    ({"amount": "£1,2x0"}, "amount"),
    ({"amount": "1.234"}, "amount"),
    ({"financial_year": "2025-2027"}, "financial_year"),
    ({"financial_year": "1999/00"}, "financial_year"),
    ({"recurrence": "sometimes"}, "recurrence"),
    ({"project": 999_999}, "project"),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_is_created(world, changes, field):
    response = client_for(world.users["finance"]).post(LINES, new_line(world, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json() and response.json()[field]
    assert not SavingsLine.objects.exists()


def test_a_year_outside_the_programmes_mtfs_is_refused(world):
    f.MtfsFactory(programme=world.records["programme"])
    response = client_for(world.users["finance"]).post(LINES, new_line(world, financial_year="2030/31"),
                                                       format="json")
    assert response.status_code == 400
    assert response.json()["financial_year"] == ["2030/31 is outside the programme's MTFS (2024/25 to 2027/28)."]
    assert not SavingsLine.objects.exists()


def test_another_councils_project_is_not_found(world):
    response = client_for(world.users["finance"]).post(
        LINES, new_line(world, project=world.records["other_project"].pk), format="json")
    assert response.status_code == 400 and "project" in response.json()


# Changing what is not state -------------------------------------------------------------------------------------


def test_a_patch_changes_the_words_but_not_the_state_or_an_approved_lines_money(world):
    line = approved_line(world, project="plain")
    client = client_for(world.users["programme"])
    assert client.patch(f"{LINES}{line.pk}/", {"title": "Agency staff"}, format="json").status_code == 200
    before = unchanged(line)
    for body, field in (({"state": "delivered"}, "state"), ({"amount": "1.00"}, "amount"),
                        ({"forecast": "1.00"}, "forecast"), ({"financial_year": "2026/27"}, "financial_year")):
        response = client.patch(f"{LINES}{line.pk}/", body, format="json")
        assert response.status_code == 400, body
        assert field in response.json(), response.json()
    assert unchanged(line) == before
    assert SavingsLine.objects.get(pk=line.pk).title == "Agency staff"


def test_a_project_lead_may_not_change_the_money(world):
    line = f.SavingsLineFactory(project=world.records["led"], amount_pence=100)
    response = client_for(world.users["lead"]).patch(f"{LINES}{line.pk}/", {"amount": "2.00"}, format="json")
    assert response.status_code == 403
    assert unchanged(line)[1] == 100


def test_nothing_is_deleted(world):
    line = approved_line(world, project="plain")
    for role in ("admin", "finance", "programme"):
        assert client_for(world.users[role]).delete(f"{LINES}{line.pk}/").status_code == 405
    assert SavingsLine.objects.filter(pk=line.pk).exists()


# Actions --------------------------------------------------------------------------------------------------------


def post(world: Any, user: str, line: SavingsLine, action: str, body: dict[str, Any]) -> Any:
    return client_for(world.users[user]).post(f"{LINES}{line.pk}/{action}/", body, format="json")


def test_approve(world):
    line = f.SavingsLineFactory(project=world.records["plain"])
    response = post(world, "programme", line, "approve", {"reason": "In the MTFS"})
    assert response.status_code == 200 and response.json()["state"] == "approved"
    assert response.json()["events"][-1]["reason"] == "In the MTFS"


@pytest.mark.parametrize("role", ["lead", "programme", "admin", "member"])
def test_confirming_delivery_as_anyone_but_finance_is_403_with_the_ledgers_reason(world, role):
    line = approved_line(world)
    before = unchanged(line)
    response = post(world, role, line, "deliver", {"delivered": "100000.00", "reason": "Done"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the finance officer can confirm a saving as delivered."
    assert unchanged(line) == before


def test_the_finance_officer_confirms_a_short_delivery_and_carries_the_rest_forward(world):
    line = approved_line(world)
    response = post(world, "finance", line, "deliver", {"delivered": "60000.00", "remainder": "carry_forward",
                                                        "carry_to": "2026/27", "reason": "Most of it"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["delivered"], body["carried_forward"]) == ("delivered", "60000.00", "40000.00")
    [carried] = body["carried_to"]
    carried_body = client_for(world.users["finance"]).get(f"{LINES}{carried}/").json()
    assert (carried_body["amount"], carried_body["financial_year"], carried_body["carried_from"]) == (
        "40000.00", "2026/27", line.pk)


@pytest.mark.parametrize(("body", "field"), [
    ({"delivered": "-1", "reason": "x"}, "delivered"),
    ({"delivered": "£1,2x0", "reason": "x"}, "delivered"),
    ({"delivered": "100000.01", "reason": "x"}, "delivered"),
    ({"delivered": "50000", "reason": "x"}, "remainder"),
    ({"delivered": "50000", "remainder": "carry_forward", "reason": "x"}, "carry_to"),
    ({"delivered": "50000", "remainder": "carry_forward", "carry_to": "2024/25", "reason": "x"}, "carry_to"),
    ({"delivered": "100000"}, "reason"),
    ({"delivered": "100000", "reason": "   "}, "reason"),
])
def test_bad_delivery_input_is_400_with_the_field_and_nothing_changes(world, body, field):
    line = approved_line(world)
    before = unchanged(line)
    response = post(world, "finance", line, "deliver", body)
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert unchanged(line) == before


def test_a_state_the_action_does_not_fit_is_400(world):
    line = f.SavingsLineFactory(project=world.records["plain"], state=LineState.PROPOSED)
    response = post(world, "finance", line, "deliver", {"delivered": "100000.00", "reason": "Done"})
    assert response.status_code == 400
    assert response.json() == {"state": ["A proposed saving cannot be confirmed as delivered. Approve it first."]}


def test_carry_forward_write_off_replace_convert_and_forecast(world):
    finance = "finance"
    lines = [approved_line(world, project="plain", cashable=False) for _ in range(4)]
    assert post(world, finance, lines[0], "carry-forward", {"to_year": "2027/28", "reason": "Slipped"}).json()[
        "state"] == "carried_forward"
    written = post(world, finance, lines[1], "write-off", {"reason": "Not possible"}).json()
    assert (written["state"], written["written_off"]) == ("written_off", "100000.00")
    replaced = post(world, "programme", lines[2], "replace",
                    {"reason": "Elsewhere", "project": world.records["public"].pk, "amount": "90000.00"}).json()
    assert replaced["state"] == "replaced" and replaced["carried_forward"] == "100000.00"
    replacement = SavingsLine.objects.get(pk=replaced["replaced_by"][0])
    assert (replacement.project, replacement.amount_pence) == (world.records["public"], 90_000_00)
    assert post(world, finance, lines[3], "convert", {"reason": "Posts deleted"}).json()["cashable"] is True
    forecast = post(world, "programme", lines[3], "forecast", {"forecast": "80000.00", "reason": "Late"}).json()
    assert forecast["forecast"] == "80000.00"
    assert post(world, "programme", lines[3], "forecast", {"forecast": None, "reason": "Back on track"}).json()[
        "forecast"] is None


def test_a_replacement_outside_the_mtfs_is_refused(world):
    f.MtfsFactory(programme=world.records["programme"])
    line = approved_line(world, project="plain")
    before = unchanged(line)
    response = post(world, "programme", line, "replace", {"reason": "Later", "financial_year": "2031/32"})
    assert response.status_code == 400 and "financial_year" in response.json()
    assert unchanged(line) == before


def test_a_lead_forecasts_their_own_line_but_not_another(world):
    own, other = approved_line(world), approved_line(world, project="plain")
    assert post(world, "lead", own, "forecast", {"forecast": "1.00", "reason": "x"}).status_code == 200
    before = unchanged(other)
    assert post(world, "lead", other, "forecast", {"forecast": "1.00", "reason": "x"}).status_code == 403
    assert unchanged(other) == before


def test_an_action_on_another_councils_line_is_404(world):
    line = approved_line(world, project="other_project")
    assert post(world, "finance", line, "approve", {"reason": "x"}).status_code == 404


# Budget lines ---------------------------------------------------------------------------------------------------


def test_budget_lines(world):
    client = client_for(world.users["finance"])
    response = client.post("/api/v1/budget-lines/", {"organisation": "home", "code": "CC1", "title": "Libraries",
                                                     "service": "Culture", "budget": "1200000.00"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["budget"], body["organisation"]) == ("CC1", "1200000.00", "home")
    duplicate = client.post("/api/v1/budget-lines/", {"organisation": "home", "code": "CC1", "title": "Again"},
                            format="json")
    assert duplicate.status_code == 400
    negative = client.patch(f"/api/v1/budget-lines/{body['id']}/", {"budget": "-1"}, format="json")
    assert negative.status_code == 400 and "budget" in negative.json()
    assert client.get("/api/v1/budget-lines/?organisation=home&q=cult").json()["count"] == 1
    viewer = client_for(world.users["viewer"])
    assert viewer.post("/api/v1/budget-lines/", {"organisation": "home", "code": "CC2", "title": "x"},
                       format="json").status_code == 403
    assert viewer.delete(f"/api/v1/budget-lines/{body['id']}/").status_code == 405


def test_the_schema_describes_the_collections_and_every_action(world):
    paths = client_for(world.users["viewer"]).get("/api/v1/schema/?format=json").json()["paths"]
    for action in ("approve", "deliver", "carry-forward", "write-off", "replace", "convert", "forecast"):
        assert "post" in paths[f"/api/v1/savings-lines/{{id}}/{action}/"], action
    assert "delete" not in paths["/api/v1/savings-lines/{id}/"]
    assert "/api/v1/budget-lines/" in paths
