"""The benchmarking pages as a user sees them: a group chosen by hand (unknown councils refused by name), a group
of nearest neighbours (members with rank and distance), the benchmarks table best first with the council
highlighted, its rank and quartile in words and the caveats, bad query parameters answered with a message, and the
method page."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance.models import ComparatorGroup, ComparatorMember, GroupKind, Indicator, IndicatorValue
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

BASE = "/org/home/performance"
CHORLEY, SOUTH_RIBBLE, PRESTON, WEST_LANCS = "E07000118", "E07000126", "E07000123", "E07000127"


def text(response: Any) -> str:
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", htmllib.unescape(body))


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    comparators.clear_cache()
    yield
    comparators.clear_cache()


@pytest.fixture
def councils(world: World) -> dict[str, Council]:
    found = {c.gss_code: c for c in Council.objects.filter(gss_code__in=[CHORLEY, SOUTH_RIBBLE, PRESTON, WEST_LANCS])}
    world.home.council = found[CHORLEY]
    world.home.save()
    figures = {CHORLEY: 1.0, SOUTH_RIBBLE: 1.1, PRESTON: 2.0, WEST_LANCS: 3.0}
    for code in comparators.PRESETS["like-for-like"].indicators:
        indicator = Indicator.objects.create(code=code, title=code, dataset="test", publisher="Test")
        for gss, value in figures.items():
            IndicatorValue.objects.create(indicator=indicator, council=found[gss], period="2023", value=value * 10)
    return found


@pytest.fixture
def asc(councils: dict[str, Council]) -> Indicator:
    indicator = Indicator.objects.create(
        code="oflog-asc1", title="Adult social care: carers' quality of life", unit="score", polarity="higher",
        dataset="oflog-adult-social-care", publisher="Office for Local Government (Oflog)",
        caveats="Survey-based measures carry sampling error.",
    )
    for gss, value, period in ((CHORLEY, 7.5, "2022/23"), (SOUTH_RIBBLE, 8.1, "2022/23"), (PRESTON, 7.5, "2022/23"),
                               (WEST_LANCS, 6.2, "2022/23"), (CHORLEY, 1.0, "2021/22")):
        IndicatorValue.objects.create(indicator=indicator, council=councils[gss], period=period, value=value)
    return indicator


def manual_group(world: World, councils: dict[str, Council]) -> ComparatorGroup:
    group = ComparatorGroup.objects.create(organisation=world.home, title="Central Lancashire",
                                           council=councils[CHORLEY])
    for gss in (SOUTH_RIBBLE, PRESTON, WEST_LANCS):
        ComparatorMember.objects.create(group=group, council=councils[gss])
    return group


def test_add_a_group_by_hand_with_codes_and_names(world: World, councils: dict[str, Council], login: Any) -> None:
    client = login(world.users["programme"])
    response = client.post(f"{BASE}/comparator-groups/add/", {
        "title": "Central Lancashire", "around": "", "councils": "E07000126\npreston\n\nWest Lancashire",
        "public": "on",
    }, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert "Comparator group added: Central Lancashire" in page
    assert "Built around Chorley (E07000118)" in page
    for name in ("South Ribble", "Preston", "West Lancashire"):
        assert name in page
    group = ComparatorGroup.objects.get(title="Central Lancashire")
    assert group.kind == GroupKind.MANUAL and group.memberships.count() == 3


def test_unknown_councils_are_refused_by_name(world: World, councils: dict[str, Council], login: Any) -> None:
    client = login(world.users["admin"])
    response = client.post(f"{BASE}/comparator-groups/add/", {
        "title": "Bad", "councils": "E07000126\nAtlantis\nE99999999",
    })
    page = text(response)
    assert "There is a problem" in page
    assert "“Atlantis”, “E99999999” are not councils in the register" in page
    assert not ComparatorGroup.objects.filter(title="Bad").exists()


def test_add_nearest_neighbours_stores_rank_and_distance(world: World, councils: dict[str, Council],
                                                        login: Any) -> None:
    client = login(world.users["programme"])
    response = client.post(f"{BASE}/comparator-groups/add-nearest/", {
        "title": "Like-for-like districts", "preset": "like-for-like", "size": "2", "around": "Chorley",
    }, follow=True)
    page = text(response)
    assert "Nearest neighbours group added: Like-for-like districts" in page
    assert "Like-for-like councils of the same type, 2 nearest" in page
    group = ComparatorGroup.objects.get(title="Like-for-like districts")
    members = list(group.memberships.order_by("rank").values_list("council__gss_code", "rank"))
    assert members == [(SOUTH_RIBBLE, 1), (PRESTON, 2)]
    assert group.computed_at is not None
    assert re.search(r"1 South Ribble E07000126 District council \d+\.\d{3}", page)

    recompute = client.post(f"{BASE}/comparator-groups/{group.pk}/recompute/", follow=True)
    assert "Recomputed: 2 nearest neighbours of Chorley" in text(recompute)


def test_nearest_form_refuses_bad_input_with_reasons(world: World, councils: dict[str, Council], login: Any) -> None:
    client = login(world.users["programme"])
    page = text(client.post(f"{BASE}/comparator-groups/add-nearest/", {
        "title": "X", "preset": "like-for-like", "size": "99", "around": "Greater Manchester",
    }))
    assert "There is a problem" in page
    assert "Enter a number from 1 to 50" in page
    page = text(client.post(f"{BASE}/comparator-groups/add-nearest/", {
        "title": "X", "preset": "ons-2025", "size": "5", "around": "E07000117",
    }))
    assert "Burnley is not among the areas" in page  # it has no figures in this test


def test_viewer_sees_groups_but_cannot_add(world: World, councils: dict[str, Council], login: Any) -> None:
    manual_group(world, councils)
    client = login(world.users["viewer"])
    page = text(client.get(f"{BASE}/comparator-groups/"))
    assert "Central Lancashire" in page and "Add a group chosen by hand" not in page
    assert client.get(f"{BASE}/comparator-groups/add/").status_code == 403


def test_benchmarks_table_best_first_with_rank_quartile_and_caveats(world: World, councils: dict[str, Council],
                                                                     asc: Indicator, login: Any) -> None:
    group = manual_group(world, councils)
    client = login(world.users["viewer"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/benchmarks/?indicator=oflog-asc1&group={group.pk}")
    page = text(response)
    assert response.status_code == 200
    # 2022/23 is the latest period most of the group shares (2021/22 has Chorley alone)
    assert "Adult social care: carers' quality of life, 2022/23" in page
    assert "Chorley is 2nd of 4 (joint), in the second quarter in “Central Lancashire” (2022/23)" in page
    assert re.search(r"1 South Ribble 8\.1 2= Chorley This council 7\.5 2= Preston 7\.5 4 West Lancashire 6\.2", page)
    assert 'aria-current="true"' in response.content.decode()
    assert "Before comparing places" in page and "Survey-based measures carry sampling error" in page
    assert "Places differ in ways no indicator captures" in page
    assert len(queries) <= 14

    older = text(client.get(f"{BASE}/benchmarks/?indicator=oflog-asc1&group={group.pk}&period=2021/22"))
    assert "Chorley is 1st of 1" in older
    assert "No figure for 2021/22: Preston, South Ribble, West Lancashire." in older


def test_benchmarks_bad_parameters_get_a_message(world: World, councils: dict[str, Council], login: Any) -> None:
    client = login(world.users["viewer"])
    for query in ("?indicator=nope&group=abc", "?indicator=&group=", "?group=99999&indicator=%00"):
        response = client.get(f"{BASE}/benchmarks/{query}")
        assert response.status_code == 200
        assert "There is a problem" in text(response)
    page = text(client.get(f"{BASE}/benchmarks/?indicator=nope&group=abc"))
    assert "Choose an indicator from the list" in page and "Choose a comparator group from the list" in page


def test_another_councils_group_is_not_offered(world: World, councils: dict[str, Council], asc: Indicator,
                                              login: Any) -> None:
    other = ComparatorGroup.objects.create(organisation=world.other, title="Other's", council=councils[CHORLEY])
    page = text(login(world.users["admin"]).get(f"{BASE}/benchmarks/?indicator=oflog-asc1&group={other.pk}"))
    assert "Choose a comparator group from the list" in page


def test_method_page_documents_the_method(world: World, login: Any) -> None:
    page = text(login(world.users["viewer"]).get(f"{BASE}/benchmarks/method/"))
    for words in ("Winsorise and min-max scale", "Z-score", "Weighted Euclidean distance", "Missing figures",
                  "ONS 2025 statistical nearest neighbours", "Gross median weekly pay", "Deprivation score",
                  "Why not CIPFA", "English districts: District council", "Caveats"):
        assert words in page
