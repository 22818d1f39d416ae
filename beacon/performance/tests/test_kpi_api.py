"""The ``kpis``, ``targets`` and ``observations`` collections: shapes in PRODUCT's words (a period by its label
and its ISO start; a KPI's latest status and direction), organisation scoping and filters, who may write
(the programme office; a KPI's owner its figures), confidential KPIs kept from those who may not read them,
bad input refused with 400 and a reason and nothing written, and constant queries on a page of KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.testing import factories as f
from beacon.testing.clients import client_for
from beacon.testing.world import World

pytestmark = pytest.mark.django_db


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:500]
    return {row["code"] for row in response.json()["results"]}


# KPIs ------------------------------------------------------------------------------------------------------------


def test_a_kpi_reads_in_products_words_with_its_latest_status(world: World) -> None:
    kpi = world.records["public_kpi"]
    body = client_for(world.users["viewer"]).get(f"/api/v1/kpis/{kpi.pk}/").json()
    for name in ("id", "organisation", "code", "title", "description", "unit", "polarity", "frequency", "owner",
                 "owner_title", "data_source", "public", "confidential", "priorities", "projects", "benchmark"):
        assert name in body, name
    assert body["organisation"] == "home" and body["code"] == "PUB-KPI" and body["frequency"] == "quarterly"
    assert body["status"] == "within_tolerance" and body["direction"] == "not_known"
    assert body["latest"]["period"] == "2024/25 Q1" and body["latest"]["period_start"] == "2024-04-01"
    assert Decimal(body["latest"]["value"]) == 71 and Decimal(body["latest"]["target"]) == 75
    assert body["latest"]["since_year_before"] == "not_known"
    assert body["overdue"] is True  # 2024/25 Q2's figure was due by 30 October 2024


def test_a_kpi_without_figures_reads_no_data(world: World) -> None:
    body = client_for(world.users["viewer"]).get(f"/api/v1/kpis/{world.records['plain_kpi'].pk}/").json()
    assert body["latest"] is None and body["status"] == "no_data" and body["direction"] == "not_known"


def test_kpis_are_scoped_to_the_readers_organisations_and_policy(world: World) -> None:
    assert codes(client_for(world.users["viewer"]).get("/api/v1/kpis/")) == {"PUB-KPI", "INT-KPI", "LEAD-KPI"}
    assert "CONF-KPI" in codes(client_for(world.users["lead"]).get("/api/v1/kpis/"))
    assert codes(client_for(world.users["outsider"]).get("/api/v1/kpis/")) == {"OTH-KPI"}
    assert codes(client_for(world.users["outsider"]).get("/api/v1/kpis/", {"organisation": "home"})) == set()
    assert client_for(world.users["viewer"]).get(f"/api/v1/kpis/{world.records['secret_kpi'].pk}/").status_code == 404
    assert client_for(world.users["viewer"]).get(f"/api/v1/kpis/{world.records['other_kpi'].pk}/").status_code == 404
    assert client_for(world.users["viewer"]).get("/api/v1/kpis/?organisation=home").json()["count"] == 3


@pytest.mark.parametrize(("query", "expected"), [
    ({"status": "within_tolerance"}, {"PUB-KPI"}),
    ({"status": "on_target"}, {"CONF-KPI"}),
    ({"status": "no_data"}, {"INT-KPI", "LEAD-KPI"}),
    ({"public": "true"}, {"PUB-KPI", "CONF-KPI"}),
    ({"code": "INT-KPI"}, {"INT-KPI"}),
    ({"overdue": "true"}, {"PUB-KPI", "CONF-KPI"}),
])
def test_kpis_filter(world: World, query: dict[str, str], expected: set[str]) -> None:
    assert codes(client_for(world.users["admin"]).get("/api/v1/kpis/", query)) == expected


def test_bad_filters_answer_400_not_500(world: World) -> None:
    client = client_for(world.users["admin"])
    for query in ({"status": "great"}, {"owner": "x"}, {"priority": "0"}):
        assert client.get("/api/v1/kpis/", query).status_code == 400, query
    assert client.get("/api/v1/kpis/", {"overdue": "perhaps"}).status_code == 200  # not a yes or no: ignored


def new_kpi(**extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "code": "API-1", "title": "Missed bin collections per 100,000", **extra}


def test_create_a_kpi_with_the_minimum(world: World) -> None:
    response = client_for(world.users["programme"]).post("/api/v1/kpis/", new_kpi(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["polarity"] == "higher" and body["frequency"] == "quarterly" and body["status"] == "no_data"
    assert Kpi.objects.get(code="API-1").created_by == world.users["programme"]


def test_create_a_kpi_with_links_and_owner(world: World) -> None:
    priority = f.PriorityFactory(organisation=world.home)
    response = client_for(world.users["admin"]).post("/api/v1/kpis/", new_kpi(
        owner=world.users["lead"].pk, priorities=[priority.pk], projects=[world.records["plain"].pk],
        polarity="lower", frequency="monthly", unit="days",
    ), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["priorities"] == [priority.pk] and response.json()["owner"] == world.users["lead"].pk


@pytest.mark.parametrize(("extra", "field"), [
    ({"code": "PUB-KPI"}, "code"),
    ({"code": "pub-kpi"}, "code"),
    ({"title": ""}, "title"),
    ({"polarity": "sideways"}, "polarity"),
    ({"frequency": "weekly"}, "frequency"),
    ({"unit": "furlongs"}, "unit"),
    ({"owner": 999999}, "owner"),
    ({"organisation": "nowhere"}, "organisation"),
    ({"reporting_lag_days": -3}, "reporting_lag_days"),
])
def test_bad_kpi_input_is_refused(world: World, extra: dict[str, Any], field: str) -> None:
    response = client_for(world.users["admin"]).post("/api/v1/kpis/", new_kpi(**extra), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Kpi.objects.filter(code__in=["API-1", "PUB-KPI"], title="Missed bin collections per 100,000").exists()


def test_links_to_another_council_are_refused(world: World) -> None:
    client = client_for(world.users["admin"])
    other_project = world.records["other_project"]
    response = client.post("/api/v1/kpis/", new_kpi(projects=[other_project.pk]), format="json")
    assert response.status_code == 400 and "projects" in response.json()
    response = client.post("/api/v1/kpis/", new_kpi(owner=world.users["outsider"].pk), format="json")
    assert response.status_code == 400 and "owner" in response.json()


def test_roles_that_may_not_write_kpis(world: World) -> None:
    for role in ("viewer", "member", "finance", "lead"):
        response = client_for(world.users[role]).post("/api/v1/kpis/", new_kpi(code=f"X-{role}"), format="json")
        assert response.status_code == 403, role
    assert client_for(world.users["outsider"]).post("/api/v1/kpis/", new_kpi(), format="json").status_code in (400, 403)
    assert not Kpi.objects.filter(code__startswith="X-").exists()


def test_the_owner_updates_their_kpi_but_not_its_locked_fields(world: World) -> None:
    client = client_for(world.users["lead"])
    kpi = world.records["led_kpi"]
    response = client.patch(f"/api/v1/kpis/{kpi.pk}/", {"title": "Clearer title"}, format="json")
    assert response.status_code == 200, response.json()
    assert client.patch(f"/api/v1/kpis/{kpi.pk}/", {"public": True}, format="json").status_code == 403
    assert client.patch(f"/api/v1/kpis/{world.records['plain_kpi'].pk}/", {"title": "x"},
                        format="json").status_code == 403
    kpi.refresh_from_db()
    assert kpi.title == "Clearer title" and kpi.public is False


def test_frequency_cannot_change_once_figures_exist(world: World) -> None:
    kpi = world.records["public_kpi"]
    response = client_for(world.users["admin"]).patch(f"/api/v1/kpis/{kpi.pk}/", {"frequency": "annual"},
                                                      format="json")
    assert response.status_code == 400 and "frequency" in response.json()


def test_a_page_of_kpis_takes_the_same_queries_for_5_and_50(world: World) -> None:
    client = client_for(world.users["admin"])

    def add(count: int) -> None:
        for _ in range(count):
            kpi = f.KpiFactory(organisation=world.home, owner=world.users["lead"])
            f.ObservationFactory(kpi=kpi, period_start=dt.date(2024, 1, 1), value=10)
            f.ObservationFactory(kpi=kpi, period_start=dt.date(2024, 4, 1), value=11)
            f.KpiTargetFactory(kpi=kpi, period_start=dt.date(2024, 4, 1), value=12, tolerance=1)
            kpi.priorities.add(f.PriorityFactory(organisation=world.home))

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/kpis/").status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/kpis/").status_code == 200
    assert len(many) == len(few)


# Targets and observations -------------------------------------------------------------------------------------------


def test_an_observation_reads_its_period_as_label_and_date(world: World) -> None:
    observation = world.records["public_observation"]
    body = client_for(world.users["viewer"]).get(f"/api/v1/observations/{observation.pk}/").json()
    assert body["period"] == "2024/25 Q1" and body["period_start"] == "2024-04-01"
    assert body["kpi"] == world.records["public_kpi"].pk and body["organisation"] == "home"
    assert Decimal(body["value"]) == 71 and body["note"] == "Residents' survey"


@pytest.mark.parametrize("period", ["2024/25 Q2", "Q2 2024/25", "2024-07-01", "2024/2025 q2"])
def test_record_an_observation_by_any_form_of_period(world: World, period: str) -> None:
    kpi = world.records["public_kpi"]
    response = client_for(world.users["programme"]).post("/api/v1/observations/", {
        "organisation": "home", "kpi": kpi.pk, "period": period, "value": "73.5",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["period"] == "2024/25 Q2" and response.json()["period_start"] == "2024-07-01"
    assert Observation.objects.get(kpi=kpi, period_start=dt.date(2024, 7, 1)).value == Decimal("73.5")
    latest = client_for(world.users["viewer"]).get(f"/api/v1/kpis/{kpi.pk}/").json()
    assert latest["latest"]["period"] == "2024/25 Q2" and latest["direction"] == "improving"


def test_record_an_observation_by_period_start(world: World) -> None:
    kpi = world.records["public_kpi"]
    response = client_for(world.users["programme"]).post("/api/v1/observations/", {
        "organisation": "home", "kpi": kpi.pk, "period_start": "2024-10-01", "value": "70",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["period"] == "2024/25 Q3"


@pytest.mark.parametrize(("data", "field", "reason"), [
    ({"period": "2024/25 Q1"}, "period", "There is already a figure for 2024/25 Q1"),
    ({"period": "2024/25"}, "period", "is a financial year, but this KPI is reported quarterly"),
    ({"period": "June 2024"}, "period", "is not the start of a quarterly period"),
    ({"period": "tomorrow"}, "period", "is not a period"),
    ({"period": "2024/27 Q1"}, "period", "is not a financial year"),
    ({"period_start": "2024-05-01"}, "period_start", "2024/25 Q1"),
    ({"period_start": "not a date"}, "period_start", "Date has wrong format"),
    ({"period": "2024/25 Q2", "period_start": "2024-10-01"}, "period", "are different periods"),
    ({}, "period", "Give the period"),
    ({"period": "2024/25 Q2", "value": "lots"}, "value", "valid number"),
    ({"period": "2024/25 Q2", "value": None}, "value", "null"),
    ({"period": "2024/25 Q2", "kpi": 999999}, "kpi", "does not exist"),
])
def test_bad_observations_are_refused_with_a_reason(world: World, data: dict[str, Any], field: str,
                                                    reason: str) -> None:
    kpi = world.records["public_kpi"]
    payload = {"organisation": "home", "kpi": kpi.pk, "value": "70", **data}
    response = client_for(world.users["programme"]).post("/api/v1/observations/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert reason in str(response.json()[field]), response.json()
    assert Observation.objects.filter(kpi=kpi).count() == 1


def test_an_observation_cannot_point_at_another_councils_kpi(world: World) -> None:
    response = client_for(world.users["programme"]).post("/api/v1/observations/", {
        "organisation": "home", "kpi": world.records["other_kpi"].pk, "period": "2024/25 Q1", "value": "1",
    }, format="json")
    assert response.status_code == 400 and "kpi" in response.json()


def test_the_owner_records_figures_of_their_own_kpis_only(world: World) -> None:
    client = client_for(world.users["lead"])
    mine = {"organisation": "home", "kpi": world.records["secret_kpi"].pk, "period": "2024/25 Q2", "value": "9"}
    assert client.post("/api/v1/observations/", mine, format="json").status_code == 201
    theirs = {**mine, "kpi": world.records["public_kpi"].pk}
    assert client.post("/api/v1/observations/", theirs, format="json").status_code == 403
    assert not Observation.objects.filter(kpi=world.records["public_kpi"], period_start=dt.date(2024, 7, 1)).exists()
    assert client_for(world.users["viewer"]).post("/api/v1/observations/", theirs, format="json").status_code == 403


def test_update_an_observation_and_a_target(world: World) -> None:
    client = client_for(world.users["admin"])
    observation = world.records["public_observation"]
    response = client.patch(f"/api/v1/observations/{observation.pk}/", {"value": "74", "note": "Revised"},
                            format="json")
    assert response.status_code == 200, response.json()
    observation.refresh_from_db()
    assert observation.value == 74 and observation.note == "Revised"
    target = world.records["public_target"]
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"period": "2024/25 Q2", "tolerance": "2.5"},
                            format="json")
    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert target.period_start == dt.date(2024, 7, 1) and target.tolerance == Decimal("2.5")


def test_targets(world: World) -> None:
    client = client_for(world.users["programme"])
    kpi = world.records["public_kpi"]
    response = client.post("/api/v1/targets/", {"organisation": "home", "kpi": kpi.pk, "period": "2024/25 Q2",
                                                "value": "76"}, format="json")
    assert response.status_code == 201, response.json()
    assert Decimal(response.json()["tolerance"]) == 0 and response.json()["period"] == "2024/25 Q2"
    again = client.post("/api/v1/targets/", {"organisation": "home", "kpi": kpi.pk, "period": "2024/25 Q2",
                                             "value": "1"}, format="json")
    assert again.status_code == 400 and "There is already a target for 2024/25 Q2" in str(again.json())
    negative = client.post("/api/v1/targets/", {"organisation": "home", "kpi": kpi.pk, "period": "2024/25 Q3",
                                                "value": "1", "tolerance": "-1"}, format="json")
    assert negative.status_code == 400 and "tolerance" in negative.json()
    assert KpiTarget.objects.filter(kpi=kpi).count() == 2
    listed = client.get("/api/v1/targets/", {"kpi": kpi.pk, "period_after": "2024-07-01"}).json()
    assert [row["period"] for row in listed["results"]] == ["2024/25 Q2"]


def test_confidential_figures_are_kept_from_a_viewer(world: World) -> None:
    client = client_for(world.users["viewer"])
    observed = client.get("/api/v1/observations/").json()
    assert "Secret agency note" not in str(observed)
    assert client.get(f"/api/v1/targets/{world.records['secret_target'].pk}/").status_code == 404
    assert client_for(world.users["outsider"]).get("/api/v1/observations/", {"organisation": "home"}).json()[
        "count"] == 0


def test_anonymous_is_refused(client: Any) -> None:
    for collection in ("kpis", "targets", "observations"):
        assert client.get(f"/api/v1/{collection}/").status_code in (401, 403)
