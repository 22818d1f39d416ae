from __future__ import annotations

from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.strategy.models import Objective, ObjectiveKind, Plan, Priority, Theme


class PlanFilterSet(OrganisationFilterSet):
    class Meta:
        model = Plan
        fields = ["organisation", "status"]


class ThemeFilterSet(OrganisationFilterSet):
    top_level = yes_no_filter(field_name="parent", lookup_expr="isnull", label="Top-level themes only")

    class Meta:
        model = Theme
        fields = ["organisation", "plan", "parent"]


class PriorityFilterSet(OrganisationFilterSet):
    class Meta:
        model = Priority
        fields = ["organisation", "theme", "code"]


class ObjectiveFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=ObjectiveKind.choices)

    class Meta:
        model = Objective
        fields = ["organisation", "kind", "code"]
