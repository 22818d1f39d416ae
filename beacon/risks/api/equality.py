"""The ``equality-assessments``, ``equality-impacts`` and ``equality-groups`` collections.

An assessment lists its ``impacts`` (read-only, nested); they are written through ``equality-impacts``, each
checked by the policy like any record, and refused once the assessment is signed off unless the writer is an
administrator, programme manager or monitoring officer. A negative impact needs a mitigation. ``equality-groups``
lists the nine protected characteristics (the same for everyone, read-only) and the local groups of the user's
organisations; an organisation's administrator adds and renames its local groups."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request

from beacon.accounts.tokens import ReadOnlyTokenPermission
from beacon.core import policy
from beacon.core.api import (
    OrganisationField,
    OrganisationOwnedSerializer,
    OrganisationOwnedViewSet,
    VersionedMixin,
    plain_choices,
)
from beacon.core.models import Role
from beacon.programmes.models import Stage
from beacon.risks import filters, services
from beacon.risks.models import (
    AssessmentStage,
    AssessmentStatus,
    EqualityAssessment,
    EqualityGroup,
    EqualityImpact,
)

AUDIT = ["created_at", "modified_at"]


class ImpactEntrySerializer(serializers.ModelSerializer):
    """An impact as listed inside its assessment."""

    group_title = serializers.CharField(source="group.title", read_only=True)

    class Meta:
        model = EqualityImpact
        fields = ["id", "group", "group_title", "impact", "evidence", "mitigation"]


class EqualityAssessmentSerializer(OrganisationOwnedSerializer):
    stage = plain_choices(AssessmentStage.choices, required=False,
                          help_text="the kind of assessment: screening (the default) or full")
    project_stage = plain_choices(
        [("", "Not stated"), *Stage.choices], required=False, allow_blank=True,
        help_text="the project's stage that the assessment covers, as a project's stage is written (idea, hlbc, "
                  "fbc, approved, delivery, closed, stopped); an assessment of a later stage covers earlier ones",
    )
    impacts = ImpactEntrySerializer(many=True, read_only=True, help_text="written through /api/v1/equality-impacts/")

    class Meta:
        model = EqualityAssessment
        fields = ["id", "organisation", "code", "title", "project", "stage", "project_stage", "summary",
                  "full_assessment_needed", "status", "signed_off_by_title", "signed_off_on", "review_date",
                  "source", "confidential", "public", "illustrative", "impacts", *AUDIT]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        signing = attrs.get("status") == AssessmentStatus.SIGNED_OFF and (
            self.instance is None or self.instance.status != AssessmentStatus.SIGNED_OFF
        )
        if signing and organisation is not None and policy.role_in(user, organisation) not in services.SIGN_OFF_ROLES:
            raise PermissionDenied("Only an administrator, programme manager or monitoring officer may sign off.")
        if self.instance is not None and services.is_locked(user, self.instance):
            raise PermissionDenied("This assessment is signed off: only an administrator, programme manager or "
                                   "monitoring officer may change it.")
        return super().validate(attrs)


class EqualityImpactSerializer(OrganisationOwnedSerializer):
    group = serializers.PrimaryKeyRelatedField(
        queryset=EqualityGroup.objects.all(),
        help_text="a protected characteristic or a local group of the organisation (see /api/v1/equality-groups/)",
    )

    class Meta:
        model = EqualityImpact
        fields = ["id", "organisation", "assessment", "group", "impact", "evidence", "mitigation", *AUDIT]
        validators: list[Any] = []  # one impact per group: checked in validate() with a clearer reason

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        assessment = attrs.get("assessment") or getattr(self.instance, "assessment", None)
        group = attrs.get("group") or getattr(self.instance, "group", None)
        if assessment is not None and services.is_locked(user, assessment):
            raise PermissionDenied("The assessment is signed off: only an administrator, programme manager or "
                                   "monitoring officer may change its impacts.")
        if assessment is not None and group is not None:
            same = EqualityImpact.objects.filter(assessment=assessment, group=group)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError({"group": "The assessment already records this group: change that impact."})
        impact = attrs.get("impact", getattr(self.instance, "impact", ""))
        mitigation = attrs.get("mitigation", getattr(self.instance, "mitigation", ""))
        problems = services.impact_problems(impact, mitigation)
        if problems:
            raise ValidationError(problems)
        return super().validate(attrs)


class EqualityAssessmentViewSet(OrganisationOwnedViewSet):
    """Equality impact assessments: screening, then full; signed off by title and date."""

    model = EqualityAssessment
    serializer_class = EqualityAssessmentSerializer
    filterset_class = filters.EqualityAssessmentFilterSet
    prefetch_related = ("impacts__group",)


class EqualityImpactViewSet(OrganisationOwnedViewSet):
    """The impact an assessment finds on one group, with its evidence and mitigation."""

    model = EqualityImpact
    serializer_class = EqualityImpactSerializer
    filterset_class = filters.EqualityImpactFilterSet


# Groups ------------------------------------------------------------------------------------------------------------


class EqualityGroupSerializer(serializers.ModelSerializer):
    organisation = OrganisationField(
        allow_null=True, required=True,
        help_text="the slug of the organisation whose local group it is; null for a protected characteristic",
    )

    class Meta:
        model = EqualityGroup
        fields = ["id", "organisation", "title", "statutory", "order"]
        read_only_fields = ["statutory"]
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        if organisation is None:
            raise ValidationError({"organisation": "Name the organisation whose local group this is."})
        if self.instance is not None and organisation.pk != self.instance.organisation_id:
            raise ValidationError({"organisation": "A group cannot move to another organisation."})
        title = attrs.get("title", getattr(self.instance, "title", ""))
        same = EqualityGroup.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True),
                                            title__iexact=title)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError({"title": f"{title} is already a group: choose another name."})
        return attrs


class GroupPermission(permissions.BasePermission):
    """Everyone with a role reads; an organisation's administrator writes its local groups, never the law's."""

    def has_object_permission(self, request: Request, view: Any, obj: EqualityGroup) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.organisation_id is not None and policy.role_in(request.user, obj.organisation_id) == Role.ADMIN


class EqualityGroupViewSet(VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The nine protected characteristics and the local groups of your organisations."""

    serializer_class = EqualityGroupSerializer
    filterset_class = filters.EqualityGroupFilterSet
    permission_classes = [permissions.IsAuthenticated, ReadOnlyTokenPermission, GroupPermission]

    def get_queryset(self) -> QuerySet[EqualityGroup]:
        mine = list(policy.roles_of(self.request.user))
        return EqualityGroup.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id__in=mine)
        ).order_by(F("organisation_id").asc(nulls_first=True), "order", "title", "pk")  # the law's groups first

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        organisation = serializer.validated_data["organisation"]
        if policy.role_in(self.request.user, organisation) != Role.ADMIN:
            raise PermissionDenied("Only the organisation's administrator may add its local groups.")
        serializer.save(statutory=False)
