from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from beacon.reporting.models import ReportingPeriod, Snapshot


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "start_date", "end_date", "status", "closed_at"]
    list_filter = ["organisation", "status"]
    readonly_fields = ["status", "closed_at", "closed_by"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read only: a snapshot is written when its period closes and never changed."""

    list_display = ["period", "taken_at"]
    readonly_fields = ["period", "taken_at", "data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
