"""Benchmarking pages: comparator groups (list, view, add by hand or as nearest neighbours, change, recompute),
the benchmarks page (an indicator's values across a group, best first, with the council's rank and quartile in
words) and the method page. Thin views: the engine is ``beacon.performance.comparators``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
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
from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance import forms_benchmarks as forms
from beacon.performance.models import ComparatorGroup, ComparatorMember, GroupKind, Indicator

SECTIONS = [
    ("groups", "Comparator groups", "performance:comparator-group-list"),
    ("benchmarks", "Benchmarks", "performance:benchmarks"),
    ("method", "How comparators are found", "performance:benchmark-method"),
]

CAVEATS = [
    "Places differ in ways no indicator captures: size, geography, history and local choices. A difference "
    "between two councils is a question to ask, not a verdict.",
    "Councils of different tiers run different services: a district runs no social care, and a county's area "
    "figures include its districts. Compare like with like.",
    "Figures come from different years and sources; small differences may be within the sampling error of a "
    "survey, and some councils have changed boundaries since the figures were published.",
    "Spending, tax and figures about the place (population, deprivation) are neither good nor bad in themselves: "
    "councils are listed from the highest, with no quartile.",
]


class BenchmarkSection:
    """The benchmarking sub-navigation and crumbs on every page of these views."""

    organisation: Any
    section_key = ""
    nav_section = "performance"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["benchmark_links"] = [
            {"label": label, "url": org_url(name, self.organisation), "active": key == self.section_key}
            for key, label, name in SECTIONS
        ]
        return context


def writable(view: Any) -> bool:
    return policy.can_create(view.request.user, view.organisation, ComparatorGroup)


# Comparator groups ---------------------------------------------------------------------------------------------


class GroupList(BenchmarkSection, RecordListView):
    model = ComparatorGroup
    template_name = "performance/benchmarks/group_list.html"
    page_title = "Comparator groups"
    section_key = "groups"
    select_related = ("council",)

    def base_queryset(self) -> QuerySet:
        return ComparatorGroup.objects.order_by("title", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        groups = list(context["object_list"])
        counts: dict[int, int] = {}
        for group_id in ComparatorMember.objects.filter(group__in=groups).values_list("group_id", flat=True):
            counts[group_id] = counts.get(group_id, 0) + 1
        context["rows"] = [{"group": group, "members": counts.get(group.pk, 0)} for group in groups]
        if writable(self):
            context["create_links"] = [
                {"label": "Add a group chosen by hand",
                 "url": org_url("performance:comparator-group-create", self.organisation)},
                {"label": "Add nearest neighbours", "url": org_url("performance:comparator-group-create-nearest",
                                                                   self.organisation)},
            ]
        return context


class GroupDetail(BenchmarkSection, RecordDetailView):
    model = ComparatorGroup
    template_name = "performance/benchmarks/group_detail.html"
    edit_url_name = "performance:comparator-group-edit"
    section_key = "groups"

    def get_queryset(self) -> QuerySet:
        return ComparatorGroup.objects.select_related("council")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group = self.object
        context["members"] = list(group.memberships.select_related("council").order_by("rank", "council__name"))
        context["preset"] = comparators.PRESETS.get(group.preset)
        context["caption"] = group.get_kind_display()
        context["breadcrumbs"] = [{"label": "Comparator groups",
                                   "url": org_url("performance:comparator-group-list", self.organisation)}]
        return context


class GroupFormView:
    """Shared by the group forms: members are written in the same transaction as the group."""

    object: Any
    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)  # type: ignore[misc]
            group = self.object
            if isinstance(form, forms.NearestGroupForm):
                comparators.compute_nearest_members(group)
            else:
                group.kind = GroupKind.MANUAL
                group.save(update_fields=["kind"])
                comparators.set_manual_members(group, form.cleaned_data["councils"])
        return response

    def get_success_url(self) -> str:
        return org_url("performance:comparator-group-detail", self.object.organisation, pk=self.object.pk)


class GroupCreate(GroupFormView, BenchmarkSection, RecordCreateView):
    model = ComparatorGroup
    template_name = "performance/benchmarks/group_form.html"
    form_class = forms.ManualGroupForm
    section_key = "groups"
    success_message = "Comparator group added"
    extra_context = {"page_title": "Add a comparator group chosen by hand", "submit_label": "Add group"}

    def get_initial(self) -> dict[str, Any]:
        return {"public": True}


class GroupCreateNearest(GroupFormView, BenchmarkSection, RecordCreateView):
    model = ComparatorGroup
    template_name = "performance/benchmarks/group_form.html"
    form_class = forms.NearestGroupForm
    section_key = "groups"
    success_message = "Nearest neighbours group added"
    extra_context = {"page_title": "Add a group of nearest neighbours", "submit_label": "Find neighbours and add",
                     "nearest": True}

    def get_initial(self) -> dict[str, Any]:
        return {"preset": "like-for-like", "size": 15, "public": True}


class GroupEdit(GroupFormView, BenchmarkSection, RecordUpdateView):
    model = ComparatorGroup
    template_name = "performance/benchmarks/group_form.html"
    section_key = "groups"
    success_message = "Comparator group saved"

    def get_queryset(self) -> QuerySet:
        return ComparatorGroup.objects.select_related("council")

    def get_form_class(self) -> Any:
        return forms.NearestGroupForm if self.object.kind == GroupKind.NEAREST else forms.ManualGroupForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change comparator group", caption=str(self.object),
                       nearest=self.object.kind == GroupKind.NEAREST,
                       cancel_url=org_url("performance:comparator-group-detail", self.organisation, pk=self.object.pk))
        return context


class GroupRecompute(BenchmarkSection, OrganisationMixin, generic.TemplateView):
    """Find a nearest-neighbours group's members again from the indicators loaded now (a confirm page)."""

    template_name = "performance/benchmarks/group_recompute.html"
    section_key = "groups"

    def setup_group(self) -> ComparatorGroup:
        group = get_object_or_404(ComparatorGroup.objects.select_related("council"), pk=self.kwargs["pk"])
        if group.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, group):
            raise Http404("No such record for you.")
        if not policy.can_change(self.request.user, group):
            raise PermissionDenied
        if group.kind != GroupKind.NEAREST:
            raise Http404("Only a nearest-neighbours group is recomputed.")
        return group

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group = self.group
        context.update(group=group, page_title="Find this group's neighbours again", caption=str(group),
                       submit_label="Recompute", preset=comparators.PRESETS.get(group.preset),
                       cancel_url=org_url("performance:comparator-group-detail", self.organisation, pk=group.pk))
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.group = self.setup_group()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = self.setup_group()
        detail = org_url("performance:comparator-group-detail", self.organisation, pk=group.pk)
        try:
            with transaction.atomic():
                group.modified_by = request.user  # type: ignore[assignment]
                neighbours = comparators.compute_nearest_members(group)
        except comparators.ComparatorError as error:
            messages.error(request, f"The group was not recomputed: {error}")
            return HttpResponseRedirect(detail)
        messages.success(request, f"Recomputed: {len(neighbours)} nearest neighbours of {group.council.name}")
        return HttpResponseRedirect(detail)


