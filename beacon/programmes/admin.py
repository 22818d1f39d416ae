from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.programmes.models import Component, Milestone, Phase, Programme, Project, Workstream


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "actual_date", "organisation"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "board", "reported_confidence", "public"]
    list_filter = ["organisation"]
    search_fields = ["title", "code"]


@admin.register(Component)
class ComponentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "savings_target_pence", "order"]
    list_filter = ["organisation"]
    search_fields = ["title"]


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "start_date", "end_date"]
    list_filter = ["organisation"]


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "organisation", "reported_confidence"]
    list_filter = ["organisation"]
    search_fields = ["title", "code"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "organisation", "stage", "delivery_confidence", "confidential", "public"]
    list_filter = ["organisation", "stage", "delivery_confidence", "confidential", "public"]
    search_fields = ["title", "code"]
    raw_id_fields = ["dependencies", "priorities", "objectives", "principles"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "due_date", "actual_date"]
    list_filter = ["organisation"]
