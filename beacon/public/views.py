"""Public pages: only what is marked public and not confidential (policy.public), no sign-in."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views import generic

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Programme, Project

PAGE_SIZE = 50


class PublicDashboard(generic.TemplateView):
    template_name = "public/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        context["organisation"] = organisation
        context["page_title"] = f"{organisation.name}: transformation programme"
        context["programmes"] = policy.public(Programme.objects.all(), organisation).order_by("title")
        projects = (
            policy.public(Project.objects.all(), organisation)
            .select_related("programme")
            .order_by("programme__title", "code", "title", "pk")
        )
        paginator = Paginator(projects, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            projects=page.object_list, page_obj=page, paginator=page.paginator,
            query_without_page=(query.urlencode() + "&") if query else "",
        )
        return context
