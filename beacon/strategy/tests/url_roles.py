"""The strategy pages and API in the URL × role table (beacon/core/tests/test_url_roles.py).

Everyone with a role reads the strategy; the administrator and the programme manager write it; another
council's records are not found (404) through this council's URLs. The table's fixture already makes
``plan``, ``theme``, ``priority`` and ``objective`` in the home council; ``extend_world`` adds the rest.
"""

from __future__ import annotations

from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}


def extend_world(world: World) -> None:
    home, other = world.home, world.other
    world.records["principle"] = f.PrincipleFactory(organisation=home, title="Design with residents")
    other_plan = f.PlanFactory(organisation=other, title="Other council's plan")
    other_theme = f.ThemeFactory(plan=other_plan, title="Other council's theme")
    world.records["other_plan"] = other_plan
    world.records["other_theme"] = other_theme
    world.records["other_priority"] = f.PriorityFactory(theme=other_theme, title="Other council's priority")
    world.records["other_objective"] = f.ObjectiveFactory(organisation=other, title="Other council's objective")
    world.records["other_principle"] = f.PrincipleFactory(organisation=other, title="Other council's principle")


def pages(name: str, path: str, key: str) -> list[Row]:
    """The list, add, detail and change pages of one record type, and its other-council record."""
    base = f"/org/home/strategy/{path}/"
    return [
        Row(f"strategy:{name}-list", url(base), org_page()),
        Row(f"strategy:{name}-create", url(f"{base}add/"), org_page(allowed=WRITERS)),
        Row(f"strategy:{name}-create", url(f"{base}add/"), org_page(allowed=WRITERS), method="post"),
        Row(f"strategy:{name}-detail", url(base + "{pk}/", pk=key), org_page()),
        Row(f"strategy:{name}-detail", url(base + "{pk}/", pk=f"other_{key}"), org_page(refused=404, allowed=set())),
        Row(f"strategy:{name}-edit", url(base + "{pk}/edit/", pk=key), org_page(allowed=WRITERS)),
        Row(f"strategy:{name}-edit", url(base + "{pk}/edit/", pk=key), org_page(allowed=WRITERS), method="post"),
        Row(f"strategy:{name}-edit", url(base + "{pk}/edit/", pk=f"other_{key}"),
            org_page(refused=404, allowed=set())),
    ]


ROWS: list[Row] = [
    # /org/home/strategy/ sends a reader on to the plans
    Row("strategy:index", url("/org/home/strategy/"), org_page(**{role: 302 for role in ROLES})),
    *pages("plan", "plans", "plan"),
    *pages("priority", "priorities", "priority"),
    *pages("objective", "objectives", "objective"),
    *pages("principle", "principles", "principle"),
    # Themes are read on their plan's page; only writers add or change them
    Row("strategy:theme-create", url("/org/home/strategy/themes/add/"), org_page(allowed=WRITERS)),
    Row("strategy:theme-create", url("/org/home/strategy/themes/add/"), org_page(allowed=WRITERS), method="post"),
    Row("strategy:theme-edit", url("/org/home/strategy/themes/{pk}/edit/", pk="theme"), org_page(allowed=WRITERS)),
    Row("strategy:theme-edit", url("/org/home/strategy/themes/{pk}/edit/", pk="theme"), org_page(allowed=WRITERS),
        method="post"),
    Row("strategy:theme-edit", url("/org/home/strategy/themes/{pk}/edit/", pk="other_theme"),
        org_page(refused=404, allowed=set())),
    # The API: the principles collection, and writes by role (400: the empty body is refused)
    Row("principle-list", url("/api/v1/principles/"), api_list()),
    Row("principle-detail", url("/api/v1/principles/{pk}/", pk="principle"), api_detail()),
    Row("principle-detail", url("/api/v1/principles/{pk}/", pk="other_principle"),
        api_detail(outsider=200, **{role: 404 for role in ROLES})),
    Row("principle-list", url("/api/v1/principles/"), statuses(400, anonymous=403), method="post"),
    Row("plan-list", url("/api/v1/plans/"), statuses(400, anonymous=403), method="post"),
    Row("plan-detail", url("/api/v1/plans/{pk}/", pk="plan"), api_detail(**NOT_WRITERS), method="patch"),
    Row("theme-detail", url("/api/v1/themes/{pk}/", pk="theme"), api_detail(**NOT_WRITERS), method="patch"),
    Row("priority-detail", url("/api/v1/priorities/{pk}/", pk="priority"), api_detail(**NOT_WRITERS),
        method="patch"),
    Row("principle-detail", url("/api/v1/principles/{pk}/", pk="principle"), api_detail(**NOT_WRITERS),
        method="patch"),
]
