"""The public, read-only API: no token, only public and non-confidential records (policy.public, through
beacon.public.selectors), paginated like the rest of the API.

Collections: programmes, projects, milestones, themes, priorities, kpis (each with its latest period),
observations (each with its target and status), savings (the savings position by MTFS and financial year,
counting only published projects: see ``beacon.public.selectors``) and comparator-groups.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.performance.models import ComparatorGroup, ComparatorMember, Kpi, KpiTarget, Observation
from beacon.performance.periods import previous_period, year_before
from beacon.performance.selectors import latest_results
from beacon.performance.status import PeriodResult, series
from beacon.programmes.models import Milestone, Programme, Project
from beacon.public import opendata, selectors
from beacon.public.caching import public_cache
from beacon.strategy.models import Priority, Theme

COLLECTIONS = ["programmes", "projects", "milestones", "themes", "priorities", "kpis", "observations", "savings",
               "comparator-groups", "ideas", "events", "partnerships", "operating-models"]


class OrganisationSlug(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class PublicProgrammeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()

    class Meta:
        model = Programme
        fields = ["id", "organisation", "code", "title", "description", "start_date", "end_date", "board"]


class PublicProjectSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()

    class Meta:
        model = Project
        fields = ["id", "organisation", "code", "title", "description", "programme", "workstream", "stage",
                  "delivery_confidence", "start_date", "end_date"]


class PublicMilestoneSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    status = serializers.CharField(source="status_label", read_only=True,
                                   help_text="Done, Late (past its due date and not done) or Not yet due")

    class Meta:
        model = Milestone
        fields = ["id", "organisation", "project", "title", "due_date", "actual_date", "status"]


class PublicThemeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()

    class Meta:
        model = Theme
        fields = ["id", "organisation", "plan", "parent", "title", "description", "order"]


class PublicPrioritySerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()

    class Meta:
        model = Priority
        fields = ["id", "organisation", "theme", "code", "title", "description", "supporting_actions", "measures",
                  "targets"]


class PeriodSerializer(serializers.Serializer):
    """One period of a KPI as a reader sees it (beacon.performance.status.PeriodResult)."""

    period = serializers.CharField(source="label", help_text="e.g. April 2024, 2024/25 Q1 or 2024/25")
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    tolerance = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.CharField(source="status.value", help_text="on_target, within_tolerance, off_target, "
                                   "no_target or no_data")
    status_text = serializers.CharField(source="status.label", help_text="The status in words")
    since_previous = serializers.CharField(source="since_previous.value", help_text="improving, worsening, "
                                           "no_change or not_known: against the period before")
    since_year_before = serializers.CharField(source="since_year_before.value",
                                              help_text="The same, against the same period a year before")


class PublicKpiSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    unit = serializers.CharField(read_only=True, help_text="number, percent, pounds or days")
    polarity = serializers.CharField(read_only=True, help_text="higher or lower (is better)")
    frequency = serializers.CharField(read_only=True, help_text="monthly, quarterly or annual")
    owner = serializers.CharField(source="owner_title", read_only=True, help_text="The owner's role title")
    priorities = serializers.ListField(child=serializers.IntegerField(), source="public_priority_ids",
                                       read_only=True, help_text="Ids of the published priorities it measures")
    projects = serializers.ListField(child=serializers.IntegerField(), source="public_project_ids",
                                     read_only=True, help_text="Ids of the published projects it measures")
    latest = PeriodSerializer(source="latest_result", read_only=True, allow_null=True,
                              help_text="The latest period with a figure; null when none is reported yet")

    class Meta:
        model = Kpi
        fields = ["id", "organisation", "code", "title", "description", "unit", "decimal_places", "polarity",
                  "frequency", "owner", "data_source", "source_url", "priorities", "projects", "illustrative",
                  "latest"]


class PublicObservationSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    period = serializers.CharField(source="result.label", read_only=True)
    target = serializers.DecimalField(source="result.target", max_digits=20, decimal_places=4, allow_null=True,
                                      read_only=True)
    tolerance = serializers.DecimalField(source="result.tolerance", max_digits=20, decimal_places=4,
                                         allow_null=True, read_only=True)
    status = serializers.CharField(source="result.status.value", read_only=True)
    status_text = serializers.CharField(source="result.status.label", read_only=True)
    since_previous = serializers.CharField(source="result.since_previous.value", read_only=True)
    since_year_before = serializers.CharField(source="result.since_year_before.value", read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "organisation", "kpi", "period_start", "period", "value", "note", "target", "tolerance",
                  "status", "status_text", "since_previous", "since_year_before"]


def money_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, help_text=help_text)


class PublicSavingsSerializer(serializers.Serializer):
    mtfs = serializers.IntegerField(help_text="The published MTFS's id")
    mtfs_title = serializers.CharField()
    financial_year = serializers.CharField(help_text="e.g. 2024/25")
    target = money_field("The new saving the programme must deliver in the year (pounds)")
    approved = money_field("Published projects' savings approved in the MTFS for the year")
    forecast = money_field("What those approved savings are now expected to deliver")
    delivered = money_field("Published projects' savings confirmed as delivered")
    cumulative_target = money_field("The targets of the years up to this one")
    cumulative_approved = money_field("Approved savings carried in the budget up to this year")
    cumulative_forecast = money_field("The cumulative forecast")
    cumulative_delivered = money_field("The cumulative delivered savings")
    illustrative = serializers.BooleanField(help_text="The year's target is illustrative, not a published figure")


class ComparatorMemberSerializer(serializers.ModelSerializer):
    gss_code = serializers.CharField(source="council.gss_code", read_only=True)
    name = serializers.CharField(source="council.name", read_only=True)

    class Meta:
        model = ComparatorMember
        fields = ["gss_code", "name", "rank", "distance"]


class PublicComparatorGroupSerializer(serializers.ModelSerializer):
    organisation = OrganisationSlug()
    kind = serializers.CharField(read_only=True, help_text="manual (chosen by hand) or nearest (neighbours)")
    council: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="gss_code", read_only=True,
                                           help_text="The GSS code of the council the group is built around")
    members = ComparatorMemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = ComparatorGroup
        fields = ["id", "organisation", "title", "description", "kind", "council", "preset", "size",
                  "computed_at", "members"]


class PublicMixin:
    permission_classes: Any = [permissions.AllowAny]
    authentication_classes: Any = []
    kwargs: dict[str, Any]

    def organisation(self) -> Organisation:
        cached = getattr(self, "_organisation", None)
        if cached is None:
            cached = self._organisation = selectors.public_organisation(self.kwargs["org"])
        return cached


@method_decorator(public_cache, name="dispatch")
class PublicIndex(PublicMixin, APIView):
    """The collections of an organisation's public API."""

    @extend_schema(responses={200: OpenApiResponse(
        response=inline_serializer("PublicIndex", fields={
            "organisation": serializers.CharField(), "name": serializers.CharField(),
            "licence": serializers.CharField(), "licence_url": serializers.URLField(),
            "savings_rule": serializers.CharField(),
            "collections": serializers.DictField(child=serializers.URLField()),
            "open_data": serializers.URLField(),
        }),
        description="The organisation's public collections, by name",
    )})
    def get(self, request: Request, org: str) -> Response:
        organisation = self.organisation()
        return Response(
            {
                "organisation": organisation.slug,
                "name": organisation.name,
                "licence": opendata.LICENCE_NAME,
                "licence_url": opendata.LICENCE_URL,
                "savings_rule": selectors.SAVINGS_RULE,
                "collections": {
                    name: reverse(f"public-api-{name}", kwargs={"org": org}, request=request) for name in COLLECTIONS
                },
                "open_data": request.build_absolute_uri(f"/public/{organisation.slug}/data/"),
            }
        )


