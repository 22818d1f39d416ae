"""API for programmes, phases, workstreams, projects and milestones (PRODUCT section 3)."""

from __future__ import annotations

from rest_framework import serializers

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.programmes import filters
from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream

AUDIT = ["created_at", "modified_at"]


class ProgrammeSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Programme
        fields = ["id", "organisation", "code", "title", "description", "start_date", "end_date", "board",
                  "public", "source", *AUDIT]


class PhaseSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Phase
        fields = ["id", "organisation", "programme", "title", "description", "start_date", "end_date", "order",
                  *AUDIT]


class WorkstreamSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Workstream
        fields = ["id", "organisation", "programme", "code", "title", "description", "lead_title", "order",
                  "source", *AUDIT]


class ProjectSerializer(OrganisationOwnedSerializer):
    late_milestones = serializers.SerializerMethodField(help_text="milestones past their due date and not done")

    class Meta:
        model = Project
        fields = [
            "id", "organisation", "code", "title", "description", "programme", "workstream", "phase", "stage",
            "lead", "lead_title", "start_date", "end_date", "delivery_confidence", "status_commentary",
            "update_due", "confidential", "public", "key_decision", "fte_change", "workforce_approach",
            "priorities", "objectives", "dependencies", "late_milestones", "source", *AUDIT,
        ]
        extra_kwargs = {"lead": {"read_only": True}}

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
