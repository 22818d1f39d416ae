"""Pages for benefits (and their profile), costs and funding sources, and delivery partner contracts (and their
milestones): thin views over the generic ones. A record that hangs on a parent (a profile point, a contract
milestone) is added from the parent's page and follows the parent's permissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils import timezone

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.core.templatetags.govuk import govuk_date
from beacon.finance import filters_resources as filters
from beacon.finance import forms_resources as forms
from beacon.finance.models import Benefit, BenefitProfilePoint, Contract, ContractMilestone, Cost, FundingSource
from beacon.finance.sections import money_context

# Return on investment -------------------------------------------------------------------------------------------


def ratio_number(value: Decimal) -> str:
    """A ratio's number without trailing zeros: 3.40 → "3.4", 3.00 → "3", 30 → "30"."""
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def roi_text(contract: Contract) -> str:
    """Savings identified ÷ fees as councils write it: "3.4 : 1" ("" with no fees)."""
    roi = contract.roi
    return "" if roi is None else f"{ratio_number(roi)} : 1"


def expected_range_text(contract: Contract) -> str:
    """The expected range: "3:1 to 5:1"."""
    return f"{ratio_number(contract.roi_expected_low)}:1 to {ratio_number(contract.roi_expected_high)}:1"


def roi_position_text(contract: Contract) -> str:
    """Where the return sits against the expected range, in words."""
    position = contract.roi_position
    if not position:
        return "Not worked out: no fees are recorded"
    return f"{position} the expected range of {expected_range_text(contract)}"


# Funding sources ------------------------------------------------------------------------------------------------


def funding_rows(sources: list[FundingSource]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [{"source": source, "deadline_passed": filters.deadline_passed(source, today)} for source in sources]


# Costs by project and year --------------------------------------------------------------------------------------


@dataclass
class PivotRow:
    label: str
    project_id: int | None
    amounts: list[int | None]
    total: int = 0


@dataclass
class CostPivot:
    """Costs summed by project (rows) and financial year (columns), with the totals of each year."""

    years: list[str] = field(default_factory=list)
    rows: list[PivotRow] = field(default_factory=list)
    year_totals: list[int] = field(default_factory=list)
    total: int = 0


def cost_pivot(costs: QuerySet[Cost]) -> CostPivot:
    """One grouped query: the costs of ``costs`` by project and year."""
    summed = list(
        costs.order_by()
        .values("project_id", "project__code", "project__title", "financial_year__start_year", "financial_year__label")
        .annotate(amount=Sum("amount_pence"))
    )
    years = sorted({(item["financial_year__start_year"], item["financial_year__label"]) for item in summed})
    column = {start: index for index, (start, _) in enumerate(years)}
    rows: dict[int | None, PivotRow] = {}
    for item in summed:
        project = item["project_id"]
        if project not in rows:
            label = " ".join(filter(None, [item["project__code"], item["project__title"]])) if project else ""
            rows[project] = PivotRow(label=label or "Programme-wide (no project)", project_id=project,
                                     amounts=[None] * len(years))
        row = rows[project]
        index = column[item["financial_year__start_year"]]
        row.amounts[index] = (row.amounts[index] or 0) + (item["amount"] or 0)
        row.total += item["amount"] or 0
    ordered = sorted(rows.values(), key=lambda row: (row.project_id is None, row.label))
    year_totals = [sum(row.amounts[index] or 0 for row in ordered) for index in range(len(years))]
    return CostPivot(years=[label for _, label in years], rows=ordered, year_totals=year_totals,
                     total=sum(year_totals))


# Shared -----------------------------------------------------------------------------------------------------------


class MoneySection:
    """The money sub-navigation on every page of these views (``money_key``), and the section's crumbs."""

    organisation: Any
    money_key = ""
    list_url_name = ""
    list_label = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(money_context(self.organisation, self.money_key))
        if self.list_url_name:
            context.setdefault(
                "breadcrumbs", [{"label": self.list_label, "url": org_url(self.list_url_name, self.organisation)}]
            )
        return context


class ChildCreateView(RecordCreateView):
    """Adds a record to a parent named in the URL: 404 unless the user may read the parent, 403 unless they may
    change it (a project lead adds profile points to benefits of their own projects only)."""

    parent_model: type[Model]
    parent: Any

    def check_create(self) -> None:
        parent: Any = get_object_or_404(self.parent_model._default_manager.all(), pk=self.kwargs["pk"])
        if parent.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, parent):
            raise Http404("No such record for you.")
        self.parent = parent
        super().check_create()
        if not policy.can_change(self.request.user, parent):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["parent"] = self.parent
        return kwargs


