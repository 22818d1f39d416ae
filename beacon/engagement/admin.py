from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.engagement.models import (
    Event,
    Idea,
    IdeaVote,
    Locality,
    OperatingModel,
    OperatingModelParameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
)


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "organisation", "submitter", "status", "moderation", "submitted_on")
    list_filter = ("organisation", "status", "moderation", "submitter")
    search_fields = ("code", "title")
    raw_id_fields = ("project", "workstream", "event", "submitted_by")


@admin.register(IdeaVote)
class IdeaVoteAdmin(admin.ModelAdmin):
    list_display = ("idea", "user", "created_at")
    raw_id_fields = ("idea", "user")


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "kind", "status", "date", "participants")
    list_filter = ("organisation", "kind", "status")
    search_fields = ("title",)


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0
    raw_id_fields = ("council",)
    exclude = ("created_by", "modified_by")


class LocalityInline(admin.TabularInline):
    model = Locality
    extra = 0


class PartnershipMilestoneInline(admin.TabularInline):
    model = PartnershipMilestone
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "spatial_level", "status")
    list_filter = ("organisation", "spatial_level", "status")
    search_fields = ("title",)
    filter_horizontal = ("programmes", "boards")
    inlines = [PartnershipMemberInline, LocalityInline, PartnershipMilestoneInline]


class OperatingModelParameterInline(admin.TabularInline):
    model = OperatingModelParameter
    extra = 0


@admin.register(OperatingModel)
class OperatingModelAdmin(SimpleHistoryAdmin):
    list_display = ("title", "service", "organisation", "status")
    list_filter = ("organisation", "status")
    search_fields = ("title", "service")
    filter_horizontal = ("projects", "kpis")
    inlines = [OperatingModelParameterInline]