@method_decorator(public_cache, name="dispatch")
class PublicList(PublicMixin, generics.ListAPIView):
    filter_backends: Any = []


class PublicProgrammeList(PublicList):
    serializer_class = PublicProgrammeSerializer
    queryset = Programme.objects.none()  # for the schema; get_queryset() gives the real records

    def get_queryset(self) -> QuerySet[Programme]:
        return policy.public(Programme.objects.all(), self.organisation()).select_related(
            "organisation"
        ).order_by("pk")


class PublicProjectList(PublicList):
    serializer_class = PublicProjectSerializer
    queryset = Project.objects.none()

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.public_projects(self.organisation()).select_related("organisation").order_by("pk")


class PublicMilestoneList(PublicList):
    serializer_class = PublicMilestoneSerializer
    queryset = Milestone.objects.none()

    def get_queryset(self) -> QuerySet[Milestone]:
        return selectors.public_milestones(self.organisation()).select_related("organisation").order_by("pk")


class PublicThemeList(PublicList):
    serializer_class = PublicThemeSerializer
    queryset = Theme.objects.none()

    def get_queryset(self) -> QuerySet[Theme]:
        return selectors.public_themes(self.organisation()).select_related("organisation").order_by("pk")


class PublicPriorityList(PublicList):
    serializer_class = PublicPrioritySerializer
    queryset = Priority.objects.none()

    def get_queryset(self) -> QuerySet[Priority]:
        return selectors.public_priorities(self.organisation()).select_related("organisation").order_by("pk")


