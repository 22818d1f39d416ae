"""Pages for plans (with their themes and priorities), objectives and service design principles: thin views
over the generic ones, which ask the permission policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.views import View

from beacon.core import policy
from beacon.core.generic import (
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    org_url,
)
from beacon.strategy import filters, forms, selectors
from beacon.strategy.models import Objective, ObjectiveKind, Plan, Principle, Priority, Theme

NAV = "strategy"
# The order and headings of the objectives page.
OBJECTIVE_GROUPS = [
    (ObjectiveKind.STRATEGIC, "Strategic objectives / corporate priorities", "Add a strategic objective"),
    (ObjectiveKind.PROGRAMME, "Programme objectives", "Add a programme objective"),
]



def crumbs(view: Any, *trail: tuple[str, str]) -> list[dict[str, str]]:
    return [{"label": "Strategy", "url": org_url("strategy:plan-list", view.organisation)},
            *({"label": label, "url": org_url(name, view.organisation)} for label, name in trail)]


def linked_projects(record: Any, user: Any) -> QuerySet:
    """The projects linked to a priority, objective or principle that ``user`` may read."""
    return policy.readable(record.projects.all(), user).select_related("programme").order_by("code", "title", "pk")


class ToDetail:
    """After a save, go to the record's own page (strategy records have no get_absolute_url)."""

    detail_url_name: str
    object: Any
    organisation: Any

    def get_success_url(self) -> str:
        return org_url(self.detail_url_name, self.organisation, pk=self.object.pk)


class ToThemeInPlan:
    """After a theme is saved, go to it on its plan's page."""

    object: Any
    organisation: Any

    def get_success_url(self) -> str:
        return org_url("strategy:plan-detail", self.organisation, pk=self.object.plan_id) + f"#theme-{self.object.pk}"


class StrategyIndex(OrganisationMixin, View):
    """/org/<slug>/strategy/: the plans."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return HttpResponseRedirect(org_url("strategy:plan-list", self.organisation))


# Plans ----------------------------------------------------------------------------------------------------


class PlanList(RecordListView):
    model = Plan
    template_name = "strategy/plan_list.html"
    filterset_class = filters.PlanFilterSet
    page_title = "Strategic plans"
    export_name = "plans"
    create_label = "Add a plan"
    nav_section = NAV

    def create_url(self) -> str:
        return org_url("strategy:plan-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plans = list(context["object_list"])
        counts = selectors.plan_counts(plans, self.request.user)
        for plan in plans:
            plan.theme_count, plan.priority_count = counts[plan.pk]
        context["plans"] = plans
        return context


class PlanDetail(RecordDetailView):
    model = Plan
    template_name = "strategy/plan_detail.html"
    edit_url_name = "strategy:plan-edit"
    nav_section = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["tree"] = selectors.plan_tree(plan, self.request.user)
        context["route"] = approval_route(plan)
        context["can_add"] = context["can_change"]
        context["caption"] = "Strategic plan"
        context["breadcrumbs"] = crumbs(self)
        return context


def approval_route(plan: Plan) -> list[dict[str, Any]]:
    """Draft → Scrutiny → Cabinet → Council approved: each step with its date, and whether it is reached
    (a step is reached when its date is recorded or the plan's status is at or beyond it)."""
    order = ["draft", "scrutiny", "cabinet", "council"]
    at = order.index(plan.status) if plan.status in order else 0
    steps = [
        ("draft", "Draft", "The plan is written", None),
        ("scrutiny", "Scrutiny", "Considered by scrutiny", plan.scrutiny_date),
        ("cabinet", "Cabinet", "Approved by Cabinet", plan.cabinet_date),
        ("council", "Council approved", "Approved by full Council", plan.council_date),
    ]
    return [
        {"name": name, "hint": hint, "date": date, "reached": date is not None or order.index(key) <= at,
         "current": key == plan.status}
        for key, name, hint, date in steps
    ]


class PlanCreate(ToDetail, RecordCreateView):
    model = Plan
    form_class = forms.PlanForm
    nav_section = NAV
    detail_url_name = "strategy:plan-detail"
    extra_context = {"page_title": "Add a plan", "submit_label": "Add plan"}
    success_message = "Plan added"


class PlanEdit(ToDetail, RecordUpdateView):
    model = Plan
    form_class = forms.PlanForm
    nav_section = NAV
    detail_url_name = "strategy:plan-detail"
    extra_context = {"page_title": "Change plan"}


# Themes ---------------------------------------------------------------------------------------------------


class ThemeCreate(ToThemeInPlan, RecordCreateView):
    model = Theme
    form_class = forms.ThemeForm
    nav_section = NAV
    extra_context = {"page_title": "Add a theme", "submit_label": "Add theme"}
    success_message = "Theme added"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("plan", "parent") if key in self.request.GET}


class ThemeEdit(ToThemeInPlan, RecordUpdateView):
    model = Theme
    form_class = forms.ThemeForm
    nav_section = NAV
    extra_context = {"page_title": "Change theme"}


