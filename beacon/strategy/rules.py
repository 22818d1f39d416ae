"""Rules about plans and themes that the forms and the API both apply (the models' clean() methods hold
the rules about one record's links; these need the plan's route as a whole or the theme tree).

Each rule returns the errors it finds as ``{field: message}``, empty when the input is right, so that a form
adds them to its fields and a serializer answers 400 with the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from beacon.strategy.models import PlanStatus, Theme

# The approval route in order: (field, the step's name in a sentence).
APPROVAL_ROUTE = (
    ("scrutiny_date", "scrutiny"),
    ("cabinet_date", "Cabinet"),
    ("council_date", "full Council"),
)


def approval_route_errors(
    *, scrutiny_date: dt.date | None, cabinet_date: dt.date | None, council_date: dt.date | None
) -> dict[str, str]:
    """Scrutiny, then Cabinet, then Council: each date the same as or after every earlier one that is given.
    The error is on the later field, the one that is out of place."""
    dates = {"scrutiny_date": scrutiny_date, "cabinet_date": cabinet_date, "council_date": council_date}
    errors: dict[str, str] = {}
    for index, (field, step) in enumerate(APPROVAL_ROUTE):
        later = dates[field]
        if later is None:
            continue
        for earlier_field, earlier_step in reversed(APPROVAL_ROUTE[:index]):
            earlier = dates[earlier_field]
            if earlier is not None:
                if later < earlier:
                    errors[field] = (
                        f"The {step} date must be the same as or after the {earlier_step} date "
                        f"({earlier.day} {earlier:%B %Y})."
                    )
                break
    return errors


def status_errors(*, status: str, council_date: dt.date | None) -> dict[str, str]:
    """A plan is council approved only on a date: the date full Council approved it."""
    if status == PlanStatus.COUNCIL and council_date is None:
        return {"council_date": "Enter the date full Council approved the plan, or choose another status."}
    return {}


def plan_errors(values: dict[str, Any]) -> dict[str, str]:
    """Every plan rule, over a plan's values (``status`` and the three approval dates)."""
    errors = approval_route_errors(
        scrutiny_date=values.get("scrutiny_date"),
        cabinet_date=values.get("cabinet_date"),
        council_date=values.get("council_date"),
    )
    for field, message in status_errors(status=values.get("status") or PlanStatus.DRAFT,
                                        council_date=values.get("council_date")).items():
        errors.setdefault(field, message)
    return errors


def ancestors(theme: Theme | None) -> Iterable[Theme]:
    """``theme`` and the themes above it, nearest first. Stops if the stored tree already has a loop."""
    seen: set[int] = set()
    while theme is not None and theme.pk not in seen:
        seen.add(theme.pk)
        yield theme
        theme = theme.parent


def is_own_ancestor(theme_pk: int | None, parent: Theme | None) -> bool:
    """Would putting theme ``theme_pk`` under ``parent`` make it its own ancestor (a loop in the tree)?
    True when ``parent`` is the theme itself or one of its sub-themes, at any depth."""
    if theme_pk is None or parent is None:
        return False
    return any(above.pk == theme_pk for above in ancestors(parent))


def theme_errors(*, theme_pk: int | None, plan_id: int | None, parent: Theme | None) -> dict[str, str]:
    """A theme sits under a theme that is not itself or below it; a theme with sub-themes keeps its plan,
    so that every sub-theme stays in its parent's plan."""
    errors: dict[str, str] = {}
    if is_own_ancestor(theme_pk, parent):
        errors["parent"] = "A theme cannot sit under itself or under one of its own sub-themes."
    if theme_pk is not None and plan_id is not None and (
        Theme.objects.filter(parent_id=theme_pk).exclude(plan_id=plan_id).exists()
    ):
        errors["plan"] = "This theme has sub-themes in its plan: move them to the other plan first."
    return errors
