"""FilterSets of risks and equality impact assessments: each serves the web list and the API collection alike
(STYLE rule 4). A risk's band is its residual band ("?band=very_high"); an overdue review is the rule of
``rules.review_overdue`` ("?overdue=true")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.core.models import Membership
from beacon.programmes.models import Programme, Project
from beacon.risks.models import (
    AssessmentStage,
    AssessmentStatus,
    EqualityAssessment,
    EqualityGroup,
    EqualityImpact,
    Impact,
    Risk,
    RiskLevel,
    RiskStatus,
)
from beacon.risks.selectors import BAND_CHOICES, band_q, overdue_q, with_scores


class RiskFilterSet(OrganisationFilterSet):
    level = filters.ChoiceFilter(choices=RiskLevel.choices, empty_label="Any")
    status = filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Any")
    owner = filters.ModelChoiceFilter(queryset=get_user_model().objects.none(), label="Owner",
                                      empty_label="Anyone")
    band = filters.ChoiceFilter(choices=BAND_CHOICES, empty_label="Any", method="filter_band",
                                label="Band after controls (residual)")
    overdue = yes_no_filter(method="filter_overdue", label="Review overdue")
    project = filters.ModelChoiceFilter(field_name="projects", queryset=Project.objects.all(), empty_label="Any",
                                        label="Project")
    programme = filters.ModelChoiceFilter(queryset=Programme.objects.all())
    code = filters.CharFilter()

    class Meta:
        model = Risk
        fields = ["organisation", "level", "status", "owner", "band", "overdue", "project", "programme", "code"]
        api_only = ("programme", "code")

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        users = get_user_model().objects.order_by("username")
        if organisation is not None:
            users = users.filter(pk__in=Membership.objects.filter(organisation=organisation).values("user"))
        else:
            request = kwargs.get("request")
            organisations = Membership.objects.filter(user=getattr(request, "user", None)).values("organisation")
            users = users.filter(memberships__organisation__in=organisations).distinct()
        self.filters["owner"].queryset = users

    def filter_band(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return with_scores(queryset).filter(band_q(value)) if value else queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class EqualityAssessmentFilterSet(OrganisationFilterSet):
    project = filters.ModelChoiceFilter(queryset=Project.objects.all(), empty_label="Any")
    stage = filters.ChoiceFilter(choices=AssessmentStage.choices, empty_label="Any", label="Kind")
    status = filters.ChoiceFilter(choices=AssessmentStatus.choices, empty_label="Any")
    full_assessment_needed = yes_no_filter(label="Screening found a full assessment needed")

    class Meta:
        model = EqualityAssessment
        fields = ["organisation", "project", "stage", "status", "full_assessment_needed"]


class EqualityImpactFilterSet(OrganisationFilterSet):
    assessment = filters.ModelChoiceFilter(queryset=EqualityAssessment.objects.all())
    group = filters.ModelChoiceFilter(queryset=EqualityGroup.objects.all())
    impact = filters.ChoiceFilter(choices=Impact.choices)

    class Meta:
        model = EqualityImpact
        fields = ["organisation", "assessment", "group", "impact"]


class EqualityGroupFilterSet(filters.FilterSet):
    """``?organisation=<slug>``: the groups an organisation assesses (the protected characteristics and its own)."""

    organisation = filters.CharFilter(method="filter_organisation", label="Organisation (slug)")
    statutory = filters.BooleanFilter()

    class Meta:
        model = EqualityGroup
        fields = ["organisation", "statutory"]

    def filter_organisation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(organisation__isnull=True) | Q(organisation__slug=value))
