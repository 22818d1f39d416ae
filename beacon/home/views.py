from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import generic

from beacon.core import policy
from beacon.core.generic import OrganisationMixin
from beacon.core.models import Role
from beacon.home.selectors import programme_dashboard
from beacon.risks.selectors import dashboard_panel


class Index(LoginRequiredMixin, generic.TemplateView):
    """The signed-in home: the organisations where the user holds a role, with their role in each."""

    template_name = "home/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roles = policy.roles_of(self.request.user)
        organisations = policy.organisations_for(self.request.user).order_by("name")
        context["page_title"] = "Your organisations"
        context["memberships"] = [(org, dict(Role.choices)[roles[org.pk]]) for org in organisations]
        return context


class Dashboard(OrganisationMixin, generic.TemplateView):
    """The programme dashboard of one organisation."""

    template_name = "home/dashboard.html"
    nav_section = "dashboard"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = "Programme dashboard"
        context["dashboard"] = programme_dashboard(self.organisation, self.request.user)
        context["risk_panel"] = dashboard_panel(self.organisation, self.request.user)
        return context
