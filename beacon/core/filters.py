"""The base FilterSet of every list, shared by the web page and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from beacon.core import policy
from beacon.core.forms import GovukForm


class OrganisationFilterSet(filters.FilterSet):
    """Every collection is filterable by ``?organisation=<slug>``.

    Choices of linked records are narrowed to what the user may read (and, on a page of one organisation,
    to that organisation), so a filter never confirms that another council's record exists. On a page the
    form is drawn in GOV.UK markup."""

    organisation = filters.CharFilter(field_name="organisation__slug", label="Organisation (slug)")

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if isinstance(queryset, QuerySet) and hasattr(queryset.model, "confidential_path"):
                names = {field.name for field in queryset.model._meta.concrete_fields}
                label_fields = [name for name in ("code", "title") if name in names]
                filter_.queryset = policy.filter_choices(queryset, user, organisation).only("pk", *label_fields)
        if organisation is not None:
            # A page of one organisation: no organisation filter, and no filter whose choices would be a
            # list too long to draw (the API keeps them: e.g. ?project=<id>).
            for name in ("organisation", *getattr(self.Meta, "api_only", ())):
                self.filters.pop(name, None)

    def get_form_class(self) -> Any:
        form_class = super().get_form_class()
        return type(form_class.__name__, (GovukForm, form_class), {})


YES_NO_ANY = [("", "Any"), ("true", "Yes"), ("false", "No")]


def yes_no_filter(**kwargs: Any) -> filters.BooleanFilter:
    """A yes/no filter whose empty choice reads "Any" (django-filter's default says "Unknown")."""
    return filters.BooleanFilter(widget=forms.Select(choices=YES_NO_ANY), **kwargs)
