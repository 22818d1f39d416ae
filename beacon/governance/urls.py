"""Governance pages under /org/<slug>/governance/: boards, meetings and the route through boards, decisions,
the forward plan and the key-decision thresholds (views/boards.py, views/decisions.py), capability maturity
(views/maturity.py) and in-year spend controls (views/spend.py)."""

from __future__ import annotations

import importlib
from typing import Any

from beacon.governance.views import boards, decisions

app_name = "governance"


def optional_patterns(module: str) -> list[Any]:
    """The ``urlpatterns`` of a view module that may not exist yet (it is added by its own change)."""
    name = f"beacon.governance.views.{module}"
    try:
        return list(importlib.import_module(name).urlpatterns)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return []


urlpatterns = (boards.urlpatterns + decisions.urlpatterns + optional_patterns("maturity")
               + optional_patterns("spend"))
