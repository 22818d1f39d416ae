"""An organisation's mapping from single sign-on groups to roles, managed by its administrator: the list, adding
a line and removing one. Only the organisation's administrator gets these pages (other roles 403; another
council's user 404), as on the Users pages. The mapping takes effect at each person's next sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import generic

from beacon.accounts import oidc
from beacon.accounts.forms_sso import MappingForm
from beacon.accounts.models import SsoRoleMapping
from beacon.accounts.views_admin import UsersPage
from beacon.core.generic import org_url
from beacon.core.models import Role


class SsoPage(UsersPage):
    def crumbs(self, *more: dict[str, str]) -> list[dict[str, str]]:
        return super().crumbs({"label": "Single sign-on", "url": org_url("sso-admin:list", self.organisation)},
                              *more)

    def base_context(self) -> dict[str, Any]:
        return {"providers": list(oidc.providers().values()), "list_url": org_url("sso-admin:list",
                                                                                 self.organisation)}


class MappingList(SsoPage, generic.TemplateView):
    template_name = "accounts/sso/mappings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        configured = oidc.providers()
        mappings = list(SsoRoleMapping.objects.filter(organisation=self.organisation))
        for mapping in mappings:
            found = configured.get(mapping.provider)
            mapping.provider_title = found.title if found else f"{mapping.provider} (not configured)"  # type: ignore[attr-defined]
        context.update(self.base_context())
        context.update(page_title="Single sign-on", mappings=mappings,
                       breadcrumbs=super().crumbs(), roles=Role.choices)
        return context


class MappingAdd(SsoPage, generic.FormView):
    template_name = "accounts/sso/mapping_add.html"
    form_class = MappingForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        return kwargs

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc.providers():
            return self.get(request, *args, **kwargs)  # nothing to map: the page explains how to set it up
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: MappingForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                SsoRoleMapping.objects.create(organisation=self.organisation, provider=data["provider"],
                                              group=data["group"], role=data["role"])
        except IntegrityError:
            form.add_error("group", f"The group {data['group']} already gives a role in {self.organisation}.")
            return self.form_invalid(form)
        messages.success(self.request, f"Group {data['group']} now gives the role {Role(data['role']).label}. "
                                       "It takes effect at each person's next sign-in.")
        return HttpResponseRedirect(org_url("sso-admin:list", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.base_context())
        context.update(page_title="Map a group to a role", caption=str(self.organisation), submit_label="Add",
                       cancel_url=org_url("sso-admin:list", self.organisation), breadcrumbs=self.crumbs())
        return context


class MappingRemove(SsoPage, generic.TemplateView):
    template_name = "accounts/sso/mapping_remove.html"

    def load(self) -> SsoRoleMapping:
        return get_object_or_404(SsoRoleMapping, organisation=self.organisation, pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.mapping = self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mapping = self.load()
        mapping.delete()
        messages.success(request, f"Group {mapping.group} no longer gives a role. People who had the role "
                                  "through it lose it at their next sign-in.")
        return HttpResponseRedirect(org_url("sso-admin:list", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Remove the mapping of group {self.mapping.group}?", mapping=self.mapping,
                       caption=str(self.organisation), submit_label="Remove mapping", warning=True,
                       cancel_url=org_url("sso-admin:list", self.organisation), breadcrumbs=self.crumbs())
        return context
