"""The report list's FilterSet, shared by the page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.governance.models import Meeting
from beacon.reports.models import Report, ReportKind, ReportStatus


def meeting_choices(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings named as pages write them ("Cabinet, 21 March 2024"), in one query with their boards."""
    return Meeting.objects.filter(pk__in=queryset.values("pk")).select_related("board").order_by("-date", "pk")


class ReportFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=ReportKind.choices, empty_label="Any")
    status = filters.ChoiceFilter(choices=ReportStatus.choices, empty_label="Any")
    meeting = filters.ModelChoiceFilter(queryset=Meeting.objects.all(), empty_label="Any")
    confidential = yes_no_filter()

    class Meta:
        model = Report
        fields = ["organisation", "kind", "status", "meeting", "programme", "confidential"]
        api_only = ["programme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting: Any = self.filters["meeting"]
        meeting.queryset = meeting_choices(meeting.queryset)
