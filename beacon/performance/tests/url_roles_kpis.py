"""URL × role rows (beacon/core/tests/test_url_roles.py) for KPIs, their targets and observations: pages and API.

Every member reads KPIs; a confidential KPI is read by the confidential readers and by its owner (its "lead"),
never by the viewer; the programme office writes every KPI, the owner writes their KPI (but not its locked
fields) and its figures; another council's user gets 404.
"""

from __future__ import annotations

from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url

OWNER_TOO = WRITERS | {"lead"}
NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}
NOT_OWNER_TOO = {role: 403 for role in ROLES if role not in OWNER_TOO}
NOBODY = {role: 404 for role in ROLES}
OTHERS_OWN = {**NOBODY, "outsider": 200}  # the API: another council's record is its own users' only
BASE = "/org/home/performance"


def page(path: str, **keys: str):  # type: ignore[no-untyped-def]
    return url(BASE + path, **keys)


ROWS = [
    # KPIs
    Row("performance:kpi-list", page("/kpis/"), org_page()),
    Row("performance:kpi-list", page("/kpis/?status=on_target&overdue=true&public=false&frequency=monthly"),
        org_page()),
    Row("performance:kpi-create", page("/kpis/add/"), org_page(allowed=WRITERS)),
    Row("performance:kpi-create", page("/kpis/add/"), org_page(allowed=WRITERS), method="post"),
    Row("performance:kpi-detail", page("/kpis/{pk}/", pk="public_kpi"), org_page()),
    Row("performance:kpi-detail", page("/kpis/{pk}/", pk="secret_kpi"), org_page(viewer=404)),
    Row("performance:kpi-detail", page("/kpis/{pk}/", pk="other_kpi"), org_page(refused=404, allowed=set())),
    Row("performance:kpi-edit", page("/kpis/{pk}/edit/", pk="led_kpi"), org_page(allowed=OWNER_TOO)),
    Row("performance:kpi-edit", page("/kpis/{pk}/edit/", pk="plain_kpi"), org_page(allowed=WRITERS)),
    Row("performance:kpi-edit", page("/kpis/{pk}/edit/", pk="secret_kpi"), org_page(allowed=OWNER_TOO, viewer=404)),
    Row("performance:kpi-edit", page("/kpis/{pk}/edit/", pk="plain_kpi"), org_page(allowed=WRITERS), method="post"),
    Row("performance:kpi-edit", page("/kpis/{pk}/edit/", pk="other_kpi"), org_page(refused=404, allowed=set()),
        method="post"),
    # Targets and observations: added from the KPI's page by those who may change the KPI
    Row("performance:target-create", page("/kpis/{pk}/targets/add/", pk="led_kpi"), org_page(allowed=OWNER_TOO)),
    Row("performance:target-create", page("/kpis/{pk}/targets/add/", pk="plain_kpi"), org_page(allowed=WRITERS)),
    Row("performance:target-create", page("/kpis/{pk}/targets/add/", pk="secret_kpi"),
        org_page(allowed=OWNER_TOO, viewer=404), method="post"),
    Row("performance:target-create", page("/kpis/{pk}/targets/add/", pk="other_kpi"),
        org_page(refused=404, allowed=set())),
    Row("performance:observation-create", page("/kpis/{pk}/observations/add/", pk="led_kpi"),
        org_page(allowed=OWNER_TOO)),
    Row("performance:observation-create", page("/kpis/{pk}/observations/add/", pk="public_kpi"),
        org_page(allowed=WRITERS), method="post"),
    Row("performance:observation-create", page("/kpis/{pk}/observations/add/", pk="secret_kpi"),
        org_page(allowed=OWNER_TOO, viewer=404), method="post"),
    Row("performance:observation-create", page("/kpis/{pk}/observations/add/", pk="other_kpi"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("performance:target-edit", page("/targets/{pk}/edit/", pk="public_target"), org_page(allowed=WRITERS)),
    Row("performance:target-edit", page("/targets/{pk}/edit/", pk="secret_target"),
        org_page(allowed=OWNER_TOO, viewer=404)),
    Row("performance:target-edit", page("/targets/{pk}/edit/", pk="secret_target"),
        org_page(allowed=OWNER_TOO, viewer=404), method="post"),
    Row("performance:observation-edit", page("/observations/{pk}/edit/", pk="public_observation"),
        org_page(allowed=WRITERS)),
    Row("performance:observation-edit", page("/observations/{pk}/edit/", pk="public_observation"),
        org_page(allowed=WRITERS), method="post"),
    Row("performance:observation-edit", page("/observations/{pk}/edit/", pk="secret_observation"),
        org_page(allowed=OWNER_TOO, viewer=404)),
    # API
    Row("kpi-list", url("/api/v1/kpis/"), api_list()),
    Row("kpi-list", url("/api/v1/kpis/"), statuses(400, anonymous=403), method="post"),
    Row("kpi-detail", url("/api/v1/kpis/{pk}/", pk="public_kpi"), api_detail()),
    Row("kpi-detail", url("/api/v1/kpis/{pk}/", pk="secret_kpi"), api_detail(viewer=404)),
    Row("kpi-detail", url("/api/v1/kpis/{pk}/", pk="other_kpi"), api_detail(**OTHERS_OWN)),
    Row("kpi-detail", url("/api/v1/kpis/{pk}/", pk="led_kpi"), api_detail(**NOT_OWNER_TOO), method="patch"),
    Row("kpi-detail", url("/api/v1/kpis/{pk}/", pk="plain_kpi"), api_detail(**NOT_WRITERS), method="patch"),
    Row("target-list", url("/api/v1/targets/"), api_list()),
    Row("target-list", url("/api/v1/targets/"), statuses(400, anonymous=403), method="post"),
    Row("target-detail", url("/api/v1/targets/{pk}/", pk="public_target"), api_detail()),
    Row("target-detail", url("/api/v1/targets/{pk}/", pk="secret_target"), api_detail(viewer=404)),
    Row("target-detail", url("/api/v1/targets/{pk}/", pk="secret_target"),
        api_detail(**{**NOT_OWNER_TOO, "viewer": 404}), method="patch"),
    Row("target-detail", url("/api/v1/targets/{pk}/", pk="public_target"), api_detail(**NOT_WRITERS),
        method="patch"),
    Row("observation-list", url("/api/v1/observations/"), api_list()),
    Row("observation-list", url("/api/v1/observations/"), statuses(400, anonymous=403), method="post"),
    Row("observation-detail", url("/api/v1/observations/{pk}/", pk="public_observation"), api_detail()),
    Row("observation-detail", url("/api/v1/observations/{pk}/", pk="secret_observation"), api_detail(viewer=404)),
    Row("observation-detail", url("/api/v1/observations/{pk}/", pk="secret_observation"),
        api_detail(**{**NOT_OWNER_TOO, "viewer": 404}), method="patch"),
    Row("observation-detail", url("/api/v1/observations/{pk}/", pk="public_observation"),
        api_detail(**NOT_WRITERS), method="patch"),
]
