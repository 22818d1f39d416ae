"""KPI pages: the list (each KPI's latest figure, status and direction of travel), a KPI's page (every period,
with a trend chart and its table), and the forms for KPIs, their targets and their observations. Thin views
over the generic ones; the rules are in ``status``, ``freshness`` and the policy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.safestring import mark_safe

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.performance import comparators, forms
from beacon.performance.charts import format_value, kpi_trend_svg
from beacon.performance.filters import KpiFilterSet
from beacon.performance.freshness import days_overdue, is_overdue, kpi_due
from beacon.performance.models import ComparatorGroup, Kpi, KpiTarget, Observation
from beacon.performance.periods import period_label, previous_period, year_before
from beacon.performance.selectors import kpi_series, latest_results
from beacon.performance.status import PeriodResult
from beacon.programmes.models import Project
from beacon.strategy.models import Priority


def change_text(value: Decimal | None, earlier: Decimal | None, kpi: Kpi) -> str:
    """The change from ``earlier`` to ``value`` in the KPI's unit, signed: "+2.5%", "-£1,000"; "" if unknown."""
    if value is None or earlier is None:
        return ""
    difference = value - earlier
    text = format_value(abs(difference), unit=kpi.unit, decimal_places=kpi.decimal_places)
    return ("+" if difference > 0 else "-" if difference < 0 else "") + text


class KpiSection:
    """Every KPI page: the Performance tab, and a crumb back to the list."""

    organisation: Any
    nav_section = "performance"
    crumbs = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        if self.crumbs:
            context.setdefault("breadcrumbs", [{"label": "KPIs", "url": org_url("performance:kpi-list",
                                                                                self.organisation)}])
        return context


class KpiList(KpiSection, RecordListView):
    model = Kpi
    template_name = "performance/kpi_list.html"
    filterset_class = KpiFilterSet
    page_title = "Key performance indicators"
    export_name = "kpis"
    create_label = "Add a KPI"
    select_related = ("owner",)
    crumbs = False

    def base_queryset(self) -> QuerySet:
        return Kpi.objects.order_by("archived", "code", "pk")

    def create_url(self) -> str:
        return org_url("performance:kpi-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kpis = list(context["object_list"])
        results = latest_results(kpis)
        today = timezone.localdate()
        rows = []
        for kpi in kpis:
            result = results.get(kpi.pk)
            due = kpi_due(kpi, result.period_start if result else None)
            rows.append({
                "kpi": kpi, "result": result, "due": due,
                "overdue": is_overdue(due, today, archived=kpi.archived),
                "value": format_value(result.value, unit=kpi.unit, decimal_places=kpi.decimal_places)
                if result else "",
                "target": format_value(result.target, unit=kpi.unit, decimal_places=kpi.decimal_places)
                if result and result.target is not None else "",
            })
        context["rows"] = rows
        return context


GROUPS_COMPARED = 5  # the KPI page ranks the council in at most this many of its comparator groups


def comparisons(kpi: Kpi) -> list[dict[str, Any]]:
    """The council's rank and quartile on the KPI's benchmark indicator in each of the organisation's comparator
    groups (two queries per group, at most ``GROUPS_COMPARED`` groups)."""
    if kpi.benchmark is None:
        return []
    indicator = kpi.benchmark
    found = []
    groups = ComparatorGroup.objects.filter(organisation_id=kpi.organisation_id).select_related("council")
    for group in groups.order_by("title")[:GROUPS_COMPARED]:
        values = comparators.group_values(group, indicator)
        own = group.council.gss_code
        ranking = (comparators.rank_and_quartile(values.values, own, indicator.polarity).words(indicator.polarity)
                   if own in values.values else "")
        found.append({"group": group, "period": values.period, "ranking": ranking, "compared": len(values.values)})
    return found


class KpiDetail(KpiSection, RecordDetailView):
    model = Kpi
    template_name = "performance/kpi_detail.html"
    edit_url_name = "performance:kpi-edit"

    def get_queryset(self) -> QuerySet:
        return Kpi.objects.select_related("owner", "benchmark")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kpi: Kpi = self.object
        user = self.request.user
        results = kpi_series(kpi)
        observed = [r for r in results if r.value is not None]
        latest = observed[-1] if observed else None
        today = timezone.localdate()
        due = kpi_due(kpi, latest.period_start if latest else None)
        can_change = context["can_change"]
        observation_ids = dict(Observation.objects.filter(kpi=kpi).values_list("period_start", "pk"))
        target_ids = dict(KpiTarget.objects.filter(kpi=kpi).values_list("period_start", "pk"))
        context.update(
            caption="Key performance indicator",
            page_title=kpi.title,
            latest=latest,
            latest_value=format_value(latest.value, unit=kpi.unit, decimal_places=kpi.decimal_places)
            if latest else "",
            due=due,
            overdue=is_overdue(due, today, archived=kpi.archived),
            days_overdue=days_overdue(due, today),
            rows=self.rows(kpi, results, observation_ids, target_ids, can_change),
            # Our own SVG: ElementTree escaped the KPI's title as it wrote it.
            chart=mark_safe(kpi_trend_svg(  # noqa: S308
                results, title=f"Trend of {kpi.code} {kpi.title}", unit=kpi.unit,
                decimal_places=kpi.decimal_places, chart_id=f"kpi-{kpi.pk}",
            )),
            priorities=policy.readable(Priority.objects.filter(kpis=kpi), user).order_by("code", "title"),
            projects=policy.readable(Project.objects.filter(kpis=kpi), user).order_by("code", "title"),
            can_add_figures=can_change and policy.can_create(user, self.organisation, Observation),
            can_add_targets=can_change and policy.can_create(user, self.organisation, KpiTarget),
            comparisons=comparisons(kpi),
        )
        return context

    @staticmethod
    def rows(kpi: Kpi, results: list[PeriodResult], observation_ids: dict[Any, int], target_ids: dict[Any, int],
             can_change: bool) -> list[dict[str, Any]]:
        """The periods newest first, each with its figures written in the KPI's unit and the change in figures."""
        values = {r.period_start: r.value for r in results}

        def show(value: Decimal | None) -> str:
            return format_value(value, unit=kpi.unit, decimal_places=kpi.decimal_places) if value is not None else ""

        rows = []
        for result in reversed(results):
            start = result.period_start
            rows.append({
                "result": result,
                "value": show(result.value),
                "target": show(result.target),
                "tolerance": show(result.tolerance) if result.target is not None else "",
                "previous_change": change_text(result.value, values.get(previous_period(kpi.frequency, start)), kpi),
                "year_change": change_text(result.value, values.get(year_before(start)), kpi),
                "observation_id": observation_ids.get(start) if can_change else None,
                "target_id": target_ids.get(start) if can_change else None,
            })
        return rows


class KpiCreate(KpiSection, RecordCreateView):
    model = Kpi
    template_name = "performance/kpi_form.html"
    form_class = forms.KpiForm
    extra_context = {"page_title": "Add a KPI", "submit_label": "Add KPI"}
    success_message = "KPI added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = org_url("performance:kpi-list", self.organisation)
        return context

    success_url_name = "performance:kpi-detail"


class KpiEdit(KpiSection, RecordUpdateView):
    model = Kpi
    template_name = "performance/kpi_form.html"
    form_class = forms.KpiForm
    extra_context = {"page_title": "Change KPI"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object),
                       cancel_url=org_url("performance:kpi-detail", self.organisation, pk=self.object.pk))
        return context

    success_url_name = "performance:kpi-detail"


