"""The ``forecasts`` collection (PRODUCT section 3): read-only, the latest stored run of the savings forecast
for each organisation where the caller holds a role. Money is pounds as a decimal string; a probability is a
number in [0, 1]; the contributors name only lines the caller may read."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets

from beacon.core import policy
from beacon.core.api import PolicyPermission, PoundsField
from beacon.core.filters import OrganisationFilterSet
from beacon.finance.models import ForecastRun
from beacon.finance.services_forecast import readable_line_ids


class ForecastYearSerializer(serializers.Serializer):
    """One year of a run, in-year or cumulative."""

    financial_year = serializers.CharField(help_text='The financial year, e.g. "2025/26"')
    target = PoundsField(source="target_pence", allow_null=True, help_text="The target (null: none set)")
    p10 = PoundsField(source="p10_pence", help_text="Delivered in the trial one tenth of the way up")
    p50 = PoundsField(source="p50_pence", help_text="The median delivered")
    p90 = PoundsField(source="p90_pence", help_text="Delivered in the trial nine tenths of the way up")
    probability_target_met = serializers.FloatField(
        allow_null=True, min_value=0, max_value=1, help_text="The share of trials that met the target (null: none)"
    )


class ForecastContributorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The savings line's id")
    project = serializers.IntegerField(help_text="The project's id")
    financial_year = serializers.CharField()
    expected_shortfall = PoundsField(
        source="expected_shortfall_pence",
        help_text="The line's expected loss in the trials where its year's target is missed",
    )


class ForecastRunSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    correlation = serializers.FloatField(read_only=True, help_text="Between lines, from 0 to 1")
    years = ForecastYearSerializer(many=True, read_only=True)
    cumulative = ForecastYearSerializer(many=True, read_only=True, help_text="Under the MTFS counting rule")
    contributors = serializers.SerializerMethodField(
        help_text="The lines contributing most to the expected shortfall (only lines you may read)"
    )

    class Meta:
        model = ForecastRun
        fields = ["id", "organisation", "created_at", "trials", "seed", "correlation", "mtfs", "lines_counted",
                  "duration_ms", "years", "cumulative", "contributors"]
        read_only_fields = fields

    @extend_schema_field(ForecastContributorSerializer(many=True))
    def get_contributors(self, obj: ForecastRun) -> list[dict[str, Any]]:
        readable = self.context.get("readable_lines")
        if readable is None:
            request = self.context["request"]
            readable = readable_line_ids([item["line"] for item in obj.contributors], request.user)
        visible = [item for item in obj.contributors if item["line"] in readable]
        return ForecastContributorSerializer(visible, many=True).data  # type: ignore[return-value]


class ForecastRunFilterSet(OrganisationFilterSet):
    class Meta:
        model = ForecastRun
        fields = ["organisation"]


class ForecastRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The latest forecast run of each organisation where you hold a role."""

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    serializer_class = ForecastRunSerializer
    filterset_class = ForecastRunFilterSet

    def get_queryset(self) -> QuerySet[ForecastRun]:
        latest = ForecastRun.objects.filter(organisation=OuterRef("organisation")).order_by("-created_at", "-pk")
        runs = ForecastRun.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        return policy.readable(runs, self.request.user).order_by("pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            # One policy query for the contributors of every run on the page, not one per run.
            ids = [item["line"] for run in page for item in run.contributors]
            self.readable_lines = readable_line_ids(ids, self.request.user)
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        readable = getattr(self, "readable_lines", None)
        if readable is not None:
            context["readable_lines"] = readable
        return context
