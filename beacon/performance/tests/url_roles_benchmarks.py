"""URL × role rows (beacon/core/tests/test_url_roles.py) for benchmarking: comparator groups, the benchmarks and
method pages, and the ``comparator-groups``, ``neighbours``, ``indicators`` and ``benchmarks`` API collections.
Every member reads; the administrator and the programme manager write groups; another council's user gets 404
(pages) or an empty list (API); the neighbours of any council are open to every signed-in user."""

from __future__ import annotations

from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance.models import ComparatorGroup, ComparatorMember, GroupKind, Indicator, IndicatorValue
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

# Chorley and three Lancashire districts, with made-up values of the like-for-like preset's indicators.
DISTRICTS = {"E07000118": 1.0, "E07000126": 1.2, "E07000123": 2.0, "E07000127": 3.5}
WRITE_POST = {"anonymous": 302, "outsider": 404, **{role: 302 if role in WRITERS else 403 for role in ROLES}}


def extend_world(world: World) -> None:
    comparators.clear_cache()
    councils = {c.gss_code: c for c in Council.objects.filter(gss_code__in=DISTRICTS)}
    for code in comparators.PRESETS["like-for-like"].indicators:
        indicator = Indicator.objects.create(code=code, title=code, dataset="test", publisher="Test")
        IndicatorValue.objects.bulk_create([
            IndicatorValue(indicator=indicator, council=councils[gss], period="2023", value=value * 10)
            for gss, value in DISTRICTS.items()
        ])
    chorley = councils["E07000118"]
    r = world.records
    r["group_manual"] = ComparatorGroup.objects.create(organisation=world.home, title="Lancashire districts",
                                                       council=chorley)
    for gss in ("E07000126", "E07000123"):
        ComparatorMember.objects.create(group=r["group_manual"], council=councils[gss])
    r["group_nearest"] = ComparatorGroup.objects.create(
        organisation=world.home, title="Nearest districts", council=chorley, kind=GroupKind.NEAREST,
        preset="like-for-like", size=2,
    )
    comparators.compute_nearest_members(r["group_nearest"])
    r["group_other"] = ComparatorGroup.objects.create(organisation=world.other, title="Other's group", council=chorley)
    r["indicator"] = Indicator.objects.get(code="imd-score")


BASE = "/org/home/performance"

ROWS = [
    Row("performance:benchmarks", url(f"{BASE}/benchmarks/"), org_page()),
    Row("performance:benchmarks", url(f"{BASE}/benchmarks/?indicator=imd-score&group={{pk}}", pk="group_manual"),
        org_page()),
    Row("performance:benchmarks", url(f"{BASE}/benchmarks/?indicator=nope&group=abc&period=%00"), org_page()),
    Row("performance:benchmarks", url(f"{BASE}/benchmarks/?indicator=imd-score&group={{pk}}", pk="group_other"),
        org_page()),
    Row("performance:benchmark-method", url(f"{BASE}/benchmarks/method/"), org_page()),
    Row("performance:comparator-group-list", url(f"{BASE}/comparator-groups/"), org_page()),
    Row("performance:comparator-group-create", url(f"{BASE}/comparator-groups/add/"), org_page(allowed=WRITERS)),
    Row("performance:comparator-group-create", url(f"{BASE}/comparator-groups/add/"), org_page(allowed=WRITERS),
        method="post"),
    Row("performance:comparator-group-create-nearest", url(f"{BASE}/comparator-groups/add-nearest/"),
        org_page(allowed=WRITERS)),
    Row("performance:comparator-group-create-nearest", url(f"{BASE}/comparator-groups/add-nearest/"),
        org_page(allowed=WRITERS), method="post"),
    Row("performance:comparator-group-detail", url(f"{BASE}/comparator-groups/{{pk}}/", pk="group_manual"),
        org_page()),
    Row("performance:comparator-group-detail", url(f"{BASE}/comparator-groups/{{pk}}/", pk="group_nearest"),
        org_page()),
    Row("performance:comparator-group-detail", url(f"{BASE}/comparator-groups/{{pk}}/", pk="group_other"),
        org_page(refused=404, allowed=set())),
    Row("performance:comparator-group-edit", url(f"{BASE}/comparator-groups/{{pk}}/edit/", pk="group_manual"),
        org_page(allowed=WRITERS)),
    Row("performance:comparator-group-edit", url(f"{BASE}/comparator-groups/{{pk}}/edit/", pk="group_nearest"),
        org_page(allowed=WRITERS), method="post"),
    Row("performance:comparator-group-edit", url(f"{BASE}/comparator-groups/{{pk}}/edit/", pk="group_other"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("performance:comparator-group-recompute",
        url(f"{BASE}/comparator-groups/{{pk}}/recompute/", pk="group_nearest"), org_page(allowed=WRITERS)),
    Row("performance:comparator-group-recompute",
        url(f"{BASE}/comparator-groups/{{pk}}/recompute/", pk="group_nearest"), WRITE_POST, method="post"),
    Row("performance:comparator-group-recompute",
        url(f"{BASE}/comparator-groups/{{pk}}/recompute/", pk="group_manual"),
        org_page(refused=404, allowed=set(), **{role: 403 for role in ROLES if role not in WRITERS}),
        method="post"),
    # API
    Row("comparator-group-list", url("/api/v1/comparator-groups/?organisation=home"), api_list()),
    Row("comparator-group-list", url("/api/v1/comparator-groups/"), statuses(400, anonymous=403), method="post"),
    Row("comparator-group-detail", url("/api/v1/comparator-groups/{pk}/", pk="group_nearest"), api_detail()),
    Row("comparator-group-detail", url("/api/v1/comparator-groups/{pk}/", pk="group_manual"),
        api_detail(**{role: 403 for role in ROLES if role not in WRITERS}), method="patch"),
    Row("neighbour-list", url("/api/v1/neighbours/?council=E07000118&preset=like-for-like&k=2"), api_list()),
    Row("neighbour-list", url("/api/v1/neighbours/?council=E07000118&preset=nope"), statuses(400, anonymous=403)),
    Row("neighbour-list", url("/api/v1/neighbours/?organisation=home&k=0"), statuses(400, anonymous=403)),
    Row("indicator-list", url("/api/v1/indicators/"), api_list()),
    Row("indicator-detail", url("/api/v1/indicators/{pk}/", pk="indicator"), statuses(200, anonymous=403)),
    Row("benchmark-list", url("/api/v1/benchmarks/?group={pk}&indicator=imd-score", pk="group_manual"),
        statuses(200, anonymous=403, outsider=400)),
]
