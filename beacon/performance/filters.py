"""FilterSets of KPIs, targets and observations: each serves the web list and the API collection alike (STYLE
rule 4).

A KPI's status is that of its latest observed period (``selectors.latest_results``) and "overdue" follows
``freshness``: neither is a column, so both filters narrow by ids worked out in a constant number of queries.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from beacon.core import policy
from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.performance import freshness
from beacon.performance.models import Kpi, KpiTarget, Observation, Polarity
from beacon.performance.periods import Frequency
from beacon.performance.selectors import latest_results
from beacon.performance.status import Status
from beacon.programmes.models import Project
from beacon.strategy.models import Priority

User = get_user_model()


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class OwnerChoiceFilter(filters.ModelChoiceFilter):
    """A KPI's owner, chosen among the users who hold a role where the reader does (never a stranger)."""

    field_class = OwnerField


class KpiFilterSet(OrganisationFilterSet):
    status = filters.ChoiceFilter(choices=Status.choices, method="filter_status", empty_label="Any",
                                  label="Status of the latest period")
    frequency = filters.ChoiceFilter(choices=Frequency.choices, empty_label="Any")
    polarity = filters.ChoiceFilter(choices=Polarity.choices, empty_label="Any")
    owner = OwnerChoiceFilter(queryset=User.objects.none(), label="Owner")
    priority = filters.ModelChoiceFilter(queryset=Priority.objects.all(), field_name="priorities", label="Priority")
    project = filters.ModelChoiceFilter(queryset=Project.objects.all(), field_name="projects", label="Project")
    public = yes_no_filter(label="Public")
    overdue = yes_no_filter(method="filter_overdue", label="Overdue for a figure")
    archived = yes_no_filter(label="Archived")

    class Meta:
        model = Kpi
        fields = ["organisation", "status", "frequency", "polarity", "owner", "priority", "project", "public",
                  "overdue", "archived", "code"]
        api_only = ("project", "code")

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        request = kwargs.get("request")
        organisations = [organisation.pk] if organisation is not None else list(
            policy.roles_of(getattr(request, "user", None)) if request is not None else []
        )
        owner = self.filters.get("owner")
        if owner is not None:
            owner.queryset = User.objects.filter(memberships__organisation_id__in=organisations).distinct().order_by(
                "first_name", "last_name", "username"
            )

    def filter_status(self, queryset: QuerySet[Kpi], name: str, value: str) -> QuerySet[Kpi]:
        if not value:
            return queryset
        results = latest_results(queryset)
        if value == Status.NO_DATA:
            return queryset.exclude(pk__in=list(results))
        return queryset.filter(pk__in=[pk for pk, result in results.items() if result.status == value])

    def filter_overdue(self, queryset: QuerySet[Kpi], name: str, value: bool | None) -> QuerySet[Kpi]:
        if value is None:
            return queryset
        ids = list(freshness.overdue(queryset).values_list("pk", flat=True))
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class KpiFigureFilterSet(OrganisationFilterSet):
    kpi = filters.ModelChoiceFilter(queryset=Kpi.objects.all())
    period_start = filters.DateFilter(label="Period start (ISO date)")
    period_after = filters.DateFilter(field_name="period_start", lookup_expr="gte",
                                      label="Periods starting on or after (ISO date)")
    period_before = filters.DateFilter(field_name="period_start", lookup_expr="lte",
                                       label="Periods starting on or before (ISO date)")


class KpiTargetFilterSet(KpiFigureFilterSet):
    class Meta:
        model = KpiTarget
        fields = ["organisation", "kpi", "period_start", "period_after", "period_before"]


class ObservationFilterSet(KpiFigureFilterSet):
    class Meta:
        model = Observation
        fields = ["organisation", "kpi", "period_start", "period_after", "period_before"]
