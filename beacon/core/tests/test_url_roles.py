"""Every URL × every role: who gets what.

The table lists every named URL of Beacon with the status each persona gets: the core rows below, and the
rows of each app in ``beacon/<app>/tests/url_roles.py`` (a ``ROWS`` list, and optionally
``extend_world(world)`` to add the records its rows need). A URL pattern that is in no row fails
``test_every_url_is_in_the_table``, so a new page cannot ship without deciding who may see it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from beacon.testing.url_table import (
    PERSONAS,
    ROLES,
    WRITERS,
    Row,
    api_detail,
    api_list,
    org_page,
    statuses,
    url,
)
from beacon.testing.world import World, world_for_a_module

# Apps whose rows live beside their code.
APP_ROW_MODULES = ["beacon.strategy.tests.url_roles", "beacon.programmes.tests.url_roles",
                   "beacon.reporting.tests.url_roles", "beacon.finance.tests.url_roles",
                   "beacon.finance.tests.url_roles_mtfs", "beacon.finance.tests.url_roles_forecast",
                   "beacon.finance.tests.url_roles_resources",
                   "beacon.performance.tests.url_roles_kpis"]
APP_ROW_MODULES.append("beacon.performance.tests.url_roles_benchmarks")
APP_ROW_MODULES.append("beacon.governance.tests.url_roles_governance")
APP_ROW_MODULES.append("beacon.risks.tests.url_roles_risks")
APP_ROW_MODULES.append("beacon.governance.tests.url_roles_maturity")
APP_ROW_MODULES.append("beacon.public.tests.url_roles")
APP_ROW_MODULES.append("beacon.reports.tests.url_roles_reports")
APP_ROW_MODULES.append("beacon.exchange.tests.url_roles_imports")
APP_ROW_MODULES.append("beacon.exchange.tests.url_roles_backup")
APP_ROW_MODULES += ["beacon.engagement.tests.url_roles_ideas", "beacon.engagement.tests.url_roles_places",
                    "beacon.engagement.tests.url_roles_public"]
APP_ROW_MODULES += ["beacon.accounts.tests.url_roles_account", "beacon.accounts.tests.url_roles_admin",
                    "beacon.accounts.tests.url_roles_service"]
APP_ROW_MODULES += ["beacon.accounts.tests.url_roles_sso", "beacon.accounts.tests.url_roles_two_factor",
                    "beacon.accounts.tests.url_roles_tokens"]

# Named URLs that are not ours to police, with the reason.
NOT_IN_TABLE = {
    "admin": "Django's admin: every page requires a staff user (checked through admin:index below)",
}


def app_modules() -> list[Any]:
    modules = []
    for name in APP_ROW_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return modules


TABLE: list[Row] = [
    # Service basics
    Row("healthz", url("/healthz"), statuses(200)),
    Row("login", url("/accounts/login/"), statuses(302, anonymous=200)),
    Row("logout", url("/accounts/logout/"), statuses(405)),
    Row("logout", url("/accounts/logout/"), statuses(302), method="post"),
    Row("admin:index", url("/admin/"), statuses(302)),
    # Signed-in home and dashboard
    Row("home:index", url("/"), statuses(200, anonymous=302)),
    Row("home:dashboard", url("/org/home/"), org_page()),
    # Programmes, workstreams, phases
    Row("programmes:programme-list", url("/org/home/programmes/"), org_page()),
    Row("programmes:programme-create", url("/org/home/programmes/add/"), org_page(allowed=WRITERS)),
    Row("programmes:programme-create", url("/org/home/programmes/add/"), org_page(allowed=WRITERS), method="post"),
    Row("programmes:programme-detail", url("/org/home/programmes/{pk}/", pk="programme"), org_page()),
    Row("programmes:programme-edit", url("/org/home/programmes/{pk}/edit/", pk="programme"),
        org_page(allowed=WRITERS)),
    Row("programmes:workstream-create", url("/org/home/workstreams/add/"), org_page(allowed=WRITERS)),
    Row("programmes:workstream-detail", url("/org/home/workstreams/{pk}/", pk="workstream"), org_page()),
    Row("programmes:workstream-edit", url("/org/home/workstreams/{pk}/edit/", pk="workstream"),
        org_page(allowed=WRITERS)),
    Row("programmes:phase-create", url("/org/home/phases/add/"), org_page(allowed=WRITERS)),
    Row("programmes:phase-edit", url("/org/home/phases/{pk}/edit/", pk="phase"), org_page(allowed=WRITERS)),
    # Another council's records are not found through this council's URLs
    Row("programmes:programme-detail", url("/org/home/programmes/{pk}/", pk="other_programme"),
        org_page(refused=404, allowed=set())),
    # Projects: the confidential one is hidden from the viewer (404), shown to its lead
    Row("programmes:project-list", url("/org/home/projects/"), org_page()),
    # Downloads of a list answer every role as the page does (the rows they hold: beacon/exchange/tests)
    Row("programmes:project-list", url("/org/home/projects/?download=csv"), org_page()),
    Row("programmes:project-list", url("/org/home/projects/?download=xlsx&stage=delivery"), org_page()),
    Row("programmes:project-list", url("/org/home/projects/?download=pdf"), org_page(**{r: 400 for r in ROLES})),
    Row("programmes:project-create", url("/org/home/projects/add/"), org_page(allowed=WRITERS)),
    Row("programmes:project-create", url("/org/home/projects/add/"), org_page(allowed=WRITERS), method="post"),
    Row("programmes:project-detail", url("/org/home/projects/{pk}/", pk="plain"), org_page()),
    Row("programmes:project-detail", url("/org/home/projects/{pk}/", pk="secret"), org_page(viewer=404)),
    Row("programmes:project-detail", url("/org/home/projects/{pk}/", pk="other_project"),
        org_page(refused=404, allowed=set())),
    Row("programmes:project-edit", url("/org/home/projects/{pk}/edit/", pk="led"),
        org_page(allowed=WRITERS | {"lead"})),
    Row("programmes:project-edit", url("/org/home/projects/{pk}/edit/", pk="plain"), org_page(allowed=WRITERS)),
    Row("programmes:project-edit", url("/org/home/projects/{pk}/edit/", pk="secret"),
        org_page(allowed=WRITERS | {"lead"}, viewer=404)),
    Row("programmes:project-edit", url("/org/home/projects/{pk}/edit/", pk="plain"), org_page(allowed=WRITERS),
        method="post"),
    # Milestones: a project lead adds and edits milestones of their own projects
    Row("programmes:milestone-list", url("/org/home/milestones/"), org_page()),
    Row("programmes:milestone-create", url("/org/home/milestones/add/"), org_page(allowed=WRITERS | {"lead"})),
    Row("programmes:milestone-edit", url("/org/home/milestones/{pk}/edit/", pk="led_milestone"),
        org_page(allowed=WRITERS | {"lead"})),
    Row("programmes:milestone-edit", url("/org/home/milestones/{pk}/edit/", pk="milestone"),
        org_page(allowed=WRITERS)),
    Row("programmes:milestone-edit", url("/org/home/milestones/{pk}/edit/", pk="secret_milestone"),
        org_page(allowed=WRITERS | {"lead"}, viewer=404)),
    # Public pages and the public API: anyone
    Row("public:dashboard", url("/public/home/"), statuses(200)),
    Row("public-api-index", url("/api/v1/public/home/"), statuses(200)),
    Row("public-api-programmes", url("/api/v1/public/home/programmes/"), statuses(200)),
    Row("public-api-projects", url("/api/v1/public/home/projects/"), statuses(200)),
    # API schema and docs
    Row("api-schema", url("/api/v1/schema/"), statuses(200)),
    Row("api-docs", url("/api/v1/docs/"), statuses(200)),
    Row("api-root", url("/api/v1/"), api_list()),
    # Authenticated API collections
    Row("organisation-list", url("/api/v1/organisations/"), api_list()),
    Row("organisation-detail", lambda w: f"/api/v1/organisations/{w.home.pk}/", api_detail()),
    Row("council-list", url("/api/v1/councils/"), api_list()),
    Row("council-detail", lambda w: "/api/v1/councils/1/", api_detail(outsider=200)),
    Row("plan-list", url("/api/v1/plans/"), api_list()),
    Row("plan-detail", url("/api/v1/plans/{pk}/", pk="plan"), api_detail()),
    Row("theme-list", url("/api/v1/themes/"), api_list()),
    Row("theme-detail", url("/api/v1/themes/{pk}/", pk="theme"), api_detail()),
    Row("priority-list", url("/api/v1/priorities/"), api_list()),
    Row("priority-detail", url("/api/v1/priorities/{pk}/", pk="priority"), api_detail()),
    Row("objective-list", url("/api/v1/objectives/"), api_list()),
    Row("objective-detail", url("/api/v1/objectives/{pk}/", pk="objective"), api_detail()),
    Row("programme-list", url("/api/v1/programmes/"), api_list()),
    Row("programme-detail", url("/api/v1/programmes/{pk}/", pk="programme"), api_detail()),
    Row("phase-list", url("/api/v1/phases/"), api_list()),
    Row("phase-detail", url("/api/v1/phases/{pk}/", pk="phase"), api_detail()),
    Row("workstream-list", url("/api/v1/workstreams/"), api_list()),
    Row("workstream-detail", url("/api/v1/workstreams/{pk}/", pk="workstream"), api_detail()),
    Row("project-list", url("/api/v1/projects/"), api_list()),
    Row("project-detail", url("/api/v1/projects/{pk}/", pk="plain"), api_detail()),
    Row("project-detail", url("/api/v1/projects/{pk}/", pk="secret"), api_detail(viewer=404)),
    Row("milestone-list", url("/api/v1/milestones/"), api_list()),
    Row("milestone-detail", url("/api/v1/milestones/{pk}/", pk="secret_milestone"), api_detail(viewer=404)),
    # API writes: only roles that may write get past the permission check (400: the empty body is refused)
    Row("project-list", url("/api/v1/projects/"), statuses(400, anonymous=403), method="post"),
    Row("project-detail", url("/api/v1/projects/{pk}/", pk="plain"),
        api_detail(**{role: 403 for role in ROLES if role not in WRITERS}), method="patch"),
    Row("project-detail", url("/api/v1/projects/{pk}/", pk="led"),
        api_detail(**{role: 403 for role in ROLES if role not in WRITERS | {"lead"}}), method="patch"),
]


TABLE += [row for module in app_modules() for row in getattr(module, "ROWS", [])]


def url_names() -> set[str]:
    """Every named URL pattern, with its namespace."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_in_the_table() -> None:
    covered = {row.name for row in TABLE}
    missing = {
        name for name in url_names() if name not in covered and name.split(":")[0] not in NOT_IN_TABLE
    }
    assert not missing, f"URLs with no row in the URL × role table: {sorted(missing)}"


def with_every_row_s_records(world: World) -> None:
    from beacon.testing import factories as f

    world.records["plan"] = f.PlanFactory(organisation=world.home)
    world.records["theme"] = f.ThemeFactory(plan=world.records["plan"])
    world.records["priority"] = f.PriorityFactory(theme=world.records["theme"])
    world.records["objective"] = f.ObjectiveFactory(organisation=world.home)
    for module in app_modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world)


@pytest.fixture(scope="module")
def table_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world with the records of every app's rows, built once for the table rather than once per row (the
    table has hundreds of rows; each row's writes are undone after it)."""
    with world_for_a_module(django_db_blocker, with_every_row_s_records) as world:
        yield world


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=[row.id() for row in TABLE])
def test_url_role_table(row: Row, table_world: World, client: Any) -> None:
    world = table_world
    path = row.path(world)
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        send = getattr(client, row.method)
        kwargs = {"content_type": "application/json"} if row.method == "patch" else {}
        response = send(path, row.data or ({} if row.method != "patch" else "{}"), **kwargs)
        expected = row.expect[persona]
        if response.status_code != expected:
            failures.append(f"{persona}: got {response.status_code}, expected {expected}")
    assert not failures, f"{row.method.upper()} {path}\n" + "\n".join(failures)
