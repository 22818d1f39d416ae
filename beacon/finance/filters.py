"""The savings ledger's FilterSets, each shared by its page and its API collection."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.finance.models import BudgetLine, LineState, Recurrence, SavingsLine
from beacon.programmes.models import Programme, Project, Workstream


class SavingsLineFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(field_name="project__programme", queryset=Programme.objects.all())
    workstream = filters.ModelChoiceFilter(
        field_name="project__workstream", queryset=Workstream.objects.all(), null_label="No workstream",
    )
    state = filters.MultipleChoiceFilter(choices=LineState.choices, widget=forms.CheckboxSelectMultiple)
    recurrence = filters.ChoiceFilter(choices=Recurrence.choices, empty_label="Any")
    cashable = yes_no_filter()
    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    financial_year = filters.CharFilter(field_name="financial_year__label", label="Financial year (like 2024/25)")
    budget_line = filters.ModelChoiceFilter(queryset=BudgetLine.objects.all())
    code = filters.CharFilter()

    class Meta:
        model = SavingsLine
        fields = ["organisation", "programme", "workstream", "state", "recurrence", "cashable", "project",
                  "financial_year", "budget_line", "code"]
        # The tracker's columns are the years and its rows the projects: these serve the API.
        api_only = ["project", "financial_year", "budget_line", "code"]


class BudgetLineFilterSet(OrganisationFilterSet):
    q = filters.CharFilter(method="search", label="Search codes, titles and services")
    code = filters.CharFilter()

    class Meta:
        model = BudgetLine
        fields = ["organisation", "q", "code"]
        api_only = ["code"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(service__icontains=value))
