"""The Django admin for governance records: boards and their members, meetings and agenda items, decisions with
their options and implications, the key-decision thresholds, spend requests and the capability maturity
framework with its assessments. History is kept (SimpleHistoryAdmin); nothing here holds a rule of its own."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.governance.models import (
    AgendaItem,
    Board,
    BoardMember,
    Capability,
    Decision,
    DecisionOption,
    Implication,
    ImprovementAction,
    KeyDecisionThresholds,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
    Meeting,
    SpendRequest,
)


class BoardMemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0
    fields = ["role_title", "kind", "organisation"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organisation", "chair_title", "archived"]
    list_filter = ["organisation", "kind", "archived"]
    search_fields = ["title", "chair_title", "sponsor_title"]
    inlines = [BoardMemberInline]


@admin.register(BoardMember)
class BoardMemberAdmin(SimpleHistoryAdmin):
    list_display = ["role_title", "kind", "board", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["role_title"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["number", "title", "decision", "previous", "resolution", "comments_to_next", "confidential",
              "organisation"]
    raw_id_fields = ["decision", "previous"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "date", "location", "status", "organisation"]
    list_filter = ["organisation", "status"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "number", "confidential", "organisation"]
    list_filter = ["organisation", "confidential"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "decision", "previous"]


class DecisionOptionInline(admin.TabularInline):
    model = DecisionOption
    extra = 0
    fields = ["order", "option", "impact", "risk", "recommended", "organisation"]


class ImplicationInline(admin.StackedInline):
    model = Implication
    fk_name = "decision"
    extra = 0
    fields = ["kind", "text", "officer_comments", "officer_title", "organisation"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "decision_maker", "decision_date", "status", "confidential", "organisation"]
    list_filter = ["organisation", "status", "confidential"]
    search_fields = ["title", "code"]
    date_hierarchy = "decision_date"
    filter_horizontal = ["projects", "contracts"]
    inlines = [DecisionOptionInline, ImplicationInline]


@admin.register(DecisionOption)
class DecisionOptionAdmin(SimpleHistoryAdmin):
    list_display = ["option", "decision", "recommended", "organisation"]
    list_filter = ["organisation", "recommended"]


@admin.register(Implication)
class ImplicationAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "decision", "project", "officer_title", "organisation"]
    list_filter = ["organisation", "kind"]


@admin.register(KeyDecisionThresholds)
class KeyDecisionThresholdsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "revenue_pence", "contract_pence", "capital_pence", "wards", "notice_days"]


@admin.register(SpendRequest)
class SpendRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "amount_pence", "board", "status", "decided_on", "organisation"]
    list_filter = ["organisation", "status"]
    search_fields = ["title", "code"]


class MaturityLevelInline(admin.TabularInline):
    model = MaturityLevel
    extra = 0
    fields = ["number", "name", "description", "organisation"]


class CapabilityInline(admin.TabularInline):
    model = Capability
    extra = 0
    fields = ["order", "title", "description", "organisation"]


@admin.register(MaturityFramework)
class MaturityFrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation"]
    list_filter = ["organisation"]
    inlines = [MaturityLevelInline, CapabilityInline]


@admin.register(Capability)
class CapabilityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "framework", "order", "organisation"]
    list_filter = ["organisation"]


class MaturityScoreInline(admin.TabularInline):
    model = MaturityScore
    extra = 0
    fields = ["capability", "score", "evidence", "risk", "organisation"]
    raw_id_fields = ["risk"]


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["framework", "kind", "date", "organisation"]
    list_filter = ["organisation", "kind"]
    inlines = [MaturityScoreInline]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "capability", "owner_title", "due_date", "done", "organisation"]
    list_filter = ["organisation", "done"]
