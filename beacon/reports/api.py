"""The ``reports`` collection: committee and highlight reports with their ``downloads`` (PRODUCT section 3).

Drafts are created and changed here; an issued report never changes (400: draft a new version). Sign-off, issue
and a new version are actions that call beacon.reports.services: a refusal because of the caller's role is 403,
because of the report's state 400, each with the reason in words."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from beacon.accounts.tokens import ReadOnlyTokenPermission
from beacon.core import policy
from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.reports import services
from beacon.reports.filters import ReportFilterSet
from beacon.reports.models import Report, ReportStatus, SignOffRole


class DownloadsSerializer(serializers.Serializer):
    docx = serializers.URLField(help_text="Word")
    odt = serializers.URLField(help_text="OpenDocument text")
    pdf = serializers.URLField(help_text="PDF")
    html = serializers.URLField(help_text="HTML")


class ReportSerializer(OrganisationOwnedSerializer):
    downloads = serializers.SerializerMethodField(
        help_text="The report's files: an issued report's as issued; a draft's rendered when asked, marked DRAFT"
    )

    class Meta:
        model = Report
        fields = [
            "id", "organisation", "kind", "title", "programme", "meeting", "decision", "reporting_period",
            "decision_maker", "report_date", "report_of", "author_title", "author_contact", "wards_affected",
            *services.NARRATIVE_FIELDS, "priorities", "confidential", "exempt_paragraph", "public",
            "status", "version", "previous_version", "issued_at", "downloads", "created_at", "modified_at",
        ]
        read_only_fields = ["status", "version", "previous_version", "issued_at", "created_at", "modified_at"]

    @extend_schema_field(DownloadsSerializer)
    def get_downloads(self, obj: Report) -> dict[str, str]:
        request = self.context.get("request")
        organisation = self.fields["organisation"].to_representation(obj.organisation_id)
        links = {}
        for fmt in services.FORMATS:
            path = reverse("reports:report-download", kwargs={"org": organisation, "pk": obj.pk, "fmt": fmt})
            links[fmt] = request.build_absolute_uri(path) if request is not None else path
        return links

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and self.instance.status != ReportStatus.DRAFT:
            raise DRFValidationError({"detail": services.NOT_A_DRAFT})
        return super().validate(attrs)

    def update(self, instance: Report, validated_data: dict[str, Any]) -> Report:
        priorities = validated_data.pop("priorities", None)
        actor = validated_data.pop("modified_by", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            services.save_draft(instance, actor=actor, priorities=priorities)
        except services.ReportForbidden as error:
            raise PermissionDenied(str(error)) from error
        except services.ReportError as error:
            raise DRFValidationError({"detail": str(error)}) from error
        return instance


class SignOffSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=SignOffRole.choices, help_text="finance or monitoring")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReportViewSet(OrganisationOwnedViewSet):
    """Committee reports and monthly programme highlight reports: drafts are written here; sign-off, issue and
    a new version are actions."""

    model = Report
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_permissions(self) -> list[Any]:
        if self.action == "sign_off":
            # The finance officer signs reports without writing them: the service checks the role.
            return [IsAuthenticated(), ReadOnlyTokenPermission()]
        return list(super().get_permissions())

    def answer(self, request: Request, call: Any) -> Response:
        try:
            report = call()
        except services.ReportForbidden as error:
            raise PermissionDenied(str(error)) from error
        except services.ReportError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        report.refresh_from_db()
        return Response(ReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=SignOffSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: Any = None) -> Response:
        """Sign off a draft as its finance officer or monitoring officer (only a holder of that role may)."""
        report = self.get_object()
        if not policy.can_read(request.user, report):
            raise PermissionDenied("Your role does not allow you to read this report.")
        given = SignOffSerializer(data=request.data)
        given.is_valid(raise_exception=True)

        def call() -> Report:
            services.sign_off_report(report, actor=request.user, role=given.validated_data["role"],
                                     comment=given.validated_data["comment"])
            return report

        return self.answer(request, call)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        """Issue a signed-off draft: its snapshot and files are kept and never change."""
        report = self.get_object()

        def call() -> Report:
            services.issue_report(report, actor=request.user)
            return report

        return self.answer(request, call)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: Any = None) -> Response:
        """Draft the next version of an issued report; the answer is the new draft."""
        report = self.get_object()
        return self.answer(request, lambda: services.new_version(report, actor=request.user))
