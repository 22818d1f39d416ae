"""Forms and the list filter of in-year spend controls (PRODUCT C6): requests to spend above the control threshold,
decided by a board such as a Spending Review Board. The amount is typed in pounds and kept in pence; the decision
(approve, refuse, withdraw) is its own form, and ``SpendRequest.clean`` holds the rules (a refusal says why; a
decision says when), so that the page and the API refuse the same input for the same reasons."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.core.forms import GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.governance.models import SpendRequest, SpendRequestStatus
from beacon.governance.selectors import boards_of

DATE = forms.DateInput(format="%Y-%m-%d")
DECISIONS = [(status.value, status.label) for status in
             (SpendRequestStatus.APPROVED, SpendRequestStatus.REFUSED, SpendRequestStatus.WITHDRAWN)]


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
