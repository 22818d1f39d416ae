"""The public API's engagement collections under /api/v1/public/<slug>/: ``ideas`` (published and public only),
``events``, ``partnerships`` (with members, localities and history) and ``operating-models`` (with their six
parameters). No token; only public records (``policy.public``), and a link only to a record that is itself
public: an idea names the project it became only when that project is public and not confidential. Who
submitted an idea is never shown, only the kind of person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from beacon.engagement.api.places import parameter_rows
from beacon.engagement.models import (
    Event,
    EventKind,
    EventStatus,
    Idea,
    IdeaStatus,
    Locality,
    OperatingModel,
    Parameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
    PartnershipStatus,
    Sector,
    SpatialLevel,
    Submitter,
)
from beacon.public.api import OrganisationSlug, PublicList
from beacon.public.views_engagement import (
    attach_public_links,
    public_events,
    public_ideas,
    public_operating_models,
    public_partnership_ids,
    public_partnerships,
)


def words(choices: Any, help_text: str = "") -> serializers.CharField:
    """A choice as its stored value, with the values listed in the schema's description."""
    values = ", ".join(value for value, _label in choices)
    return serializers.CharField(read_only=True, help_text=f"{help_text} one of: {values}".strip())


class PublicIdeaSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    workstream = serializers.CharField(source="public_workstream", read_only=True, allow_null=True,
                                       help_text="the title of the workstream it belongs to, if any")
    submitter = words(Submitter.choices, "who put the idea forward, as a kind of person;")
    status = words(IdeaStatus.choices)
    decline_reason = serializers.SerializerMethodField(help_text="why a declined idea was declined; else null")
    project = serializers.SerializerMethodField(
        help_text="the id of the published project an accepted idea became (see projects); null otherwise"
    )

    class Meta:
        model = Idea
        fields = ["id", "organisation", "code", "title", "description", "workstream", "submitter", "status",
                  "decline_reason", "project", "submitted_on", "decided_on", "illustrative"]

    def get_decline_reason(self, obj: Idea) -> str | None:
        return obj.status_reason if obj.status == IdeaStatus.DECLINED else None

    def get_project(self, obj: Idea) -> int | None:
        link = getattr(obj, "public_project", None)
        return link.pk if link is not None else None


class PublicEventSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    kind = words(EventKind.choices)
    status = words(EventStatus.choices)

    class Meta:
        model = Event
        fields = ["id", "organisation", "title", "kind", "description", "date", "end_date", "status", "audience",
                  "location", "participants", "outcomes", "illustrative"]


class PublicMemberSerializer(serializers.ModelSerializer):
    council: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="gss_code", read_only=True,
                                           help_text="the GSS code of a council from the register; else null")
    name = serializers.CharField(read_only=True)
    sector = words(Sector.choices)

    class Meta:
        model = PartnershipMember
        fields = ["council", "name", "sector", "role_title"]


class PublicLocalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Locality
        fields = ["id", "title", "description", "testbed", "wards", "population", "illustrative"]


class PublicHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnershipMilestone
        fields = ["date", "title", "description"]


class PublicPartnershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    spatial_level = words(SpatialLevel.choices)
    status = words(PartnershipStatus.choices)
    parent = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="the id of the published partnership it works within")
    themes = serializers.ListField(source="theme_list", child=serializers.CharField(), read_only=True)
    programmes = serializers.SerializerMethodField(help_text="ids of the published programmes it links to")
    members = PublicMemberSerializer(many=True, read_only=True)
    localities = PublicLocalitySerializer(many=True, read_only=True)
    history = PublicHistorySerializer(source="milestones", many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = ["id", "organisation", "title", "spatial_level", "parent", "focus", "themes", "description",
                  "terms_of_reference", "meeting_cadence", "chair_title", "status", "start_date", "end_date",
                  "funding", "programmes", "members", "localities", "history", "illustrative"]

    def get_parent(self, obj: Partnership) -> int | None:
        published: set[int] = self.context.get("public_partnership_ids", set())
        return obj.parent_id if obj.parent_id in published else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_programmes(self, obj: Partnership) -> list[int]:
        return [programme.pk for programme in getattr(obj, "public_programmes", [])]


class PublicParameterSerializer(serializers.Serializer):
    parameter = serializers.CharField(help_text="one of: " + ", ".join(Parameter.values))
    title = serializers.CharField()
    question = serializers.CharField()
    as_is = serializers.CharField(help_text="how it is now")
    to_be = serializers.CharField(help_text="how it is to be")


class PublicOperatingModelSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    status = serializers.CharField(read_only=True, help_text="draft, agreed or superseded")
    parameters = serializers.SerializerMethodField(help_text="the six parameters in the report's order")
    projects = serializers.SerializerMethodField(help_text="ids of the published projects that get it there")
    kpis = serializers.SerializerMethodField(help_text="ids of the published KPIs that show it")

    class Meta:
        model = OperatingModel
        fields = ["id", "organisation", "title", "service", "description", "status", "owner_title", "target_date",
                  "projects", "kpis", "parameters", "illustrative"]

    @extend_schema_field(PublicParameterSerializer(many=True))
    def get_parameters(self, obj: OperatingModel) -> list[dict[str, Any]]:
        return parameter_rows(obj)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_projects(self, obj: OperatingModel) -> list[int]:
        return [project.pk for project in getattr(obj, "public_projects", [])]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_kpis(self, obj: OperatingModel) -> list[int]:
        return [kpi.pk for kpi in getattr(obj, "public_kpis", [])]


class PublicIdeaList(PublicList):
    """Published ideas with their status; a declined one with its reason."""

    serializer_class = PublicIdeaSerializer
    queryset = Idea.objects.none()

    def get_queryset(self) -> QuerySet[Idea]:
        return public_ideas(self.organisation()).select_related("organisation").order_by("pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        ideas = list(page if page is not None else queryset)
        attach_public_links(ideas, self.organisation())
        return ideas if page is not None else None


class PublicEventList(PublicList):
    serializer_class = PublicEventSerializer
    queryset = Event.objects.none()

    def get_queryset(self) -> QuerySet[Event]:
        return public_events(self.organisation()).select_related("organisation").order_by("pk")


class PublicPartnershipList(PublicList):
    serializer_class = PublicPartnershipSerializer
    queryset = Partnership.objects.none()

    def get_queryset(self) -> QuerySet[Partnership]:
        return public_partnerships(self.organisation()).select_related("organisation").order_by("pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "org" in self.kwargs:
            context["public_partnership_ids"] = public_partnership_ids(self.organisation())
        return context


class PublicOperatingModelList(PublicList):
    serializer_class = PublicOperatingModelSerializer
    queryset = OperatingModel.objects.none()

    def get_queryset(self) -> QuerySet[OperatingModel]:
        return public_operating_models(self.organisation()).select_related("organisation").order_by("pk")
