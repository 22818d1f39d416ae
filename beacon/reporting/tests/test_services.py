"""Opening and closing periods: the snapshot is taken once, never changed, and a closed period stays closed."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from beacon.programmes.models import Confidence
from beacon.reporting import services
from beacon.reporting.models import PeriodStatus, ReportingPeriod, Snapshot
from beacon.reporting.signals import SnapshotIsFrozen
from beacon.reporting.snapshot import visible_snapshot
from beacon.testing import factories as f

D = dt.date


def open_march(world, **kwargs):
    return services.open_period(organisation=world.home, title="March 2025", start_date=D(2025, 3, 1),
                                end_date=D(2025, 3, 31), actor=world.users["programme"], **kwargs)


def test_closing_writes_the_snapshot_and_records_who_and_when(world):
    period = open_march(world)
    f.MilestoneFactory(project=world.records["plain"], title="Late at the end of March", due_date=D(2025, 3, 10))
    f.MilestoneFactory(project=world.records["plain"], title="Done in time", due_date=D(2025, 3, 10),
                       actual_date=D(2025, 3, 9))
    snapshot = services.close_period(period=period, actor=world.users["admin"])
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED and period.closed_by == world.users["admin"]
    assert period.closed_at is not None
    data = snapshot.data
    project = next(row for row in data["projects"] if row["id"] == world.records["secret"].pk)
    assert project["confidential"] is True and project["status_commentary"] == "Exempt: negotiations with the union"
    assert {"code", "title", "stage", "delivery_confidence", "public", "lead_title", "update_due", "workstream",
            "programme", "dependencies"} <= set(project)
    late = {row["title"]: row["late"] for row in data["milestones"]}
    assert late["Late at the end of March"] is True and late["Done in time"] is False
    assert [w["title"] for w in data["workstreams"]] == ["Digital"]
    assert data["programmes"][0]["title"] == "Home Transformation Programme"


def test_a_closed_period_is_unchanged_by_later_edits(world, client):
    plain = world.records["plain"]
    plain.delivery_confidence = Confidence.GREEN
    plain.save()
    period = open_march(world)
    services.close_period(period=period, actor=world.users["programme"])
    plain.title = "Renamed after the period closed"
    plain.delivery_confidence = Confidence.RED
    plain.save()
    snapshot = Snapshot.objects.get(period=period)
    row = next(row for row in snapshot.data["projects"] if row["id"] == plain.pk)
    assert (row["title"], row["delivery_confidence"]) == ("Ordinary internal project", "green")
    client.force_login(world.users["viewer"])
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Ordinary internal project" in page and "Renamed after the period closed" not in page


def test_closing_twice_is_refused_and_changes_nothing(world):
    period = open_march(world)
    first = services.close_period(period=period, actor=world.users["programme"])
    closed_at = ReportingPeriod.objects.get(pk=period.pk).closed_at
    with pytest.raises(services.PeriodRefused, match="already closed"):
        services.close_period(period=period, actor=world.users["admin"])
    period.refresh_from_db()
    assert period.closed_by == world.users["programme"] and period.closed_at == closed_at
    assert Snapshot.objects.get().pk == first.pk and Snapshot.objects.count() == 1


def test_a_snapshot_can_never_be_changed_or_deleted(world):
    snapshot = services.close_period(period=open_march(world), actor=world.users["programme"])
    snapshot.data = {"projects": []}
    with pytest.raises(SnapshotIsFrozen), transaction.atomic():
        snapshot.save()
    with pytest.raises(SnapshotIsFrozen), transaction.atomic():
        snapshot.delete()
    assert Snapshot.objects.get().data["projects"]


def test_overlapping_periods_are_refused(world):
    open_march(world)
    with pytest.raises(services.PeriodRefused):
        services.open_period(organisation=world.home, title="Overlap", start_date=D(2025, 3, 15),
                             end_date=D(2025, 4, 14), actor=None)


def test_the_next_period_opens_on_or_after_its_first_day(world):
    world.home.reporting_frequency = "quarterly"
    world.home.save()
    open_march(world)
    with pytest.raises(services.PeriodRefused, match="starts on 1 April 2025"):
        services.open_next_period(organisation=world.home, actor=None, today=D(2025, 3, 31))
    period = services.open_next_period(organisation=world.home, actor=None, today=D(2025, 4, 1))
    assert (period.title, period.start_date, period.end_date) == ("Quarter 1 2025/26", D(2025, 4, 1), D(2025, 6, 30))


# The confidential rule on a stored snapshot -------------------------------------------------------------------


def test_the_snapshot_shown_to_each_role_follows_the_policy(world):
    period = open_march(world)
    data = services.close_period(period=period, actor=world.users["programme"]).data
    secret = world.records["secret"]

    def titles(username):
        seen = visible_snapshot(data, world.users[username], world.home)
        return {row["title"] for row in seen["projects"]}, {row["title"] for row in seen["milestones"]}

    for role in ("admin", "programme", "finance", "monitoring", "member", "lead"):
        projects, milestones = titles(role)
        assert secret.title in projects and "Secret milestone" in milestones, role
    projects, milestones = titles("viewer")
    assert secret.title not in projects and "Secret milestone" not in milestones
    assert "Ordinary internal project" in projects
    viewer_view = str(visible_snapshot(data, world.users["viewer"], world.home))
    assert "Exempt: negotiations with the union" not in viewer_view and "CONF-1" not in viewer_view


def test_the_period_page_hides_confidential_projects_from_a_viewer(world, client):
    period = open_march(world)
    services.close_period(period=period, actor=world.users["programme"])
    client.force_login(world.users["viewer"])
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Secret depot closure" not in page and "Secret milestone" not in page and "CONF-1" not in page
    client.force_login(world.users["lead"])
    assert "Secret depot closure" in client.get(period.get_absolute_url()).content.decode()


def test_the_period_page_says_who_closed_it_and_when(world, client):
    period = open_march(world)
    services.close_period(period=period, actor=world.users["programme"],
                          at=timezone.make_aware(dt.datetime(2025, 4, 3, 10, 0)))
    client.force_login(world.users["member"])
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Closed on 3 April 2025 by programme" in page
    assert "The programme as it stood" in page


# The commands --------------------------------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_close_period_command(world):
    period = open_march(world)
    output = run("close-period", "--organisation", "home", "--user", "programme")
    assert "Closed March 2025" in output
    period.refresh_from_db()
    assert period.closed and period.closed_by == world.users["programme"] and hasattr(period, "snapshot")
    with pytest.raises(CommandError, match="already closed"):
        run("close-period", "--organisation", "home", "--period", str(period.pk))
    with pytest.raises(CommandError, match="no open reporting period"):
        run("close-period", "--organisation", "home")
    with pytest.raises(CommandError, match="No organisation"):
        run("close-period", "--organisation", "nowhere")


def test_open_period_command_opens_the_current_period_once(world):
    world.home.reporting_frequency = "quarterly"
    world.home.save()
    output = run("open-period", "--organisation", "home")
    period = ReportingPeriod.objects.get(organisation=world.home)
    assert period.title.startswith("Quarter ") and "Opened" in output
    assert period.start_date <= timezone.localdate() <= period.end_date
    with pytest.raises(CommandError, match="can be opened on or after that day"):
        run("open-period", "--organisation", "home")
    assert ReportingPeriod.objects.filter(organisation=world.home).count() == 1
