"""Pages for decisions (with the key-decision test, the forward plan notice, the options considered, the
implications and the route through boards), the forward plan, and the key-decision thresholds. The test and the
notice are ``beacon.governance.selectors.key_decisions`` (applied to a whole page at once); these views only
put its answers into words on the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordFormMixin,
    RecordListView,
    RecordUpdateView,
    RefusesStaleEdit,
    org_url,
)
from beacon.core.money import pounds_text
from beacon.finance.models import Contract
from beacon.finance.views.resources import ChildCreateView
from beacon.governance import filters, forms
from beacon.governance.keydecision import clear_days, count_wards
from beacon.governance.models import (
    Decision,
    DecisionOption,
    DecisionStatus,
    Implication,
    KeyDecisionThresholds,
)
from beacon.governance.route import route_items, route_words
from beacon.governance.selectors import KeyDecision, key_decisions, linked_figures, thresholds_for
from beacon.governance.views.boards import GovernanceSection, readable
from beacon.programmes.models import Project

# In words -----------------------------------------------------------------------------------------------------------


def figure_source(entered: int | None, linked: int, linked_words: str) -> str:
    """Which figure the test used and where it came from (the larger of the one entered and the linked one)."""
    if entered is None and not linked:
        return "None recorded"
    if entered is None:
        return f"{pounds_text(linked)}: {linked_words}"
    if not linked:
        return f"{pounds_text(entered)}: the figure entered"
    if entered >= linked:
        return f"{pounds_text(entered)}: the figure entered ({linked_words}: {pounds_text(linked)})"
    return f"{pounds_text(linked)}: {linked_words}, more than the figure entered ({pounds_text(entered)})"


def wards_words(decision: Decision) -> str:
    count, all_wards = count_wards(decision.wards_affected)
    where = "All wards" if all_wards or decision.all_wards else (
        f"{count} ward{'s' if count != 1 else ''} listed" if count else "No wards listed"
    )
    impact = "significant impact recorded" if decision.significant_ward_impact else "no significant impact recorded"
    return f"{where}; {impact}"


@dataclass(frozen=True)
class NoticeTag:
    label: str
    colour: str


def notice_tag(decision: Decision, answer: KeyDecision) -> NoticeTag:
    """A tag with words for a decision's forward plan notice (never colour alone)."""
    if not answer.key:
        return NoticeTag("Not key", "govuk-tag--grey")
    if answer.notice.flagged:
        return NoticeTag("Flagged", "govuk-tag--red")
    if decision.special_urgency or decision.general_exception:
        if answer.notice.clear_days is None or answer.notice.clear_days < answer.thresholds.notice_days:
            return NoticeTag("Exception recorded", "govuk-tag--yellow")
    if decision.decision_date is None or decision.forward_plan_published is None:
        return NoticeTag("No date yet", "govuk-tag--grey")
    return NoticeTag("Enough notice", "govuk-tag--green")


def rows_for(decisions: list[Decision]) -> list[dict[str, Any]]:
    answers = key_decisions(decisions)
    return [{"decision": decision, "kd": answers[decision.pk], "tag": notice_tag(decision, answers[decision.pk])}
            for decision in decisions]


# Decisions ---------------------------------------------------------------------------------------------------------


class DecisionSection(GovernanceSection):
    section = "decisions"
    list_url_name = "governance:decision-list"
    list_label = "Decisions"


