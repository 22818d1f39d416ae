"""FilterSets of the MTFS, benefits, costs, funding sources and contracts: each serves the web list and the API
collection alike (STYLE rule 4). Financial years are chosen by their label ("?financial_year=2024/25")."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.core.models import FinancialYear
from beacon.finance.models import (
    Benefit,
    BenefitKind,
    BenefitProfilePoint,
    Contract,
    ContractMilestone,
    Cost,
    CostKind,
    FundingKind,
    FundingSource,
    FundingStatus,
    Mtfs,
)
from beacon.programmes.models import Phase, Programme, Project


def deadline_passed_q(today: dt.date) -> Q:
    """Funding whose deadline has passed while it is still only expected (neither agreed nor received, and not
    withdrawn, which needs no chasing)."""
    return Q(deadline__lt=today, status=FundingStatus.EXPECTED)


def deadline_passed(source: FundingSource, today: dt.date) -> bool:
    """The same rule as ``deadline_passed_q`` for one record already in hand."""
    return source.deadline is not None and source.deadline < today and source.status == FundingStatus.EXPECTED


def year_filter(**kwargs: object) -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(
        queryset=FinancialYear.objects.all(), to_field_name="label", label="Financial year", **kwargs
    )


class MtfsFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())

    class Meta:
        model = Mtfs
        fields = ["organisation", "programme"]


class BenefitFilterSet(OrganisationFilterSet):
    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    kind = filters.ChoiceFilter(choices=BenefitKind.choices, empty_label="Any")
    dis_benefit = yes_no_filter(label="Dis-benefit")

    class Meta:
        model = Benefit
        fields = ["organisation", "project", "kind", "dis_benefit", "code"]


class BenefitProfilePointFilterSet(OrganisationFilterSet):
    benefit = filters.ModelChoiceFilter(queryset=Benefit.objects.all())

    class Meta:
        model = BenefitProfilePoint
        fields = ["organisation", "benefit"]


class CostFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())
    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    financial_year = year_filter()
    kind = filters.ChoiceFilter(choices=CostKind.choices, empty_label="Any")

    class Meta:
        model = Cost
        fields = ["organisation", "programme", "project", "financial_year", "kind"]


class FundingSourceFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())
    kind = filters.ChoiceFilter(choices=FundingKind.choices, empty_label="Any")
    status = filters.ChoiceFilter(choices=FundingStatus.choices, empty_label="Any")
    deadline_passed = yes_no_filter(method="filter_deadline_passed", label="Deadline passed, not yet agreed")

    class Meta:
        model = FundingSource
        fields = ["organisation", "programme", "kind", "status", "deadline_passed", "code"]

    def filter_deadline_passed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        passed = deadline_passed_q(timezone.localdate())
        return queryset.filter(passed) if value else queryset.exclude(passed)


class ContractFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())
    phase = filters.ModelChoiceFilter(queryset=Phase.objects.all())
    partner = filters.CharFilter(lookup_expr="icontains", label="Delivery partner")

    class Meta:
        model = Contract
        fields = ["organisation", "programme", "phase", "partner", "code"]


class ContractMilestoneFilterSet(OrganisationFilterSet):
    contract = filters.ModelChoiceFilter(queryset=Contract.objects.all())

    class Meta:
        model = ContractMilestone
        fields = ["organisation", "contract"]
