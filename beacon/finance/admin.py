"""The Django admin for money records. Savings lines are read-only here: their state and money move only
through the ledger (beacon.finance.ledger), which records who, when and why."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.finance.models import (
    Benefit,
    BudgetLine,
    Contract,
    ContractMilestone,
    Cost,
    ForecastAssumption,
    ForecastRun,
    FundingSource,
    Mtfs,
    MtfsYear,
    SavingsEvent,
    SavingsLine,
)


class MtfsYearInline(admin.TabularInline):
    model = MtfsYear
    extra = 0
    fields = ["financial_year", "funding_gap_pence", "savings_required_pence", "programme_target_pence",
              "illustrative", "organisation"]


@admin.register(Mtfs)
class MtfsAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "start_year", "end_year", "programme"]
    list_filter = ["organisation"]
    inlines = [MtfsYearInline]


class NeverDeleteAdmin(SimpleHistoryAdmin):
    """Nothing in the ledger is deleted or edited outside it."""

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(SavingsLine)
class SavingsLineAdmin(NeverDeleteAdmin):
    list_display = ["__str__", "organisation", "project", "financial_year", "amount_pence", "state"]
    list_filter = ["organisation", "state", "recurrence", "cashable"]
    search_fields = ["code", "title", "project__title"]


@admin.register(SavingsEvent)
class SavingsEventAdmin(NeverDeleteAdmin):
    list_display = ["line", "action", "from_state", "to_state", "amount_pence", "actor", "at"]
    list_filter = ["organisation", "action"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "organisation", "service", "budget_pence"]
    list_filter = ["organisation"]
    search_fields = ["code", "title"]


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "kind", "dis_benefit", "owner_title"]
    list_filter = ["organisation", "kind"]
    search_fields = ["title"]


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "amount_pence", "status", "deadline"]
    list_filter = ["organisation", "kind", "status"]


@admin.register(Cost)
class CostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "project", "financial_year", "amount_pence", "kind"]
    list_filter = ["organisation", "kind"]


class ContractMilestoneInline(admin.TabularInline):
    model = ContractMilestone
    extra = 0
    fields = ["title", "due_date", "actual_date", "fee_pence", "organisation"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "partner", "fees_pence", "savings_identified_pence"]
    list_filter = ["organisation"]
    inlines = [ContractMilestoneInline]


@admin.register(ForecastAssumption)
class ForecastAssumptionAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "rating", "delivered_mean", "concentration", "slip_probability"]
    list_filter = ["organisation"]


@admin.register(ForecastRun)
class ForecastRunAdmin(admin.ModelAdmin):
    list_display = ["organisation", "created_at", "trials", "seed", "lines_counted", "duration_ms"]
    list_filter = ["organisation"]
    readonly_fields = ["years", "cumulative", "contributors", "assumptions"]
