"""The FilterSets of the engagement lists, shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.engagement.models import (
    Event,
    EventKind,
    EventStatus,
    Idea,
    IdeaStatus,
    Moderation,
    OperatingModel,
    OperatingModelStatus,
    Partnership,
    PartnershipStatus,
    SpatialLevel,
    Submitter,
)
from beacon.programmes.models import Programme, Project, Workstream


def search_filter(*fields: str) -> filters.CharFilter:
    """A free-text search over ``fields`` (case-insensitive, any of them)."""

    def search(queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.strip()
        if not words:
            return queryset
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": words})
        return queryset.filter(query)

    return filters.CharFilter(label="Search", method=search)


class IdeaFilterSet(OrganisationFilterSet):
    q = search_filter("code", "title", "description")
    status = filters.ChoiceFilter(choices=IdeaStatus.choices, empty_label="Any")
    submitter = filters.ChoiceFilter(choices=Submitter.choices, empty_label="Anyone", label="Submitted by")
    workstream = filters.ModelChoiceFilter(queryset=Workstream.objects.all(), empty_label="Any")
    moderation = filters.ChoiceFilter(choices=Moderation.choices, empty_label="Any")
    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    event = filters.ModelChoiceFilter(queryset=Event.objects.all())

    class Meta:
        model = Idea
        fields = ["organisation", "q", "status", "submitter", "workstream", "moderation", "project", "event"]
        api_only = ("project", "event")


class EventFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=EventKind.choices, empty_label="Any")
    status = filters.ChoiceFilter(choices=EventStatus.choices, empty_label="Any")
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all(), empty_label="Any")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label="On or after")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label="On or before")

    class Meta:
        model = Event
        fields = ["organisation", "kind", "status", "programme", "date_from", "date_to"]


class PartnershipFilterSet(OrganisationFilterSet):
    spatial_level = filters.ChoiceFilter(choices=SpatialLevel.choices, empty_label="Any")
    status = filters.ChoiceFilter(choices=PartnershipStatus.choices, empty_label="Any")
    programme = filters.ModelChoiceFilter(field_name="programmes", queryset=Programme.objects.all(),
                                          empty_label="Any", distinct=True)
    testbed = yes_no_filter(label="Has a testbed locality", method="filter_testbed")

    class Meta:
        model = Partnership
        fields = ["organisation", "spatial_level", "status", "programme", "testbed"]

    def filter_testbed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        with_testbed = Partnership.objects.filter(localities__testbed=True).values("pk")
        return queryset.filter(pk__in=with_testbed) if value else queryset.exclude(pk__in=with_testbed)


class OperatingModelFilterSet(OrganisationFilterSet):
    q = search_filter("title", "service")
    status = filters.ChoiceFilter(choices=OperatingModelStatus.choices, empty_label="Any")
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all(), empty_label="Any")
    project = filters.ModelChoiceFilter(field_name="projects", queryset=Project.objects.all())

    class Meta:
        model = OperatingModel
        fields = ["organisation", "q", "status", "programme", "project"]
        api_only = ("project",)
