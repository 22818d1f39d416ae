"""The public dashboard, a public KPI's page and the data dictionary: what they show, what they never show, and
their query counts (constant in the number of KPIs)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.public import selectors
from beacon.testing import factories as f
from beacon.testing.cache import clear_test_cache
from beacon.testing.world import World

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_dashboard_shows_themes_priorities_and_public_kpis_in_words(client, public_world: World):
    response = client.get("/public/home/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Thriving communities" in page
    assert "Residents are satisfied with their council" in page
    assert "Residents satisfied with services" in page
    assert "2024/25" in page and "71.0%" in page and "75.0%" in page
    assert "Within tolerance" in page and "Improving" in page
    # Priorities with no measure are listed; unpublished plans never are.
    assert "More volunteering" in page
    assert "Unpublished theme" not in page and "Unpublished priority" not in page
    # Only public, non-confidential KPIs.
    assert "Secret agency staff spend" not in page
    assert "Internal sickness absence days" not in page
    assert "Other council" not in page
    assert response["Cache-Control"] == "public, max-age=300"


def test_dashboard_shows_programme_progress_of_public_projects_only(client, public_world: World):
    f.MilestoneFactory(project=public_world.records["public"], title="Done milestone",
                       due_date=dt.date(2024, 1, 1), actual_date=dt.date(2024, 1, 2))
    f.MilestoneFactory(project=public_world.records["public"], title="Late milestone",
                       due_date=dt.date.today() - dt.timedelta(days=1))
    progress = selectors.programme_progress(public_world.home)
    assert progress.projects == 1  # the secret project is public but confidential: confidential wins
    assert (progress.milestones_done, progress.milestones_late, progress.milestones_to_come) == (2, 1, 0)
    page = text_of(client.get("/public/home/"))
    assert "Public library remodel" in page
    assert "Secret depot closure" not in page and "Ordinary internal project" not in page
    assert "Projects by stage" in page and "Projects by delivery confidence" in page


def test_savings_position_counts_public_projects_of_the_public_mtfs_only(client, public_world: World):
    [position] = selectors.savings_positions(public_world.home)  # the unpublished MTFS is left out
    assert position.mtfs.title == "Medium-term financial strategy 2024-28"
    first, second = position.years[0], position.years[1]
    assert (first.financial_year, first.in_year.target) == ("2024/25", 300_000_00)
    # Only the public project's lines: not the confidential project's £777,777 or the internal one's £333,333.
    assert (first.in_year.approved, first.in_year.forecast, first.in_year.delivered) == (
        120_000_00, 120_000_00, 120_000_00
    )
    assert (second.in_year.approved, second.in_year.forecast, second.in_year.delivered) == (50_000_00, 40_000_00, 0)
    # The recurring 2024/25 saving stays in the cumulative base (the MTFS counting rule).
    assert second.cumulative.approved == 170_000_00
    page = text_of(client.get("/public/home/"))
    assert "£300,000" in page and "£120,000" in page and "£40,000" in page
    assert "777,777" not in page and "333,333" not in page and "Unpublished MTFS draft" not in page
    assert "only the savings of projects that the council has published" in page


def test_kpi_page_has_a_chart_and_a_table_of_every_period(client, public_world: World):
    kpi = public_world.records["public_kpi"]
    response = client.get(f"/public/home/kpis/{kpi.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    assert 'role="img"' in page and "<svg" in page
    assert "figures and targets by period" in page
    assert "every period, latest first" in page
    assert page.index("2024/25") < page.index("2023/24")  # latest first
    assert "60.0%" in page and "70.0%" in page and "Off target" in page
    assert "Residents are satisfied with their council" in page  # its published priority
    assert "Unpublished priority" not in page


@pytest.mark.parametrize("key", ["secret_kpi", "plain_kpi", "other_kpi"])
def test_kpi_page_is_404_for_a_kpi_that_is_not_public(client, public_world: World, key: str):
    kpi = public_world.records[key]
    assert client.get(f"/public/home/kpis/{kpi.pk}/").status_code == 404
    assert client.get(f"/public/other/kpis/{kpi.pk}/").status_code == 404


def test_a_public_kpi_of_another_council_is_not_found_under_this_council(client, public_world: World):
    other = public_world.records["other_kpi"]
    other.public = True
    other.save()
    assert client.get(f"/public/other/kpis/{other.pk}/").status_code == 200
    assert client.get(f"/public/home/kpis/{other.pk}/").status_code == 404
    assert "Other council" not in text_of(client.get("/public/home/"))


@pytest.mark.parametrize("path", ["/public/nowhere/", "/public/nowhere/kpis/1/", "/public/nowhere/data/",
                                  "/public/home/kpis/999999/"])
def test_unknown_pages_are_404(client, public_world: World, path: str):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?page=99999", "?page=%00", "?page=1&page=2"])
def test_odd_input_never_fails(client, public_world: World, query: str):
    assert client.get(f"/public/home/{query}").status_code == 200


def test_a_kpi_with_no_figures_says_so(client, public_world: World):
    kpi = f.KpiFactory(organisation=public_world.home, title="Brand new measure", public=True)
    assert "No figures have been published" in text_of(client.get(f"/public/home/kpis/{kpi.pk}/"))
    assert "Brand new measure" in text_of(client.get("/public/home/"))


def test_data_dictionary_lists_every_dataset_with_columns_and_the_licence(client, public_world: World):
    page = text_of(client.get("/public/home/data/"))
    for name in ("kpis", "observations", "projects", "milestones", "savings", "themes", "priorities"):
        assert f"/public/home/data/{name}.csv" in page and f"/public/home/data/{name}.json" in page
    assert "direction_since_year_before" in page and "cumulative_delivered" in page
    assert "Open Government Licence v3.0" in page
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in page


def test_an_empty_council_has_a_plain_dashboard(client, db):
    f.OrganisationFactory(slug="empty", name="Empty Council")
    page = text_of(client.get("/public/empty/"))
    assert "has not published any performance measures yet" in page
    assert "has not published any projects yet" in page
    assert "has not published its medium-term financial strategy" in page


# Query counts --------------------------------------------------------------------------------------------


def add_kpis(world: World, count: int, periods: int = 8) -> None:
    """``count`` public KPIs under the public priority, each with ``periods`` quarters of figures and targets."""
    priority = world.records["priority"]
    starts = [dt.date(2023 + (3 + 3 * i) // 12, (3 + 3 * i) % 12 + 1, 1) for i in range(periods)]
    first = Kpi.objects.filter(code__startswith="BULK-").count()
    kpis = Kpi.objects.bulk_create(
        Kpi(organisation=world.home, code=f"BULK-{n}", title=f"Bulk measure {n}", public=True)
        for n in range(first, first + count)
    )
    Kpi.priorities.through.objects.bulk_create(
        Kpi.priorities.through(kpi_id=kpi.pk, priority_id=priority.pk) for kpi in kpis
    )
    Observation.objects.bulk_create(
        Observation(organisation=world.home, kpi=kpi, period_start=start, value=Decimal(i))
        for kpi in kpis for i, start in enumerate(starts)
    )
    KpiTarget.objects.bulk_create(
        KpiTarget(organisation=world.home, kpi=kpi, period_start=start, value=Decimal(3))
        for kpi in kpis for start in starts
    )


def queries_for(client, path: str) -> int:
    """The queries of rendering ``path`` (not of answering from the saved rendering: the cache is emptied)."""
    clear_test_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/public/home/", "/api/v1/public/home/kpis/", "/api/v1/public/home/observations/"])
def test_query_count_does_not_grow_with_the_number_of_kpis(client, public_world: World, path: str):
    add_kpis(public_world, 5)
    few = queries_for(client, path)
    add_kpis(public_world, 45)
    many = queries_for(client, path)
    assert few == many, f"{path}: {few} queries at 5 KPIs, {many} at 50"
    assert many <= 20


def test_dashboard_lists_every_kpi(client, public_world: World):
    add_kpis(public_world, 30)
    page = text_of(client.get("/public/home/"))
    assert page.count("Bulk measure") == 30


def test_a_source_link_is_only_ever_a_web_address(client, public_world: World, django_capture_on_commit_callbacks):
    kpi = public_world.records["public_kpi"]
    Kpi.objects.filter(pk=kpi.pk).update(source_url="javascript:alert(1)", data_source="Survey")
    page = text_of(client.get(f"/public/home/kpis/{kpi.pk}/"))
    assert "javascript:" not in page and "Survey" in page
    kpi.refresh_from_db()
    kpi.source_url = "https://example.org/survey"
    with django_capture_on_commit_callbacks(execute=True):  # (the test's transaction never commits)
        kpi.save()  # a save (not a queryset update) makes the page's saved rendering stale once committed
    assert 'href="https://example.org/survey"' in text_of(client.get(f"/public/home/kpis/{kpi.pk}/"))
