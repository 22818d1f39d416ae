"""Engagement pages under /org/<slug>/engagement/: ideas, events, partnerships and operating models, with the
section's own navigation (``EngagementSection``)."""

from __future__ import annotations

from typing import Any

from beacon.core.generic import OrganisationMixin, org_url

ENGAGEMENT_SECTIONS = [
    ("ideas", "Ideas", "engagement:idea-list"),
    ("events", "Events", "engagement:event-list"),
    ("partnerships", "Partnerships", "engagement:partnership-list"),
    ("operating-models", "Operating models", "engagement:operating-model-list"),
]


class EngagementSection(OrganisationMixin):
    """The engagement sub-navigation on every page of the section (``engagement_key`` marks the current one)."""

    organisation: Any
    engagement_key = ""
    nav_section = "engagement"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["engagement_links"] = [
            {"label": label, "url": org_url(name, self.organisation), "active": key == self.engagement_key}
            for key, label, name in ENGAGEMENT_SECTIONS
        ]
        return context
