from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.strategy.models import Objective, Plan, Principle, Priority, Theme


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "status", "council_date"]
    list_filter = ["organisation", "status"]
    search_fields = ["title"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "parent", "expected_priorities", "order"]
    list_filter = ["organisation"]
    search_fields = ["title"]


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "theme"]
    list_filter = ["organisation"]
    search_fields = ["code", "title"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["code", "title"]


@admin.register(Principle)
class PrincipleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["code", "title"]
