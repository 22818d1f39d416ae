"""The ``mtfs`` API collection: its shape (years as labels, money as pound strings), writes with nested years
(create and update replace them), and bad input refused with 400 and a reason, nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.finance.models import Mtfs, MtfsYear
from beacon.testing import factories as f
from beacon.testing.clients import client_for
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

M = 100_000_000


def new_mtfs(world: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": "home", "title": "MTFS 2024-2028", "programme": world.records["programme"].pk,
        "start_year": "2024/25", "end_year": "2027/28",
        "years": [
            {"financial_year": "2024/25", "savings_required": "26000000.00", "funding_gap": "26000000.00"},
            {"financial_year": "2025/26", "savings_required": "24000000.00", "funding_gap": "50000000.00",
             "programme_target": "10000000.00", "illustrative": True, "note": "Spread by Beacon"},
        ],
        **extra,
    }


def stored_years(mtfs: Mtfs) -> list[tuple[str, int, int | None]]:
    return list(mtfs.years.order_by("financial_year__start_year").values_list(
        "financial_year__label", "savings_required_pence", "programme_target_pence"
    ))


def test_reads_an_mtfs_with_its_years(world):
    mtfs = f.MtfsFactory(programme=world.records["programme"], title="Home MTFS")
    f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(2024), savings_required_pence=12 * M,
                      funding_gap_pence=20 * M, programme_target_pence=4 * M)
    f.MtfsFactory(programme=world.records["other_programme"], title="Other MTFS")
    body = client_for(world.users["viewer"]).get("/api/v1/mtfs/", {"organisation": "home"}).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["title"] == "Home MTFS" and item["organisation"] == "home"
    assert item["start_year"] == "2024/25" and item["end_year"] == "2027/28"
    assert item["years"] == [{
        "financial_year": "2024/25", "savings_required": "12000000.00", "funding_gap": "20000000.00",
        "programme_target": "4000000.00", "illustrative": False, "note": "",
    }]
    assert client_for(world.users["outsider"]).get("/api/v1/mtfs/", {"organisation": "home"}).json()["count"] == 0


def test_creates_an_mtfs_with_its_years(world):
    response = client_for(world.users["finance"]).post("/api/v1/mtfs/", new_mtfs(world), format="json")
    assert response.status_code == 201, response.json()
    mtfs = Mtfs.objects.get(pk=response.json()["id"])
    assert stored_years(mtfs) == [("2024/25", 26 * M, None), ("2025/26", 24 * M, 10 * M)]
    assert mtfs.years.get(financial_year__start_year=2025).illustrative is True
    assert response.json()["years"][1]["programme_target"] == "10000000.00"


def test_the_last_year_defaults_to_the_last_year_given(world):
    data = new_mtfs(world)
    del data["end_year"]
    response = client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json")
    assert response.status_code == 201 and response.json()["end_year"] == "2025/26"


def test_an_update_with_years_replaces_them_and_one_without_keeps_them(world):
    client = client_for(world.users["programme"])
    mtfs_id = client.post("/api/v1/mtfs/", new_mtfs(world), format="json").json()["id"]
    response = client.patch(f"/api/v1/mtfs/{mtfs_id}/", {"years": [
        {"financial_year": "2026/27", "savings_required": "1.50"},
    ]}, format="json")
    assert response.status_code == 200, response.json()
    mtfs = Mtfs.objects.get(pk=mtfs_id)
    assert stored_years(mtfs) == [("2026/27", 150, None)]
    assert client.patch(f"/api/v1/mtfs/{mtfs_id}/", {"title": "Renamed"}, format="json").status_code == 200
    assert stored_years(mtfs) == [("2026/27", 150, None)]


def refused(response: Any, before: int) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    assert Mtfs.objects.count() == before
    return response.json()


def test_a_year_outside_the_mtfs_is_refused_with_the_reason(world):
    data = new_mtfs(world)
    data["years"].append({"financial_year": "2029/30", "savings_required": "1000.00"})
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["years"] == {"2": {"financial_year": ["2029/30 is outside the MTFS (2024/25 to 2027/28)."]}}
    assert not MtfsYear.objects.exists()


def test_a_year_given_twice_is_refused(world):
    data = new_mtfs(world)
    data["years"].append({"financial_year": "2024/25", "savings_required": "1.00"})
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["years"] == {"2": {"financial_year": ["2024/25 is given more than once."]}}


@pytest.mark.parametrize("amount", ["£1,2x0", "-50000.00", "lots"])
def test_a_bad_amount_is_refused(world, amount):
    data = new_mtfs(world)
    data["years"][0]["savings_required"] = amount
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["years"]["0"]["savings_required"]
    assert not MtfsYear.objects.exists()


def test_the_programme_share_above_the_savings_required_is_refused(world):
    data = new_mtfs(world)
    data["years"][0]["programme_target"] = "27000000.00"
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["years"]["0"] == {
        "programme_target": ["The programme's share cannot be more than the savings required."]
    }


def test_a_year_that_is_not_a_financial_year_is_refused(world):
    data = new_mtfs(world)
    data["years"][0]["financial_year"] = "2024-2026"
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["years"]["0"]["financial_year"] == ["2024-2026 is not a financial year: write it like 2024/25."]


def test_a_year_without_its_financial_year_is_refused_on_a_partial_update(world):
    mtfs = f.MtfsFactory(programme=world.records["programme"])
    response = client_for(world.users["finance"]).patch(
        f"/api/v1/mtfs/{mtfs.pk}/", {"years": [{"savings_required": "1.00"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["years"] == {"0": {"financial_year": ["Give the financial year, like 2024/25."]}}
    assert not MtfsYear.objects.exists()


def test_an_end_year_before_the_start_year_is_refused(world):
    data = new_mtfs(world, start_year="2025/26", end_year="2024/25", years=[])
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert body["end_year"] == ["The last year must be the same as or after the first year."]


def test_another_organisations_programme_is_refused(world):
    data = new_mtfs(world, programme=world.records["other_programme"].pk)
    body = refused(client_for(world.users["finance"]).post("/api/v1/mtfs/", data, format="json"), 0)
    assert "programme" in body


def test_narrowing_the_span_past_stored_years_is_refused_unless_the_years_are_sent(world):
    client = client_for(world.users["finance"])
    mtfs_id = client.post("/api/v1/mtfs/", new_mtfs(world), format="json").json()["id"]
    response = client.patch(f"/api/v1/mtfs/{mtfs_id}/", {"end_year": "2024/25"}, format="json")
    assert response.status_code == 400
    assert response.json()["years"] == [
        "2025/26 would be outside the MTFS (2024/25 to 2024/25): send the years too, without those years."
    ]
    mtfs = Mtfs.objects.get(pk=mtfs_id)
    assert mtfs.end_year.label == "2027/28" and len(stored_years(mtfs)) == 2
    response = client.patch(f"/api/v1/mtfs/{mtfs_id}/", {"end_year": "2024/25", "years": [
        {"financial_year": "2024/25", "savings_required": "5.00"}]}, format="json")
    assert response.status_code == 200
    assert stored_years(mtfs) == [("2024/25", 500, None)]


def test_roles_that_do_not_write_money_are_refused_and_nothing_is_written(world):
    for role in ("viewer", "lead", "monitoring", "member"):
        response = client_for(world.users[role]).post("/api/v1/mtfs/", new_mtfs(world), format="json")
        assert response.status_code == 403, role
    outsider = client_for(world.users["outsider"]).post("/api/v1/mtfs/", new_mtfs(world), format="json")
    assert outsider.status_code == 400 and "organisation" in outsider.json()
    assert not Mtfs.objects.exists() and not MtfsYear.objects.exists()


def test_there_is_no_delete(world):
    mtfs = f.MtfsFactory(programme=world.records["programme"])
    assert client_for(world.users["admin"]).delete(f"/api/v1/mtfs/{mtfs.pk}/").status_code == 405
    assert Mtfs.objects.filter(pk=mtfs.pk).exists()