class DecisionList(DecisionSection, RecordListView):
    model = Decision
    template_name = "governance/decision_list.html"
    filterset_class = filters.DecisionFilterSet
    page_title = "Decisions"
    create_label = "Add a decision"
    select_related = ("decision_maker",)
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        return Decision.objects.order_by("-decision_date", "title", "pk")

    def create_url(self) -> str:
        return org_url("governance:decision-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = rows_for(list(context["object_list"]))
        return context


class DecisionDetail(DecisionSection, RecordDetailView):
    model = Decision
    template_name = "governance/decision_detail.html"
    edit_url_name = "governance:decision-edit"

    def get_queryset(self) -> QuerySet:
        return Decision.objects.select_related("decision_maker")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decision = self.object
        user = self.request.user
        answer = key_decisions([decision])[decision.pk]
        revenue, fees = linked_figures([decision])[decision.pk]
        items = list(readable(decision.items.all(), self.request, self.organisation).select_related("meeting__board"))
        route = route_items(items, user) if items else []
        may_write = context["can_change"]
        context.update(
            caption="Decision",
            kd=answer,
            tag=notice_tag(decision, answer),
            revenue_words=figure_source(decision.revenue_impact_pence, revenue,
                                        "the linked projects' savings in their largest year"),
            contract_words=figure_source(decision.contract_value_pence, fees, "the linked contracts' fees"),
            capital_words=figure_source(decision.capital_scheme_pence, 0, ""),
            wards_words=wards_words(decision),
            clear_days=(clear_days(decision.forward_plan_published, decision.decision_date)
                        if decision.forward_plan_published and decision.decision_date else None),
            wards=[] if decision.all_wards or count_wards(decision.wards_affected)[1] else
            [line for line in decision.wards_affected.splitlines() if line.strip()],
            thresholds_set=KeyDecisionThresholds.objects.filter(organisation=self.organisation).exists(),
            options=list(decision.options.all()),
            implications=list(decision.implications.all()),
            projects=list(readable(Project.objects.filter(decisions=decision), self.request, self.organisation)
                          .order_by("code", "title")),
            contracts=list(readable(Contract.objects.filter(decisions=decision), self.request, self.organisation)
                           .order_by("title")),
            route=route,
            route_words=route_words(route),
            decision_items={item.pk for item in items},
            can_add_option=may_write and policy.can_create(user, self.organisation, DecisionOption),
            can_add_implication=may_write and policy.can_create(user, self.organisation, Implication),
        )
        return context


class DecisionCreate(DecisionSection, RecordCreateView):
    model = Decision
    template_name = "governance/form.html"
    form_class = forms.DecisionForm
    extra_context = {"page_title": "Add a decision", "submit_label": "Add decision"}
    success_message = "Decision added"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("decision_maker",) if key in self.request.GET}

    success_url_name = "governance:decision-detail"


class DecisionEdit(DecisionSection, RecordUpdateView):
    model = Decision
    template_name = "governance/form.html"
    form_class = forms.DecisionForm
    extra_context = {"page_title": "Change decision"}

    success_url_name = "governance:decision-detail"


class DecisionChildMixin(DecisionSection):
    """Options and implications are added and changed from their decision's page and go back to it."""

    object: Any
    noun = ""

    def decision_url(self, decision_id: int) -> str:
        return org_url("governance:decision-detail", self.organisation, pk=decision_id)

    def get_success_url(self) -> str:
        return self.decision_url(self.object.decision_id)


class OptionCreate(DecisionChildMixin, ChildCreateView):
    model = DecisionOption
    template_name = "governance/form.html"
    parent_model = Decision
    form_class = forms.DecisionOptionForm
    success_message = "Option added"

    def get_initial(self) -> dict[str, Any]:
        return {"order": self.parent.options.count() + 1}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add an option considered", caption=str(self.parent), submit_label="Add option",
                       cancel_url=self.decision_url(self.parent.pk))
        return context


class OptionEdit(DecisionChildMixin, RecordUpdateView):
    model = DecisionOption
    template_name = "governance/form.html"
    form_class = forms.DecisionOptionForm
    success_message = "Option saved"

    def get_queryset(self) -> QuerySet:
        return DecisionOption.objects.select_related("decision")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change an option considered", caption=str(self.object.decision),
                       cancel_url=self.decision_url(self.object.decision_id))
        return context


class ImplicationCreate(DecisionChildMixin, ChildCreateView):
    model = Implication
    template_name = "governance/form.html"
    parent_model = Decision
    form_class = forms.ImplicationForm
    success_message = "Implication added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add an implication", caption=str(self.parent), submit_label="Add implication",
                       cancel_url=self.decision_url(self.parent.pk))
        return context


class ImplicationEdit(DecisionChildMixin, RecordUpdateView):
    model = Implication
    template_name = "governance/form.html"
    form_class = forms.ImplicationForm
    success_message = "Implication saved"

    def get_queryset(self) -> QuerySet:
        return Implication.objects.select_related("decision").filter(decision__isnull=False)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change an implication", caption=str(self.object.decision),
                       cancel_url=self.decision_url(self.object.decision_id))
        return context


# The forward plan ---------------------------------------------------------------------------------------------------


