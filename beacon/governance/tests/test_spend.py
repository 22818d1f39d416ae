"""In-year spend controls: a refusal without a reason is refused (page, API and model alike) and nothing saved; the
list's totals of requested, approved and refused; filters; the list uses a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.models import Board, SpendRequest, SpendRequestStatus
from beacon.governance.views.spend import spend_totals
from beacon.testing.world import World

pytestmark = pytest.mark.django_db
S = "/org/home/governance/spend"


def request_of(world: World, amount: int, status: str = SpendRequestStatus.PENDING, **values: Any) -> SpendRequest:
    if status in (SpendRequestStatus.APPROVED, SpendRequestStatus.REFUSED):
        values.setdefault("decided_on", dt.date(2024, 4, 9))
    if status == SpendRequestStatus.REFUSED:
        values.setdefault("decision_reason", "No budget")
    return SpendRequest.objects.create(organisation=world.home, title=f"Request {amount}", amount_pence=amount,
                                       status=status, **values)


def test_the_model_refuses_a_refusal_without_a_reason(world: World):
    spend = SpendRequest(organisation=world.home, title="Agency cover", amount_pence=1, status="refused",
                         decided_on=dt.date(2024, 4, 9))
    with pytest.raises(ValidationError) as error:
        spend.full_clean()
    assert "decision_reason" in error.value.message_dict


def test_the_decide_page_refuses_a_refusal_without_a_reason(world: World, login):
    spend = request_of(world, 120_000_00)
    data = {"status": "refused", "decided_on_0": "9", "decided_on_1": "4", "decided_on_2": "2024",
            "decision_reason": " "}
    response = login(world.users["finance"]).post(f"{S}/{spend.pk}/decide/", data)
    assert response.status_code == 200
    assert "Say why the request was refused." in response.content.decode()
    spend.refresh_from_db()
    assert spend.status == SpendRequestStatus.PENDING


def test_the_decide_page_records_an_approval(world: World, login):
    spend = request_of(world, 120_000_00)
    data = {"status": "approved", "decided_on_0": "9", "decided_on_1": "4", "decided_on_2": "2024"}
    response = login(world.users["finance"]).post(f"{S}/{spend.pk}/decide/", data)
    assert response.status_code == 302
    spend.refresh_from_db()
    assert (spend.status, spend.decided_on) == (SpendRequestStatus.APPROVED, dt.date(2024, 4, 9))
    page = login(world.users["viewer"]).get(f"{S}/{spend.pk}/").content.decode()
    assert "£120,000" in page and "9 April 2024" in page and "Approved" in page


def test_the_api_refuses_a_refusal_without_a_reason(world: World, login):
    body = {"organisation": "home", "title": "Agency cover", "amount": "120000.00", "status": "refused",
            "decided_on": "2024-04-09"}
    response = login(world.users["finance"]).post("/api/v1/spend-requests/", body, content_type="application/json")
    assert response.status_code == 400
    assert "decision_reason" in response.json()
    assert not SpendRequest.objects.exists()


def test_create_page_takes_pounds_and_limits_boards_to_the_organisation(world: World, login):
    board = Board.objects.create(organisation=world.home, title="Spending Review Board", kind="spending")
    elsewhere = Board.objects.create(organisation=world.other, title="Other board", kind="spending")
    client = login(world.users["programme"])
    form = client.get(f"{S}/add/").content.decode()
    assert "Spending Review Board" in form and "Other board" not in form
    response = client.post(f"{S}/add/", {"title": "Agency cover", "amount": "£1,200,000", "board": board.pk})
    assert response.status_code == 302
    assert SpendRequest.objects.get().amount_pence == 1_200_000_00
    refused = client.post(f"{S}/add/", {"title": "Elsewhere", "amount": "1", "board": elsewhere.pk})
    assert refused.status_code == 200 and SpendRequest.objects.count() == 1


def test_totals_requested_approved_and_refused(world: World, login):
    request_of(world, 100_000_00)
    request_of(world, 250_000_00, SpendRequestStatus.APPROVED)
    request_of(world, 50_000_00, SpendRequestStatus.APPROVED)
    request_of(world, 75_000_00, SpendRequestStatus.REFUSED)
    request_of(world, 10_000_00, SpendRequestStatus.WITHDRAWN)
    totals = spend_totals(SpendRequest.objects.filter(organisation=world.home))
    assert totals["requested"] == 485_000_00 and totals["requested_count"] == 5
    assert totals["approved"] == 300_000_00 and totals["approved_count"] == 2
    assert totals["refused"] == 75_000_00 and totals["refused_count"] == 1
    assert totals["pending"] == 100_000_00
    page = login(world.users["viewer"]).get(f"{S}/").content.decode()
    assert "£485,000" in page and "£300,000" in page and "£75,000" in page
    filtered = login(world.users["viewer"]).get(f"{S}/?status=approved").content.decode()
    assert "£300,000" in filtered and "£485,000" not in filtered


def queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_uses_a_constant_number_of_queries(world: World, login):
    board = Board.objects.create(organisation=world.home, title="Spending Review Board", kind="spending")
    client = login(world.users["viewer"])
    for amount in range(1, 4):
        request_of(world, amount, board=board)
    few = queries(client, f"{S}/")
    for amount in range(4, 40):
        request_of(world, amount, SpendRequestStatus.APPROVED, board=board)
    assert queries(client, f"{S}/") == few
