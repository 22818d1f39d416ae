"""The ``comparator-groups``, ``neighbours``, ``indicators`` and ``benchmarks`` collections (PRODUCT section 3).

``neighbours`` answers a council's k nearest comparator councils under a preset, all k in one page:
``?organisation=<slug>`` (its council) or ``?council=<GSS code>`` (any council of the register), ``&preset=``
(default ``ons-2025``) and ``&k=`` (1 to 50, default 15). A question it cannot answer gets 400 with the reason.
``benchmarks`` lists an indicator's values for a comparator group's councils, best first, with their rank."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from beacon.core import policy
from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.core.filters import OrganisationFilterSet
from beacon.core.models import Council, Organisation
from beacon.performance import comparators
from beacon.performance.forms_benchmarks import find_councils, unknown_message
from beacon.performance.models import ComparatorGroup, ComparatorMember, GroupKind, Indicator

# Comparator groups -------------------------------------------------------------------------------------------


class GroupMemberSerializer(serializers.ModelSerializer):
    gss_code = serializers.CharField(source="council.gss_code", read_only=True)
    name = serializers.CharField(source="council.name", read_only=True)

    class Meta:
        model = ComparatorMember
        fields = ["gss_code", "name", "rank", "distance"]
        read_only_fields = fields


class ComparatorGroupSerializer(OrganisationOwnedSerializer):
    council = serializers.SlugRelatedField(
        slug_field="gss_code", queryset=Council.objects.filter(current=True).exclude(gss_code=""),
        help_text="The GSS code of the council the group is built around",
    )
    preset = serializers.ChoiceField(choices=list(comparators.PRESETS), required=False, allow_blank=True,
                                     help_text="For nearest neighbours: the preset")
    size = serializers.IntegerField(min_value=1, max_value=comparators.MAX_K, required=False,
                                    help_text="For nearest neighbours: how many (1 to 50)")
    members = GroupMemberSerializer(source="memberships", many=True, read_only=True)
    councils = serializers.ListField(
        child=serializers.CharField(max_length=250), write_only=True, required=False,
        help_text="For a group chosen by hand: its councils, each a GSS code or name",
    )

    class Meta:
        model = ComparatorGroup
        fields = ["id", "organisation", "title", "description", "kind", "council", "preset", "size", "computed_at",
                  "public", "members", "councils", "created_at", "modified_at"]
        read_only_fields = ["computed_at", "created_at", "modified_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        councils = attrs.pop("councils", None)
        attrs = super().validate(attrs)
        kind = attrs.get("kind", getattr(self.instance, "kind", GroupKind.MANUAL))
        if kind == GroupKind.NEAREST:
            preset = attrs.get("preset") or getattr(self.instance, "preset", "") or "ons-2025"
            attrs["preset"] = preset
            council = attrs.get("council") or getattr(self.instance, "council", None)
            size: Any = attrs.get("size") or getattr(self.instance, "size", 15)
            try:
                comparators.nearest(preset, council.gss_code, size)  # type: ignore[union-attr]
            except comparators.ComparatorError as error:
                raise ValidationError({"council": str(error)}) from error
        elif councils is not None:
            found, unknown = find_councils(councils)
            if unknown:
                raise ValidationError({"councils": unknown_message(unknown)})
            self.found_councils = found
        elif self.instance is None:
            raise ValidationError({"councils": "List the councils of a group chosen by hand."})
        return attrs


class ComparatorGroupFilterSet(OrganisationFilterSet):
    kind = filters.ChoiceFilter(choices=GroupKind.choices)

    class Meta:
        model = ComparatorGroup
        fields = ["organisation", "kind"]


class ComparatorGroupViewSet(OrganisationOwnedViewSet):
    """Comparator groups: chosen by hand (``councils``) or the nearest neighbours of a council under a preset
    (``kind`` "nearest", ``preset``, ``size``: the members are found when it is saved)."""

    model = ComparatorGroup
    serializer_class = ComparatorGroupSerializer
    filterset_class = ComparatorGroupFilterSet
    select_related = ("council",)
    prefetch_related = ("memberships__council",)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            super().perform_create(serializer)
            self.store_members(serializer)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            super().perform_update(serializer)
            self.store_members(serializer)

    def store_members(self, serializer: Any) -> None:
        group = serializer.instance
        if group.kind == GroupKind.NEAREST:
            comparators.compute_nearest_members(group)
        elif getattr(serializer, "found_councils", None) is not None:
            comparators.set_manual_members(group, serializer.found_councils)
        group.refresh_from_db()


# Neighbours ------------------------------------------------------------------------------------------------------


class NeighbourSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 = nearest")
    gss_code = serializers.CharField()
    name = serializers.CharField()
    council_type = serializers.CharField(help_text="The register's type code: NMD, UA, MD, LBO, CTY, SCO, WPA, NID")
    distance = serializers.FloatField(help_text="Weighted Euclidean distance over standardised indicators")
    variables = serializers.IntegerField(help_text="How many of the preset's indicators the distance was taken over")


NEIGHBOUR_PAGE = inline_serializer("NeighbourPage", fields={
    "count": serializers.IntegerField(),
    "next": serializers.CharField(allow_null=True),
    "previous": serializers.CharField(allow_null=True),
    "preset": serializers.CharField(),
    "council": serializers.CharField(help_text="The GSS code of the council whose neighbours these are"),
    "results": NeighbourSerializer(many=True),
})
ERROR = inline_serializer("NeighbourError", fields={"detail": serializers.CharField()})


class NeighbourViewSet(viewsets.ViewSet):
    """A council's k nearest comparator councils, nearest first, all in one page."""

    permission_classes = [permissions.IsAuthenticated]

    def council_code(self, request: Request) -> str:
        slug = request.query_params.get("organisation", "").strip()
        code = request.query_params.get("council", "").strip().upper()
        if slug and code:
            raise ValidationError({"detail": "Give either organisation or council, not both."})
        if code:
            return code
        if not slug:
            raise ValidationError({"detail": "Give organisation=<slug> or council=<GSS code>."})
        organisation = Organisation.objects.filter(slug=slug).select_related("council").first()
        if organisation is None or policy.role_in(request.user, organisation) is None:
            raise ValidationError({"detail": f"You hold no role in an organisation called {slug!r}."})
        gss = organisation.council.gss_code if organisation.council else organisation.gss_code
        if not gss:
            raise ValidationError({"detail": f"{organisation.name} has no council in the register to compare."})
        return gss

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.STR, description="An organisation's slug (its council)"),
            OpenApiParameter("council", OpenApiTypes.STR, description="Any council's GSS code, e.g. E07000118"),
            OpenApiParameter("preset", OpenApiTypes.STR, enum=list(comparators.PRESETS),
                             description="Default ons-2025"),
            OpenApiParameter("k", OpenApiTypes.INT, description="How many neighbours, 1 to 50 (default 15)"),
        ],
        responses={200: NEIGHBOUR_PAGE, 400: ERROR},
    )
    def list(self, request: Request) -> Response:
        code = self.council_code(request)
        preset = request.query_params.get("preset", "ons-2025").strip() or "ons-2025"
        k_text = request.query_params.get("k", "15").strip() or "15"
        if not k_text.isdigit() or not 1 <= int(k_text) <= comparators.MAX_K:
            raise ValidationError({"detail": f"k must be a whole number from 1 to {comparators.MAX_K}."})
        try:
            neighbours = comparators.nearest(preset, code, int(k_text))
        except comparators.ComparatorError as error:
            raise ValidationError({"detail": str(error)}) from error
        return Response({
            "count": len(neighbours), "next": None, "previous": None, "preset": preset, "council": code,
            "results": NeighbourSerializer(neighbours, many=True).data,
        })