class PublicKpiList(PublicList):
    """Published KPIs, each with its latest period (figure, target, status and direction of travel)."""

    serializer_class = PublicKpiSerializer
    queryset = Kpi.objects.none()

    def get_queryset(self) -> QuerySet[Kpi]:
        return selectors.public_kpis(self.organisation()).select_related("organisation").order_by("pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        kpis = list(page if page is not None else queryset)
        organisation = self.organisation()
        latest = latest_results(kpis)
        priorities = selectors.kpi_priority_links(kpis, organisation) if kpis else {}
        projects = selectors.kpi_project_links(kpis, organisation) if kpis else {}
        for kpi in kpis:
            kpi.latest_result = latest.get(kpi.pk)  # type: ignore[attr-defined]
            kpi.public_priority_ids = priorities.get(kpi.pk, [])  # type: ignore[attr-defined]
            kpi.public_project_ids = projects.get(kpi.pk, [])  # type: ignore[attr-defined]
        return kpis if page is not None else None


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number that the database can hold (anything else is a 400, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class ObservationFilter(django_filters.FilterSet):
    kpi = IdFilter(field_name="kpi_id", help_text="Only this KPI's figures")

    class Meta:
        model = Observation
        fields = ["kpi"]


def period_results(observations: list[Observation]) -> dict[int, PeriodResult]:
    """Each observation's period with its target, status and direction of travel: two queries for a page."""
    if not observations:
        return {}
    kpi_ids = {o.kpi_id for o in observations}
    dates: set[dt.date] = set()
    for o in observations:
        dates |= {o.period_start, previous_period(o.kpi.frequency, o.period_start), year_before(o.period_start)}
    values: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for kpi_id, start, value in Observation.objects.filter(kpi_id__in=kpi_ids, period_start__in=dates).order_by(
    ).values_list("kpi_id", "period_start", "value"):
        values[kpi_id][start] = value
    targets: dict[int, dict[dt.date, tuple[Decimal, Decimal]]] = defaultdict(dict)
    own = {o.period_start for o in observations}
    for kpi_id, start, value, tolerance in KpiTarget.objects.filter(kpi_id__in=kpi_ids, period_start__in=own).order_by(
    ).values_list("kpi_id", "period_start", "value", "tolerance"):
        targets[kpi_id][start] = (value, tolerance)
    return {
        o.pk: series(frequency=o.kpi.frequency, polarity=o.kpi.polarity, values=values[o.kpi_id],
                     targets=targets[o.kpi_id], notes={o.period_start: o.note}, periods=[o.period_start])[0]
        for o in observations
    }


class PublicObservationList(PublicList):
    """Every reported figure of the published KPIs, with its period's target and status."""

    serializer_class = PublicObservationSerializer
    queryset = Observation.objects.none()
    filter_backends: Any = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = ObservationFilter

    def get_queryset(self) -> QuerySet[Observation]:
        return (
            selectors.public_observations(self.organisation())
            .select_related("organisation", "kpi")
            .order_by("kpi_id", "period_start", "pk")
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        observations = list(page if page is not None else queryset)
        results = period_results(observations)
        for observation in observations:
            observation.result = results[observation.pk]  # type: ignore[attr-defined]
        return observations if page is not None else None


class PublicSavingsList(PublicList):
    """The savings position by published MTFS and financial year. Only the savings of projects that are public
    and not confidential are counted; see ``savings_rule`` in the index."""

    serializer_class = PublicSavingsSerializer

    def get_queryset(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return list(opendata.savings_rows(self.organisation()))


class PublicComparatorGroupList(PublicList):
    serializer_class = PublicComparatorGroupSerializer
    queryset = ComparatorGroup.objects.none()

    def get_queryset(self) -> QuerySet[ComparatorGroup]:
        return selectors.public_comparator_groups(self.organisation())
