"""API of the savings ledger: ``savings-lines`` (with an action per change of state) and ``budget-lines``.

A line is created proposed (through ``ledger.create_line``); a PATCH or PUT changes only what is not its state;
its state and money move only through the actions (POST /savings-lines/{id}/approve/, deliver/, carry-forward/,
write-off/, replace/, convert/, forecast/), each with a reason that the line's events keep. A refusal by role
is 403 with the ledger's reason in ``detail``; a bad state or input is 400 with the field at fault. Nothing is
ever deleted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response

from beacon.core import policy
from beacon.core.api import FinancialYearField, OrganisationOwnedSerializer, OrganisationOwnedViewSet, PoundsField
from beacon.finance import ledger
from beacon.finance.filters import BudgetLineFilterSet, SavingsLineFilterSet
from beacon.finance.models import BudgetLine, LedgerAction, SavingsEvent, SavingsLine
from beacon.programmes.models import Project

AUDIT = ["created_at", "modified_at"]
# The ledger and the model name money in pence; the API names it in pounds.
API_NAMES = {"amount_pence": "amount", "forecast_pence": "forecast", "delivered_pence": "delivered",
             "carry_to": "carry_to"}


class SavingsEventSerializer(serializers.ModelSerializer):
    amount = PoundsField(source="amount_pence", read_only=True, allow_negative=True)
    actor: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    from_state = serializers.CharField(read_only=True, help_text="the state before the change (empty when created)")
    to_state = serializers.CharField(read_only=True, help_text="the state after the change")

    class Meta:
        model = SavingsEvent
        fields = ["action", "from_state", "to_state", "amount", "actor", "at", "reason"]
        read_only_fields = fields


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdsField(serializers.Field):
    """The ids of the lines another line led to (read from the prefetched reverse links)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[int]:
        return [line.pk for line in value.all()]


class SavingsLineSerializer(OrganisationOwnedSerializer):
    financial_year = FinancialYearField()
    amount = PoundsField(source="amount_pence")
    forecast = PoundsField(source="forecast_pence", required=False, allow_null=True,
                           help_text="what the line is now expected to deliver (null: the full amount); set at "
                                     "creation, then changed with the forecast action")
    delivered = PoundsField(source="delivered_pence", read_only=True)
    written_off = PoundsField(source="written_off_pence", read_only=True)
    carried_forward = PoundsField(source="carried_forward_pence", read_only=True,
                                  help_text="money moved on to a later year's line or to a replacement")
    carried_to = IdsField(help_text="the lines this line was carried forward to")
    replaced_by = IdsField(help_text="the lines that replaced this line")
    events = SavingsEventSerializer(many=True, read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   help_text="why the line is added (kept in its first event)")

    class Meta:
        model = SavingsLine
        fields = [
            "id", "organisation", "code", "project", "financial_year", "title", "amount", "recurrence", "cashable",
            "budget_line", "state", "forecast", "delivered", "written_off", "carried_forward", "carried_from",
            "replaces", "carried_to", "replaced_by", "source", "illustrative", "events", "reason", *AUDIT,
        ]
        read_only_fields = ["state", "carried_from", "replaces"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        reason = attrs.pop("reason", "")
        line: SavingsLine | None = self.instance
        sent = self.initial_data if isinstance(self.initial_data, dict) else {}
        if "state" in sent and (line is None or sent["state"] != line.state):
            # Read-only fields are normally ignored; a state silently not changed would mislead the caller.
            raise DRFValidationError({"state": "The state changes only through the line's actions (approve, "
                                               "deliver, carry-forward, write-off, replace, convert)."})
        if line is not None:
            moved = {
                "project": "A line does not move to another project: replace it.",
                "financial_year": "A line does not move to another year: carry it forward.",
                "forecast_pence": "Change the forecast with POST /api/v1/savings-lines/{id}/forecast/, which "
                                  "records the change and its reason.",
            }
            refused = {API_NAMES.get(name, name): message for name, message in moved.items()
                       if name in attrs and attrs[name] != getattr(line, name)}
            if refused:
                raise DRFValidationError(refused)
        attrs = super().validate(attrs)
        attrs["reason"] = reason
        return attrs

    def create(self, validated_data: dict[str, Any]) -> SavingsLine:
        request = self.context["request"]
        validated_data.pop("created_by", None)
        validated_data.pop("modified_by", None)
        reason = validated_data.pop("reason", "") or "Added through the API"
        try:
            return ledger.create_line(actor=request.user, reason=reason, **validated_data)
        except ledger.LedgerError as error:
            raise_ledger_error(error)
            raise  # pragma: no cover: raise_ledger_error always raises

    def update(self, instance: SavingsLine, validated_data: dict[str, Any]) -> SavingsLine:
        request = self.context["request"]
        for name in ("reason", "modified_by", "project", "financial_year", "forecast_pence", "organisation"):
            validated_data.pop(name, None)
        try:
            return ledger.edit_line(instance, actor=request.user, **validated_data)
        except ledger.LedgerError as error:
            raise_ledger_error(error)
            raise  # pragma: no cover


def raise_ledger_error(error: DjangoValidationError) -> None:
    """The ledger's refusal in the API's words: 403 with its reason for a role, 400 with the field otherwise."""
    if getattr(error, "code", None) == "forbidden":
        raise PermissionDenied(error.messages[0])
    if hasattr(error, "error_dict"):
        raise DRFValidationError({API_NAMES.get(name, name): messages for name, messages in
                                  error.message_dict.items()})
    if getattr(error, "code", None) == "state":
        raise DRFValidationError({"state": error.messages})
    raise DRFValidationError({"non_field_errors": error.messages})


# The actions' request bodies ----------------------------------------------------------------------------------


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="why: kept in the line's history with who and when")

    def ledger_kwargs(self) -> dict[str, Any]:
        return {}