def forward_plan_rows(decisions: list[Decision], today: dt.date) -> list[dict[str, Any]]:
    """The key decisions among ``decisions``: upcoming first (soonest first), then those with no date yet, then
    past ones (latest first)."""
    rows = [row for row in rows_for(decisions) if row["kd"].key]

    def order(row: dict[str, Any]) -> tuple[int, int]:
        date = row["decision"].decision_date
        if date is None:
            return (1, 0)
        return (0, date.toordinal()) if date >= today else (2, -date.toordinal())

    return sorted(rows, key=order)


class ForwardPlan(GovernanceSection, OrganisationMixin, generic.TemplateView):
    template_name = "governance/forward_plan.html"
    section = "forward-plan"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decisions = readable(Decision.objects.exclude(status=DecisionStatus.WITHDRAWN), self.request,
                             self.organisation).select_related("decision_maker").order_by("decision_date", "pk")
        today = timezone.localdate()
        rows = forward_plan_rows(list(decisions), today)
        context.update(
            page_title="Forward plan of key decisions",
            rows=rows, today=today,
            flagged=sum(1 for row in rows if row["kd"].notice.flagged),
            thresholds=thresholds_for(self.organisation),
        )
        return context


# Key-decision thresholds -----------------------------------------------------------------------------------------


class Thresholds(GovernanceSection, OrganisationMixin, generic.TemplateView):
    template_name = "governance/thresholds.html"
    section = "thresholds"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = KeyDecisionThresholds.objects.filter(organisation=self.organisation).first()
        user = self.request.user
        may_edit = policy.can_change(user, row) if row else policy.can_create(user, self.organisation,
                                                                              KeyDecisionThresholds)
        context.update(page_title="Key-decision thresholds", row=row, thresholds=thresholds_for(self.organisation),
                       edit_url=org_url("governance:thresholds-edit", self.organisation) if may_edit else None)
        return context


class ThresholdsEdit(GovernanceSection, RefusesStaleEdit, RecordFormMixin, generic.UpdateView):
    """Sets the organisation's thresholds (the first save creates its row): administrator and monitoring
    officer only (``KeyDecisionThresholds.writer_roles``)."""

    model = KeyDecisionThresholds
    form_class = forms.ThresholdsForm
    template_name = "governance/form.html"
    section = "thresholds"
    success_message = "Key-decision thresholds saved"
    list_url_name = "governance:thresholds"
    list_label = "Key-decision thresholds"

    def versioned_rows(self) -> QuerySet:
        return KeyDecisionThresholds.objects.filter(organisation=self.organisation)

    def get_object(self, queryset: QuerySet | None = None) -> KeyDecisionThresholds:
        row = KeyDecisionThresholds.objects.filter(organisation=self.organisation).first()
        user = self.request.user
        if row is None:
            if not policy.can_create(user, self.organisation, KeyDecisionThresholds):
                raise PermissionDenied
            return KeyDecisionThresholds(organisation=self.organisation)
        if not policy.can_change(user, row):
            raise PermissionDenied
        return row

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change the key-decision thresholds", caption=str(self.organisation),
                       cancel_url=org_url("governance:thresholds", self.organisation))
        return context

    def saved_label(self, obj: Any) -> str:
        return str(self.organisation)

    def get_success_url(self) -> str:
        return org_url("governance:thresholds", self.organisation)


urlpatterns: list[URLPattern] = [
    path("decisions/", DecisionList.as_view(), name="decision-list"),
    path("decisions/add/", DecisionCreate.as_view(), name="decision-create"),
    path("decisions/<int:pk>/", DecisionDetail.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/edit/", DecisionEdit.as_view(), name="decision-edit"),
    path("decisions/<int:pk>/options/add/", OptionCreate.as_view(), name="decision-option-create"),
    path("decision-options/<int:pk>/edit/", OptionEdit.as_view(), name="decision-option-edit"),
    path("decisions/<int:pk>/implications/add/", ImplicationCreate.as_view(), name="implication-create"),
    path("implications/<int:pk>/edit/", ImplicationEdit.as_view(), name="implication-edit"),
    path("forward-plan/", ForwardPlan.as_view(), name="forward-plan"),
    path("thresholds/", Thresholds.as_view(), name="thresholds"),
    path("thresholds/edit/", ThresholdsEdit.as_view(), name="thresholds-edit"),
]
