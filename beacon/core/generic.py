"""Generic views for organisation-owned records: list (with a FilterSet shared with the API), detail,
create and edit. Each asks the permission policy; none holds a rule of its own.

URLs carry the organisation (``/org/<slug>/...``). A user with no role there gets 404, so that another
council's records are not even confirmed to exist; a role that may read but not write gets 403.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views import generic

from beacon.core import policy, spreadsheets
from beacon.core.concurrency import lock_first, version_tag
from beacon.core.models import Organisation


def org_url(name: str, organisation: Organisation, **kwargs: Any) -> str:
    """The URL of a page of ``organisation`` (every such URL takes the organisation's slug first)."""
    return reverse(name, kwargs={"org": organisation.slug, **kwargs})


class OrganisationMixin(LoginRequiredMixin):
    """Resolves ``org`` from the URL into ``request.organisation`` and the user's ``request.role``."""

    request: HttpRequest
    nav_section: str = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        role = policy.role_in(request.user, organisation)
        if role is None:
            raise Http404("No such organisation for you.")
        request.organisation = organisation  # type: ignore[attr-defined]
        request.role = role  # type: ignore[attr-defined]
        request.nav_section = self.nav_section  # type: ignore[attr-defined]
        self.organisation = organisation
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["organisation"] = self.organisation
        return context


DOWNLOAD = "download"


def spreadsheet_response(table: spreadsheets.Table, fmt: str, organisation: Organisation, name: str) -> HttpResponse:
    """``table`` as a file to download, named like ``cheshire-east-projects-2026-11-23.xlsx``."""
    file_name = f"{organisation.slug}-{name}-{timezone.localdate():%Y-%m-%d}{spreadsheets.EXTENSIONS[fmt]}"
    response = HttpResponse(spreadsheets.write_table(fmt, [table]), content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    add_never_cache_headers(response)  # a file of records the role may read: never kept by a shared cache
    return response


def bad_download(fmt: str) -> HttpResponse:
    return HttpResponseBadRequest(
        f"“{fmt}” is not a download format: ask for one of {', '.join(spreadsheets.FORMATS)}.",
        content_type="text/plain; charset=utf-8",
    )


class RecordListView(OrganisationMixin, generic.ListView):
    """A list page: the policy's readable records of this organisation, filtered by the shared FilterSet.

    ``?download=xlsx`` (or ods, csv), with the page's filters, gives every matching record (not one page) as a
    spreadsheet: the same queryset, so the same policy and filters. ``export_columns`` lists its columns as
    (heading, field path or function); by default they come from the model's fields."""

    template_name: str
    filterset_class: Any = None
    paginate_by = 50
    page_title = ""
    create_label = "Add"
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    export_columns: spreadsheets.ColumnSpec | None = None
    export_name = ""  # the list's name in file names and in `beacon export`; by default the page title's slug

    def base_queryset(self) -> QuerySet:
        return self.model.objects.all()  # type: ignore[union-attr]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get(DOWNLOAD)
        if fmt is None:
            return super().get(request, *args, **kwargs)
        if fmt not in spreadsheets.FORMATS:
            return bad_download(fmt)
        return spreadsheet_response(self.export_table(), fmt, self.organisation, self.list_name())

    @classmethod
    def list_name(cls) -> str:
        return cls.export_name or slugify(cls.page_title)

    def export_table(self) -> spreadsheets.Table:
        """Every record of the list (with the page's filters) as a table."""
        assert self.model is not None
        columns = spreadsheets.columns_for(self.model, self.export_columns)
        return spreadsheets.table_of(self.page_title or self.list_name(), self.get_queryset(), columns)

    def get_queryset(self) -> QuerySet:
        queryset = policy.readable(self.base_queryset(), self.request.user).filter(organisation=self.organisation)
        # (select_related() with no names would follow every foreign key: only call it with names.)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if not queryset.ordered:
            queryset = queryset.order_by("pk")
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request, organisation=self.organisation
            )
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
        return queryset

    def create_url(self) -> str | None:
        return None

    def may_create(self) -> bool:
        assert self.model is not None
        return policy.can_create(self.request.user, self.organisation, self.model)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(DOWNLOAD, None)
        filter_form = self.filterset.form if self.filterset is not None else None
        context.update(
            page_title=self.page_title,
            filter_form=filter_form,
            filter_active=bool(query),
            query_without_page=(query.urlencode() + "&") if query else "",
            create_url=self.create_url() if self.may_create() else None,
            create_label=self.create_label,
            download_query=query.urlencode(),
        )
        return context


class RecordDetailView(OrganisationMixin, generic.DetailView):
    """A detail page: 404 unless the policy lets the user read the record."""

    def get_object(self, queryset: QuerySet | None = None) -> models.Model:
        obj = super().get_object(queryset)
        if obj.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, obj):
            raise Http404("No such record for you.")
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["page_title"] = str(obj)
        context["can_change"] = policy.can_change(self.request.user, obj)
        if context["can_change"] and hasattr(self, "edit_url_name"):
            context["edit_url"] = reverse(self.edit_url_name, kwargs={"org": self.organisation.slug, "pk": obj.pk})
        return context


