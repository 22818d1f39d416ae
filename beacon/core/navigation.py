"""The service navigation of an organisation's pages. A section is added here when its app has pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

NAVIGATION = [
    ("dashboard", "Dashboard", "home:dashboard"),
    ("strategy", "Strategy", "strategy:plan-list"),
    ("programmes", "Programmes", "programmes:programme-list"),
    ("projects", "Projects", "programmes:project-list"),
    ("milestones", "Milestones", "programmes:milestone-list"),
    ("money", "Money", "finance:tracker"),
    ("performance", "Performance", "performance:kpi-list"),
    ("risks", "Risks", "risks:risk-list"),
    ("governance", "Governance", "governance:board-list"),
    ("engagement", "Engagement", "engagement:idea-list"),
    ("reporting", "Reporting", "reporting:period-list"),
    ("reports", "Reports", "reports:report-list"),
    ("data", "Data", "exchange:index"),
]


# Tabs only some roles see: (role, key, label, URL name).
ROLE_NAVIGATION = [("admin", "users", "Users", "users:list")]


def navigation(organisation: Any, active: str, role: str | None = None) -> list[dict[str, Any]]:
    tabs = NAVIGATION + [(key, label, name) for only, key, label, name in ROLE_NAVIGATION if role == only]
    return [
        {"label": label, "url": reverse(name, kwargs={"org": organisation.slug}), "active": key == active}
        for key, label, name in tabs
    ]
