"""Pages of data in and out: the index (what can be imported, recent imports, exports, backup)."""

from __future__ import annotations

from typing import Any

from django.views import generic

from beacon.core.generic import OrganisationMixin
from beacon.core.models import Role
from beacon.exchange.models import ImportRun


class DataIndex(OrganisationMixin, generic.TemplateView):
    template_name = "exchange/index.html"
    nav_section = "data"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        runs = ImportRun.objects.filter(organisation=self.organisation).select_related("created_by")
        context.update(
            page_title="Data in and out",
            recent_imports=list(runs.defer("content")[:10]),
            is_admin=self.request.role == Role.ADMIN,  # type: ignore[attr-defined]
        )
        return context
