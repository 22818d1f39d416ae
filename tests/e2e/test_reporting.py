"""Reporting periods and history in a real browser: close a period, read it as it stood after later edits, follow
a project's history and what changed since the period closed; every page passes axe."""

from __future__ import annotations

import pytest
from pages import (
    BasePage,
    ChangesPage,
    ProjectDetailPage,
    ProjectHistoryPage,
    ReportingPeriodPage,
    ReportingPeriodsPage,
    assert_accessible,
)
from playwright.sync_api import Page, expect

from beacon.programmes.models import Confidence
from beacon.reporting.tests.url_roles import extend_world
from beacon.testing.world import World


@pytest.fixture
def periods(world: World) -> World:
    extend_world(world)
    return world


def test_a_programme_manager_closes_a_period_and_reads_it_as_it_stood(page: Page, periods: World, signed_in):
    world = periods
    signed_in(page, "programme")
    listing = ReportingPeriodsPage(page).open("home")
    expect(listing.heading).to_have_text("Reporting periods")
    statuses = listing.statuses()
    assert statuses[world.records["open_period"].title] == "Open"
    assert statuses[world.records["closed_period"].title] == "Closed"
    assert_accessible(page, "reporting-periods")

    page.get_by_role("button", name="Open the next period").click()
    expect(BasePage(page).heading).to_have_text("Open the next period")
    assert_accessible(page, "reporting-period-open")

    period = ReportingPeriodsPage(page).open("home").open_period(world.records["open_period"].title)
    page.get_by_role("button", name="Close this period").click()
    expect(period.heading).to_have_text(f"Close {world.records['open_period'].title}")
    assert_accessible(page, "reporting-period-close")
    page.get_by_role("button", name="Close this period").click()
    expect(period.success_banner).to_contain_text("Reporting period closed")

    plain = world.records["plain"]
    plain.title = "Renamed after the close"
    plain.delivery_confidence = Confidence.RED
    plain.save()
    ReportingPeriodPage(page).open("home", world.records["open_period"].pk)
    expect(period.main).to_contain_text("The programme as it stood")
    expect(period.main).to_contain_text("Closed on")
    titles = period.project_titles()
    assert any("Ordinary internal project" in title for title in titles)
    assert not any("Renamed after the close" in title for title in titles)
    assert_accessible(page, "reporting-period-closed")


def test_a_projects_history_and_what_changed_since_the_last_period(page: Page, periods: World, signed_in):
    world = periods
    plain = world.records["plain"]
    plain.delivery_confidence = Confidence.AMBER
    plain.status_commentary = "Procurement slipped by a month"
    plain.save()
    signed_in(page, "viewer")
    ProjectDetailPage(page).open("home", plain.pk)
    page.get_by_role("link", name="View the history of this project").click()
    history = ProjectHistoryPage(page)
    expect(history.heading).to_contain_text("History of")
    expect(history.main).to_contain_text("Procurement slipped by a month")
    expect(history.main).to_contain_text("Amber")
    assert history.change_headings()[0].startswith("Changed: project")
    assert_accessible(page, "reporting-project-history")

    changes = ChangesPage(page).open("home")
    expect(changes.heading).to_have_text("What changed since the last period")
    assert any("Ordinary internal project" in title for title in changes.record_titles())
    assert "Secret depot closure" not in page.content()
    assert_accessible(page, "reporting-changes")


def test_a_viewer_never_sees_a_confidential_project_in_a_closed_period(page: Page, periods: World, signed_in):
    signed_in(page, "viewer")
    period = ReportingPeriodPage(page).open("home", periods.records["closed_period"].pk)
    expect(period.main).to_contain_text("The programme as it stood")
    html = page.content()
    for secret in ("Secret depot closure", "CONF-1", "Secret milestone", "Exempt: negotiations with the union"):
        assert secret not in html
    expect(page.get_by_role("button", name="Close this period")).to_have_count(0)