class DeliverSerializer(ReasonSerializer):
    delivered = PoundsField(help_text="the amount delivered, in pounds; at most the line's amount")
    remainder = serializers.ChoiceField(
        choices=[("carry_forward", "Carry the rest forward"), ("write_off", "Write the rest off")], required=False,
        allow_blank=True, help_text="what happens to the rest when less than the amount was delivered",
    )
    carry_to = FinancialYearField(required=False, allow_null=True,
                                  help_text="the later year to carry the rest to (with remainder carry_forward)")

    def ledger_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {"delivered_pence": data["delivered"], "remainder": data.get("remainder") or "",
                "carry_to": data.get("carry_to")}


class CarryForwardSerializer(ReasonSerializer):
    to_year = FinancialYearField(help_text="the later financial year, like 2026/27")

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"to_year": self.validated_data["to_year"]}


class ReplaceSerializer(ReasonSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False,
                                                 help_text="the replacement's project (default: the same)")
    financial_year = FinancialYearField(required=False, help_text="the replacement's year (default: the same)")
    amount = PoundsField(required=False, help_text="the replacement's amount (default: the same)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field: Any = self.fields["project"]
            field.queryset = policy.readable(Project.objects.all(), request.user)

    def ledger_kwargs(self) -> dict[str, Any]:
        names = {"project": "project", "financial_year": "financial_year", "amount": "amount_pence"}
        return {names[key]: value for key, value in self.validated_data.items() if key in names}


class ForecastSerializer(ReasonSerializer):
    forecast = PoundsField(allow_null=True, help_text="the new forecast in pounds (null: the full amount)")

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"forecast_pence": self.validated_data["forecast"]}


LINE_RESPONSE = {200: SavingsLineSerializer}


