"""What the public pages, the public API and the open data read: only what ``policy.public`` lets through.

Every function here starts from ``policy.public`` (marked public, not confidential, this organisation) and
reads the other apps' records through their own rules: KPI status and direction of travel from
``beacon.performance.status`` (via ``beacon.performance.selectors``), the savings position from the MTFS
counting rule (``beacon.finance.counting``). The number of queries never depends on how many records there are.

The savings position is the rule that needs most care. Public figures may come only from what is public:

- the targets are those of an MTFS that the council has published (``Mtfs.public``);
- approved, forecast and delivered savings count only the savings lines of projects that are public and
  not confidential. Programme-level totals that include other projects are never shown, so that a
  confidential project's savings cannot be worked out by subtracting the published projects' from a total.

So the published figures may be lower than the council's full position, and the page says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import FinancialYear, Organisation
from beacon.core.money import financial_year_label
from beacon.finance.counting import Figures, positions, rows_by
from beacon.finance.models import Mtfs, MtfsYear, SavingsLine
from beacon.finance.selectors import programme_target
from beacon.performance.charts import format_value
from beacon.performance.models import ComparatorGroup, Kpi, KpiTarget, Observation
from beacon.performance.selectors import latest_results
from beacon.performance.status import PeriodResult, Status
from beacon.programmes.models import Confidence, Milestone, Project, Stage, confidence_choices
from beacon.strategy.models import Priority, Theme

SAVINGS_RULE = (
    "Savings figures count only the savings of projects that the council has published. Savings of projects "
    "that are not yet public, or that are confidential, are left out, so the figures may be lower than the "
    "council's full position, which is reported to its committees. Targets are those of the council's "
    "published medium-term financial strategy (MTFS)."
)


def public_organisation(slug: str) -> Organisation:
    """The organisation whose public pages these are; 404 if there is none."""
    return get_object_or_404(Organisation, slug=slug)


# KPIs ------------------------------------------------------------------------------------------------------


def public_kpis(organisation: Organisation) -> QuerySet[Kpi]:
    """The organisation's published KPIs (not archived), by code."""
    return policy.public(Kpi.objects.filter(archived=False), organisation).order_by("code", "title", "pk")


def public_kpi(organisation: Organisation, pk: int) -> Kpi:
    return get_object_or_404(public_kpis(organisation), pk=pk)


def public_themes(organisation: Organisation) -> QuerySet[Theme]:
    return policy.public(Theme.objects.all(), organisation).select_related("plan", "parent").order_by(
        "plan__title", "plan_id", "order", "title", "pk"
    )


def public_priorities(organisation: Organisation) -> QuerySet[Priority]:
    return policy.public(Priority.objects.all(), organisation).order_by("theme_id", "code", "title", "pk")


def kpi_priority_links(kpis: Iterable[Kpi], organisation: Organisation) -> dict[int, list[int]]:
    """For each KPI, the ids of its priorities that are public: one query. A KPI's link to a priority of an
    unpublished plan is not shown (the priority itself is not public)."""
    through = Kpi.priorities.through
    kpi_ids = [kpi.pk for kpi in kpis]
    links = through.objects.filter(
        kpi_id__in=kpi_ids, priority_id__in=public_priorities(organisation).values("pk")
    ).order_by("kpi_id", "priority_id").values_list("kpi_id", "priority_id")
    result: dict[int, list[int]] = defaultdict(list)
    for kpi_id, priority_id in links:
        result[kpi_id].append(priority_id)
    return result


def kpi_project_links(kpis: Iterable[Kpi], organisation: Organisation) -> dict[int, list[int]]:
    """For each KPI, the ids of its projects that are public and not confidential: one query."""
    through = Kpi.projects.through
    kpi_ids = [kpi.pk for kpi in kpis]
    links = through.objects.filter(
        kpi_id__in=kpi_ids, project_id__in=public_projects(organisation).values("pk")
    ).order_by("kpi_id", "project_id").values_list("kpi_id", "project_id")
    result: dict[int, list[int]] = defaultdict(list)
    for kpi_id, project_id in links:
        result[kpi_id].append(project_id)
    return result


