"""The programme dashboard, composed from the domain apps' querysets. Query count is constant in the
number of projects: every figure is an aggregate, and the exception list is capped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Confidence, Milestone, Programme, Project, Stage

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

    confidence_counts = {
        f"c_{value}": Count("projects", filter=Q(projects__in=projects, projects__delivery_confidence=value))
        for value in Confidence.values
    }
    late = Q(projects__milestones__in=milestones.late(today))
    programmes = (
        policy.readable(Programme.objects.filter(organisation=organisation), user)
        .annotate(
            project_total=Count("projects", filter=Q(projects__in=projects), distinct=True),
            not_rated=Count("projects", filter=Q(projects__in=projects, projects__delivery_confidence=""),
                            distinct=True),
            overdue=Count("projects", filter=Q(projects__in=projects, projects__update_due__lt=today), distinct=True),
            **confidence_counts,
        )
        .order_by("title")
    )
    late_by_programme = dict(
        policy.readable(Programme.objects.filter(organisation=organisation), user)
        .annotate(late=Count("projects__milestones", filter=late, distinct=True))
        .values_list("pk", "late")
    )
    for programme in programmes:
        dashboard.programmes.append(
            ProgrammeSummary(
                programme=programme,
                projects=programme.project_total,
                by_confidence=[
                    (value, label, getattr(programme, f"c_{value}")) for value, label in Confidence.choices
                ],
                not_rated=programme.not_rated,
                late_milestones=late_by_programme.get(programme.pk, 0),
                overdue_updates=programme.overdue,
            )
        )

    exceptions = projects.filter(
        delivery_confidence__in=[Confidence.RED, Confidence.AMBER_RED, Confidence.AMBER]
    ).active()
    dashboard.exception_count = exceptions.count()
    dashboard.exceptions = list(
        exceptions.select_related("workstream").with_late_milestones().order_by("-delivery_confidence", "code")[
            :EXCEPTION_LIMIT
        ]
    )
    late_milestones = milestones.late(today)
    dashboard.late_milestone_count = late_milestones.count()
    dashboard.late_milestones = list(late_milestones.select_related("project").order_by("due_date")[:EXCEPTION_LIMIT])
    stage_counts = dict(projects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    dashboard.by_stage = [(label, stage_counts.get(value, 0)) for value, label in Stage.choices]
    return dashboard
