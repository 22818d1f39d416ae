"""The ``risks`` collection: a risk with its likelihood and impact (1-5 each) before and after controls, its
scores (likelihood × impact) and their bands in words. A score outside 1 to 5 is refused with 400, "Score it
from 1 to 5."; the owner must hold a role in the risk's organisation; a code is unique in an organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.risks import filters, rules
from beacon.risks.models import Risk

AUDIT = ["created_at", "modified_at"]
OUT_OF_SCALE = "Score it from 1 to 5."



def scale_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=5, help_text=help_text,
        error_messages={"min_value": OUT_OF_SCALE, "max_value": OUT_OF_SCALE, "invalid": OUT_OF_SCALE,
                        "max_string_length": OUT_OF_SCALE},
    )


class RiskSerializer(OrganisationOwnedSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True,
        help_text="the id of the Beacon user who owns the risk; a user with a role in the organisation",
    )
    inherent_likelihood = scale_field("1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain; before controls")
    inherent_impact = scale_field("1 negligible, 2 minor, 3 moderate, 4 major, 5 severe; before controls")
    residual_likelihood = scale_field("likelihood after controls, 1 to 5")
    residual_impact = scale_field("impact after controls, 1 to 5")
    inherent_score = serializers.IntegerField(read_only=True, help_text="inherent likelihood × impact")
    residual_score = serializers.IntegerField(read_only=True, help_text="residual likelihood × impact")
    band = serializers.SerializerMethodField(
        help_text="the residual score's band: Low (1-4), Medium (5-9), High (10-14) or Very high (15-25)"
    )
    inherent_band = serializers.SerializerMethodField(help_text="the inherent score's band, in the same words")
    review_overdue = serializers.SerializerMethodField(
        help_text="the review date has passed and the risk is still open"
    )

    class Meta:
        model = Risk
        fields = ["id", "organisation", "code", "title", "description", "level", "programme", "projects", "owner",
                  "owner_title", "inherent_likelihood", "inherent_impact", "inherent_score", "inherent_band",
                  "controls", "residual_likelihood", "residual_impact", "residual_score", "band", "mitigations",
                  "review_date", "review_overdue", "status", "source", "confidential", "public", "illustrative",
                  *AUDIT]
        validators: list[Any] = []  # one code per organisation: checked in validate() with a clearer reason

    def get_band(self, obj: Risk) -> str:
        return rules.band(obj.residual_score)[0]

    def get_inherent_band(self, obj: Risk) -> str:
        return rules.band(obj.inherent_score)[0]

    def get_review_overdue(self, obj: Risk) -> bool:
        return rules.review_overdue(obj.review_date, obj.status, timezone.localdate())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        owner = attrs.get("owner")
        if owner is not None and organisation is not None and not owner.memberships.filter(
            organisation=organisation
        ).exists():
            raise ValidationError({"owner": "Choose a user with a role in this organisation."})
        code = attrs.get("code")
        if code and organisation is not None:
            same = Risk.objects.filter(organisation=organisation, code__iexact=code)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError({"code": f"There is already a risk with the code {code}."})
        return super().validate(attrs)


class RiskViewSet(OrganisationOwnedViewSet):
    """Strategic, programme and project risks; the risk's owner may update it (not its code, level, owner or
    flags)."""

    model = Risk
    serializer_class = RiskSerializer
    filterset_class = filters.RiskFilterSet