# Targets and observations -----------------------------------------------------------------------------------


class FigureMixin(KpiSection):
    """A target or observation of a KPI: the form is given the KPI; the page links back to it."""

    organisation: Any
    kpi: Kpi
    request: Any
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["kpi"] = self.kpi
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kpi_url = org_url("performance:kpi-detail", self.organisation, pk=self.kpi.pk)
        context.update(caption=str(self.kpi), cancel_url=kpi_url, kpi=self.kpi)
        context["breadcrumbs"] = [*context["breadcrumbs"], {"label": self.kpi.code, "url": kpi_url}]
        return context

    def saved_label(self, obj: Any) -> str:
        return f"{period_label(obj.kpi.frequency, obj.period_start)}, {obj.kpi}"

    def get_success_url(self) -> str:
        return org_url("performance:kpi-detail", self.organisation, pk=self.kpi.pk)


class FigureCreate(FigureMixin, RecordCreateView):
    """Adds a target or observation to the KPI in the URL: 404 unless the user may read the KPI, 403 unless they
    may change it (its owner may; so may the programme office)."""

    def check_create(self) -> None:
        kpi: Any = get_object_or_404(Kpi.objects.all(), pk=self.kwargs["pk"])
        if kpi.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, kpi):
            raise Http404("No such KPI for you.")
        self.kpi = kpi
        super().check_create()
        if not policy.can_change(self.request.user, kpi):
            raise PermissionDenied


class FigureEdit(FigureMixin, RecordUpdateView):
    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj: Any = super().get_object(queryset)
        self.kpi = obj.kpi
        return obj

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.select_related("kpi")  # type: ignore[union-attr]


class TargetCreate(FigureCreate):
    model = KpiTarget
    template_name = "performance/figure_form.html"
    form_class = forms.KpiTargetForm
    extra_context = {"page_title": "Set a target", "submit_label": "Save target"}
    success_message = "Target saved"


class TargetEdit(FigureEdit):
    model = KpiTarget
    template_name = "performance/figure_form.html"
    form_class = forms.KpiTargetForm
    extra_context = {"page_title": "Change a target", "submit_label": "Save target"}
    success_message = "Target saved"


class ObservationCreate(FigureCreate):
    model = Observation
    template_name = "performance/figure_form.html"
    form_class = forms.ObservationForm
    extra_context = {"page_title": "Record a figure", "submit_label": "Save figure"}
    success_message = "Figure recorded"


class ObservationEdit(FigureEdit):
    model = Observation
    template_name = "performance/figure_form.html"
    form_class = forms.ObservationForm
    extra_context = {"page_title": "Change a figure", "submit_label": "Save figure"}
    success_message = "Figure saved"


urlpatterns: list[URLPattern] = [
    path("kpis/", KpiList.as_view(), name="kpi-list"),
    path("kpis/add/", KpiCreate.as_view(), name="kpi-create"),
    path("kpis/<int:pk>/", KpiDetail.as_view(), name="kpi-detail"),
    path("kpis/<int:pk>/edit/", KpiEdit.as_view(), name="kpi-edit"),
    path("kpis/<int:pk>/targets/add/", TargetCreate.as_view(), name="target-create"),
    path("kpis/<int:pk>/observations/add/", ObservationCreate.as_view(), name="observation-create"),
    path("targets/<int:pk>/edit/", TargetEdit.as_view(), name="target-edit"),
    path("observations/<int:pk>/edit/", ObservationEdit.as_view(), name="observation-edit"),
]
