"""Risk register pages: the list with its filters, a risk's page (scores before and after controls, its history
of score changes), adding and changing a risk, and the 5 × 5 heat map with its table. Thin views over the
generic ones; the scores and bands come from ``rules``, the queries from ``selectors``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    org_url,
)
from beacon.programmes.models import Project
from beacon.risks import charts, filters, forms, rules, selectors
from beacon.risks.models import Risk, RiskLevel, RiskStatus

RISK_SECTIONS = [
    ("register", "Risk register", "risks:risk-list"),
    ("heat-map", "Heat map", "risks:heat-map"),
    ("assessments", "Equality impact assessments", "risks:assessment-list"),
    ("cumulative", "Cumulative equality impact", "risks:cumulative"),
    ("groups", "Equality groups", "risks:group-list"),
]


class RisksSection(OrganisationMixin):
    """The risks sub-navigation on every page of the section (``risks_key``)."""

    organisation: Any
    risks_key = ""
    nav_section = "risks"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["risk_links"] = [
            {"label": label, "url": org_url(name, self.organisation), "active": key == self.risks_key}
            for key, label, name in RISK_SECTIONS
        ]
        return context


class RiskList(RisksSection, RecordListView):
    model = Risk
    template_name = "risks/risk_list.html"
    filterset_class = filters.RiskFilterSet
    page_title = "Risk register"
    export_name = "risks"
    create_label = "Add a risk"
    select_related = ("owner",)
    risks_key = "register"

    def base_queryset(self) -> QuerySet:
        return Risk.objects.order_by(*selectors.HIGHEST_FIRST)

    def create_url(self) -> str:
        return org_url("risks:risk-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.risk_rows(context["object_list"])
        return context


class RiskDetail(RisksSection, RecordDetailView):
    model = Risk
    template_name = "risks/risk_detail.html"
    edit_url_name = "risks:risk-edit"
    risks_key = "register"

    def get_queryset(self) -> QuerySet:
        return Risk.objects.select_related("owner", "programme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        risk = self.object
        row = selectors.risk_rows([risk])[0]
        projects = policy.readable(Project.objects.filter(risks=risk), self.request.user).order_by("code", "title")
        context.update(
            row=row, projects=list(projects), changes=selectors.score_changes(risk),
            caption=f"{risk.get_level_display()} risk",
            breadcrumbs=[{"label": "Risk register", "url": org_url("risks:risk-list", self.organisation)}],
        )
        return context


class RiskFormPage(RisksSection):
    risks_key = "register"
    object: Any

    success_url_name: str | None = "risks:risk-detail"


class RiskCreate(RiskFormPage, RecordCreateView):
    model = Risk
    template_name = "risks/risk_form.html"
    form_class = forms.RiskForm
    extra_context = {"page_title": "Add a risk", "submit_label": "Add risk"}
    success_message = "Risk added"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"level": RiskLevel.PROJECT, "status": RiskStatus.OPEN}
        if "project" in self.request.GET:
            initial["projects"] = self.request.GET.getlist("project")
        return initial


class RiskEdit(RiskFormPage, RecordUpdateView):
    model = Risk
    template_name = "risks/risk_form.html"
    form_class = forms.RiskForm
    extra_context = {"page_title": "Change risk"}
    success_message = "Risk saved"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["caption"] = str(self.object)
        context["cancel_url"] = self.get_success_url()
        return context


class HeatMap(RisksSection, generic.TemplateView):
    """The open risks on the 5 × 5 grid, after controls by default (``?basis=inherent`` for before)."""

    template_name = "risks/heat_map.html"
    risks_key = "heat-map"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        basis = self.request.GET.get("basis", "residual")
        basis = basis if basis in selectors.BASES else "residual"
        level = self.request.GET.get("level", "")
        level = level if level in RiskLevel.values else ""
        risks = policy.readable(Risk.objects.filter(organisation=self.organisation), self.request.user).filter(
            status=RiskStatus.OPEN
        )
        if level:
            risks = risks.filter(level=level)
        grid = selectors.heat_map_of(risks, basis)
        words = selectors.BASES[basis]
        level_words = f"{RiskLevel(level).label.lower()} " if level else ""
        title = f"Heat map of the open {level_words}risks {words}"
        context.update(
            page_title="Risk heat map", basis=basis, level=level, grid=grid, title=title,
            chart=charts.heat_map_svg(grid, title=title, description=charts.heat_map_description(grid, words),
                                      chart_id="risk-heat-map"),
            bases=list(selectors.BASES.items()), levels=RiskLevel.choices,
            impacts=[(value, words) for value, words in selectors.IMPACT_WORDS.items()],
            likelihood_words=selectors.LIKELIHOOD_WORDS,
            table_rows=[
                (likelihood, [(impact, count, band_words, rules.band(likelihood * impact)[1])
                              for impact, count, band_words in cells])
                for likelihood, cells in grid.rows()
            ],
            bands=[(words, tag, low, high) for (_key, words, low, high), (_u, _w, tag)
                   in zip(selectors.band_ranges(), rules.BANDS, strict=True)],
            list_url=org_url("risks:risk-list", self.organisation),
        )
        return context


urlpatterns: list[URLPattern] = [
    path("", RiskList.as_view(), name="risk-list"),
    path("add/", RiskCreate.as_view(), name="risk-create"),
    path("heat-map/", HeatMap.as_view(), name="heat-map"),
    path("<int:pk>/", RiskDetail.as_view(), name="risk-detail"),
    path("<int:pk>/edit/", RiskEdit.as_view(), name="risk-edit"),
]
