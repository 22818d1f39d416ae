"""The reporting-period list's FilterSet, shared by the page and the API."""

from __future__ import annotations

from beacon.core.filters import OrganisationFilterSet
from beacon.reporting.models import ReportingPeriod


class ReportingPeriodFilterSet(OrganisationFilterSet):
    class Meta:
        model = ReportingPeriod
        fields = ["organisation", "status"]