@dataclass
class KpiRow:
    """A KPI and one of its periods (on the dashboard, the latest), with its figures written for a reader."""

    kpi: Kpi
    latest: PeriodResult | None

    def _text(self, value: Decimal | None) -> str:
        return format_value(value, unit=self.kpi.unit, decimal_places=self.kpi.decimal_places)

    @property
    def value_text(self) -> str:
        return self._text(self.latest.value if self.latest else None)

    @property
    def target_text(self) -> str:
        if self.latest is None or self.latest.target is None:
            return "No target set"
        return self._text(self.latest.target)

    @property
    def tolerance_text(self) -> str:
        if self.latest is None or not self.latest.tolerance:
            return ""
        return self._text(self.latest.tolerance)


@dataclass
class PriorityGroup:
    priority: Priority
    kpis: list[KpiRow] = field(default_factory=list)


@dataclass
class ThemeGroup:
    theme: Theme
    priorities: list[PriorityGroup] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[Priority, KpiRow]]:
        return [(group.priority, row) for group in self.priorities for row in group.kpis]

    @property
    def without_measures(self) -> list[Priority]:
        return [group.priority for group in self.priorities if not group.kpis]


@dataclass
class KpiTree:
    themes: list[ThemeGroup]
    unlinked: list[KpiRow]
    count: int
    by_status: list[tuple[str, int]]

    @property
    def unlinked_rows(self) -> list[tuple[None, KpiRow]]:
        return [(None, row) for row in self.unlinked]


def kpi_tree(organisation: Organisation) -> KpiTree:
    """Themes → priorities → published KPIs with each KPI's latest result; KPIs under no published priority
    come last. A constant number of queries, whatever the number of KPIs."""
    kpis = list(public_kpis(organisation).only(
        "pk", "organisation_id", "code", "title", "unit", "decimal_places", "polarity", "frequency",
        "illustrative",
    ))
    latest = latest_results(kpis)
    rows = {kpi.pk: KpiRow(kpi, latest.get(kpi.pk)) for kpi in kpis}
    links = kpi_priority_links(kpis, organisation) if kpis else {}
    by_priority: dict[int, list[KpiRow]] = defaultdict(list)
    for kpi_id, priority_ids in links.items():
        for priority_id in priority_ids:
            by_priority[priority_id].append(rows[kpi_id])
    themes = {theme.pk: ThemeGroup(theme) for theme in public_themes(organisation)}
    for priority in public_priorities(organisation):
        if priority.theme_id in themes:
            themes[priority.theme_id].priorities.append(PriorityGroup(priority, by_priority.get(priority.pk, [])))
    unlinked = [row for row in rows.values() if row.kpi.pk not in links]
    counts: dict[str, int] = defaultdict(int)
    for row in rows.values():
        counts[row.latest.status.label if row.latest else Status.NO_DATA.label] += 1
    by_status = [(status.label, counts[status.label]) for status in Status if counts.get(status.label)]
    return KpiTree(themes=list(themes.values()), unlinked=unlinked, count=len(kpis), by_status=by_status)


def public_observations(organisation: Organisation) -> QuerySet[Observation]:
    return policy.public(Observation.objects.filter(kpi__archived=False), organisation).select_related(
        "organisation", "kpi"
    ).order_by("kpi__code", "kpi_id", "period_start")


def public_targets(organisation: Organisation) -> QuerySet[KpiTarget]:
    return policy.public(KpiTarget.objects.filter(kpi__archived=False), organisation)


def public_comparator_groups(organisation: Organisation) -> QuerySet[ComparatorGroup]:
    return (
        policy.public(ComparatorGroup.objects.all(), organisation)
        .select_related("organisation", "council")
        .prefetch_related("memberships__council")
        .order_by("title", "pk")
    )


# Programme progress ----------------------------------------------------------------------------------------


def public_projects(organisation: Organisation) -> QuerySet[Project]:
    return policy.public(Project.objects.all(), organisation)


def public_milestones(organisation: Organisation) -> QuerySet[Milestone]:
    return policy.public(Milestone.objects.all(), organisation)


@dataclass
class Progress:
    projects: int
    by_stage: list[tuple[str, int]]
    by_confidence: list[tuple[str, int]]
    milestones_done: int
    milestones_late: int
    milestones_to_come: int

    @property
    def milestones(self) -> int:
        return self.milestones_done + self.milestones_late + self.milestones_to_come


