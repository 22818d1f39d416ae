"""The programme dashboard, composed from the domain apps' querysets. Query count is constant in the
number of projects: every figure is an aggregate, and the exception list is capped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Confidence, Milestone, Programme, Project, Stage, confidence_choices

EXCEPTION_LIMIT = 20


@dataclass
class ProgrammeSummary:
    programme: Programme
    projects: int
    by_confidence: list[tuple[str, str, int]]
    not_rated: int
    late_milestones: int
    overdue_updates: int


@dataclass
class Dashboard:
    organisation: Organisation
    programmes: list[ProgrammeSummary] = field(default_factory=list)
    exceptions: list[Project] = field(default_factory=list)
    exception_count: int = 0
    late_milestones: list[Milestone] = field(default_factory=list)
    late_milestone_count: int = 0
    by_stage: list[tuple[str, int]] = field(default_factory=list)


def programme_dashboard(organisation: Organisation, user: Any) -> Dashboard:
    today = timezone.localdate()
    projects = policy.readable(Project.objects.filter(organisation=organisation), user)
    milestones = policy.readable(Milestone.objects.filter(organisation=organisation), user)
    dashboard = Dashboard(organisation=organisation)

    # Figures per programme: one grouped query over projects and one over late milestones, matched to the
    # programmes in Python, so the work does not grow with the number of programmes.
    per_programme: dict[int, Any] = {
        row["programme"]: row
        for row in projects.order_by()
        .values("programme")
        .annotate(
            total=Count("pk"),
            not_rated=Count("pk", filter=Q(delivery_confidence="")),
            overdue=Count("pk", filter=Q(update_due__lt=today)),
            **{f"c_{value}": Count("pk", filter=Q(delivery_confidence=value)) for value in Confidence.values},
        )
    }
    late_per_programme = dict(
        milestones.late(today).order_by().values("project__programme").annotate(n=Count("pk")).values_list(
            "project__programme", "n"
        )
    )
    programmes = policy.readable(Programme.objects.filter(organisation=organisation), user).order_by("title")
    scale = confidence_choices(organisation)  # the organisation's own five- or three-point scale
    for programme in programmes:
        row: dict[str, Any] = per_programme.get(programme.pk, {})
        dashboard.programmes.append(
            ProgrammeSummary(
                programme=programme,
                projects=row.get("total", 0),
                by_confidence=[(value, label, row.get(f"c_{value}", 0)) for value, label in scale],
                not_rated=row.get("not_rated", 0),
                late_milestones=late_per_programme.get(programme.pk, 0),
                overdue_updates=row.get("overdue", 0),
            )
        )

    exceptions = projects.filter(
        delivery_confidence__in=[Confidence.RED, Confidence.AMBER_RED, Confidence.AMBER]
    ).active()
    dashboard.exception_count = exceptions.count()
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
    return dashboard
