"""Pages of the reporting cycle: the periods, opening and closing one, a closed period as it stood, a project's
history and what changed since the last period. Thin: the rules are in services, snapshot and history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import generic

from beacon.core import policy
from beacon.core.generic import OrganisationMixin, RecordDetailView, RecordListView, org_url
from beacon.core.templatetags.govuk import CONFIDENCE_COLOURS, STAGE_COLOURS
from beacon.programmes.models import Confidence, Project, Stage
from beacon.reporting import history, services
from beacon.reporting.filters import ReportingPeriodFilterSet
from beacon.reporting.models import PeriodStatus, ReportingPeriod
from beacon.reporting.snapshot import rating_counts, visible_snapshot

HISTORY_PAGE_SIZE = 50
CHANGED_RECORDS_PAGE_SIZE = 25
CONFIDENCE_LABELS = dict(Confidence.choices)
STAGE_LABELS = dict(Stage.choices)



def date_text(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def closed_line(period: ReportingPeriod, who: dict[int, str]) -> str:
    """ "Closed on 31 March 2025 by Head of Transformation" (or "automatically" when no one is recorded)."""
    by = who.get(period.closed_by_id, "") if period.closed_by_id else ""
    return f"Closed on {date_text(period.closed_at)} " + (f"by {by}" if by else "automatically")


def reporting_crumbs(organisation: Any) -> list[dict[str, str]]:
    return [{"label": "Reporting periods", "url": org_url("reporting:period-list", organisation)}]


# Periods ----------------------------------------------------------------------------------------------------


class PeriodList(RecordListView):
    model = ReportingPeriod
    template_name = "reporting/period_list.html"
    filterset_class = ReportingPeriodFilterSet
    page_title = "Reporting periods"
    create_label = "Open the next period"
    nav_section = "reporting"

    def base_queryset(self) -> QuerySet:
        return ReportingPeriod.objects.order_by("-start_date")

    def create_url(self) -> str:
        return org_url("reporting:period-open", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        periods = list(context["object_list"])
        who = history.people(self.organisation, (p.closed_by_id for p in periods if p.closed_by_id))
        context["rows"] = [
            {"period": p, "closed": closed_line(p, who) if p.closed else ""} for p in periods
        ]
        context["changes_url"] = org_url("reporting:changes", self.organisation)
        return context


class PeriodOpen(OrganisationMixin, generic.TemplateView):
    """Confirm opening the next period (its title and dates worked out from the reporting frequency)."""

    template_name = "reporting/period_open.html"
    nav_section = "reporting"

    def check(self) -> None:
        if not policy.can_create(self.request.user, self.organisation, ReportingPeriod):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        try:
            period = services.open_next_period(organisation=self.organisation, actor=request.user)
        except services.PeriodRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return HttpResponseRedirect(org_url("reporting:period-list", self.organisation))
        messages.success(request, f"Reporting period opened: {period.title}")
        return HttpResponseRedirect(period.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        span = services.next_period_for(self.organisation)
        context.update(
            page_title="Open the next period",
            caption="Reporting periods",
            span=span,
            start=date_text(span.start_date),
            end=date_text(span.end_date),
            refusal=services.why_next_period_cannot_open(span),
            frequency=self.organisation.get_reporting_frequency_display().lower(),
            submit_label=f"Open {span.title}",
            cancel_url=org_url("reporting:period-list", self.organisation),
            breadcrumbs=reporting_crumbs(self.organisation),
        )
        return context


def snapshot_context(data: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot (already narrowed to the user) shaped for the period page: programmes with their
    roll-up and workstreams, the projects table and the late milestones, with labels rather than codes."""
    projects = data.get("projects", [])
    titles = {row["id"]: row["title"] for row in data.get("workstreams", [])}
    programme_titles = {row["id"]: row["title"] for row in data.get("programmes", [])}
    project_titles = {row["id"]: f"{row['code']} {row['title']}".strip() for row in projects}
    project_counts: dict[int, int] = defaultdict(int)
    for row in projects:
        if row["workstream"]:
            project_counts[row["workstream"]] += 1

    def with_rollup(record: dict[str, Any]) -> dict[str, Any]:
        rollup = record.get("rollup")
        return {
            **record,
            "rollup": rollup,
            "rollup_colour": CONFIDENCE_COLOURS.get((rollup or {}).get("status") or "", "govuk-tag--grey"),
            "counts": rating_counts(record.get("ratings", [])),
            "reported": CONFIDENCE_LABELS.get(record.get("reported_confidence") or "", ""),
        }

    workstreams_by_programme: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in data.get("workstreams", []):
        workstreams_by_programme[row["programme"]].append(
            {**with_rollup(row), "project_count": project_counts[row["id"]]}
        )
    return {
        "programmes": [
            {**with_rollup(row), "workstreams": workstreams_by_programme[row["id"]]}
            for row in data.get("programmes", [])
        ],
        "projects": [
            {
                **row,
                "workstream_title": titles.get(row["workstream"], ""),
                "programme_title": programme_titles.get(row["programme"], ""),
                "stage_label": STAGE_LABELS.get(row["stage"], row["stage"]),
                "stage_colour": STAGE_COLOURS.get(row["stage"], ""),
                "confidence_label": CONFIDENCE_LABELS.get(row["delivery_confidence"], "Not rated"),
                "confidence_colour": CONFIDENCE_COLOURS.get(row["delivery_confidence"], "govuk-tag--grey"),
            }
            for row in projects
        ],
        "late_milestones": [
            {**row, "project_title": project_titles.get(row["project"], ""),
             "due": date_text(dt.date.fromisoformat(row["due_date"]))}
            for row in data.get("milestones", []) if row.get("late")
        ],
        "as_at": date_text(dt.date.fromisoformat(data["as_at"])) if data.get("as_at") else "",
    }


