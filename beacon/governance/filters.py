"""FilterSets of boards, meetings, agenda items, decisions and what hangs on them: each serves the web list and
the API collection alike (STYLE rule 4). "Key decision" and "flagged" are worked out by the key-decision test
(``beacon.governance.selectors.key_decisions``), in a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from beacon.core import policy
from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.governance.models import (
    AgendaItem,
    AssessmentKind,
    Board,
    BoardKind,
    Decision,
    DecisionOption,
    DecisionStatus,
    Implication,
    ImplicationKind,
    MaturityAssessment,
    MaturityFramework,
    Meeting,
    MeetingStatus,
    SpendRequest,
    SpendRequestStatus,
)
from beacon.governance.selectors import boards_of, key_decisions


def date_filter(field_name: str, lookup: str, label: str) -> filters.DateFilter:
    return filters.DateFilter(field_name=field_name, lookup_expr=lookup, label=label)


class BoardFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=BoardKind.choices, empty_label="Any")
    archived = yes_no_filter(label="Archived")

    class Meta:
        model = Board
        fields = ["organisation", "kind", "archived"]


class MeetingFilterSet(OrganisationFilterSet):
    board = filters.ModelChoiceFilter(queryset=Board.objects.all())
    status = filters.ChoiceFilter(choices=MeetingStatus.choices, empty_label="Any")
    date_from = date_filter("date", "gte", "On or after")
    date_to = date_filter("date", "lte", "On or before")

    class Meta:
        model = Meeting
        fields = ["organisation", "board", "status", "date_from", "date_to"]


class AgendaItemFilterSet(OrganisationFilterSet):
    meeting = filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    decision = filters.ModelChoiceFilter(queryset=Decision.objects.all())

    class Meta:
        model = AgendaItem
        fields = ["organisation", "meeting", "decision"]
        api_only = ("meeting", "decision")


class DecisionFilterSet(OrganisationFilterSet):
    key_decision = yes_no_filter(label="Key decision", method="filter_key")
    flagged = yes_no_filter(label="Flagged on the forward plan", method="filter_flagged")
    status = filters.ChoiceFilter(choices=DecisionStatus.choices, empty_label="Any")
    decision_maker = filters.ModelChoiceFilter(queryset=Board.objects.all(), label="Board that takes it")
    date_from = date_filter("decision_date", "gte", "Decision date on or after")
    date_to = date_filter("decision_date", "lte", "Decision date on or before")

    class Meta:
        model = Decision
        fields = ["organisation", "key_decision", "flagged", "status", "decision_maker", "date_from", "date_to"]

    def _matching(self, queryset: QuerySet[Decision], test: Any) -> QuerySet[Decision]:
        # The test reads the linked projects' savings and contracts' fees: apply it to every candidate at once.
        answers = key_decisions(queryset.select_related(None).only(*KEY_FIELDS).order_by())
        return queryset.filter(pk__in=[pk for pk, answer in answers.items() if test(answer)])

    def filter_key(self, queryset: QuerySet[Decision], name: str, value: bool | None) -> QuerySet[Decision]:
        if value is None:
            return queryset
        return self._matching(queryset, lambda answer: answer.key == value)

    def filter_flagged(self, queryset: QuerySet[Decision], name: str, value: bool | None) -> QuerySet[Decision]:
        if value is None:
            return queryset
        return self._matching(queryset, lambda answer: answer.notice.flagged == value)


# What the key-decision test reads of a decision itself (the rest comes from its links).
KEY_FIELDS = ("pk", "organisation_id", "revenue_impact_pence", "contract_value_pence", "capital_scheme_pence",
              "wards_affected", "all_wards", "significant_ward_impact", "forward_plan_published", "decision_date",
              "general_exception", "special_urgency")


class DecisionOptionFilterSet(OrganisationFilterSet):
    decision = filters.ModelChoiceFilter(queryset=Decision.objects.all())

    class Meta:
        model = DecisionOption
        fields = ["organisation", "decision", "recommended"]


class ImplicationFilterSet(OrganisationFilterSet):
    decision = filters.ModelChoiceFilter(queryset=Decision.objects.all())
    kind = filters.ChoiceFilter(choices=ImplicationKind.choices, empty_label="Any")

    class Meta:
        model = Implication
        fields = ["organisation", "decision", "kind"]


class MaturityAssessmentFilterSet(OrganisationFilterSet):
    """The assessments list and the ``maturity-assessments`` collection."""

    framework = filters.ModelChoiceFilter(queryset=MaturityFramework.objects.all())
    kind = filters.ChoiceFilter(choices=AssessmentKind.choices, empty_label="Any")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label="Assessed on or after")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label="Assessed on or before")

    class Meta:
        model = MaturityAssessment
        fields = ["organisation", "framework", "kind"]

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        # Frameworks have no confidential side: narrow the choices to the page's organisation (or the user's).
        request = kwargs.get("request")
        framework = self.filters.get("framework")
        if framework is not None:
            choices = MaturityFramework.objects.all()
            if organisation is not None:
                choices = choices.filter(organisation=organisation)
            elif request is not None:
                choices = policy.readable(choices, request.user)
            framework.queryset = choices


class MaturityFrameworkFilterSet(OrganisationFilterSet):
    class Meta:
        model = MaturityFramework
        fields = ["organisation"]


class SpendRequestFilterSet(OrganisationFilterSet):
    """The spend requests list and the ``spend-requests`` collection."""

    status = filters.ChoiceFilter(choices=SpendRequestStatus.choices, empty_label="Any")
    board = filters.ModelChoiceFilter(queryset=Board.objects.all())
    service = filters.CharFilter(lookup_expr="icontains", label="Service contains")
    decided_from = filters.DateFilter(field_name="decided_on", lookup_expr="gte", label="Decided on or after")
    decided_to = filters.DateFilter(field_name="decided_on", lookup_expr="lte", label="Decided on or before")
    illustrative = yes_no_filter(label="Illustrative")

    class Meta:
        model = SpendRequest
        fields = ["organisation", "status", "board", "service", "illustrative"]

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        request = kwargs.get("request")
        board = self.filters.get("board")
        if board is not None and request is not None:
            board.queryset = boards_of(organisation, request.user)
