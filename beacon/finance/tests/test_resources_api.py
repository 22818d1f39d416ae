"""The ``benefits``, ``benefit-profile-points``, ``costs``, ``funding-sources``, ``contracts`` and
``contract-milestones`` collections: shapes (money in pounds, years as labels, ROI), who may write, confidential
records kept from those who may not read them, and bad input refused with 400 and a reason, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from beacon.finance.models import Benefit, BenefitProfilePoint, Contract, ContractMilestone, Cost, FundingSource
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db


def titles(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:500]
    return {row["title"] for row in response.json()["results"]}


# Costs ---------------------------------------------------------------------------------------------------------


def new_cost(world: Any, **extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "programme": world.records["programme"].pk, "project": world.records["plain"].pk,
            "financial_year": "2024/25", "title": "Business analysts", "amount": "250000.00", **extra}


def test_a_cost_is_written_and_read_in_pounds(world):
    client = client_for(world.users["finance"])
    response = client.post("/api/v1/costs/", new_cost(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["amount"] == "250000.00" and body["financial_year"] == "2024/25" and body["kind"] == "one_off"
    assert Cost.objects.get().amount_pence == 250_000_00
    listed = client.get("/api/v1/costs/", {"organisation": "home", "financial_year": "2024/25"}).json()
    assert listed["count"] == 1
    assert client.get("/api/v1/costs/", {"financial_year": "2025/26"}).json()["count"] == 0


@pytest.mark.parametrize(("extra", "field"), [
    ({"amount": "£1,2x0"}, "amount"),
    ({"amount": "-1.00"}, "amount"),
    ({"financial_year": "2024-2026"}, "financial_year"),
    ({"financial_year": "2099/00"}, "financial_year"),
])
def test_bad_cost_input_is_refused(world, extra, field):
    response = client_for(world.users["finance"]).post("/api/v1/costs/", new_cost(world, **extra), format="json")
    assert response.status_code == 400 and response.json()[field]
    assert not Cost.objects.exists()


def test_a_cost_for_a_project_of_another_programme_is_refused(world):
    second = f.ProgrammeFactory(organisation=world.home)
    response = client_for(world.users["finance"]).post("/api/v1/costs/", new_cost(world, programme=second.pk),
                                                       format="json")
    assert response.status_code == 400
    assert response.json()["project"] == ["Choose a project of the cost's programme."]
    assert not Cost.objects.exists()


def test_a_cost_for_another_councils_programme_is_refused(world):
    response = client_for(world.users["finance"]).post(
        "/api/v1/costs/", new_cost(world, programme=world.records["other_programme"].pk, project=None), format="json"
    )
    assert response.status_code == 400 and "programme" in response.json()
    assert not Cost.objects.exists()


def test_a_project_lead_cannot_write_costs(world):
    response = client_for(world.users["lead"]).post(
        "/api/v1/costs/", new_cost(world, project=world.records["led"].pk), format="json"
    )
    assert response.status_code == 403 and not Cost.objects.exists()


# Funding sources -------------------------------------------------------------------------------------------------


def test_a_funding_source_says_when_its_deadline_has_passed(world):
    client = client_for(world.users["finance"])
    response = client.post("/api/v1/funding-sources/", {
        "organisation": "home", "title": "Exceptional financial support", "kind": "efs", "amount": "17600000.00",
        "up_to": True, "conditions": "A transformation plan to the department", "deadline": "2024-08-31",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["deadline_passed"] is True and body["financial_year"] is None and body["status"] == "expected"
    assert client.get("/api/v1/funding-sources/", {"deadline_passed": "true"}).json()["count"] == 1
    client.patch(f"/api/v1/funding-sources/{body['id']}/", {"status": "agreed"}, format="json")
    assert client.get(f"/api/v1/funding-sources/{body['id']}/").json()["deadline_passed"] is False
    assert client.get("/api/v1/funding-sources/", {"deadline_passed": "true"}).json()["count"] == 0


def test_a_negative_funding_amount_is_refused(world):
    response = client_for(world.users["finance"]).post("/api/v1/funding-sources/", {
        "organisation": "home", "title": "Grant", "amount": "-100.00"}, format="json")
    assert response.status_code == 400 and "amount" in response.json()
    assert not FundingSource.objects.exists()


# Contracts -------------------------------------------------------------------------------------------------------


def test_a_contract_gives_its_return_on_investment(world):
    client = client_for(world.users["finance"])
    response = client.post("/api/v1/contracts/", {
        "organisation": "home", "programme": world.records["programme"].pk, "title": "Transformation partner",
        "fees": "450000.00", "savings_identified": "1530000.00",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["roi"], body["roi_position"], body["roi_expected_low"], body["roi_expected_high"]) == (
        "3.40", "within", "3.00", "5.00")
    response = client.patch(f"/api/v1/contracts/{body['id']}/", {"savings_identified": "900000.00"}, format="json")
    assert (response.json()["roi"], response.json()["roi_position"]) == ("2.00", "below")
    response = client.patch(f"/api/v1/contracts/{body['id']}/", {"fees": "0.00"}, format="json")
    assert (response.json()["roi"], response.json()["roi_position"]) == (None, None)


@pytest.mark.parametrize(("extra", "field"), [
    ({"fees": "£1,2x0"}, "fees"),
    ({"fees": "-450000.00"}, "fees"),
    ({"savings_identified": "-1.00"}, "savings_identified"),
    ({"roi_expected_low": "5", "roi_expected_high": "3"}, "roi_expected_high"),
    ({"start_date": "2025-04-01", "end_date": "2025-03-31"}, "end_date"),
])
def test_bad_contract_input_is_refused(world, extra, field):
    data = {"organisation": "home", "programme": world.records["programme"].pk, "title": "Partner",
            "fees": "450000.00", **extra}
    response = client_for(world.users["finance"]).post("/api/v1/contracts/", data, format="json")
    assert response.status_code == 400 and response.json()[field], response.json()
    assert not Contract.objects.exists()


def test_a_confidential_contract_is_kept_from_the_viewer_the_lead_and_the_outsider(world):
    secret = f.ContractFactory(programme=world.records["programme"], title="Secret outsourcing contract",
                               confidential=True)
    ContractMilestone.objects.create(organisation=world.home, contract=secret, title="Secret deliverable",
                                     due_date=dt.date(2025, 1, 31))
    f.ContractFactory(programme=world.records["programme"], title="Ordinary contract")
    for role in ("viewer", "lead"):
        client = client_for(world.users[role])
        assert titles(client.get("/api/v1/contracts/")) == {"Ordinary contract"}
        assert client.get(f"/api/v1/contracts/{secret.pk}/").status_code == 404
        assert titles(client.get("/api/v1/contract-milestones/")) == set()
    finance = client_for(world.users["finance"])
    assert titles(finance.get("/api/v1/contracts/")) == {"Ordinary contract", "Secret outsourcing contract"}
    assert finance.get(f"/api/v1/contracts/{secret.pk}/").json()["milestones"][0]["title"] == "Secret deliverable"
    outsider = client_for(world.users["outsider"])
    assert outsider.get("/api/v1/contracts/", {"organisation": "home"}).json()["count"] == 0
    assert outsider.get(f"/api/v1/contracts/{secret.pk}/").status_code == 404


def test_contract_milestones_are_written_through_their_collection(world):
    contract = f.ContractFactory(programme=world.records["programme"])
    client = client_for(world.users["finance"])
    response = client.post("/api/v1/contract-milestones/", {
        "organisation": "home", "contract": contract.pk, "title": "Diagnostic", "due_date": "2024-06-30",
        "fee": "150000.00"}, format="json")
    assert response.status_code == 201, response.json()
    assert client.get(f"/api/v1/contracts/{contract.pk}/").json()["milestones"] == [{
        "id": response.json()["id"], "title": "Diagnostic", "due_date": "2024-06-30", "actual_date": None,
        "fee": "150000.00",
    }]
    bad = client.post("/api/v1/contract-milestones/", {
        "organisation": "home", "contract": contract.pk, "title": "X", "due_date": "2024-06-30", "fee": "-1.00"},
        format="json")
    assert bad.status_code == 400 and "fee" in bad.json()
    lead = client_for(world.users["lead"]).post("/api/v1/contract-milestones/", {
        "organisation": "home", "contract": contract.pk, "title": "Y", "due_date": "2024-06-30"}, format="json")
    assert lead.status_code == 403
    assert ContractMilestone.objects.count() == 1


# Benefits --------------------------------------------------------------------------------------------------------


def new_benefit(project: Any, **extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "project": project.pk, "title": "Fewer calls", "kind": "non_financial",
            "baseline": "12000.00", "target": "9000.00", **extra}


def test_a_benefit_on_a_confidential_project_is_kept_from_the_viewer(world):
    f.BenefitFactory(project=world.records["secret"], title="Secret benefit: depot land sale")
    f.BenefitFactory(project=world.records["plain"], title="Fewer agency staff")
    other = f.BenefitFactory(project=world.records["other_project"], title="Other council's benefit")
    assert titles(client_for(world.users["viewer"]).get("/api/v1/benefits/")) == {"Fewer agency staff"}
    assert titles(client_for(world.users["lead"]).get("/api/v1/benefits/")) == {
        "Fewer agency staff", "Secret benefit: depot land sale"}
    outsider = client_for(world.users["outsider"])
    assert titles(outsider.get("/api/v1/benefits/")) == {"Other council's benefit"}
    assert outsider.get("/api/v1/benefits/", {"organisation": "home"}).json()["count"] == 0
    assert client_for(world.users["viewer"]).get(f"/api/v1/benefits/{other.pk}/").status_code == 404


def test_a_lead_writes_benefits_of_their_own_projects_only(world):
    client = client_for(world.users["lead"])
    response = client.post("/api/v1/benefits/", new_benefit(world.records["led"]), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["profile"] == []
    refused = client.post("/api/v1/benefits/", new_benefit(world.records["plain"], title="Not mine"), format="json")
    assert refused.status_code == 403
    assert set(Benefit.objects.values_list("title", flat=True)) == {"Fewer calls"}
    moved = client.patch(f"/api/v1/benefits/{response.json()['id']}/", {"project": world.records["secret"].pk},
                         format="json")
    assert moved.status_code == 403
    assert Benefit.objects.get().project == world.records["led"]


def test_the_benefit_profile_is_written_through_its_collection(world):
    benefit = f.BenefitFactory(project=world.records["led"])
    client = client_for(world.users["lead"])
    point = {"organisation": "home", "benefit": benefit.pk, "date": "2025-03-31", "expected": "10.00"}
    response = client.post("/api/v1/benefit-profile-points/", point, format="json")
    assert response.status_code == 201, response.json()
    assert client.post("/api/v1/benefit-profile-points/", point, format="json").status_code == 400
    assert client.get(f"/api/v1/benefits/{benefit.pk}/").json()["profile"] == [
        {"id": response.json()["id"], "date": "2025-03-31", "expected": "10.00", "actual": None}
    ]
    other = f.BenefitFactory(project=world.records["plain"])
    refused = client.post("/api/v1/benefit-profile-points/", {**point, "benefit": other.pk}, format="json")
    assert refused.status_code == 403
    assert BenefitProfilePoint.objects.count() == 1


@pytest.mark.parametrize("collection", ["benefits", "benefit-profile-points", "costs", "funding-sources",
                                        "contracts", "contract-milestones"])
def test_there_is_no_delete_and_lists_are_paginated(world, collection):
    client = client_for(world.users["admin"])
    body = client.get(f"/api/v1/{collection}/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert client.delete(f"/api/v1/{collection}/1/").status_code in (404, 405)
    assert client.delete(f"/api/v1/{collection}/").status_code == 405
