from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from beacon.reports.models import Report, ReportIssue, ReportSignOff


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "version", "status", "report_date", "confidential", "public"]
    list_filter = ["organisation", "kind", "status", "confidential", "public"]
    search_fields = ["title"]
    # Sign-off and issue go through beacon.reports.services, never the admin.
    readonly_fields = ["status", "version", "previous_version", "issued_at", "issued_by"]


@admin.register(ReportSignOff)
class ReportSignOffAdmin(admin.ModelAdmin):
    """Read only: sign-offs are given on the report's sign-off page."""

    list_display = ["report", "role", "signed_by", "signed_at"]
    list_filter = ["organisation", "role"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportIssue)
class ReportIssueAdmin(admin.ModelAdmin):
    """Read only: an issue is written once, when the report is issued, and never changed."""

    list_display = ["report", "created_at"]
    fields = ["report", "created_at"]
    readonly_fields = ["report", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