class RecordFormMixin(OrganisationMixin):
    """Shared by create and edit: the form gets the user and organisation, the save is atomic and audited."""

    template_name: str | None = "layouts/form.html"
    success_message = "Saved"
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs.update(user=self.request.user, organisation=self.organisation)
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.organisation = self.organisation
            if obj.pk is None:
                obj.created_by = self.request.user
            obj.modified_by = self.request.user
            obj.save()
            form.save_m2m()
        self.object = obj
        messages.success(self.request, f"{self.success_message}: {self.saved_label(obj)}")
        return HttpResponseRedirect(self.get_success_url())

    def saved_label(self, obj: Any) -> str:
        """How the success message names the record: its own name, unless a view says better."""
        return str(obj)

    # Where a saved record goes: a named page of the organisation (with the record's, or a parent's, pk), else
    # the record's own page.
    success_url_name: str | None = None
    success_pk_field = "pk"

    def get_success_url(self) -> str:
        if self.success_url_name:
            return org_url(self.success_url_name, self.organisation, pk=getattr(self.object, self.success_pk_field))
        return self.object.get_absolute_url()


class RecordCreateView(RecordFormMixin, generic.CreateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_create()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_create()
        return super().post(request, *args, **kwargs)

    def check_create(self) -> None:
        if not policy.can_create(self.request.user, self.organisation, self.model):
            raise PermissionDenied


# The hidden field of an edit form that carries the version of the record the form was filled from.
VERSION_FIELD = "record_version"
STALE_STATUS = 409
STALE_CODE = "stale"


def stale_edit_message(obj: models.Model) -> str:
    thing = obj._meta.verbose_name
    return (f"Someone else changed this {thing} while you were editing it. Your changes have not been saved: "
            "check the current values below and make your change again")


class VersionField(forms.CharField):
    """The hidden field that carries the version of the record a form was filled from (``version_tag``). Bound
    to a post, it is invalid when the record's version ``now`` (read from the locked row) is another: so a stale
    form is an invalid form, and nothing of it is saved, whatever the view does with a valid one. A post without
    it (an older page) is accepted as before."""

    widget = forms.HiddenInput

    def __init__(self, record: models.Model, now: str | None = None) -> None:
        super().__init__(required=False)
        self.record, self.now = record, now

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value and self.now is not None and value != self.now:
            raise forms.ValidationError(stale_edit_message(self.record), code=STALE_CODE)
        return value


def carry_version(form: forms.BaseForm, record: models.Model | None, now: str | None = None) -> None:
    """Give ``form`` the hidden version of ``record`` (none for a record not yet saved). An unbound form shows
    the record's current version; a bound one keeps the version it was first shown with."""
    if record is None or record.pk is None:
        return
    form.fields[VERSION_FIELD] = VersionField(record, now)
    form.initial[VERSION_FIELD] = version_tag(record)


def is_stale(form: forms.BaseForm) -> bool:
    return form.has_error(VERSION_FIELD, STALE_CODE)


class RefusesStaleEdit:
    """A form about one stored record that refuses a stale edit (ADR 0014). The form carries the record's
    version in a hidden field (``VersionField``). A post locks the record's row before anything else is read,
    notes its version, and then runs the view as usual: if the record changed since the form was shown, the
    form is invalid, nothing is saved, and the form is shown again (409) filled with the record as it is now,
    with a message saying so.

    A view names its record (``versioned_record``: ``self.object`` unless it says otherwise) and how to find
    that record's row without reading anything else first (``versioned_rows``: the row of ``versioned_model``,
    else of ``model``, with the URL's ``pk``, unless it says otherwise)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    versioned_model: type[models.Model] | None = None
    version_field = VERSION_FIELD  # its name as posted (with the form's prefix, if it has one)
    version_now: str | None = None

    def versioned_rows(self) -> QuerySet:
        model = self.versioned_model or self.model  # type: ignore[attr-defined]
        return model._base_manager.filter(pk=self.kwargs.get("pk"))

    def versioned_record(self) -> models.Model | None:
        return getattr(self, "object", None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with transaction.atomic():
            if request.POST.get(self.version_field):
                locked = lock_first(self.versioned_rows())
                self.version_now = version_tag(locked) if locked is not None else None
            return super().post(request, *args, **kwargs)  # type: ignore[misc]

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        carry_version(form, self.versioned_record(), self.version_now)
        return form

    def form_invalid(self, form: Any) -> HttpResponse:
        if is_stale(form):
            return self.refuse_stale_edit()
        return super().form_invalid(form)  # type: ignore[misc]

    def refuse_stale_edit(self) -> HttpResponse:
        """The form again, filled with the record as it is now, with the reason; nothing is saved."""
        record = self.versioned_record()
        assert record is not None
        record.refresh_from_db()
        kwargs = self.get_form_kwargs()  # type: ignore[attr-defined]
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        form = self.get_form_class()(**kwargs)  # type: ignore[attr-defined]
        carry_version(form, record)
        form.cleaned_data = {}
        form.add_error(None, stale_edit_message(record))
        return self.render_to_response(  # type: ignore[attr-defined]
            self.get_context_data(form=form), status=STALE_STATUS)  # type: ignore[attr-defined]


class RecordUpdateView(RefusesStaleEdit, RecordFormMixin, generic.UpdateView):
    """An edit form for one record of the organisation, which refuses a stale edit (``RefusesStaleEdit``)."""

    def get_object(self, queryset: QuerySet | None = None) -> models.Model:
        obj = super().get_object(queryset)
        if obj.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, obj):
            raise Http404("No such record for you.")
        if not policy.can_change(self.request.user, obj):
            raise PermissionDenied
        return obj
