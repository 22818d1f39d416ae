"""Public pages: only what is marked public and not confidential (policy.public), no sign-in."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.views import generic

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Programme, Project


class PublicDashboard(generic.TemplateView):
    template_name = "public/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        context["organisation"] = organisation
        context["page_title"] = f"{organisation.name}: transformation programme"
        context["programmes"] = policy.public(Programme.objects.all(), organisation).order_by("title")
        context["projects"] = (
            policy.public(Project.objects.all(), organisation)
            .select_related("programme", "workstream")
            .order_by("programme__title", "code", "title")
        )
        return context