class BenefitPointSaved:
    """The success message names a benefit profile point by its date as pages write it ("31 March 2025, Fewer
    agency staff"), where the record's own name would give it in ISO form."""

    def saved_label(self, obj: Any) -> str:
        return f"{govuk_date(obj.date)}, {obj.benefit}"


# Benefits ----------------------------------------------------------------------------------------------------------


class BenefitSection(MoneySection):
    money_key = "benefits"
    list_url_name = "finance:benefit-list"
    list_label = "Benefits"
    nav_section = "money"


class BenefitList(BenefitSection, RecordListView):
    model = Benefit
    template_name = "finance/benefit_list.html"
    filterset_class = filters.BenefitFilterSet
    page_title = "Benefits"
    create_label = "Add a benefit"
    select_related = ("project",)
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        return Benefit.objects.order_by("project__code", "title", "pk")

    def create_url(self) -> str:
        return org_url("finance:benefit-create", self.organisation)


class BenefitDetail(BenefitSection, RecordDetailView):
    model = Benefit
    template_name = "finance/benefit_detail.html"
    edit_url_name = "finance:benefit-edit"

    def get_queryset(self) -> QuerySet:
        return Benefit.objects.select_related("project", "kpi")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        benefit = self.object
        context["profile"] = benefit.profile.all()
        context["can_add_point"] = context["can_change"] and policy.can_create(
            self.request.user, self.organisation, BenefitProfilePoint
        )
        context["caption"] = "Dis-benefit" if benefit.dis_benefit else f"{benefit.get_kind_display()} benefit"
        # A confidential KPI's title is shown only to those who may read the KPI.
        context["kpi"] = benefit.kpi if benefit.kpi and policy.can_read(self.request.user, benefit.kpi) else None
        return context


class BenefitCreate(BenefitSection, RecordCreateView):
    model = Benefit
    template_name = "finance/benefit_form.html"
    form_class = forms.BenefitForm
    extra_context = {"page_title": "Add a benefit", "submit_label": "Add benefit"}
    success_message = "Benefit added"

    def get_initial(self) -> dict[str, Any]:
        return {"project": self.request.GET.get("project")}

    success_url_name = "finance:benefit-detail"


class BenefitEdit(BenefitSection, RecordUpdateView):
    model = Benefit
    template_name = "finance/benefit_form.html"
    form_class = forms.BenefitForm
    extra_context = {"page_title": "Change benefit"}

    success_url_name = "finance:benefit-detail"


class BenefitPointCreate(BenefitPointSaved, BenefitSection, ChildCreateView):
    model = BenefitProfilePoint
    template_name = "finance/benefit_form.html"
    parent_model = Benefit
    form_class = forms.BenefitProfilePointForm
    success_message = "Profile point added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add a point to the benefit profile", caption=str(self.parent),
                       submit_label="Add point",
                       cancel_url=org_url("finance:benefit-detail", self.organisation, pk=self.parent.pk))
        return context

    success_url_name = "finance:benefit-detail"
    success_pk_field = "benefit_id"