class SavingsLineViewSet(OrganisationOwnedViewSet):
    """Savings lines: one saving of one project in one financial year, and every change of its state."""

    model = SavingsLine
    serializer_class = SavingsLineSerializer
    filterset_class = SavingsLineFilterSet
    select_related = ("financial_year",)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related(
            Prefetch("events", queryset=SavingsEvent.objects.select_related("actor").order_by("at", "pk")),
            Prefetch("carried_to", queryset=SavingsLine.objects.only("pk", "carried_from_id").order_by("pk")),
            Prefetch("replaced_by", queryset=SavingsLine.objects.only("pk", "replaces_id").order_by("pk")),
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        organisation = serializer.validated_data["organisation"]
        if not policy.can_create(self.request.user, organisation, SavingsLine):
            raise PermissionDenied("Your role does not allow you to add savings.")
        serializer.save()

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        serializer.save()

    def act(self, request: Request, pk: Any, action: str, body: type[ReasonSerializer]) -> Response:
        # Readable lines only (404 otherwise). The role is checked before the body, so that a role that may
        # never do this hears why, whatever it sent; the ledger checks role and state again as it acts.
        line = get_object_or_404(self.get_queryset(), pk=pk)
        if not ledger.may(request.user, action, line):
            raise PermissionDenied(ledger.REFUSALS.get(action, "You cannot change this savings line."))
        payload = body(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        try:
            ledger.FUNCTIONS[action](line, actor=request.user, reason=payload.validated_data["reason"],
                                     **payload.ledger_kwargs())
        except DjangoValidationError as error:
            raise_ledger_error(error)
        fresh = self.get_queryset().get(pk=line.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_200_OK)

    @extend_schema(request=ReasonSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Proposed → approved (in the MTFS): the programme office or the finance officer."""
        return self.act(request, pk, LedgerAction.APPROVED, ReasonSerializer)

    @extend_schema(request=DeliverSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: Any = None) -> Response:
        """Approved → delivered, confirmed by the finance officer only; the rest carried forward or written off."""
        return self.act(request, pk, LedgerAction.DELIVERED, DeliverSerializer)

    @extend_schema(request=CarryForwardSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"], url_path="carry-forward", url_name="carry-forward")
    def carry_forward(self, request: Request, pk: Any = None) -> Response:
        """The whole line moves to a later year: it closes as carried forward and a new line opens there."""
        return self.act(request, pk, LedgerAction.CARRIED_FORWARD, CarryForwardSerializer)

    @extend_schema(request=ReasonSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"], url_path="write-off", url_name="write-off")
    def write_off(self, request: Request, pk: Any = None) -> Response:
        """The saving will not be made: the finance officer writes it off (it stays in the ledger)."""
        return self.act(request, pk, LedgerAction.WRITTEN_OFF, ReasonSerializer)

    @extend_schema(request=ReplaceSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"])
    def replace(self, request: Request, pk: Any = None) -> Response:
        """Another saving takes this line's place: this line closes as replaced (see ``replaced_by``)."""
        return self.act(request, pk, LedgerAction.REPLACED, ReplaceSerializer)

    @extend_schema(request=ReasonSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk: Any = None) -> Response:
        """A non-cashable saving becomes cashable: the finance officer only."""
        return self.act(request, pk, LedgerAction.CONVERTED, ReasonSerializer)

    @extend_schema(request=ForecastSerializer, responses=LINE_RESPONSE)
    @action(detail=True, methods=["post"])
    def forecast(self, request: Request, pk: Any = None) -> Response:
        """The line's forecast: the programme office, the finance officer, or the lead of its project."""
        return self.act(request, pk, LedgerAction.FORECAST, ForecastSerializer)




class BudgetLineSerializer(OrganisationOwnedSerializer):
    budget = PoundsField(source="budget_pence", required=False, allow_null=True,
                         help_text="the annual net budget, which double counting is checked against")

    class Meta:
        model = BudgetLine
        fields = ["id", "organisation", "code", "title", "service", "budget", *AUDIT]


class BudgetLineViewSet(OrganisationOwnedViewSet):
    """Budget lines (service budgets and cost centres) that savings reduce."""

    model = BudgetLine
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
