"""The ``maturity-frameworks`` and ``maturity-assessments`` collections.

A framework lists its ``levels`` (number, name and ``display``, the words pages show: "Level 4 (name not
published)" where the name is blank) and its ``capabilities``, read-only: they are edited on the framework's
pages. An assessment carries its ``scores`` nested, and they are written with it: a create or update that sends
``scores`` sets each capability named (``{"capability": id, "score": "1.8", "evidence": "...", "risk": id or
null}``); every score passes ``MaturityScore.full_clean`` (1 to 5, a capability of the assessment's framework, a
risk of the same council).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet, ScopedRelatedField
from beacon.governance.charts import level_label
from beacon.governance.filters import MaturityAssessmentFilterSet, MaturityFrameworkFilterSet
from beacon.governance.models import Capability, MaturityAssessment, MaturityFramework, MaturityLevel, MaturityScore
from beacon.governance.services import save_assessment


class LevelSerializer(serializers.ModelSerializer):
    display = serializers.SerializerMethodField(help_text='"Level 4 (name not published)" where the name is blank')

    class Meta:
        model = MaturityLevel
        fields = ["number", "name", "display", "description"]

    def get_display(self, obj: MaturityLevel) -> str:
        return level_label(obj.number, obj.name)


class CapabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Capability
        fields = ["id", "title", "description", "order"]


class MaturityFrameworkSerializer(OrganisationOwnedSerializer):
    levels = LevelSerializer(many=True, read_only=True)
    capabilities = CapabilitySerializer(many=True, read_only=True)

    class Meta:
        model = MaturityFramework
        fields = ["id", "organisation", "title", "description", "source", "levels", "capabilities", "created_at",
                  "modified_at"]


class MaturityFrameworkViewSet(OrganisationOwnedViewSet):
    """Capability maturity frameworks: the levels' names and the capabilities, as data."""

    model = MaturityFramework
    serializer_class = MaturityFrameworkSerializer
    filterset_class = MaturityFrameworkFilterSet
    prefetch_related = ("levels", "capabilities")


class ScoreSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedRelatedField

    class Meta:
        model = MaturityScore
        fields = ["capability", "score", "evidence", "risk"]
        extra_kwargs = {"risk": {"required": False, "allow_null": True}, "evidence": {"required": False}}


class MaturityAssessmentSerializer(OrganisationOwnedSerializer):
    scores = ScoreSerializer(many=True, required=False)

    class Meta:
        model = MaturityAssessment
        fields = ["id", "organisation", "framework", "kind", "date", "assessor_title", "summary", "source",
                  "illustrative", "scores", "created_at", "modified_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        scores = attrs.pop("scores", None)
        attrs = super().validate(attrs)
        if scores is None:
            return attrs
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        framework = attrs.get("framework") or getattr(self.instance, "framework", None)
        seen: set[int] = set()
        problems: list[dict[str, Any]] = []
        for item in scores:
            capability = item["capability"]
            row = MaturityScore(organisation=organisation, capability=capability, score=item["score"],
                                evidence=item.get("evidence", ""), risk=item.get("risk"))
            errors: dict[str, Any] = {}
            if capability.pk in seen:
                errors["capability"] = ["Each capability is scored once."]
            seen.add(capability.pk)
            if framework is not None and capability.framework_id != framework.pk:
                errors["capability"] = ["Choose a capability of the assessment's framework."]
            try:
                row.full_clean(exclude=["assessment"], validate_unique=False, validate_constraints=False)
            except DjangoValidationError as error:
                errors.update(error.message_dict)
            problems.append(errors)
        if any(problems):
            raise DRFValidationError({"scores": problems})
        attrs["scores"] = scores
        return attrs

    @staticmethod
    def _score_map(scores: list[dict[str, Any]]) -> dict[int, Any]:
        return {item["capability"].pk: (item["score"], item.get("evidence", ""), item.get("risk"))
                for item in scores}

    def create(self, validated_data: dict[str, Any]) -> MaturityAssessment:
        scores = validated_data.pop("scores", [])
        actor = validated_data.pop("created_by", None)
        validated_data.pop("modified_by", None)
        with transaction.atomic():
            return save_assessment(actor=actor, assessment=MaturityAssessment(**validated_data),
                                   scores=self._score_map(scores))

    def update(self, instance: MaturityAssessment, validated_data: dict[str, Any]) -> MaturityAssessment:
        scores = validated_data.pop("scores", None)
        actor = validated_data.pop("modified_by", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        # Capabilities not named keep their scores: an update says only what changes.
        return save_assessment(actor=actor, assessment=instance, scores=self._score_map(scores or []))


class MaturityAssessmentViewSet(OrganisationOwnedViewSet):
    """Self-assessments and peer reviews, each with its scores per capability nested."""

    model = MaturityAssessment
    serializer_class = MaturityAssessmentSerializer
    filterset_class = MaturityAssessmentFilterSet
    select_related = ("framework",)
    prefetch_related = ("scores",)
