"""API for reporting periods: read them (a closed one with its snapshot, narrowed to what the caller may read)
and close an open one. Periods are opened by the page or the scheduler command, and never edited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from beacon.accounts.tokens import ReadOnlyTokenPermission
from beacon.core import policy
from beacon.core.api import PolicyPermission
from beacon.reporting import services
from beacon.reporting.filters import ReportingPeriodFilterSet
from beacon.reporting.models import ReportingPeriod
from beacon.reporting.snapshot import visible_snapshot


class ReportingPeriodSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "organisation", "title", "start_date", "end_date", "status", "closed_at", "closed_by"]
        read_only_fields = fields


class ReportingPeriodDetailSerializer(ReportingPeriodSerializer):
    snapshot = serializers.SerializerMethodField(
        help_text="Every programme record as it stood when the period closed (null while open)"
    )

    class Meta(ReportingPeriodSerializer.Meta):
        fields = [*ReportingPeriodSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    def get_snapshot(self, obj: ReportingPeriod) -> dict[str, Any] | None:
        snapshot = getattr(obj, "snapshot", None) if obj.closed else None
        if snapshot is None:
            return None
        request = self.context["request"]
        return visible_snapshot(snapshot.data, request.user, obj.organisation)


class ReportingPeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reporting periods of the organisations where you hold a role."""

    permission_classes = [permissions.IsAuthenticated, ReadOnlyTokenPermission, PolicyPermission]
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilterSet

    def get_queryset(self) -> QuerySet[ReportingPeriod]:
        queryset = ReportingPeriod.objects.select_related("organisation")
        if self.action != "list":
            queryset = queryset.select_related("snapshot")
        return policy.readable(queryset, self.request.user).order_by("pk")

    def get_serializer_class(self) -> Any:
        return ReportingPeriodDetailSerializer if self.action == "retrieve" else ReportingPeriodSerializer

    @extend_schema(request=None, responses={200: ReportingPeriodSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close an open period, writing its snapshot; a closed period is refused with 400."""
        period = self.get_object()
        if not policy.can_change(request.user, period):
            raise PermissionDenied("Your role does not allow you to close a reporting period.")
        try:
            services.close_period(period=period, actor=request.user)
        except services.PeriodRefused as refusal:
            return Response({"detail": " ".join(refusal.messages)}, status=status.HTTP_400_BAD_REQUEST)
        period.refresh_from_db()
        return Response(ReportingPeriodSerializer(period, context={"request": request}).data)
