"""The snapshot: its figures are the tracker's and the roll-up's, it is JSON, it leaves confidential items out of a
public report's lists, and its queries do not grow with the programme."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.finance import selectors
from beacon.finance.models import SavingsLine
from beacon.reports.models import Report
from beacon.reports.snapshot import take_snapshot
from beacon.reports.tests.reportworld import report_world
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def test_savings_equal_the_trackers(world: Any) -> None:
    report = report_world(world)
    snapshot = take_snapshot(report)
    lines = SavingsLine.objects.filter(project__programme=report.programme)
    expected = selectors.tracker(lines, world.home, all_lines=lines, programme_id=report.programme_id)
    assert snapshot["savings"]["years"] == ["2024/25", "2025/26", "2026/27"]
    for row, year in zip(snapshot["savings"]["by_year"], expected.years, strict=True):
        figures = expected.overall.in_year[year]
        assert (row["target"], row["approved"], row["forecast"], row["delivered"], row["gap"]) == (
            figures.target, figures.approved, figures.forecast, figures.delivered, figures.gap)
    assert snapshot["savings"]["by_year"][0]["target"] == 400_000_00
    assert snapshot["savings"]["by_year"][0]["delivered"] == 100_000_00
    assert snapshot["savings"]["total"]["target"] == 900_000_00
    json.dumps(snapshot)  # serialisable as it stands


def test_summaries(world: Any) -> None:
    report = report_world(world)
    snapshot = take_snapshot(report)
    assert snapshot["projects"]["red"] == 2
    assert snapshot["projects"]["amber"] == 1
    assert [item["code"] for item in snapshot["projects"]["exceptions"]] == ["CONF-1", "INT-1", "PUB-1"]
    assert snapshot["milestones"]["late"] == 1
    assert snapshot["risks"]["top"][0]["code"] == "PUB-R"
    assert snapshot["rag"]["overall"]["label"] and snapshot["rag"]["overall"]["explanation"]
    assert [row["title"] for row in snapshot["rag"]["workstreams"]] == ["Digital", "No workstream"]
    decision = snapshot["decision"]
    assert decision["key"] is True and decision["criteria"]
    assert [option["option"] for option in decision["options"]] == ["Do nothing", "Adopt the approach"]
    assert {p["title"]: p["ticked"] for p in snapshot["priorities"]} == {
        "An open and enabling organisation": True, "A great place for people to live": False}
    assert snapshot["front"]["date"] == "2024-03-21"
    assert len(snapshot["equality"]["groups"]) >= 9


def test_public_report_leaves_confidential_items_out(world: Any) -> None:
    report = report_world(world, public=True)
    text = json.dumps(take_snapshot(report))
    assert "Secret depot closure" not in text
    assert "Secret union dispute risk" not in text
    assert "Secret milestone" not in text
    assert "negotiations with the union" not in text
    assert take_snapshot(report)["public_safe"] is True


def test_confidential_report_lists_everything(world: Any) -> None:
    report = report_world(world, public=False)
    text = json.dumps(take_snapshot(report))
    assert "Secret depot closure" in text and "Secret union dispute risk" in text


def grow(world: Any, n: int) -> None:
    programme = world.records["programme"]
    workstream = world.records["workstream"]
    for i in range(n):
        project = f.ProjectFactory(programme=programme, workstream=workstream, delivery_confidence="red",
                                   confidential=bool(i % 2))
        f.MilestoneFactory(project=project, due_date=dt.date(2020, 1, 1))
        f.SavingsLineFactory(project=project, financial_year=f.financial_year(2025), amount_pence=1_000_00)


def queries(report: Report) -> int:
    with CaptureQueriesContext(connection) as captured:
        take_snapshot(Report.objects.get(pk=report.pk))
    return len(captured)


def test_queries_do_not_grow(world: Any) -> None:
    report = report_world(world)
    grow(world, 20)
    small = queries(report)
    grow(world, 180)
    assert queries(report) == small
