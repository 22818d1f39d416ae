"""In-year spend controls (PRODUCT C6; Cheshire East's budget emergency response team and Spending Review Board):
requests to spend above a threshold, the totals requested, approved and refused, and the board's decision on each.

Everyone in the organisation reads them; the programme office, the administrator and the finance officer
(``SpendRequest.writer_roles``) add, change and decide them.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import URLPattern, path

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.governance import filters
from beacon.governance import forms_spend as forms
from beacon.governance.models import SpendRequest, SpendRequestStatus


def spend_totals(requests: QuerySet[SpendRequest]) -> dict[str, int]:
    """Counts and amounts (pence) requested, approved, refused and awaiting a decision: one query. Withdrawn
    requests count as requested only."""
    figures = requests.order_by().aggregate(
        requested=Sum("amount_pence"), requested_count=Count("pk"),
        approved=Sum("amount_pence", filter=Q(status=SpendRequestStatus.APPROVED)),
        approved_count=Count("pk", filter=Q(status=SpendRequestStatus.APPROVED)),
        refused=Sum("amount_pence", filter=Q(status=SpendRequestStatus.REFUSED)),
        refused_count=Count("pk", filter=Q(status=SpendRequestStatus.REFUSED)),
        pending=Sum("amount_pence", filter=Q(status=SpendRequestStatus.PENDING)),
        pending_count=Count("pk", filter=Q(status=SpendRequestStatus.PENDING)),
    )
    return {name: value or 0 for name, value in figures.items()}


class SpendSection:
    organisation: Any
    nav_section = "governance"
    list_crumb = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        if self.list_crumb:
            context.setdefault("breadcrumbs", [
                {"label": "Spend requests", "url": org_url("governance:spend-list", self.organisation)}
            ])
        return context


class SpendList(SpendSection, RecordListView):
    model = SpendRequest
    template_name = "governance/spend/list.html"
    filterset_class = filters.SpendRequestFilterSet
    page_title = "Spend requests"
    create_label = "Add a spend request"
    select_related = ("board",)
    list_crumb = False

    def base_queryset(self) -> QuerySet:
        return SpendRequest.objects.order_by("-created_at", "-pk")

    def create_url(self) -> str:
        return org_url("governance:spend-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["totals"] = spend_totals(cast(QuerySet, self.object_list))  # the filtered list, before paging
        return context


class SpendDetail(SpendSection, RecordDetailView):
    model = SpendRequest
    template_name = "governance/spend/detail.html"
    edit_url_name = "governance:spend-edit"

    def get_queryset(self) -> QuerySet:
        return SpendRequest.objects.select_related("board", "project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["caption"] = "Spend request"
        if context["can_change"]:
            context["decide_url"] = org_url("governance:spend-decide", self.organisation, pk=self.object.pk)
        # The project is named only to those who may read it (a confidential project stays hidden).
        project = self.object.project
        context["project"] = project if project and policy.can_read(self.request.user, project) else None
        return context


class SpendCreate(SpendSection, RecordCreateView):
    model = SpendRequest
    form_class = forms.SpendRequestForm
    template_name = "governance/spend/form.html"
    extra_context = {"page_title": "Add a spend request", "submit_label": "Add spend request"}
    success_message = "Spend request added"

    success_url_name = "governance:spend-detail"


class SpendEdit(SpendSection, RecordUpdateView):
    model = SpendRequest
    form_class = forms.SpendRequestForm
    template_name = "governance/spend/form.html"
    extra_context = {"page_title": "Change spend request"}

    success_url_name = "governance:spend-detail"


class SpendDecide(SpendSection, RecordUpdateView):
    model = SpendRequest
    form_class = forms.SpendDecisionForm
    template_name = "governance/spend/form.html"
    success_message = "Decision recorded"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Record the decision", caption=str(self.object), submit_label="Record decision",
                       cancel_url=self.get_success_url(), amount=self.object.amount_pence)
        return context

    success_url_name = "governance:spend-detail"


urlpatterns: list[URLPattern] = [
    path("spend/", SpendList.as_view(), name="spend-list"),
    path("spend/add/", SpendCreate.as_view(), name="spend-create"),
    path("spend/<int:pk>/", SpendDetail.as_view(), name="spend-detail"),
    path("spend/<int:pk>/edit/", SpendEdit.as_view(), name="spend-edit"),
    path("spend/<int:pk>/decide/", SpendDecide.as_view(), name="spend-decide"),
]
