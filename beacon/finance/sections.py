"""The money section's pages, in the order its sub-navigation lists them (finance/_subnav.html)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

MONEY_SECTIONS = [
    ("tracker", "Savings tracker", "finance:tracker"),
    ("mtfs", "MTFS", "finance:mtfs-list"),
    ("forecast", "Forecast", "finance:forecast"),
    ("benefits", "Benefits", "finance:benefit-list"),
    ("costs", "Costs and funding", "finance:cost-list"),
    ("contracts", "Delivery partners", "finance:contract-list"),
    ("budget-lines", "Budget lines", "finance:budget-line-list"),
]


def money_context(organisation: Any, active: str) -> dict[str, Any]:
    """Template context for the money sub-navigation, with ``active`` marked (a test checks that every
    section's page exists: tests/test_sections.py)."""
    links = []
    for key, label, name in MONEY_SECTIONS:
        try:
            links.append({"label": label, "url": reverse(name, kwargs={"org": organisation.slug}),
                          "active": key == active})
        except NoReverseMatch:
            continue
    return {"money_links": links}