def programme_progress(organisation: Organisation, today: dt.date | None = None) -> Progress:
    """The published projects counted by stage and by delivery confidence, and their milestones done, late
    and to come: three grouped queries."""
    today = today or timezone.localdate()
    projects = public_projects(organisation).order_by()
    stages = dict(projects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    ratings = dict(
        projects.values_list("delivery_confidence").annotate(n=Count("pk")).values_list("delivery_confidence", "n")
    )
    milestones = public_milestones(organisation).order_by().aggregate(
        done=Count("pk", filter=Q(actual_date__isnull=False)),
        late=Count("pk", filter=Q(actual_date__isnull=True, due_date__lt=today)),
        to_come=Count("pk", filter=Q(actual_date__isnull=True, due_date__gte=today)),
    )
    by_stage = [(label, stages.get(value, 0)) for value, label in Stage.choices]
    scale = confidence_choices(organisation)
    on_scale = {value for value, _ in scale}
    by_confidence = [(label, ratings.get(value, 0)) for value, label in scale]
    # A rating off the organisation's scale (it changed scale since) is still counted, under its own name.
    by_confidence += [
        (Confidence(value).label, n) for value, n in ratings.items() if value and value not in on_scale
    ]
    by_confidence.append(("Not rated", ratings.get("", 0)))
    return Progress(
        projects=sum(stages.values()), by_stage=by_stage, by_confidence=by_confidence,
        milestones_done=milestones["done"], milestones_late=milestones["late"],
        milestones_to_come=milestones["to_come"],
    )


# Savings position ------------------------------------------------------------------------------------------


@dataclass
class SavingsYear:
    financial_year: str
    start_year: int
    in_year: Figures
    cumulative: Figures
    illustrative: bool = False


@dataclass
class SavingsPosition:
    """One published MTFS, year by year: its target for the programme and the published projects' savings
    approved, forecast and delivered under the MTFS counting rule (ADR 0003)."""

    mtfs: Mtfs
    years: list[SavingsYear]
    total: Figures

    @property
    def illustrative(self) -> bool:
        return any(year.illustrative for year in self.years)

    @property
    def span(self) -> str:
        """"2024/25 to 2027/28"."""
        if not self.years:
            return ""
        first, last = self.years[0].financial_year, self.years[-1].financial_year
        return first if first == last else f"{first} to {last}"


def public_mtfs(organisation: Organisation) -> QuerySet[Mtfs]:
    return (
        policy.public(Mtfs.objects.all(), organisation)
        .select_related("organisation", "start_year", "end_year", "programme")
        .order_by("-start_year__start_year", "title", "pk")
    )


def public_savings_lines(organisation: Organisation) -> QuerySet[SavingsLine]:
    """The savings lines that may feed public figures: those of public, non-confidential projects."""
    return policy.public(SavingsLine.objects.all(), organisation)


def savings_positions(organisation: Organisation) -> list[SavingsPosition]:
    """Every published MTFS's position, newest first: four queries, whatever the number of MTFS or lines."""
    mtfs_list = list(public_mtfs(organisation))
    if not mtfs_list:
        return []
    stored: dict[int, dict[int, MtfsYear]] = defaultdict(dict)
    for year in MtfsYear.objects.filter(mtfs__in=mtfs_list).select_related("financial_year"):
        stored[year.mtfs_id][year.financial_year.start_year] = year
    first = min(mtfs.start_year.start_year for mtfs in mtfs_list)
    last = max(mtfs.end_year.start_year for mtfs in mtfs_list)
    known = set(FinancialYear.objects.filter(start_year__gte=first, start_year__lte=last).values_list(
        "start_year", flat=True
    ))
    # One grouped query by programme; an MTFS of a programme counts its programme's lines, an MTFS of no
    # programme the organisation's (as the MTFS page does: beacon.finance.views.mtfs).
    rows = rows_by(public_savings_lines(organisation), "project__programme_id")
    result = []
    for mtfs in mtfs_list:
        spans = [year for year in range(mtfs.start_year.start_year, mtfs.end_year.start_year + 1) if year in known]
        years = stored[mtfs.pk]
        targets = {start: programme_target(year) for start, year in years.items() if start in spans}
        counted = [
            dataclasses.replace(row, group=None) for row in rows
            if mtfs.programme_id is None or row.group == mtfs.programme_id
        ]
        position = positions(counted, spans, {None: targets})[None]
        result.append(SavingsPosition(
            mtfs=mtfs,
            years=[
                SavingsYear(
                    financial_year=financial_year_label(start), start_year=start,
                    in_year=position.in_year[start], cumulative=position.cumulative[start],
                    illustrative=bool(years.get(start) and years[start].illustrative),
                )
                for start in spans
            ],
            total=position.total,
        ))
    return result
