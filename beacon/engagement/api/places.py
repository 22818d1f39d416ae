"""The ``events``, ``partnerships`` and ``operating-models`` collections.

An event has its ``title``, ``kind``, ``date`` (ISO, null while only proposed) and outcomes. A partnership has
its ``title`` and ``spatial_level`` (pan_county, networked_boroughs, borough or locality), the ids of the
``programmes`` and ``boards`` of its organisation that it links to, and, read-only, its member bodies
(``members``), its ``localities`` and its dated ``history``. An operating model lists its six ``parameters`` in the
order of Cheshire East's report, each ``{parameter, title, question, as_is, to_be}``; it is created with all six
(``services.create_operating_model``), and a write of ``parameters`` updates the rows it names by ``parameter``
and leaves the others as they are. Titles of partnerships and of operating models are unique in an
organisation. Bad input gets 400 with the reason and writes nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.engagement import filters, services
from beacon.engagement.api import AUDIT, plain_choices
from beacon.engagement.models import (
    PARAMETER_QUESTIONS,
    Event,
    EventKind,
    EventStatus,
    Locality,
    OperatingModel,
    OperatingModelParameter,
    OperatingModelStatus,
    Parameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
    PartnershipStatus,
    Sector,
    SpatialLevel,
)


def refuse_duplicate_title(model: Any, attrs: dict[str, Any], instance: Any, noun: str) -> None:
    """One title per organisation, refused with a reason a person understands."""
    organisation = attrs.get("organisation") or getattr(instance, "organisation", None)
    title = attrs.get("title")
    if organisation is None or not title:
        return
    same = model.objects.filter(organisation=organisation, title__iexact=title.strip())
    if instance is not None:
        same = same.exclude(pk=instance.pk)
    if same.exists():
        raise ValidationError({"title": [f"There is already {noun} called {title.strip()}."]})


# Events ------------------------------------------------------------------------------------------------------------


class EventSerializer(OrganisationOwnedSerializer):
    kind = plain_choices(EventKind.choices, required=False)
    status = plain_choices(EventStatus.choices, required=False)

    class Meta:
        model = Event
        fields = ["id", "organisation", "title", "kind", "description", "date", "end_date", "status", "audience",
                  "location", "programme", "workstream", "participants", "outcomes", "source", "public",
                  "illustrative", *AUDIT]


class EventViewSet(OrganisationOwnedViewSet):
    """Hackathons, consultations and staff engagement sessions: when, how many took part and what came of them."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = filters.EventFilterSet


# Partnerships ------------------------------------------------------------------------------------------------------


