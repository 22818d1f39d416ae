"""API for plans, themes, priorities and objectives."""

from __future__ import annotations

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.strategy import filters
from beacon.strategy.models import Objective, Plan, Priority, Theme

AUDIT = ["created_at", "modified_at"]


class PlanSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Plan
        fields = ["id", "organisation", "title", "period_start", "period_end", "status", "public", "source", *AUDIT]


class ThemeSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Theme
        fields = ["id", "organisation", "plan", "parent", "title", "order", *AUDIT]


class PrioritySerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Priority
        fields = ["id", "organisation", "theme", "code", "title", "description", *AUDIT]


class ObjectiveSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Objective
        fields = ["id", "organisation", "kind", "code", "title", "description", "source", *AUDIT]


class PlanViewSet(OrganisationOwnedViewSet):
    model = Plan
    serializer_class = PlanSerializer
    filterset_class = filters.PlanFilterSet


class ThemeViewSet(OrganisationOwnedViewSet):
    model = Theme
    serializer_class = ThemeSerializer
    filterset_class = filters.ThemeFilterSet


class PriorityViewSet(OrganisationOwnedViewSet):
    model = Priority
    serializer_class = PrioritySerializer
    filterset_class = filters.PriorityFilterSet


class ObjectiveViewSet(OrganisationOwnedViewSet):
    model = Objective
    serializer_class = ObjectiveSerializer
    filterset_class = filters.ObjectiveFilterSet
