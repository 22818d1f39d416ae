"""The programme dashboard, composed from the domain apps' querysets. Query count is constant in the
number of projects: every figure is an aggregate, and the exception list is capped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.core.templatetags.govuk import CONFIDENCE_COLOURS
from beacon.performance.freshness import OverdueKpi, longest_overdue
from beacon.performance.models import Kpi
from beacon.programmes.freshness import FINISHED, days_overdue, stale_q
from beacon.programmes.models import (
    Confidence,
    Milestone,
    Programme,
    Project,
    Stage,
    Workstream,
    confidence_choices,
)
from beacon.programmes.rollup import RollUp, roll_ups_from_tallies, scale_of

EXCEPTION_LIMIT = 20
STALE_LIMIT = 10


@dataclass
class WorkstreamSummary:
    workstream: Workstream
    roll_up: RollUp
    url: str = ""

    # The tags' colours, looked up here rather than by an include per cell: a programme has tens of workstreams.
    @property
    def status_class(self) -> str:
        return CONFIDENCE_COLOURS.get(self.roll_up.status, "govuk-tag--grey")

    @property
    def reported_class(self) -> str:
        return CONFIDENCE_COLOURS.get(self.roll_up.reported, "govuk-tag--grey")


@dataclass
class StaleProject:
    project: Project
    days_overdue: int


@dataclass
class ProgrammeSummary:
    programme: Programme
    projects: int
    by_confidence: list[tuple[str, str, int]]
    not_rated: int
    late_milestones: int
    overdue_updates: int
    roll_up: RollUp
    workstreams: list[WorkstreamSummary] = field(default_factory=list)

    @property
    def contradictions(self) -> list[WorkstreamSummary]:
        return [summary for summary in self.workstreams if summary.roll_up.contradiction]


@dataclass
class Dashboard:
    organisation: Organisation
    programmes: list[ProgrammeSummary] = field(default_factory=list)
    exceptions: list[Project] = field(default_factory=list)
    exception_count: int = 0
    late_milestones: list[Milestone] = field(default_factory=list)
    late_milestone_count: int = 0
    by_stage: list[tuple[str, int]] = field(default_factory=list)
    stale: list[StaleProject] = field(default_factory=list)
    stale_count: int = 0
    overdue_kpis: list[OverdueKpi] = field(default_factory=list)  # beside stale projects: KPIs owing a figure
    overdue_kpi_count: int = 0


def programme_dashboard(organisation: Organisation, user: Any) -> Dashboard:
    today = timezone.localdate()
    projects = policy.readable(Project.objects.filter(organisation=organisation), user)
    milestones = policy.readable(Milestone.objects.filter(organisation=organisation), user)
    dashboard = Dashboard(organisation=organisation)

    # Figures per programme and the roll-ups: one grouped query over projects (programme, workstream, rating ->
    # all, open, stale), added up in Python; a few hundred rows at most, however many projects there are.
    per_programme: dict[int, Counter[str]] = {}
    rated_open: dict[int, Counter[str]] = {}  # programme -> rating -> open projects, for the roll-up
    rated_open_ws: dict[int, Counter[str]] = {}
    rows = (
        projects.order_by()
        .values_list("programme_id", "workstream_id", "delivery_confidence")
        .annotate(n=Count("pk"), open=Count("pk", filter=~Q(stage__in=FINISHED)),
                  overdue=Count("pk", filter=stale_q(today)))
    )
    exception_ratings = {Confidence.RED.value, Confidence.AMBER_RED.value, Confidence.AMBER.value}
    for programme_id, workstream_id, rating, n, open_, overdue in rows:
        figures = per_programme.get(programme_id) or per_programme.setdefault(programme_id, Counter())
        figures["total"] += n
        figures[f"c_{rating}" if rating else "not_rated"] += n
        figures["overdue"] += overdue  # stale: overdue and open (beacon.programmes.freshness)
        if not open_:
            continue
        if rating in exception_ratings:
            dashboard.exception_count += open_
        tally = rated_open.get(programme_id) or rated_open.setdefault(programme_id, Counter())
        tally[rating] += open_
        if workstream_id is not None:
            tally = rated_open_ws.get(workstream_id) or rated_open_ws.setdefault(workstream_id, Counter())
            tally[rating] += open_
    late_per_programme = dict(
        milestones.late(today).order_by().values("project__programme").annotate(n=Count("pk")).values_list(
            "project__programme", "n"
        )
    )
    programmes = list(
        policy.readable(Programme.objects.filter(organisation=organisation), user).order_by("title")
    )
    workstreams = list(
        Workstream.objects.filter(organisation=organisation)
        .only("pk", "programme_id", "code", "title", "reported_confidence", "order")
        .order_by("order", "title")
    )
    roll_ups = roll_ups_from_tallies(rated_open, rated_open_ws, programmes, workstreams, scale_of(organisation))
    # One reverse() for every workstream's link (the pattern ends in "<pk>/"), not one per row.
    url_of_zero = reverse("programmes:workstream-detail", kwargs={"org": organisation.slug, "pk": 0})
    workstreams_of: dict[int, list[WorkstreamSummary]] = {}
    for workstream in workstreams:
        workstreams_of.setdefault(workstream.programme_id, []).append(
            WorkstreamSummary(workstream, roll_ups.workstreams[workstream.pk], f"{url_of_zero[:-2]}{workstream.pk}/")
        )
    scale = confidence_choices(organisation)  # the organisation's own five- or three-point scale
    for programme in programmes:
        row: Counter[str] = per_programme.get(programme.pk, Counter())
        dashboard.programmes.append(
            ProgrammeSummary(
                programme=programme,
                projects=row.get("total", 0),
                by_confidence=[(value, label, row.get(f"c_{value}", 0)) for value, label in scale],
                not_rated=row.get("not_rated", 0),
                late_milestones=late_per_programme.get(programme.pk, 0),
                overdue_updates=row.get("overdue", 0),
                roll_up=roll_ups.programmes[programme.pk],
                workstreams=workstreams_of.get(programme.pk, []),
            )
        )

    exceptions = projects.filter(
        delivery_confidence__in=[Confidence.RED, Confidence.AMBER_RED, Confidence.AMBER]
    ).active()  # (counted in the grouped query above)
    # Red, then Amber/Red, then Amber: the ratings' values happen to sort that way, descending.
    worst_first = exceptions.for_table().order_by(
        "-delivery_confidence", "code"
    )
    dashboard.exceptions = list(worst_first[:EXCEPTION_LIMIT])
    late_milestones = milestones.late(today)
    dashboard.late_milestone_count = late_milestones.count()
    dashboard.late_milestones = list(
        late_milestones.select_related("project")
        .only("pk", "title", "due_date", "project_id", "project__title")
        .order_by("due_date")[:EXCEPTION_LIMIT]
    )
    stage_counts = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    dashboard.by_stage = [(label, stage_counts.get(value, 0)) for value, label in Stage.choices]

    # Freshness: the stale projects, longest overdue first, with their lead; capped, with the full count.
    # (The count is the sum of the per-programme counts above: no query of its own.)
    stale = projects.filter(stale_q(today))
    dashboard.stale_count = sum(row["overdue"] for row in per_programme.values())
    oldest_first = (
        stale.select_related("lead")
        .only("pk", "code", "title", "update_due", "stage", "lead_title", "lead__username", "lead__first_name",
              "lead__last_name")
        .order_by("update_due", "code", "pk")
    )
    dashboard.stale = [StaleProject(p, days_overdue(p.update_due, today)) for p in oldest_first[:STALE_LIMIT]]
    kpis = policy.readable(Kpi.objects.all(), user).filter(organisation=organisation)
    dashboard.overdue_kpis, dashboard.overdue_kpi_count = longest_overdue(kpis, today, STALE_LIMIT)
    return dashboard