class PartnershipMemberSerializer(serializers.ModelSerializer):
    council: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="gss_code", read_only=True,
                                           help_text="the GSS code of a council from the register; null for "
                                                     "another body")
    name = serializers.CharField(read_only=True, help_text="the council's name or the body's")
    sector = plain_choices(Sector.choices, read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["id", "council", "name", "body_name", "sector", "role_title", "order"]


class LocalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Locality
        fields = ["id", "title", "description", "testbed", "wards", "population", "source", "illustrative"]


class PartnershipHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnershipMilestone
        fields = ["id", "date", "title", "description", "source"]


class PartnershipSerializer(OrganisationOwnedSerializer):
    spatial_level = plain_choices(SpatialLevel.choices)
    status = plain_choices(PartnershipStatus.choices, required=False)
    members = PartnershipMemberSerializer(many=True, read_only=True, help_text="the member bodies (read-only here)")
    localities = LocalitySerializer(many=True, read_only=True, help_text="the places it works in (read-only here)")
    history = PartnershipHistorySerializer(source="milestones", many=True, read_only=True,
                                           help_text="dated steps in the partnership's history (read-only here)")

    class Meta:
        model = Partnership
        fields = ["id", "organisation", "title", "spatial_level", "parent", "focus", "themes", "description",
                  "terms_of_reference", "meeting_cadence", "chair_title", "status", "start_date", "end_date",
                  "funding", "programmes", "boards", "members", "localities", "history", "source", "public",
                  "illustrative", *AUDIT]
        validators: list[Any] = []  # one title per organisation: checked in validate() with a clearer reason

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        refuse_duplicate_title(Partnership, attrs, self.instance, "a partnership")
        return super().validate(attrs)


class PartnershipViewSet(OrganisationOwnedViewSet):
    """Partnerships by spatial level, with their focus, member bodies, localities and links to programmes."""

    model = Partnership
    serializer_class = PartnershipSerializer
    filterset_class = filters.PartnershipFilterSet
    prefetch_related = ("members__council", "localities", "milestones")


# Operating models --------------------------------------------------------------------------------------------------


class ParameterListSerializer(serializers.ListSerializer):
    """The six parameters are read in the report's order, whatever rows are stored."""

    def get_attribute(self, instance: OperatingModel) -> list[dict[str, Any]]:
        return parameter_rows(instance)


class ParameterSerializer(serializers.Serializer):
    parameter = plain_choices(Parameter.choices, help_text="one of: " + ", ".join(Parameter.values))
    title = serializers.CharField(read_only=True, help_text="the parameter in words")
    question = serializers.CharField(read_only=True, help_text="what the parameter asks")
    as_is = serializers.CharField(required=False, allow_blank=True, help_text="how it is now")
    to_be = serializers.CharField(required=False, allow_blank=True, help_text="how it is to be")

    class Meta:
        list_serializer_class = ParameterListSerializer


def parameter_rows(model: OperatingModel) -> list[dict[str, Any]]:
    """The six parameters in the report's order, from the prefetched rows; a missing row reads as blank."""
    stored = {row.parameter: row for row in model.parameters.all()}
    return [
        {"parameter": value, "title": Parameter(value).label, "question": PARAMETER_QUESTIONS[Parameter(value)],
         "as_is": stored[value].as_is if value in stored else "",
         "to_be": stored[value].to_be if value in stored else ""}
        for value in Parameter.values
    ]


class OperatingModelSerializer(OrganisationOwnedSerializer):
    status = plain_choices(OperatingModelStatus.choices, required=False)
    parameters = ParameterSerializer(many=True, required=False,
                                     help_text="the six parameters, as-is and to-be; a write updates those named")

    class Meta:
        model = OperatingModel
        fields = ["id", "organisation", "title", "service", "description", "programme", "status", "owner_title",
                  "target_date", "projects", "kpis", "parameters", "source", "public", "illustrative", *AUDIT]
        validators: list[Any] = []  # one title per organisation: checked in validate() with a clearer reason

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        parameters = attrs.pop("parameters", None)
        refuse_duplicate_title(OperatingModel, attrs, self.instance, "an operating model")
        attrs = super().validate(attrs)
        if parameters is not None:
            errors: dict[str, dict[str, list[str]]] = {}
            seen: set[str] = set()
            for index, item in enumerate(parameters):
                if "parameter" not in item:  # a partial update (PATCH) does not ask for it by itself
                    errors[str(index)] = {"parameter": ["Name the parameter: " + ", ".join(Parameter.values)]}
                    continue
                if item["parameter"] in seen:
                    errors[str(index)] = {"parameter": [f"{item['parameter']} is given more than once."]}
                seen.add(item["parameter"])
            if errors:
                raise ValidationError({"parameters": errors})
            attrs["parameters"] = parameters
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> OperatingModel:
        parameters = validated_data.pop("parameters", None) or []
        links = {name: validated_data.pop(name) for name in ("projects", "kpis") if name in validated_data}
        actor = validated_data.pop("modified_by", None)
        validated_data.pop("created_by", None)
        model = services.create_operating_model(actor=actor, **validated_data)
        for name, values in links.items():
            getattr(model, name).set(values)
        write_parameters(model, parameters)
        return model

    @transaction.atomic
    def update(self, instance: OperatingModel, validated_data: dict[str, Any]) -> OperatingModel:
        parameters = validated_data.pop("parameters", None) or []
        model: OperatingModel = super().update(instance, validated_data)
        write_parameters(model, parameters)
        return model


def write_parameters(model: OperatingModel, items: list[dict[str, Any]]) -> None:
    """Update the as-is and to-be of the parameters named, making any missing rows first."""
    if not items:
        return
    rows = {row.parameter: row for row in services.ensure_parameters(model)}
    for item in items:
        row: OperatingModelParameter = rows[item["parameter"]]
        for name in ("as_is", "to_be"):
            if name in item:
                setattr(row, name, item[name])
        row.save()


class OperatingModelViewSet(OrganisationOwnedViewSet):
    """Target operating models per service: as-is and to-be on the six parameters of Cheshire East's report."""

    model = OperatingModel
    serializer_class = OperatingModelSerializer
    filterset_class = filters.OperatingModelFilterSet
    prefetch_related = ("parameters",)
