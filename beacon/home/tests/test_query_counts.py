"""Query counts are constant in the size of the programme (no N+1): every page and API list is asked at
two sizes of the synthetic council and must use the same number of queries. ``make bench`` does the same
at 200 and 2,000 projects and reports the time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from beacon.core.models import Organisation
from beacon.demo.synthetic import build_synthetic_council
from beacon.programmes.models import Programme, Workstream

SMALL, LARGE = 4, 120  # the small one fits on one page, the large one fills pages


def first_programme(slug: str) -> int:
    return Programme.objects.filter(organisation__slug=slug).order_by("pk").values_list("pk", flat=True)[0]


def first_workstream(slug: str) -> int:
    return Workstream.objects.filter(organisation__slug=slug).order_by("pk").values_list("pk", flat=True)[0]


PAGES: dict[str, Callable[[str], str]] = {
    "dashboard": lambda slug: f"/org/{slug}/",
    "programme list": lambda slug: f"/org/{slug}/programmes/",
    "programme detail": lambda slug: f"/org/{slug}/programmes/{first_programme(slug)}/",
    "workstream detail": lambda slug: f"/org/{slug}/workstreams/{first_workstream(slug)}/",
    "project list": lambda slug: f"/org/{slug}/projects/",
    "project list, filtered": lambda slug: f"/org/{slug}/projects/?stage=delivery&stage=approved&q=a",
    "milestone list": lambda slug: f"/org/{slug}/milestones/",
    "milestone list, late": lambda slug: f"/org/{slug}/milestones/?late=true",
    "API projects": lambda slug: f"/api/v1/projects/?organisation={slug}&page_size=100",
    "API milestones": lambda slug: f"/api/v1/milestones/?organisation={slug}&page_size=100",
    "API workstreams": lambda slug: f"/api/v1/workstreams/?organisation={slug}",
    "public dashboard": lambda slug: f"/public/{slug}/",
    "public API projects": lambda slug: f"/api/v1/public/{slug}/projects/",
}


def council_user(council: Organisation):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=f"{council.slug}-programme")


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, the user's roles) as a real server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_programme() -> None:
    small = build_synthetic_council("qc-small", SMALL)
    large = build_synthetic_council("qc-large", LARGE)
    counts: dict[str, dict[str, int]] = {}
    for council in (small, large):
        client = Client()
        client.force_login(council_user(council))
        for page, url in PAGES.items():
            counts.setdefault(page, {})[council.slug] = count_queries(client, url(council.slug))
    growing = {page: found for page, found in counts.items() if len(set(found.values())) > 1}
    assert not growing, f"query counts that grow with the number of projects: {growing}"