# The benchmarks page --------------------------------------------------------------------------------------------


def value_text(value: float, unit: str) -> str:
    """A figure as the page shows it: "£1,234.57", "45.2%", "1,234" (two decimal places at most)."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if unit in ("£", "£ per head"):
        return f"£{number}" + (" per head" if unit == "£ per head" else "")
    if unit in ("%", "Percent"):
        return f"{number}%"
    return number


class Benchmarks(BenchmarkSection, OrganisationMixin, generic.TemplateView):
    template_name = "performance/benchmarks/benchmarks.html"
    section_key = "benchmarks"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.BenchmarkForm(self.request.GET or None, organisation=self.organisation)
        context.update(form=form, page_title="Benchmarks", caveats=CAVEATS,
                       has_groups=ComparatorGroup.objects.filter(organisation=self.organisation).exists())
        if form.is_bound and form.is_valid():
            context.update(self.comparison(form.cleaned_data["indicator"], form.cleaned_data["group"],
                                           form.cleaned_data["period"] or None))
        return context

    def comparison(self, indicator: Indicator, group: ComparatorGroup, period: str | None) -> dict[str, Any]:
        found = comparators.group_values(group, indicator, period)
        council = Council.objects.filter(pk=group.council_id).values_list("gss_code", "name").first()
        own_gss, own_name = council or ("", "")
        polarity = indicator.polarity
        reverse = polarity != "lower"
        ordered = sorted(found.values.items(), key=lambda item: (-item[1] if reverse else item[1],
                                                                 found.names.get(item[0], "")))
        rows = []
        for gss, value in ordered:
            ranking = comparators.rank_and_quartile(found.values, gss, polarity)
            rows.append({"gss_code": gss, "name": found.names.get(gss, gss), "value": value_text(value, indicator.unit),
                         "rank": ranking.rank, "tied": ranking.tied, "own": gss == own_gss})
        ranking_text = ""
        if own_gss in found.values:
            ranking_text = comparators.rank_and_quartile(found.values, own_gss, polarity).words(polarity)
        return {
            "indicator": indicator, "group": group, "period": found.period, "rows": rows, "own_name": own_name,
            "own_has_value": own_gss in found.values, "ranking_text": ranking_text,
            "missing": [found.names[code] for code in found.missing], "asked_period": period,
        }


class Method(BenchmarkSection, OrganisationMixin, generic.TemplateView):
    template_name = "performance/benchmarks/method.html"
    section_key = "method"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        variable_names = {"ons-2025": comparators.ONS_2025_VARIABLES,
                          "like-for-like": comparators.LIKE_FOR_LIKE_VARIABLES}
        presets = []
        for key, preset in comparators.PRESETS.items():
            names = variable_names.get(key, {code: code for code in preset.indicators})
            presets.append({"preset": preset, "variables": [
                {"name": name, "code": code, "weight": weight}
                for (name, code), weight in zip(names.items(), preset.weights, strict=True)
            ]})
        sources = list(Indicator.objects.order_by("dataset").values("dataset", "publisher", "licence", "source_url")
                       .distinct())
        groups: dict[str, list[str]] = {}
        for council_type, group in comparators.TYPE_GROUPS.items():
            groups.setdefault(group, []).append(Council(council_type=council_type).get_council_type_display())
        context.update(page_title="How comparator councils are found", presets=presets, sources=sources,
                       type_groups=groups, min_shared=int(comparators.MIN_SHARED_SHARE * 100),
                       max_k=comparators.MAX_K, caveats=CAVEATS)
        return context


urlpatterns: list[URLPattern] = [
    path("benchmarks/", Benchmarks.as_view(), name="benchmarks"),
    path("benchmarks/method/", Method.as_view(), name="benchmark-method"),
    path("comparator-groups/", GroupList.as_view(), name="comparator-group-list"),
    path("comparator-groups/add/", GroupCreate.as_view(), name="comparator-group-create"),
    path("comparator-groups/add-nearest/", GroupCreateNearest.as_view(), name="comparator-group-create-nearest"),
    path("comparator-groups/<int:pk>/", GroupDetail.as_view(), name="comparator-group-detail"),
    path("comparator-groups/<int:pk>/edit/", GroupEdit.as_view(), name="comparator-group-edit"),
    path("comparator-groups/<int:pk>/recompute/", GroupRecompute.as_view(), name="comparator-group-recompute"),
]
