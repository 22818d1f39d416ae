"""The ``kpis``, ``targets`` and ``observations`` collections (PRODUCT C4 and section 3).

A KPI's answer carries its latest observed period with status and direction of travel (worked out for a whole
page at once: ``selectors.latest_results``) and whether its next figure is overdue (``freshness``). A target or
observation names its period by label ("2024/25 Q1") and by ``period_start`` (ISO date); on a write either may
be given, the period in any form ``periods.parse_period`` reads ("2024/25 Q1", "Q1 2024/25", "April 2024",
"2024-04-01"), and it must be a period of the KPI's frequency. Writes ask the policy: the programme office
writes every KPI of its organisation; a KPI's owner writes its figures and the fields the policy leaves them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.performance import filters
from beacon.performance.freshness import is_overdue, kpi_due
from beacon.performance.models import Indicator, Kpi, KpiTarget, Observation
from beacon.performance.periods import parse_period, period_label
from beacon.performance.selectors import latest_results
from beacon.performance.status import Direction, PeriodResult, Status

User = get_user_model()
AUDIT = ["created_at", "modified_at"]


# Described in words rather than as enums: the schema gives every choice set one name (ENUM_NAME_OVERRIDES in
# settings), and these read-only values need none.
STATUS_HELP = "one of " + ", ".join(f"{value} ({label.lower()})" for value, label in Status.choices)
DIRECTION_HELP = "one of " + ", ".join(f"{value} ({label.lower()})" for value, label in Direction.choices)


class LatestSerializer(serializers.Serializer):
    """A KPI's latest observed period, as the API shows it."""

    period = serializers.CharField(help_text='the period\'s label, e.g. "2024/25 Q1"')
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    tolerance = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    since_previous = serializers.CharField(help_text="direction of travel since the period before: " + DIRECTION_HELP)
    since_year_before = serializers.CharField(
        help_text="direction of travel since the same period a year before: " + DIRECTION_HELP
    )


def latest_data(result: PeriodResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return LatestSerializer({
        "period": result.label, "period_start": result.period_start, "value": result.value,
        "target": result.target, "tolerance": result.tolerance, "status": result.status.value,
        "since_previous": result.since_previous.value, "since_year_before": result.since_year_before.value,
    }).data


class KpiSerializer(OrganisationOwnedSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True,
        help_text="the id of the Beacon user who reports it; a user with a role in the organisation",
    )
    benchmark = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(), required=False, allow_null=True,
        help_text="the id of a published indicator that sets the KPI beside comparator councils",
    )
    latest = serializers.SerializerMethodField(
        help_text="the latest observed period with its status and direction of travel; null with no observation"
    )
    status = serializers.SerializerMethodField(help_text="the status of the latest observed period")
    direction = serializers.SerializerMethodField(
        help_text="direction of travel of the latest observed period since the period before"
    )
    overdue = serializers.SerializerMethodField(
        help_text="the figure for the period after the latest one is past its due date (never when archived)"
    )

    class Meta:
        model = Kpi
        fields = ["id", "organisation", "code", "title", "description", "unit", "decimal_places", "polarity",
                  "frequency", "owner", "owner_title", "data_source", "source_url", "reporting_lag_days", "public",
                  "confidential", "illustrative", "archived", "priorities", "projects", "benchmark", "status",
                  "direction", "latest", "overdue", *AUDIT]
        validators: list[Any] = []  # one code per organisation: checked in validate() with a clearer reason

    def _latest(self, obj: Kpi) -> PeriodResult | None:
        context: Any = self.context
        cache = context.setdefault("latest_results", {})
        if obj.pk not in cache:
            cache.update(latest_results([obj]))
            cache.setdefault(obj.pk, None)
        result: PeriodResult | None = cache.get(obj.pk)
        return result

    @extend_schema_field(LatestSerializer(allow_null=True))
    def get_latest(self, obj: Kpi) -> dict[str, Any] | None:
        return latest_data(self._latest(obj))

    @extend_schema_field(serializers.CharField(help_text="the status of the latest observed period: " + STATUS_HELP))
    def get_status(self, obj: Kpi) -> str:
        result = self._latest(obj)
        return result.status.value if result else Status.NO_DATA.value

    @extend_schema_field(serializers.CharField(
        help_text="direction of travel of the latest observed period since the period before: " + DIRECTION_HELP
    ))
    def get_direction(self, obj: Kpi) -> str:
        result = self._latest(obj)
        return result.since_previous.value if result else Direction.NOT_KNOWN.value

    def get_overdue(self, obj: Kpi) -> bool:
        result = self._latest(obj)
        return is_overdue(kpi_due(obj, result.period_start if result else None), timezone.localdate(),
                          archived=obj.archived)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        owner = attrs.get("owner")
        if owner is not None and organisation is not None and not owner.memberships.filter(
            organisation=organisation
        ).exists():
            raise ValidationError({"owner": "Choose a user with a role in this organisation."})
        code = attrs.get("code")
        if code and organisation is not None:
            same = Kpi.objects.filter(organisation=organisation, code__iexact=code)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError({"code": f"There is already a KPI with the code {code}."})
        frequency = attrs.get("frequency")
        kpi = self.instance
        if kpi is not None and frequency and frequency != kpi.frequency and (
            kpi.observations.exists() or kpi.targets.exists()
        ):
            raise ValidationError({"frequency": "The frequency cannot change while the KPI has targets or figures."})
        return super().validate(attrs)


