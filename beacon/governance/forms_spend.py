"""Forms and the list filter of in-year spend controls (PRODUCT C6): requests to spend above the control threshold,
decided by a board such as a Spending Review Board. The amount is typed in pounds and kept in pence; the decision
(approve, refuse, withdraw) is its own form, and ``SpendRequest.clean`` holds the rules (a refusal says why; a
decision says when), so that the page and the API refuse the same input for the same reasons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from beacon.core import policy
from beacon.core.filters import OrganisationFilterSet, yes_no_filter
from beacon.core.forms import GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.governance.models import Board, SpendRequest, SpendRequestStatus

DATE = forms.DateInput(format="%Y-%m-%d")
DECISIONS = [(status.value, status.label) for status in
             (SpendRequestStatus.APPROVED, SpendRequestStatus.REFUSED, SpendRequestStatus.WITHDRAWN)]


def boards_of(organisation: Any, user: Any) -> QuerySet[Board]:
    """The boards a request may go to: the organisation's, not archived. Boards have no confidential side, so the
    form narrows them to the organisation itself."""
    boards = policy.readable(Board.objects.filter(archived=False), user)
    return boards.filter(organisation=organisation).order_by("title") if organisation else boards


class SpendRequestForm(OrganisationFormMixin, GovukModelForm):
    """A request as the service makes it; its decision is recorded on the decide page."""

    amount = MoneyField(label="Amount requested")

    class Meta:
        model = SpendRequest
        fields = ["code", "title", "service", "requested_by_title", "amount", "justification", "board", "project",
                  "illustrative"]
        labels = {
            "code": "Reference (optional)",
            "title": "What the money is for",
            "requested_by_title": "Requested by (role title)",
            "board": "Board that decides it",
            "project": "Programme project it serves (optional)",
            "illustrative": "This request is illustrative (demonstration data)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards_of(self.organisation, self.user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial.setdefault("amount", self.instance.amount_pence)

    def _post_clean(self) -> None:
        if self.cleaned_data.get("amount") is not None:
            self.instance.amount_pence = self.cleaned_data["amount"]
        super()._post_clean()  # type: ignore[misc]


class SpendDecisionForm(OrganisationFormMixin, GovukModelForm):
    """The board's decision: approved, refused (with the reason) or withdrawn, and when."""

    status = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)

    class Meta:
        model = SpendRequest
        fields = ["status", "decided_on", "decision_reason"]
        labels = {"decided_on": "Decided on", "decision_reason": "Reason"}
        help_texts = {"decision_reason": "Required when the request is refused"}
        widgets = {"decided_on": DATE}


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
