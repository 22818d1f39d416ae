"""The building blocks every app's API uses: pagination, errors that explain themselves, the organisation
field, and a viewset that asks the permission policy for every read and write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.request import Request
from rest_framework.response import Response

from beacon.accounts.tokens import ReadOnlyTokenPermission
from beacon.core import policy
from beacon.core.concurrency import (
    STALE_API_DETAIL,
    if_match_allows,
    if_none_match_hits,
    lock_row,
    quoted,
    version_tag,
)
from beacon.core.models import Council, FinancialYear, Organisation
from beacon.core.money import decimal_to_pence, pence_to_decimal


class OrganisationField(serializers.SlugRelatedField):
    """An organisation by its slug; on writes, one where the user holds a role."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("queryset", Organisation.objects.all())
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        # The id alone: the slug comes from one small lookup per response, not a join per record.
        return instance.organisation_id

    def to_representation(self, value: Any) -> str:
        if isinstance(value, Organisation):
            return value.slug
        slugs = getattr(self, "_slugs", None)
        if slugs is None or value not in slugs:
            slugs = self._slugs = dict(Organisation.objects.values_list("pk", "slug"))
        return slugs[value]

    def get_queryset(self) -> QuerySet[Organisation]:
        request = self.context.get("request")
        if request is None:
            return Organisation.objects.all()
        # Any organisation where the user holds a role: a role that may not write is refused with 403 later.
        return policy.organisations_for(request.user)


class LinkedIdsField(serializers.ManyRelatedField):
    """A many-to-many link as a list of ids. On lists it reads the ids that ``attach_linked_ids`` fetched
    from the link table in one query per field, instead of building a model instance per linked record."""

    def get_attribute(self, instance: Any) -> Any:
        ids = getattr(instance, "_linked_ids", {}).get(self.source)
        return ids if ids is not None else super().get_attribute(instance)

    def to_representation(self, iterable: Any) -> list[Any]:
        return [value if isinstance(value, int) else self.child_relation.to_representation(value) for value in iterable]


