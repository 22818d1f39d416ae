from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "actual_date", "organisation"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "board", "public"]
    list_filter = ["organisation"]
    search_fields = ["title", "code"]


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "start_date", "end_date"]
    list_filter = ["organisation"]


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["title", "code"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "organisation", "stage", "delivery_confidence", "confidential", "public"]
    list_filter = ["organisation", "stage", "delivery_confidence", "confidential", "public"]
    search_fields = ["title", "code"]
    raw_id_fields = ["dependencies", "priorities", "objectives"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "due_date", "actual_date"]
    list_filter = ["organisation"]
