"""The Django admin for KPIs, their targets and observations, and the reference indicators and comparator groups
(read mostly; the pages and the API are where councils work)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from beacon.performance.models import (
    ComparatorGroup,
    ComparatorMember,
    Indicator,
    IndicatorValue,
    Kpi,
    KpiTarget,
    Observation,
)


class FigureInline(admin.TabularInline):
    """A KPI's figures, shown on its admin page; written on their own admin pages (or the KPI's page), where the
    organisation is set."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class KpiTargetInline(FigureInline):
    model = KpiTarget
    fields = ["period_start", "value", "tolerance"]


class ObservationInline(FigureInline):
    model = Observation
    fields = ["period_start", "value", "note"]


@admin.register(Kpi)
class KpiAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "organisation", "frequency", "polarity", "owner", "public", "confidential",
                    "archived"]
    list_filter = ["organisation", "frequency", "polarity", "public", "confidential", "archived"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["organisation", "owner"]
    raw_id_fields = ["owner", "benchmark"]
    filter_horizontal = ["priorities", "projects"]
    inlines = [KpiTargetInline, ObservationInline]


@admin.register(KpiTarget)
class KpiTargetAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "period_start", "value", "tolerance", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["kpi", "organisation"]
    raw_id_fields = ["kpi"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "period_start", "value", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["kpi", "organisation"]
    raw_id_fields = ["kpi"]
    search_fields = ["kpi__code", "kpi__title", "note"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "dataset", "publisher", "unit", "polarity"]
    list_filter = ["dataset", "publisher"]
    search_fields = ["code", "title"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "council", "period", "value"]
    list_filter = ["indicator__dataset"]
    list_select_related = ["indicator", "council"]
    raw_id_fields = ["indicator", "council"]
    search_fields = ["council__name", "council__gss_code", "indicator__code"]


class ComparatorMemberInline(admin.TabularInline):
    model = ComparatorMember
    extra = 0
    raw_id_fields = ["council"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "council", "preset", "public"]
    list_filter = ["organisation", "kind", "public"]
    raw_id_fields = ["council"]
    inlines = [ComparatorMemberInline]
