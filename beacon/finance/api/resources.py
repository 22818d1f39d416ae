"""The ``benefits``, ``costs``, ``funding-sources`` and ``contracts`` collections, and two small ones for what
hangs on them: ``benefit-profile-points`` and ``contract-milestones``.

A benefit lists its ``profile`` and a contract its ``milestones`` (read-only, nested); they are written
through their own collections, so that each write is checked by the policy like any record (a project lead
adds profile points to benefits of the projects they lead only). Money is pounds as a decimal string under
names without "_pence" (``amount``, ``fees``, ``savings_identified``); years are labels ("2024/25")."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from beacon.core.api import FinancialYearField, OrganisationOwnedSerializer, OrganisationOwnedViewSet, PoundsField
from beacon.finance import filters_resources as filters
from beacon.finance.models import Benefit, BenefitProfilePoint, Contract, ContractMilestone, Cost, FundingSource

AUDIT = ["created_at", "modified_at"]


# Benefits ----------------------------------------------------------------------------------------------------------


class BenefitProfileEntrySerializer(serializers.ModelSerializer):
    """A point of a benefit's profile, as listed inside the benefit."""

    class Meta:
        model = BenefitProfilePoint
        fields = ["id", "date", "expected", "actual"]


class BenefitSerializer(OrganisationOwnedSerializer):
    profile = BenefitProfileEntrySerializer(many=True, read_only=True,
                                            help_text="written through /api/v1/benefit-profile-points/")

    class Meta:
        model = Benefit
        fields = ["id", "organisation", "project", "code", "title", "description", "kind", "dis_benefit",
                  "owner_title", "measure", "kpi", "unit", "baseline", "baseline_date", "target", "target_date",
                  "source", "illustrative", "profile", *AUDIT]


class BenefitProfilePointSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = BenefitProfilePoint
        fields = ["id", "organisation", "benefit", "date", "expected", "actual", *AUDIT]


class BenefitViewSet(OrganisationOwnedViewSet):
    """Benefits and dis-benefits of projects; a project lead writes those of the projects they lead."""

    model = Benefit
    serializer_class = BenefitSerializer
    filterset_class = filters.BenefitFilterSet
    prefetch_related = ("profile",)


class BenefitProfilePointViewSet(OrganisationOwnedViewSet):
    """The benefit profile: what a benefit is expected to reach by a date, and what it reached."""

    model = BenefitProfilePoint
    serializer_class = BenefitProfilePointSerializer
    filterset_class = filters.BenefitProfilePointFilterSet


# Costs and funding ---------------------------------------------------------------------------------------------


class CostSerializer(OrganisationOwnedSerializer):
    financial_year = FinancialYearField()
    amount = PoundsField(source="amount_pence")

    class Meta:
        model = Cost
        fields = ["id", "organisation", "programme", "project", "financial_year", "title", "kind", "amount",
                  "funding_source", "source", "illustrative", *AUDIT]


class FundingSourceSerializer(OrganisationOwnedSerializer):
    financial_year = FinancialYearField(required=False, allow_null=True)
    amount = PoundsField(source="amount_pence")
    deadline_passed = serializers.SerializerMethodField(
        help_text="the deadline has passed while the money is still only expected"
    )

    class Meta:
        model = FundingSource
        fields = ["id", "organisation", "programme", "code", "title", "kind", "amount", "up_to", "financial_year",
                  "status", "conditions", "deadline", "deadline_passed", "source", "illustrative", "public", *AUDIT]

    def get_deadline_passed(self, obj: FundingSource) -> bool:
        return filters.deadline_passed(obj, timezone.localdate())


class CostViewSet(OrganisationOwnedViewSet):
    """Costs per project (or programme) and financial year: one-off investment and running costs."""

    model = Cost
    serializer_class = CostSerializer
    filterset_class = filters.CostFilterSet
    select_related = ("financial_year",)


class FundingSourceViewSet(OrganisationOwnedViewSet):
    """Funding sources with their conditions and deadlines: grants, reserves virements, exceptional financial
    support."""

    model = FundingSource
    serializer_class = FundingSourceSerializer
    filterset_class = filters.FundingSourceFilterSet
    select_related = ("financial_year",)


# Contracts ------------------------------------------------------------------------------------------------------


class ContractMilestoneEntrySerializer(serializers.ModelSerializer):
    """A milestone of a contract, as listed inside the contract."""

    fee = PoundsField(source="fee_pence", allow_null=True, read_only=True)

    class Meta:
        model = ContractMilestone
        fields = ["id", "title", "due_date", "actual_date", "fee"]


class ContractSerializer(OrganisationOwnedSerializer):
    fees = PoundsField(source="fees_pence")
    savings_identified = PoundsField(source="savings_identified_pence", required=False)
    roi = serializers.DecimalField(
        max_digits=20, decimal_places=2, read_only=True, allow_null=True,
        help_text="savings identified ÷ fees (\"3.40\" is 3.4 : 1); null when there are no fees",
    )
    roi_position = serializers.SerializerMethodField(
        help_text="below, within or above the expected range (roi_expected_low to roi_expected_high); null "
                  "when there are no fees"
    )
    milestones = ContractMilestoneEntrySerializer(many=True, read_only=True,
                                                  help_text="written through /api/v1/contract-milestones/")

    class Meta:
        model = Contract
        fields = ["id", "organisation", "programme", "phase", "code", "title", "partner", "fees",
                  "savings_identified", "roi", "roi_position", "roi_expected_low", "roi_expected_high",
                  "start_date", "end_date", "deliverables", "source", "illustrative", "confidential", "milestones",
                  *AUDIT]

    def get_roi_position(self, obj: Contract) -> str | None:
        return obj.roi_position or None


class ContractMilestoneSerializer(OrganisationOwnedSerializer):
    fee = PoundsField(source="fee_pence", allow_null=True, required=False)

    class Meta:
        model = ContractMilestone
        fields = ["id", "organisation", "contract", "title", "due_date", "actual_date", "fee", *AUDIT]


class ContractViewSet(OrganisationOwnedViewSet):
    """Delivery partner contracts: fees, deliverables, milestones and the return on investment."""

    model = Contract
    serializer_class = ContractSerializer
    filterset_class = filters.ContractFilterSet
    prefetch_related = ("milestones",)


class ContractMilestoneViewSet(OrganisationOwnedViewSet):
    """Milestones (deliverables) of delivery partner contracts, with the fee paid on each."""

    model = ContractMilestone
    serializer_class = ContractMilestoneSerializer
    filterset_class = filters.ContractMilestoneFilterSet