class KpiFigureSerializer(OrganisationOwnedSerializer):
    """A target or observation: its period as a label, read and written, and as the ISO date it starts."""

    period = serializers.CharField(
        required=False, max_length=40,
        help_text='the period\'s label, e.g. "2024/25 Q1", "April 2024" or "2024/25"; on a write, any form of a '
                  'period of the KPI\'s frequency ("Q1 2024/25", "2024-04-01")',
    )
    period_start = serializers.DateField(required=False, help_text="the first day of the period (ISO 8601)")
    noun = "a figure"

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["period"] = period_label(instance.kpi.frequency, instance.period_start)
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kpi: Kpi | None = attrs.get("kpi") or getattr(self.instance, "kpi", None)
        text = attrs.pop("period", None)
        if kpi is None:
            raise ValidationError({"kpi": "Give the id of the KPI."})
        if text is not None:
            try:
                start = parse_period(kpi.frequency, text)
            except ValueError as error:
                raise ValidationError({"period": str(error)}) from error
            if "period_start" in attrs and attrs["period_start"] != start:
                raise ValidationError({"period": f"“{text}” and period_start {attrs['period_start']:%Y-%m-%d} "
                                                 "are different periods: give one of them."})
            attrs["period_start"] = start
        elif self.instance is None and "period_start" not in attrs:
            raise ValidationError({"period": 'Give the period, e.g. "2024/25 Q1", or its period_start.'})
        start_date: dt.date | None = attrs.get("period_start")
        if start_date is not None:
            same = type(self).Meta.model.objects.filter(kpi=kpi, period_start=start_date)  # type: ignore[attr-defined]
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError({"period": f"There is already {self.noun} for "
                                                 f"{period_label(kpi.frequency, start_date)}."})
        return super().validate(attrs)


class KpiTargetSerializer(KpiFigureSerializer):
    noun = "a target"

    class Meta:
        model = KpiTarget
        fields = ["id", "organisation", "kpi", "period", "period_start", "value", "tolerance", *AUDIT]
        validators: list[Any] = []  # one target per period: checked in validate() with a clearer reason


class ObservationSerializer(KpiFigureSerializer):
    class Meta:
        model = Observation
        fields = ["id", "organisation", "kpi", "period", "period_start", "value", "note", *AUDIT]
        validators: list[Any] = []  # one figure per period: checked in validate() with a clearer reason


class KpiViewSet(OrganisationOwnedViewSet):
    """Key performance indicators, each with its latest status and direction of travel."""

    model = Kpi
    serializer_class = KpiSerializer
    filterset_class = filters.KpiFilterSet

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._latest = latest_results(page)
            self._latest.update({kpi.pk: None for kpi in page if kpi.pk not in self._latest})
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["latest_results"] = dict(getattr(self, "_latest", {}))
        return context


class KpiTargetViewSet(OrganisationOwnedViewSet):
    """The target of a KPI for each period, with its tolerance."""

    model = KpiTarget
    serializer_class = KpiTargetSerializer
    filterset_class = filters.KpiTargetFilterSet
    select_related = ("kpi",)


class ObservationViewSet(OrganisationOwnedViewSet):
    """The figure a KPI reached in each period, with a note."""

    model = Observation
    serializer_class = ObservationSerializer
    filterset_class = filters.ObservationFilterSet
    select_related = ("kpi",)
