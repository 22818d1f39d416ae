"""Capability maturity: level 4 unnamed is shown as such, never invented; scores outside 1-5 are refused on the page and
in the API with a reason and nothing saved; history is in date order with self and peer side by side; the chart is
an accessible SVG with the table beside it; list pages use a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.charts import level_label
from beacon.governance.models import (
    AssessmentKind,
    Capability,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)
from beacon.governance.views.maturity import history
from beacon.testing.world import World

pytestmark = pytest.mark.django_db
M = "/org/home/governance/maturity"


def framework(world: World, capabilities: int = 2) -> MaturityFramework:
    record = MaturityFramework.objects.create(organisation=world.home, title="LGA Transformation Capability Framework")
    for number, name in {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}.items():
        MaturityLevel.objects.create(organisation=world.home, framework=record, number=number, name=name)
    for order in range(1, capabilities + 1):
        Capability.objects.create(organisation=world.home, framework=record, title=f"Capability {order}", order=order)
    return record


def assess(record: MaturityFramework, date: dt.date, kind: str, score: str) -> MaturityAssessment:
    assessment = MaturityAssessment.objects.create(organisation=record.organisation, framework=record, date=date,
                                                   kind=kind)
    for capability in record.capabilities.all():
        MaturityScore.objects.create(organisation=record.organisation, assessment=assessment, capability=capability,
                                     score=Decimal(score))
    return assessment


def form_data(record: MaturityFramework, scores: list[str], **extra: Any) -> dict[str, Any]:
    data = {"assessment-kind": "self", "assessment-date_0": "31", "assessment-date_1": "1",
            "assessment-date_2": "2024", **extra}
    for capability, score in zip(record.capabilities.all(), scores, strict=True):
        data[f"row-score_{capability.pk}"] = score
        data[f"row-evidence_{capability.pk}"] = "Evidence"
    return data


def test_level_without_a_name_is_shown_as_not_published():
    assert level_label(1, "Tactical") == "Level 1 Tactical"
    assert level_label(4, "") == "Level 4 (name not published)"
    assert level_label(4, "  ") == "Level 4 (name not published)"


def test_framework_page_shows_level_4_unnamed(world: World, login):
    record = framework(world)
    page = login(world.users["viewer"]).get(f"{M}/{record.pk}/").content.decode()
    assert "Level 4 (name not published)" in page
    assert "Level 1 Tactical" in page and "Level 5 Optimised" in page


def test_framework_edit_keeps_level_4_blank(world: World, login):
    record = framework(world)
    data = {"title": record.title, "description": "", "source": "", "level_1": "Tactical", "level_2": "Defined",
            "level_3": "Integrated", "level_4": "", "level_5": "Optimised"}
    response = login(world.users["programme"]).post(f"{M}/{record.pk}/edit/", data)
    assert response.status_code == 302
    assert MaturityLevel.objects.get(framework=record, number=4).name == ""


@pytest.mark.parametrize("score", ["0.5", "5.5", "6", "abc"])
def test_a_score_outside_1_to_5_is_refused_on_the_page(world: World, login, score: str):
    record = framework(world)
    response = login(world.users["programme"]).post(f"{M}/{record.pk}/assess/", form_data(record, [score, "2"]))
    assert response.status_code == 200
    assert "Score it from 1 to 5" in response.content.decode()
    assert not MaturityAssessment.objects.exists() and not MaturityScore.objects.exists()


def test_an_assessment_is_saved_with_a_row_per_capability(world: World, login):
    record = framework(world)
    response = login(world.users["programme"]).post(f"{M}/{record.pk}/assess/", form_data(record, ["1.8", ""]))
    assert response.status_code == 302
    assessment = MaturityAssessment.objects.get()
    assert [(s.capability.title, s.score) for s in assessment.scores.all()] == [("Capability 1", Decimal("1.8"))]
    detail = login(world.users["viewer"]).get(response.url).content.decode()
    assert 'role="img"' in detail and "Not scored" in detail and "Level 1 Tactical" in detail


def test_an_assessment_with_no_score_is_refused(world: World, login):
    record = framework(world)
    response = login(world.users["programme"]).post(f"{M}/{record.pk}/assess/", form_data(record, ["", ""]))
    assert response.status_code == 200 and "Score at least one capability" in response.content.decode()
    assert not MaturityAssessment.objects.exists()


@pytest.mark.parametrize("score", ["0.5", "5.5"])
def test_a_score_outside_1_to_5_is_refused_by_the_api(world: World, login, score: str):
    record = framework(world)
    capability = record.capabilities.first()
    body = {"organisation": "home", "framework": record.pk, "kind": "self", "date": "2024-01-31",
            "scores": [{"capability": capability.pk, "score": score, "evidence": "x"}]}
    response = login(world.users["programme"]).post("/api/v1/maturity-assessments/", body,
                                                    content_type="application/json")
    assert response.status_code == 400
    assert "scores" in response.json()
    assert not MaturityAssessment.objects.exists()


def test_the_api_writes_scores_nested(world: World, login):
    record = framework(world)
    first, second = record.capabilities.all()
    body = {"organisation": "home", "framework": record.pk, "kind": "peer", "date": "2024-03-28",
            "scores": [{"capability": first.pk, "score": "2.0"}, {"capability": second.pk, "score": "3.1"}]}
    client = login(world.users["programme"])
    response = client.post("/api/v1/maturity-assessments/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    listed = client.get("/api/v1/maturity-assessments/?organisation=home").json()
    assert listed["count"] == 1
    assert {s["score"] for s in listed["results"][0]["scores"]} == {"2.0", "3.1"}
    levels = client.get(f"/api/v1/maturity-frameworks/{record.pk}/").json()["levels"]
    assert levels[3]["display"] == "Level 4 (name not published)"


def test_history_is_in_date_order_with_self_and_peer_side_by_side(world: World, login):
    record = framework(world)
    later = assess(record, dt.date(2025, 1, 31), AssessmentKind.SELF, "2.5")
    peer = assess(record, dt.date(2024, 3, 28), AssessmentKind.PEER, "1.5")
    first = assess(record, dt.date(2024, 1, 31), AssessmentKind.SELF, "1.8")
    same_day_self = assess(record, dt.date(2024, 3, 28), AssessmentKind.SELF, "1.9")
    found = history(record)
    assert [a.pk for a in found["assessments"]] == [first.pk, peer.pk, same_day_self.pk, later.pk]
    assert [cell.score for cell in found["rows"][0]["cells"]] == [Decimal(v) for v in ("1.8", "1.5", "1.9", "2.5")]
    page = login(world.users["viewer"]).get(f"{M}/{record.pk}/comparison/").content.decode()
    assert page.index("31 January 2024") < page.index("28 March 2024") < page.index("31 January 2025")
    assert "Peer review" in page and 'role="img"' in page


def queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_list_pages_use_a_constant_number_of_queries(world: World, login):
    record = framework(world, capabilities=3)
    client = login(world.users["viewer"])
    for day in range(1, 4):
        assess(record, dt.date(2024, 1, day), AssessmentKind.SELF, "2")
    pages = [f"{M}/assessments/", f"{M}/", f"{M}/{record.pk}/comparison/"]
    few = [queries(client, path) for path in pages]
    for day in range(4, 25):
        assess(record, dt.date(2024, 1, day), AssessmentKind.PEER, "3")
    many = [queries(client, path) for path in pages]
    assert few == many


def test_the_chart_is_an_accessible_svg_whose_patterns_resolve():
    import re

    from beacon.governance.charts import Series, maturity_chart

    svg = maturity_chart(
        [(1, "Capacity"), (2, "Programme management")],
        [Series("Self-assessment, 31 January 2024", False, {1: Decimal("1.6"), 2: Decimal("1.8")}),
         Series("Peer review, 28 March 2024", True, {1: Decimal("2.0")})],
        levels={1: "Tactical", 4: ""}, title="Maturity", description="Bars", chart_id="chart-x",
    )
    assert 'role="img"' in svg and "<title" in svg and "style=" not in svg
    assert "4\n(name not published)" in svg or "(name not published)" in svg
    ids = set(re.findall(r'id="([^"]+)"', svg))
    references = re.findall(r'url\(#([^)]+)\)', svg)
    assert references and all(reference in ids for reference in references)