class BenefitPointEdit(BenefitPointSaved, BenefitSection, RecordUpdateView):
    model = BenefitProfilePoint
    template_name = "finance/benefit_form.html"
    form_class = forms.BenefitProfilePointForm
    success_message = "Profile point saved"

    def get_queryset(self) -> QuerySet:
        return BenefitProfilePoint.objects.select_related("benefit__project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        benefit_url = org_url("finance:benefit-detail", self.organisation, pk=self.object.benefit_id)
        context.update(page_title="Change a point of the benefit profile", caption=str(self.object.benefit),
                       cancel_url=benefit_url)
        return context

    success_url_name = "finance:benefit-detail"
    success_pk_field = "benefit_id"


# Costs and funding ---------------------------------------------------------------------------------------------


class CostSection(MoneySection):
    money_key = "costs"
    list_url_name = "finance:cost-list"
    list_label = "Costs and funding"
    nav_section = "money"


class CostList(CostSection, RecordListView):
    model = Cost
    template_name = "finance/cost_list.html"
    filterset_class = filters.CostFilterSet
    page_title = "Costs and funding"
    export_name = "costs"
    create_label = "Add a cost"
    select_related = ("project", "financial_year", "funding_source")
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        return Cost.objects.order_by("financial_year__start_year", "project__code", "title", "pk")

    def create_url(self) -> str:
        return org_url("finance:cost-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sources = policy.readable(FundingSource.objects.all(), user).filter(organisation=self.organisation)
        sources = sources.select_related("financial_year").order_by("deadline", "title", "pk")
        context["pivot"] = cost_pivot(cast(QuerySet, self.object_list))  # the filtered list, before paging
        context["funding"] = funding_rows(list(sources))
        context["can_add_funding"] = policy.can_create(user, self.organisation, FundingSource)
        return context


class CostCreate(CostSection, RecordCreateView):
    model = Cost
    template_name = "finance/cost_form.html"
    form_class = forms.CostForm
    extra_context = {"page_title": "Add a cost", "submit_label": "Add cost"}
    success_message = "Cost added"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("programme", "project") if key in self.request.GET}

    def get_success_url(self) -> str:
        return org_url("finance:cost-list", self.organisation)


class CostEdit(CostSection, RecordUpdateView):
    model = Cost
    template_name = "finance/cost_form.html"
    form_class = forms.CostForm
    extra_context = {"page_title": "Change cost"}

    def get_success_url(self) -> str:
        return org_url("finance:cost-list", self.organisation)


class FundingDetail(CostSection, RecordDetailView):
    model = FundingSource
    template_name = "finance/funding_detail.html"
    edit_url_name = "finance:funding-edit"

    def get_queryset(self) -> QuerySet:
        return FundingSource.objects.select_related("programme", "financial_year")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        source = self.object
        costs = policy.readable(source.costs.all(), self.request.user).select_related("project", "financial_year")
        costs = list(costs.order_by("financial_year__start_year", "title", "pk"))
        committed = sum(cost.amount_pence for cost in costs)
        context.update(
            costs=costs, committed=committed, remaining=source.amount_pence - committed,
            deadline_passed=filters.deadline_passed(source, timezone.localdate()), caption="Funding source",
        )
        return context


class FundingCreate(CostSection, RecordCreateView):
    model = FundingSource
    template_name = "finance/funding_form.html"
    form_class = forms.FundingSourceForm
    extra_context = {"page_title": "Add a funding source", "submit_label": "Add funding source"}
    success_message = "Funding source added"

    def get_initial(self) -> dict[str, Any]:
        return {"programme": self.request.GET.get("programme")}

    success_url_name = "finance:funding-detail"


class FundingEdit(CostSection, RecordUpdateView):
    model = FundingSource
    template_name = "finance/funding_form.html"
    form_class = forms.FundingSourceForm
    extra_context = {"page_title": "Change funding source"}

    success_url_name = "finance:funding-detail"


# Delivery partner contracts -------------------------------------------------------------------------------------


class ContractSection(MoneySection):
    money_key = "contracts"
    list_url_name = "finance:contract-list"
    list_label = "Delivery partners"
    nav_section = "money"


class ContractList(ContractSection, RecordListView):
    model = Contract
    template_name = "finance/contract_list.html"
    filterset_class = filters.ContractFilterSet
    page_title = "Delivery partner contracts"
    export_name = "contracts"
    create_label = "Add a contract"
    select_related = ("programme", "phase")
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        return Contract.objects.order_by("start_date", "title", "pk")

    def create_url(self) -> str:
        return org_url("finance:contract-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {"contract": contract, "roi": roi_text(contract), "position": roi_position_text(contract)}
            for contract in context["object_list"]
        ]
        return context


class ContractDetail(ContractSection, RecordDetailView):
    model = Contract
    template_name = "finance/contract_detail.html"
    edit_url_name = "finance:contract-edit"

    def get_queryset(self) -> QuerySet:
        return Contract.objects.select_related("programme", "phase")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contract = self.object
        context = super().get_context_data(**kwargs)
        milestones = list(contract.milestones.all())
        context.update(
            roi=roi_text(contract), roi_position=roi_position_text(contract),
            expected_range=expected_range_text(contract), milestones=milestones,
            milestone_fees=sum(milestone.fee_pence or 0 for milestone in milestones),
            can_add_milestone=context["can_change"] and policy.can_create(
                self.request.user, self.organisation, ContractMilestone
            ),
            caption="Delivery partner contract",
        )
        return context


class ContractCreate(ContractSection, RecordCreateView):
    model = Contract
    template_name = "finance/contract_form.html"
    form_class = forms.ContractForm
    extra_context = {"page_title": "Add a delivery partner contract", "submit_label": "Add contract"}
    success_message = "Contract added"

    def get_initial(self) -> dict[str, Any]:
        return {"programme": self.request.GET.get("programme")}

    success_url_name = "finance:contract-detail"


class ContractEdit(ContractSection, RecordUpdateView):
    model = Contract
    template_name = "finance/contract_form.html"
    form_class = forms.ContractForm
    extra_context = {"page_title": "Change contract"}

    success_url_name = "finance:contract-detail"


class ContractMilestoneCreate(ContractSection, ChildCreateView):
    model = ContractMilestone
    template_name = "finance/contract_form.html"
    parent_model = Contract
    form_class = forms.ContractMilestoneForm
    success_message = "Milestone added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add a contract milestone", caption=str(self.parent), submit_label="Add milestone",
                       cancel_url=org_url("finance:contract-detail", self.organisation, pk=self.parent.pk))
        return context

    success_url_name = "finance:contract-detail"
    success_pk_field = "contract_id"


