"""The ``spend-requests`` collection: in-year requests to spend above the control threshold and the board's decision
on each. The amount is pounds as a decimal string (``amount``); ``SpendRequest.clean`` refuses a refusal without a
reason and a decision without a date, as the pages do."""

from __future__ import annotations

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet, PoundsField
from beacon.governance.filters import SpendRequestFilterSet
from beacon.governance.models import SpendRequest


class SpendRequestSerializer(OrganisationOwnedSerializer):
    amount = PoundsField(source="amount_pence")

    class Meta:
        model = SpendRequest
        fields = ["id", "organisation", "code", "title", "service", "requested_by_title", "amount", "justification",
                  "board", "project", "status", "decided_on", "decision_reason", "illustrative", "created_at",
                  "modified_at"]


class SpendRequestViewSet(OrganisationOwnedViewSet):
    """Spend requests above the control threshold, decided by a board such as a Spending Review Board; the
    administrator, programme office and finance officer write them."""

    model = SpendRequest
    serializer_class = SpendRequestSerializer
    filterset_class = SpendRequestFilterSet