def attach_linked_ids(records: list[models.Model]) -> None:
    """Fetch the ids of every many-to-many link of ``records`` with one query per link field."""
    if not records:
        return
    model = type(records[0])
    by_pk = {record.pk: record for record in records}
    for record in records:
        record._linked_ids = {}  # type: ignore[attr-defined]
    for field in model._meta.many_to_many:
        through: Any = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[attr-defined]
        for record in records:
            record._linked_ids[field.name] = []  # type: ignore[attr-defined]
        pairs = through.objects.filter(**{f"{source}__in": list(by_pk)}).order_by(target).values_list(
            f"{source}_id", f"{target}_id"
        )
        for owner, linked in pairs:
            by_pk[owner]._linked_ids[field.name].append(linked)  # type: ignore[attr-defined]


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A link to another record by id, limited to records the user may read (never another council's)."""

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> LinkedIdsField:
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return LinkedIdsField(**list_kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None or queryset is None:
            return queryset  # type: ignore[return-value]
        return policy.readable(queryset, request.user)


class OrganisationOwnedSerializer(serializers.ModelSerializer):
    """Base serializer: ``organisation`` as its slug; links scoped by the policy; model validation run on
    every write (so the API refuses what the forms refuse, with the same reasons)."""

    organisation = OrganisationField()
    serializer_related_field = ScopedRelatedField

    def refuse_locked_changes(self, attrs: dict[str, Any]) -> None:
        """A record never moves to another organisation; a role never changes a field the policy locks."""
        instance: Any = self.instance
        if "organisation" in attrs and attrs["organisation"].pk != instance.organisation_id:
            raise DRFValidationError({"organisation": "A record cannot move to another organisation."})
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in policy.locked_fields(user, instance):
            if name in attrs and attrs[name] != getattr(instance, name):
                raise PermissionDenied(f"Your role cannot change {name.replace('_', ' ')} of this record.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model: Any = self.Meta.model
        m2m = {field.name for field in model._meta.many_to_many}
        plain = {key: value for key, value in attrs.items() if key not in m2m}
        if self.instance is not None:
            self.refuse_locked_changes(attrs)
        instance = self.instance if self.instance is not None else model()
        for key, value in plain.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=list(m2m))
        except DjangoValidationError as error:
            raise DRFValidationError(error.message_dict) from error
        finally:
            if self.instance is not None:
                self.instance.refresh_from_db()
        for name, values in attrs.items():
            if name in m2m:
                organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
                if any(value.organisation_id != getattr(organisation, "pk", None) for value in values):
                    raise DRFValidationError({name: "Choose records of the same organisation."})
        return attrs


class PolicyPermission(permissions.BasePermission):
    """Reads and writes of one record are asked of the policy."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return policy.can_read(request.user, obj)
        return policy.can_change(request.user, obj)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_API_DETAIL
    default_code = "precondition_failed"


class VersionedMixin:
    """ETag on every record answer (read, create, update) and If-Match honoured on every update.

    ``If-Match: "<tag>"`` on PUT or PATCH: the row is locked, its tag recomputed, and a different tag gets
    412 with nothing written (``*`` matches any version). Without If-Match the write goes ahead, as before.
    ``If-None-Match`` on a read of an unchanged record gets 304."""

    request: Any
    kwargs: dict[str, Any]
    lookup_field: str
    lookup_url_kwarg: str | None

    def stored_tag(self, instance: models.Model) -> str:
        # From the row as stored, not from the instance a serializer changed in memory.
        return version_tag(type(instance)._base_manager.get(pk=instance.pk))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        tag = version_tag(instance)
        wanted = request.headers.get("If-None-Match")
        if wanted and if_none_match_hits(wanted, tag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": quoted(tag)})
        serializer = self.get_serializer(instance)  # type: ignore[attr-defined]
        return Response(serializer.data, headers={"ETag": quoted(tag)})

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)  # type: ignore[attr-defined]
        headers = self.get_success_headers(serializer.data)  # type: ignore[attr-defined]
        headers["ETag"] = quoted(self.stored_tag(serializer.instance))
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        wanted = request.headers.get("If-Match")
        with transaction.atomic():
            if wanted:
                # Lock before reading anything in this transaction (SQLite: see lock_row).
                model = self.get_queryset().model  # type: ignore[attr-defined]
                locked = lock_row(model, self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
            instance = self.get_object()  # type: ignore[attr-defined]  # the policy's 404 and 403 come first
            if wanted and (locked is None or not if_match_allows(wanted, version_tag(locked))):
                raise PreconditionFailed()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)  # type: ignore[attr-defined]
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)  # type: ignore[attr-defined]
            tag = self.stored_tag(serializer.instance)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        return Response(serializer.data, headers={"ETag": quoted(tag)})


class OrganisationOwnedViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update; never delete (records are kept, PRODUCT: nothing is deleted).

    The queryset is always narrowed by ``policy.readable``; creation is checked with ``policy.can_create``.
    """

    permission_classes = [permissions.IsAuthenticated, ReadOnlyTokenPermission, PolicyPermission]
    model: type[models.Model]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet:
        queryset = self.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return policy.readable(queryset, self.request.user).order_by("pk")

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_linked_ids(page)
        return page

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        organisation = serializer.validated_data["organisation"]
        if not policy.can_create(self.request.user, organisation, self.model):
            raise PermissionDenied("Your role does not allow you to add this record.")
        with transaction.atomic():
            instance = serializer.save(created_by=self.request.user, modified_by=self.request.user)
            if not policy.can_change(self.request.user, instance):
                # e.g. a project lead adding a milestone to a project they do not lead
                raise PermissionDenied("Your role does not allow you to add this record here.")

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            instance = serializer.save(modified_by=self.request.user)
            if not policy.can_change(self.request.user, instance):
                # e.g. a project lead moving their milestone onto a project they do not lead
                raise PermissionDenied("Your role does not allow this change.")


class ReadOnlyCouncilSerializer(serializers.ModelSerializer):
    class Meta:
        model = Council
        fields = [
            "id", "gss_code", "register_code", "name", "official_name", "council_type", "nation", "region",
            "county_code", "current", "ecode", "population_2020", "area_km2",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="the requesting user's role in this organisation")

    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "gss_code", "council_type", "confidence_scale", "website", "role"]

    def get_role(self, obj: Organisation) -> str | None:
        request = self.context.get("request")
        return policy.role_in(request.user, obj) if request else None


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations where you hold a role."""

    serializer_class = OrganisationSerializer
    filterset_fields = {"slug": ["exact"]}

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = policy.organisations_for(self.request.user).order_by("name")
        slug = self.request.query_params.get("organisation")
        return queryset.filter(slug=slug) if slug else queryset


class CouncilFilterSet(filters.FilterSet):
    gss_code = filters.CharFilter()
    council_type = filters.ChoiceFilter(choices=Council._meta.get_field("council_type").choices)
    current = filters.BooleanFilter()
    name = filters.CharFilter(lookup_expr="icontains")
    organisation = filters.CharFilter(method="filter_organisation", label="Organisation (slug): its own council")

    class Meta:
        model = Council
        fields = ["gss_code", "council_type", "current", "name", "nation", "region"]

    def filter_organisation(self, queryset: QuerySet[Council], name: str, value: str) -> QuerySet[Council]:
        return queryset.filter(gss_code__in=Organisation.objects.filter(slug=value).values("gss_code"))


class CouncilViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of every UK council (mySociety, CC-BY-4.0): read-only reference data."""

    queryset = Council.objects.all().order_by("name")
    serializer_class = ReadOnlyCouncilSerializer
    filterset_class = CouncilFilterSet


class PoundsField(serializers.DecimalField):
    """Money in the API: pounds as a decimal string ("1200000.00"), stored as integer pence."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", True)
        if not allow_negative:
            kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(pence_to_decimal(value))  # type: ignore[arg-type]

    def to_internal_value(self, data: Any) -> int:  # type: ignore[override]
        return decimal_to_pence(super().to_internal_value(data))


class FinancialYearField(serializers.SlugRelatedField):
    """A financial year by its label ("2024/25")."""

    default_error_messages = {
        "does_not_exist": "{value} is not a financial year: write it like 2024/25.",
        "invalid": "Write the financial year like 2024/25.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "label")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", FinancialYear.objects.all())
        super().__init__(**kwargs)


def plain_choices(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field shown in the schema as a string whose values the help text lists: names such as "status"
    or "stage" mean other choices in other collections, and a shared enum name would collide."""
    kwargs.setdefault("help_text", "one of: " + ", ".join(value for value, _label in choices))

    @extend_schema_field({"type": "string"})
    class PlainChoiceField(serializers.ChoiceField):
        pass

    return PlainChoiceField(choices=choices, **kwargs)
