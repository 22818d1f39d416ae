"""One FilterSet per list, shared by the web page and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.strategy.models import Objective, ObjectiveKind, Plan, Principle, Priority, Theme


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
    q = filters.CharFilter(method="search", label="Search titles and codes")
    plan = filters.ModelChoiceFilter(field_name="theme__plan", queryset=Plan.objects.all(), label="Plan")
    theme = filters.ModelChoiceFilter(method="filter_theme", queryset=Theme.objects.all(), label="Theme",
                                      help_text="A theme's priorities include those of its sub-themes")

    class Meta:
        model = Priority
        fields = ["organisation", "q", "plan", "theme", "code"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value))

    def filter_theme(self, queryset: QuerySet, name: str, value: Theme | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Q(theme=value) | Q(theme__parent=value))


class ObjectiveFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=ObjectiveKind.choices)

    class Meta:
        model = Objective
        fields = ["organisation", "kind", "code"]


class PrincipleFilterSet(OrganisationFilterSet):
    class Meta:
        model = Principle
        fields = ["organisation", "code"]