# Priorities -----------------------------------------------------------------------------------------------


class PriorityList(RecordListView):
    model = Priority
    template_name = "strategy/priority_list.html"
    filterset_class = filters.PriorityFilterSet
    page_title = "Priorities"
    create_label = "Add a priority"
    nav_section = NAV
    select_related = ("theme", "theme__parent", "theme__plan")

    def base_queryset(self) -> QuerySet:
        return Priority.objects.order_by("theme__plan__title", "theme__order", "code", "title", "pk")

    def create_url(self) -> str:
        return org_url("strategy:priority-create", self.organisation)


class PriorityDetail(RecordDetailView):
    model = Priority
    template_name = "strategy/priority_detail.html"
    edit_url_name = "strategy:priority-edit"
    nav_section = NAV

    def get_queryset(self) -> QuerySet:
        return Priority.objects.select_related("theme", "theme__parent", "theme__plan")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["projects"] = linked_projects(self.object, self.request.user)
        context["caption"] = f"Priority of {self.object.theme.plan}"
        context["breadcrumbs"] = crumbs(self, ("Priorities", "strategy:priority-list"))
        return context


class PriorityCreate(ToDetail, RecordCreateView):
    model = Priority
    form_class = forms.PriorityForm
    nav_section = NAV
    detail_url_name = "strategy:priority-detail"
    extra_context = {"page_title": "Add a priority", "submit_label": "Add priority"}
    success_message = "Priority added"

    def get_initial(self) -> dict[str, Any]:
        return {"theme": self.request.GET.get("theme")}


class PriorityEdit(ToDetail, RecordUpdateView):
    model = Priority
    form_class = forms.PriorityForm
    nav_section = NAV
    detail_url_name = "strategy:priority-detail"
    extra_context = {"page_title": "Change priority"}


# Objectives -----------------------------------------------------------------------------------------------


class ObjectiveList(RecordListView):
    model = Objective
    template_name = "strategy/objective_list.html"
    filterset_class = filters.ObjectiveFilterSet
    page_title = "Objectives"
    create_label = "Add an objective"
    nav_section = NAV

    def create_url(self) -> str:
        return org_url("strategy:objective-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        objectives = list(context["object_list"])
        context["groups"] = [
            {"kind": kind.value, "heading": heading, "add_label": add_label,
             "objectives": [o for o in objectives if o.kind == kind]}
            for kind, heading, add_label in OBJECTIVE_GROUPS
        ]
        return context


class ObjectiveDetail(RecordDetailView):
    model = Objective
    template_name = "strategy/objective_detail.html"
    edit_url_name = "strategy:objective-edit"
    nav_section = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["projects"] = linked_projects(self.object, self.request.user)
        headings = {str(kind.value): heading for kind, heading, _ in OBJECTIVE_GROUPS}
        context["caption"] = headings.get(self.object.kind, "Objective")
        context["breadcrumbs"] = crumbs(self, ("Objectives", "strategy:objective-list"))
        return context


class ObjectiveCreate(ToDetail, RecordCreateView):
    model = Objective
    form_class = forms.ObjectiveForm
    nav_section = NAV
    detail_url_name = "strategy:objective-detail"
    extra_context = {"page_title": "Add an objective", "submit_label": "Add objective"}
    success_message = "Objective added"

    def get_initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in ObjectiveKind.values else {}


class ObjectiveEdit(ToDetail, RecordUpdateView):
    model = Objective
    form_class = forms.ObjectiveForm
    nav_section = NAV
    detail_url_name = "strategy:objective-detail"
    extra_context = {"page_title": "Change objective"}


# Service design principles --------------------------------------------------------------------------------


class PrincipleList(RecordListView):
    model = Principle
    template_name = "strategy/principle_list.html"
    filterset_class = filters.PrincipleFilterSet
    page_title = "Service design principles"
    export_name = "principles"
    create_label = "Add a principle"
    nav_section = NAV

    def create_url(self) -> str:
        return org_url("strategy:principle-create", self.organisation)


class PrincipleDetail(RecordDetailView):
    model = Principle
    template_name = "strategy/principle_detail.html"
    edit_url_name = "strategy:principle-edit"
    nav_section = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["projects"] = linked_projects(self.object, self.request.user)
        context["caption"] = "Service design principle"
        context["breadcrumbs"] = crumbs(self, ("Service design principles", "strategy:principle-list"))
        return context


class PrincipleCreate(ToDetail, RecordCreateView):
    model = Principle
    form_class = forms.PrincipleForm
    nav_section = NAV
    detail_url_name = "strategy:principle-detail"
    extra_context = {"page_title": "Add a service design principle", "submit_label": "Add principle"}
    success_message = "Principle added"


class PrincipleEdit(ToDetail, RecordUpdateView):
    model = Principle
    form_class = forms.PrincipleForm
    nav_section = NAV
    detail_url_name = "strategy:principle-detail"
    extra_context = {"page_title": "Change service design principle"}