class PeriodDetail(RecordDetailView):
    model = ReportingPeriod
    template_name = "reporting/period_detail.html"
    nav_section = "reporting"

    def get_queryset(self) -> QuerySet:
        return ReportingPeriod.objects.select_related("snapshot")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period: ReportingPeriod = self.object
        context["caption"] = "Reporting period"
        context["breadcrumbs"] = reporting_crumbs(self.organisation)
        context["dates"] = f"{date_text(period.start_date)} to {date_text(period.end_date)}"
        context["changes_url"] = org_url("reporting:changes", self.organisation) + f"?period={period.pk}"
        context["can_close"] = not period.closed and policy.can_change(self.request.user, period)
        context["close_url"] = org_url("reporting:period-close", self.organisation, pk=period.pk)
        if period.closed:
            who = history.people(self.organisation, [period.closed_by_id] if period.closed_by_id else [])
            context["closed_line"] = closed_line(period, who)
            snapshot = getattr(period, "snapshot", None)
            if snapshot is not None:
                data = visible_snapshot(snapshot.data, self.request.user, self.organisation)
                context["snapshot"] = snapshot_context(data)
        return context


class PeriodClose(OrganisationMixin, generic.TemplateView):
    """Confirm closing a period: its snapshot is written and can never be changed."""

    template_name = "reporting/period_close.html"
    nav_section = "reporting"

    def get_period(self) -> ReportingPeriod:
        period = get_object_or_404(ReportingPeriod, pk=self.kwargs["pk"])
        if period.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, period):
            raise Http404("No such record for you.")
        if not policy.can_change(self.request.user, period):
            raise PermissionDenied
        return period

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.period = self.get_period()
        if self.period.closed:
            messages.info(request, f"{self.period.title} is already closed.")
            return HttpResponseRedirect(self.period.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        period = self.get_period()
        try:
            services.close_period(period=period, actor=request.user)
        except services.PeriodRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, f"Reporting period closed: {period.title}. Its snapshot is kept unchanged.")
        return HttpResponseRedirect(period.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period = self.period
        context.update(
            period=period,
            page_title=f"Close {period.title}",
            caption="Reporting periods",
            dates=f"{date_text(period.start_date)} to {date_text(period.end_date)}",
            warning=True,
            submit_label="Close this period",
            cancel_url=period.get_absolute_url(),
            breadcrumbs=[
                *reporting_crumbs(self.organisation), {"label": period.title, "url": period.get_absolute_url()},
            ],
        )
        return context


# History ----------------------------------------------------------------------------------------------------


def paginate(request: HttpRequest, items: list[Any], size: int) -> Any:
    return Paginator(items, size).get_page(request.GET.get("page"))


class ProjectHistory(OrganisationMixin, generic.TemplateView):
    """Every change to a project and its milestones, newest first, for those who may read the project."""

    template_name = "reporting/project_history.html"
    nav_section = "projects"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = get_object_or_404(Project.objects.select_related("organisation"), pk=self.kwargs["pk"])
        if project.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, project):
            raise Http404("No such record for you.")
        page = paginate(self.request, history.project_history(project, user=self.request.user), HISTORY_PAGE_SIZE)
        context.update(
            project=project,
            page_title=f"History of {project}",
            caption="Project history",
            page_obj=page,
            paginator=page.paginator,
            changes=page.object_list,
            query_without_page="",
            breadcrumbs=[
                {"label": "Projects", "url": org_url("programmes:project-list", self.organisation)},
                {"label": str(project), "url": project.get_absolute_url()},
            ],
        )
        return context


class Changes(OrganisationMixin, generic.TemplateView):
    """What changed since the last closed period (or within a chosen period), grouped by record."""

    template_name = "reporting/changes.html"
    nav_section = "reporting"

    def window(self) -> tuple[history.Window, str, ReportingPeriod | None]:
        periods = ReportingPeriod.objects.filter(organisation=self.organisation)
        chosen = self.request.GET.get("period")
        if chosen:
            period = periods.filter(pk=chosen).first() if chosen.isdigit() else None
            if period is None:
                raise Http404("No such reporting period.")
            start = timezone.make_aware(dt.datetime.combine(period.start_date, dt.time.min))
            end = timezone.make_aware(dt.datetime.combine(period.end_date + dt.timedelta(days=1), dt.time.min))
            return history.Window(start, end), f"Changes made during {period.title}", period
        last = periods.filter(status=PeriodStatus.CLOSED).order_by("-closed_at").first()
        if last is not None and last.closed_at is not None:
            when = history.when_text(last.closed_at)
            return history.Window(last.closed_at), f"Changes since {last.title} closed on {when}", last
        return history.Window(None), "Every change recorded (no period has closed yet)", None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        window, description, period = self.window()
        user = self.request.user
        records = history.changed_records(self.organisation, window, user=user)
        page = paginate(self.request, records, CHANGED_RECORDS_PAGE_SIZE)
        chosen = self.request.GET.get("period")
        context.update(
            page_title="What changed" if chosen else "What changed since the last period",
            description=description,
            record_count=len(records),
            groups=history.changes_of_records(self.organisation, window, page.object_list, user=user),
            page_obj=page,
            paginator=page.paginator,
            query_without_page=f"period={chosen}&" if chosen else "",
            periods=ReportingPeriod.objects.filter(organisation=self.organisation).order_by("-start_date")[:12],
            chosen=period.pk if chosen and period else None,
            since_url=org_url("reporting:changes", self.organisation),
            breadcrumbs=reporting_crumbs(self.organisation),
        )
        return context