# Indicators and benchmarks -------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "title", "description", "unit", "polarity", "dataset", "publisher", "source_url",
                  "licence", "caveats"]
        read_only_fields = fields


class IndicatorFilterSet(filters.FilterSet):
    dataset = filters.CharFilter()
    code = filters.CharFilter()

    class Meta:
        model = Indicator
        fields = ["dataset", "code"]


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The published indicators Beacon holds for every council (reference data: read-only)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    queryset = Indicator.objects.order_by("dataset", "code")


class BenchmarkRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 = best (or highest, where neither direction is better)")
    gss_code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.FloatField()
    period = serializers.CharField()


class BenchmarkViewSet(viewsets.ViewSet):
    """An indicator's values for a comparator group's councils, best first: ``?group=<id>&indicator=<code>``
    (``&period=``, default the latest common period)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("group", OpenApiTypes.INT, required=True, description="A comparator group's id"),
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="An indicator's code"),
            OpenApiParameter("period", OpenApiTypes.STR, description="e.g. 2022/23 (default: latest common)"),
        ],
        responses={200: inline_serializer("BenchmarkPage", fields={
            "count": serializers.IntegerField(), "next": serializers.CharField(allow_null=True),
            "previous": serializers.CharField(allow_null=True), "results": BenchmarkRowSerializer(many=True),
        }), 400: ERROR},
    )
    def list(self, request: Request) -> Response:
        group_text = request.query_params.get("group", "").strip()
        groups: QuerySet[ComparatorGroup] = policy.readable(ComparatorGroup.objects.all(), request.user)
        group = groups.filter(pk=int(group_text)).first() if group_text.isdigit() else None
        if group is None:
            raise ValidationError({"detail": "Give group=<id> of a comparator group of an organisation of yours."})
        indicator = Indicator.objects.filter(code=request.query_params.get("indicator", "").strip()).first()
        if indicator is None:
            raise ValidationError({"detail": "Give indicator=<code> of an indicator (see /api/v1/indicators/)."})
        found = comparators.group_values(group, indicator, request.query_params.get("period", "").strip() or None)
        rows = [
            {"rank": comparators.rank_and_quartile(found.values, gss, indicator.polarity).rank, "gss_code": gss,
             "name": found.names.get(gss, gss), "value": value, "period": found.period}
            for gss, value in found.values.items()
        ]
        rows.sort(key=lambda row: (row["rank"], row["name"]))
        return Response({"count": len(rows), "next": None, "previous": None,
                         "results": BenchmarkRowSerializer(rows, many=True).data})
