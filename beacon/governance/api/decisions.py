"""The ``decisions`` collection (each with the key-decision test's answer: ``key_decision``,
``key_decision_criteria`` in words, ``forward_plan_flagged``, ``clear_days``), the read-only ``forward-plan``
(the key decisions with their notice), and ``decision-options`` and ``implications``. Money is pounds as a
decimal string under names without "_pence". The test is applied to a whole page of decisions at once
(``beacon.governance.selectors.key_decisions``), so a list costs the same queries at any size."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from beacon.core import policy
from beacon.core.api import (
    OrganisationField,
    OrganisationOwnedSerializer,
    OrganisationOwnedViewSet,
    PoundsField,
)
from beacon.governance import filters
from beacon.governance.models import Decision, DecisionOption, DecisionStatus, Implication
from beacon.governance.selectors import KeyDecision, key_decisions

AUDIT = ["created_at", "modified_at"]


def answer_of(decision: Decision) -> KeyDecision:
    """The key-decision test of ``decision``: worked out for the whole page by the viewset, or now."""
    answer = getattr(decision, "_key_decision", None)
    if answer is None:
        answer = key_decisions([decision])[decision.pk]
        decision._key_decision = answer  # type: ignore[attr-defined]
    return answer


def attach_answers(decisions: list[Decision]) -> None:
    answers = key_decisions(decisions)
    for decision in decisions:
        decision._key_decision = answers[decision.pk]  # type: ignore[attr-defined]


class KeyDecisionFields(serializers.Serializer):
    """The key-decision test's answer and the forward plan notice, read-only."""

    key_decision = serializers.SerializerMethodField(help_text="the key-decision test finds it key")
    key_decision_criteria = serializers.SerializerMethodField(help_text="the criteria met, in words")
    forward_plan_flagged = serializers.SerializerMethodField(
        help_text="a key decision without its clear days' notice on the forward plan and no exception recorded"
    )
    forward_plan_notice = serializers.SerializerMethodField(help_text="the notice, in words")
    clear_days = serializers.SerializerMethodField(
        help_text="clear days between publication on the forward plan and the decision (null when not known)"
    )

    def get_key_decision(self, obj: Decision) -> bool:
        return answer_of(obj).key

    def get_key_decision_criteria(self, obj: Decision) -> list[str]:
        return list(answer_of(obj).criteria)

    def get_forward_plan_flagged(self, obj: Decision) -> bool:
        return answer_of(obj).notice.flagged

    def get_forward_plan_notice(self, obj: Decision) -> str:
        return answer_of(obj).notice.words

    def get_clear_days(self, obj: Decision) -> int | None:
        if obj.forward_plan_published and obj.decision_date:
            return (obj.decision_date - obj.forward_plan_published).days - 1
        return None


class DecisionSerializer(KeyDecisionFields, OrganisationOwnedSerializer):
    revenue_impact = PoundsField(source="revenue_impact_pence", required=False, allow_null=True,
                                 help_text="change to a service revenue budget, if not taken from the projects")
    contract_value = PoundsField(source="contract_value_pence", required=False, allow_null=True)
    capital_scheme = PoundsField(source="capital_scheme_pence", required=False, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "organisation", "code", "title", "decision_maker", "decision_maker_title", "decision_date",
                  "status", "recommendation", "resolution", "reasons", "projects", "contracts", "revenue_impact",
                  "contract_value", "capital_scheme", "wards_affected", "all_wards", "significant_ward_impact",
                  "forward_plan_published", "general_exception", "special_urgency", "exception_reason",
                  "call_in_ends", "key_decision", "key_decision_criteria", "forward_plan_flagged",
                  "forward_plan_notice", "clear_days", "source", "confidential", "exempt_paragraph", "public",
                  "illustrative", *AUDIT]


class DecisionViewSet(OrganisationOwnedViewSet):
    """Decisions: who takes them and when, recommendation, resolution and reasons, the figures the key-decision
    test reads, and the forward plan."""

    model = Decision
    serializer_class = DecisionSerializer
    filterset_class = filters.DecisionFilterSet

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_answers(page)
        return page


class ForwardPlanEntrySerializer(KeyDecisionFields, serializers.ModelSerializer):
    organisation = OrganisationField(read_only=True, queryset=None)
    notice_days = serializers.SerializerMethodField(help_text="the clear days' notice needed")

    class Meta:
        model = Decision
        fields = ["id", "organisation", "code", "title", "decision_maker", "decision_maker_title", "decision_date",
                  "status", "forward_plan_published", "clear_days", "notice_days", "forward_plan_flagged",
                  "forward_plan_notice", "general_exception", "special_urgency", "exception_reason",
                  "key_decision", "key_decision_criteria"]

    def get_notice_days(self, obj: Decision) -> int:
        return answer_of(obj).thresholds.notice_days


class ForwardPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The forward plan, read-only: the key decisions (as the key-decision test finds them; withdrawn ones
    left out), by decision date, with their notice. Each entry's ``id`` is the decision's."""

    serializer_class = ForwardPlanEntrySerializer
    filterset_class = filters.DecisionFilterSet
    permission_classes = OrganisationOwnedViewSet.permission_classes
    queryset = Decision.objects.none()

    def get_queryset(self) -> QuerySet[Decision]:
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        readable = policy.readable(Decision.objects.exclude(status=DecisionStatus.WITHDRAWN), self.request.user)
        answers = key_decisions(readable.only(*filters.KEY_FIELDS).order_by())
        keys = [pk for pk, answer in answers.items() if answer.key]
        return readable.filter(pk__in=keys).order_by("decision_date", "pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_answers(page)
        return page


class DecisionOptionSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = DecisionOption
        fields = ["id", "organisation", "decision", "order", "option", "impact", "risk", "recommended", *AUDIT]


class DecisionOptionViewSet(OrganisationOwnedViewSet):
    """The alternative options a decision considered: option, impact, risk, and the one recommended."""

    model = DecisionOption
    serializer_class = DecisionOptionSerializer
    filterset_class = filters.DecisionOptionFilterSet


class ImplicationSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = Implication
        fields = ["id", "organisation", "decision", "project", "kind", "text", "officer_comments", "officer_title",
                  *AUDIT]


class ImplicationViewSet(OrganisationOwnedViewSet):
    """Implications of a decision (or a project): financial, legal, HR, equality, risk, rural communities,
    children and SEND, public health, climate change, with the responsible officer's comments."""

    model = Implication
    serializer_class = ImplicationSerializer
    filterset_class = filters.ImplicationFilterSet

