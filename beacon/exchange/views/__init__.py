"""Pages of data in and out: the index (what can be imported, recent imports, exports, backup)."""

from __future__ import annotations

from typing import Any

from django.views import generic

from beacon.core.generic import OrganisationMixin
from beacon.core.models import Role
from beacon.exchange import services
from beacon.exchange.models import ImportRun


class DataIndex(OrganisationMixin, generic.TemplateView):
    template_name = "exchange/index.html"
    nav_section = "data"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kinds = services.importable_types(self.request.user, self.organisation)
        runs = ImportRun.objects.filter(organisation=self.organisation, record_type__in=[k.name for k in kinds])
        context.update(
            page_title="Data in and out",
            import_kinds=kinds,
            template_formats=[("xlsx", "Excel"), ("ods", "OpenDocument"), ("csv", "CSV")],
            recent_imports=list(runs.select_related("created_by").defer("content")[:10]),
            is_admin=self.request.role == Role.ADMIN,  # type: ignore[attr-defined]
        )
        return context
