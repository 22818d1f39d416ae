"""One FilterSet per list, shared by the web page and the API."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.programmes.freshness import stale_q
from beacon.programmes.models import Confidence, Milestone, Phase, Programme, Project, Stage, Workstream


class ProgrammeFilterSet(OrganisationFilterSet):
    class Meta:
        model = Programme
        fields = ["organisation", "code"]


class PhaseFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())

    class Meta:
        model = Phase
        fields = ["organisation", "programme"]


class WorkstreamFilterSet(OrganisationFilterSet):
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())

    class Meta:
        model = Workstream
        fields = ["organisation", "programme", "code"]


class ProjectFilterSet(OrganisationFilterSet):
    q = filters.CharFilter(method="search", label="Search titles and codes")
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())
    workstream = filters.ModelChoiceFilter(queryset=Workstream.objects.all())
    stage = filters.MultipleChoiceFilter(choices=Stage.choices, widget=forms.CheckboxSelectMultiple)
    delivery_confidence = filters.MultipleChoiceFilter(
        choices=Confidence.choices, widget=forms.CheckboxSelectMultiple
    )
    confidential = yes_no_filter()
    public = yes_no_filter()
    key_decision = yes_no_filter()
    stale = yes_no_filter(method="filter_stale", label="Update overdue")
    code = filters.CharFilter()

    class Meta:
        model = Project
        fields = ["organisation", "q", "programme", "workstream", "stage", "delivery_confidence", "stale", "code"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value))

    def filter_stale(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Stale (beacon.programmes.freshness): the update was due before today and the project is open."""
        if value is None:
            return queryset
        stale = stale_q(timezone.localdate())
        return queryset.filter(stale) if value else queryset.exclude(stale)


class MilestoneFilterSet(OrganisationFilterSet):
    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    project_search = filters.CharFilter(method="search_project", label="Project (code or title)")
    late = yes_no_filter(method="filter_late", label="Late")
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due on or after")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before")

    class Meta:
        model = Milestone
        fields = ["organisation", "project", "project_search", "late", "due_after", "due_before"]
        api_only = ["project"]

    def search_project(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(project__code__iexact=value) | Q(project__title__icontains=value))

    def filter_late(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(due_date__lt=timezone.localdate(), actual_date__isnull=True)
        return queryset.filter(late) if value else queryset.exclude(late)
