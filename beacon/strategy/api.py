"""API for plans, themes, priorities, objectives and service design principles (PRODUCT section 3).

Writes run the models' clean() (through OrganisationOwnedSerializer) and the rules in ``beacon.strategy.rules``
that the forms apply too, so bad input is refused with 400, the field and the same words.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.strategy import filters, rules
from beacon.strategy.models import Objective, Plan, Principle, Priority, Theme

AUDIT = ["created_at", "modified_at"]


def merged(serializer: OrganisationOwnedSerializer, attrs: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The values a write would leave: those sent, else the record's own (a PATCH sends only some)."""
    instance = serializer.instance
    values = {}
    for name in names:
        if name in attrs:
            values[name] = attrs[name]
        elif instance is not None:
            values[name] = getattr(instance, name)
    return values


class PlanSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Plan
        fields = ["id", "organisation", "title", "description", "period_start", "period_end", "status",
                  "scrutiny_date", "cabinet_date", "council_date", "public", "source", *AUDIT]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        errors = rules.plan_errors(merged(self, attrs, ["status", "scrutiny_date", "cabinet_date", "council_date"]))
        if errors:
            raise ValidationError(errors)
        return attrs


class ThemeSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Theme
        fields = ["id", "organisation", "plan", "parent", "title", "description", "expected_priorities", "order",
                  *AUDIT]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        values = merged(self, attrs, ["plan", "parent"])
        plan = values.get("plan")
        errors = rules.theme_errors(theme_pk=getattr(self.instance, "pk", None),
                                    plan_id=plan.pk if plan is not None else None, parent=values.get("parent"))
        if errors:
            raise ValidationError(errors)
        return attrs


class PrioritySerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Priority
        fields = ["id", "organisation", "theme", "code", "title", "description", "supporting_actions", "measures",
                  "targets", *AUDIT]


class ObjectiveSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Objective
        fields = ["id", "organisation", "kind", "code", "title", "description", "source", *AUDIT]


class PrincipleSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Principle
        fields = ["id", "organisation", "code", "title", "description", "source", *AUDIT]


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


class PrincipleViewSet(OrganisationOwnedViewSet):
    """Service design principles: text records that projects follow (PRODUCT C1)."""

    model = Principle
    serializer_class = PrincipleSerializer
    filterset_class = filters.PrincipleFilterSet
