"""The dashboard's roll-up (each programme and workstream, the rule, contradictions as warnings) and its list
of projects whose update is overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.home import selectors
from beacon.programmes.models import Programme, Project, Workstream
from beacon.testing import factories as f


@pytest.fixture
def contradicting(world):
    Project.objects.filter(pk=world.records["secret"].pk).update(delivery_confidence="red")
    Project.objects.filter(pk=world.records["plain"].pk).update(delivery_confidence="green")
    Project.objects.filter(pk=world.records["public"].pk).update(delivery_confidence="green")
    Programme.objects.filter(pk=world.records["programme"].pk).update(reported_confidence="green")
    Workstream.objects.filter(pk=world.records["workstream"].pk).update(reported_confidence="green")
    return world


@pytest.mark.django_db
def test_dashboard_shows_programme_and_workstream_roll_ups_with_the_rule(contradicting, login):
    html = login(contradicting.users["programme"]).get("/org/home/").content.decode()
    assert "How this status is worked out" in html
    # Programme: 1 Red of 3 rated (a third), with the lead's unrated project.
    assert "Red because 1 of 3 rated projects is Red, a quarter or more (1 not rated)" in html
    assert "Home Transformation Programme: Reported Green, but 1 of its projects is Red" in html
    assert "Workstream Digital: Reported Green, but 1 of its projects is Red" in html
    assert 'class="govuk-warning-text"' in html
    assert "Its workstreams" in html


@pytest.mark.django_db
def test_viewer_roll_up_is_of_what_they_may_read(contradicting, login):
    html = login(contradicting.users["viewer"]).get("/org/home/").content.decode()
    assert "Green: all 2 rated projects are Green (1 not rated)" in html
    assert "Reported Green, but" not in html


@pytest.mark.django_db
def test_dashboard_lists_stale_projects_with_lead_and_days_overdue(world, login):
    today = dt.date.today()
    Project.objects.filter(pk=world.records["led"].pk).update(update_due=today - dt.timedelta(days=6),
                                                              lead_title="Head of Libraries")
    Project.objects.filter(pk=world.records["plain"].pk).update(update_due=today - dt.timedelta(days=2),
                                                                stage="closed")
    html = login(world.users["programme"]).get("/org/home/").content.decode()
    assert "Updates overdue" in html
    assert "1 open project is past its update date." in html
    assert "LEAD-1 Lead&#x27;s open project" in html and "Head of Libraries" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">6</td>' in html
    assert "/org/home/projects/?stale=true" in html


@pytest.mark.django_db
def test_stale_list_is_capped_and_counted(world, login, monkeypatch):
    monkeypatch.setattr(selectors, "STALE_LIMIT", 2)
    for days in (3, 9, 1, 4):
        f.ProjectFactory(programme=world.records["programme"], stage="delivery",
                         update_due=dt.date.today() - dt.timedelta(days=days))
    dashboard = selectors.programme_dashboard(world.home, world.users["programme"])
    assert dashboard.stale_count == 4
    assert [item.days_overdue for item in dashboard.stale] == [9, 4]
    html = login(world.users["programme"]).get("/org/home/").content.decode()
    assert "4 open projects are past their update date. The 2 longest overdue are shown." in html


@pytest.mark.django_db
def test_nothing_stale(world, login):
    assert "Every open project is up to date." in login(world.users["programme"]).get("/org/home/").content.decode()