class ContractMilestoneEdit(ContractSection, RecordUpdateView):
    model = ContractMilestone
    template_name = "finance/contract_form.html"
    form_class = forms.ContractMilestoneForm
    success_message = "Milestone saved"

    def get_queryset(self) -> QuerySet:
        return ContractMilestone.objects.select_related("contract")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change a contract milestone", caption=str(self.object.contract),
                       cancel_url=org_url("finance:contract-detail", self.organisation, pk=self.object.contract_id))
        return context

    success_url_name = "finance:contract-detail"
    success_pk_field = "contract_id"


urlpatterns: list[URLPattern] = [
    path("benefits/", BenefitList.as_view(), name="benefit-list"),
    path("benefits/add/", BenefitCreate.as_view(), name="benefit-create"),
    path("benefits/<int:pk>/", BenefitDetail.as_view(), name="benefit-detail"),
    path("benefits/<int:pk>/edit/", BenefitEdit.as_view(), name="benefit-edit"),
    path("benefits/<int:pk>/profile/add/", BenefitPointCreate.as_view(), name="benefit-point-create"),
    path("benefit-points/<int:pk>/edit/", BenefitPointEdit.as_view(), name="benefit-point-edit"),
    path("costs/", CostList.as_view(), name="cost-list"),
    path("costs/add/", CostCreate.as_view(), name="cost-create"),
    path("costs/<int:pk>/edit/", CostEdit.as_view(), name="cost-edit"),
    path("funding/add/", FundingCreate.as_view(), name="funding-create"),
    path("funding/<int:pk>/", FundingDetail.as_view(), name="funding-detail"),
    path("funding/<int:pk>/edit/", FundingEdit.as_view(), name="funding-edit"),
    path("contracts/", ContractList.as_view(), name="contract-list"),
    path("contracts/add/", ContractCreate.as_view(), name="contract-create"),
    path("contracts/<int:pk>/", ContractDetail.as_view(), name="contract-detail"),
    path("contracts/<int:pk>/edit/", ContractEdit.as_view(), name="contract-edit"),
    path("contracts/<int:pk>/milestones/add/", ContractMilestoneCreate.as_view(), name="contract-milestone-create"),
    path("contract-milestones/<int:pk>/edit/", ContractMilestoneEdit.as_view(), name="contract-milestone-edit"),
]
