"""API for programmes, phases, workstreams, projects and milestones (PRODUCT section 3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.programmes import filters
from beacon.programmes.models import Component, Milestone, Phase, Programme, Project, Workstream
from beacon.programmes.rules import cycle_error, reported_confidence_error

AUDIT = ["created_at", "modified_at"]


class ReportedStatusMixin:
    """``reported_confidence`` must be on the organisation's scale (as the forms' choices are)."""

    instance: Any

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)  # type: ignore[misc]
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        reason = reported_confidence_error(attrs.get("reported_confidence", ""), organisation)
        if reason:
            raise ValidationError({"reported_confidence": reason})
        return attrs


class ComponentSerializer(serializers.ModelSerializer):
    """A component of a programme, read inside the programme (components have no collection of their own)."""

    savings_target = serializers.SerializerMethodField(help_text="pounds as a decimal string, or null")

    class Meta:
        model = Component
        fields = ["id", "title", "description", "savings_target", "order"]

    def get_savings_target(self, obj: Component) -> str | None:
        if obj.savings_target_pence is None:
            return None
        return f"{Decimal(obj.savings_target_pence) / 100:.2f}"


class ProgrammeSerializer(ReportedStatusMixin, OrganisationOwnedSerializer):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "organisation", "code", "title", "description", "start_date", "end_date", "board",
                  "reported_confidence", "components", "public", "source", *AUDIT]


class PhaseSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Phase
        fields = ["id", "organisation", "programme", "title", "description", "start_date", "end_date", "order",
                  *AUDIT]


class WorkstreamSerializer(ReportedStatusMixin, OrganisationOwnedSerializer):
    class Meta:
        model = Workstream
        fields = ["id", "organisation", "programme", "code", "title", "description", "lead_title",
                  "reported_confidence", "order", "source", *AUDIT]


class ProjectSerializer(OrganisationOwnedSerializer):
    late_milestones = serializers.SerializerMethodField(help_text="milestones past their due date and not done")

    class Meta:
        model = Project
        fields = [
            "id", "organisation", "code", "title", "description", "programme", "workstream", "phase", "component",
            "stage", "lead", "lead_title", "start_date", "end_date", "delivery_confidence", "status_commentary",
            "update_due", "confidential", "public", "key_decision", "fte_change", "workforce_approach",
            "priorities", "objectives", "principles", "dependencies", "late_milestones", "source", *AUDIT,
        ]
        extra_kwargs = {"lead": {"read_only": True}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "dependencies" in attrs and self.instance is not None:
            request = self.context.get("request")
            reason = cycle_error(self.instance.pk, self.instance.organisation_id, attrs["dependencies"],
                                 getattr(request, "user", None))
            if reason:
                raise ValidationError({"dependencies": reason})
        return attrs

    def get_late_milestones(self, obj: Project) -> bool:
        return bool(getattr(obj, "has_late_milestone", False))


class MilestoneSerializer(OrganisationOwnedSerializer):
    late = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "organisation", "project", "title", "due_date", "actual_date", "late", *AUDIT]

    def get_late(self, obj: Milestone) -> bool:
        return obj.is_late()


class ProgrammeViewSet(OrganisationOwnedViewSet):
    model = Programme
    prefetch_related = ("components",)
    serializer_class = ProgrammeSerializer
    filterset_class = filters.ProgrammeFilterSet


class PhaseViewSet(OrganisationOwnedViewSet):
    model = Phase
    serializer_class = PhaseSerializer
    filterset_class = filters.PhaseFilterSet


class WorkstreamViewSet(OrganisationOwnedViewSet):
    model = Workstream
    serializer_class = WorkstreamSerializer
    filterset_class = filters.WorkstreamFilterSet


class ProjectViewSet(OrganisationOwnedViewSet):
    model = Project
    serializer_class = ProjectSerializer
    filterset_class = filters.ProjectFilterSet

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().with_late_milestones()


class MilestoneViewSet(OrganisationOwnedViewSet):
    model = Milestone
    serializer_class = MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet
