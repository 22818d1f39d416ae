from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.risks.models import EqualityAssessment, EqualityGroup, EqualityImpact, Risk


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "organisation", "level", "status", "review_date")
    list_filter = ("organisation", "level", "status")
    search_fields = ("code", "title")
    filter_horizontal = ("projects",)


@admin.register(EqualityGroup)
class EqualityGroupAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "statutory", "order")
    list_filter = ("statutory", "organisation")


class EqualityImpactInline(admin.TabularInline):
    model = EqualityImpact
    extra = 0
    fields = ("group", "impact", "evidence", "mitigation")
    can_delete = False


@admin.register(EqualityAssessment)
class EqualityAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "project", "stage", "status", "signed_off_on")
    list_filter = ("organisation", "stage", "status")
    search_fields = ("code", "title")
    inlines = [EqualityImpactInline]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        for impact in formset.save(commit=False):
            impact.organisation_id = form.instance.organisation_id  # an impact belongs where its assessment does
            impact.save()
        formset.save_m2m()
