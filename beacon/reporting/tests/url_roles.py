"""The reporting pages' rows of the URL × role table (beacon/core/tests/test_url_roles.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World


def extend_world(world: World) -> None:
    """A closed period (last month, with its snapshot) and an open one (this month) for the home council, and
    a period of the other council."""
    from beacon.reporting import services
    from beacon.reporting.cycle import month_containing

    this_month = month_containing(timezone.localdate())
    last_month = month_containing(this_month.start_date - dt.timedelta(days=1))
    home, actor = world.home, world.users["programme"]
    closed = services.open_period(organisation=home, title=last_month.title, start_date=last_month.start_date,
                                  end_date=last_month.end_date, actor=actor)
    services.close_period(period=closed, actor=actor)
    world.records["closed_period"] = closed
    world.records["open_period"] = services.open_period(
        organisation=home, title=this_month.title, start_date=this_month.start_date, end_date=this_month.end_date,
        actor=actor,
    )
    world.records["other_period"] = f.ReportingPeriodFactory(organisation=world.other)


NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}

ROWS = [
    Row("reporting:period-list", url("/org/home/reporting/"), org_page()),
    Row("reporting:period-open", url("/org/home/reporting/open/"), org_page(allowed=WRITERS)),
    # Next month has not started: writers are refused with a message and sent back to the list.
    Row("reporting:period-open", url("/org/home/reporting/open/"), org_page(allowed=set(), **{w: 302 for w in WRITERS}),
        method="post"),
    Row("reporting:period-detail", url("/org/home/reporting/{pk}/", pk="closed_period"), org_page()),
    Row("reporting:period-detail", url("/org/home/reporting/{pk}/", pk="open_period"), org_page()),
    Row("reporting:period-detail", url("/org/home/reporting/{pk}/", pk="other_period"),
        org_page(refused=404, allowed=set())),
    Row("reporting:period-close", url("/org/home/reporting/{pk}/close/", pk="open_period"), org_page(allowed=WRITERS)),
    Row("reporting:period-close", url("/org/home/reporting/{pk}/close/", pk="closed_period"),
        org_page(allowed=set(), **{w: 302 for w in WRITERS})),
    # The first writer closes it; the second is refused ("already closed"): both are sent to the period page.
    Row("reporting:period-close", url("/org/home/reporting/{pk}/close/", pk="open_period"),
        org_page(allowed=set(), **{w: 302 for w in WRITERS}), method="post"),
    Row("reporting:period-close", url("/org/home/reporting/{pk}/close/", pk="other_period"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("reporting:changes", url("/org/home/reporting/changes/"), org_page()),
    Row("reporting:project-history", url("/org/home/reporting/projects/{pk}/history/", pk="plain"), org_page()),
    Row("reporting:project-history", url("/org/home/reporting/projects/{pk}/history/", pk="secret"),
        org_page(viewer=404)),
    Row("reporting:project-history", url("/org/home/reporting/projects/{pk}/history/", pk="other_project"),
        org_page(refused=404, allowed=set())),
    Row("reporting-period-list", url("/api/v1/reporting-periods/"), api_list()),
    Row("reporting-period-detail", url("/api/v1/reporting-periods/{pk}/", pk="closed_period"), api_detail()),
    Row("reporting-period-close", url("/api/v1/reporting-periods/{pk}/close/", pk="open_period"),
        statuses(403, outsider=404, admin=200, programme=400), method="post"),
]
