"""Freshness: a project is stale when its update was due before today and it is still open; the dashboard
flags it, the project list filters it, and `beacon remind` e-mails its owner."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from beacon.programmes.freshness import days_overdue, is_stale, stale
from beacon.programmes.models import Project
from beacon.testing import factories as f

TODAY = dt.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("due", "stage", "expected"),
    [
        (dt.date(2025, 3, 9), "delivery", True),
        (dt.date(2025, 3, 10), "delivery", False),  # due today: not yet overdue
        (dt.date(2025, 3, 11), "delivery", False),
        (None, "delivery", False),
        (dt.date(2025, 1, 1), "closed", False),
        (dt.date(2025, 1, 1), "stopped", False),
        (dt.date(2025, 1, 1), "idea", True),
    ],
)
def test_is_stale(due, stage, expected):
    assert is_stale(due, stage, TODAY) is expected


def test_days_overdue():
    assert days_overdue(dt.date(2025, 2, 28), TODAY) == 10
    assert days_overdue(dt.date(2025, 3, 12), TODAY) == 0
    assert days_overdue(None, TODAY) == 0


@pytest.mark.django_db
def test_stale_queryset_agrees_with_is_stale(world):
    programme = world.records["programme"]
    cases = [(dt.date(2025, 3, 1), "delivery"), (dt.date(2025, 3, 1), "closed"), (None, "idea"),
             (dt.date(2025, 4, 1), "idea"), (dt.date(2025, 3, 9), "stopped"), (dt.date(2025, 3, 9), "fbc")]
    made = [f.ProjectFactory(programme=programme, update_due=due, stage=stage) for due, stage in cases]
    found = set(stale(Project.objects.filter(pk__in=[p.pk for p in made]), TODAY))
    assert found == {p for p in made if is_stale(p.update_due, p.stage, TODAY)}


def overdue(world, days: int = 5, **kwargs) -> Project:
    return f.ProjectFactory(programme=world.records["programme"],
                            update_due=dt.date.today() - dt.timedelta(days=days), **kwargs)


@pytest.mark.django_db
def test_project_list_filters_stale_projects(world, login):
    late = overdue(world, title="Overdue customer portal", stage="delivery")
    overdue(world, title="Closed and overdue", stage="closed")
    f.ProjectFactory(programme=world.records["programme"], title="Fresh project",
                     update_due=dt.date.today() + dt.timedelta(days=3))
    html = login(world.users["programme"]).get("/org/home/projects/?stale=true").content.decode()
    assert late.title in html
    assert "Closed and overdue" not in html and "Fresh project" not in html
    not_stale = login(world.users["programme"]).get("/org/home/projects/?stale=false").content.decode()
    assert "Fresh project" in not_stale and "Closed and overdue" in not_stale and late.title not in not_stale


@pytest.mark.django_db
def test_project_page_says_how_long_the_update_is_overdue(world, login):
    project = overdue(world, days=12, stage="delivery")
    html = login(world.users["programme"]).get(f"/org/home/projects/{project.pk}/").content.decode()
    assert "12 days ago" in html
    closed = overdue(world, days=12, stage="closed")
    html = login(world.users["programme"]).get(f"/org/home/projects/{closed.pk}/").content.decode()
    assert "An update was due" not in html


# Reminders -----------------------------------------------------------------------------------------------------


@pytest.fixture
def owners(world):
    lead = world.users["lead"]
    lead.email = "lead@home.example"
    lead.save()
    programme_manager = world.users["programme"]
    programme_manager.email = "pm@home.example"
    programme_manager.save()
    led = [overdue(world, days=3, lead=lead, title="Digital front door", code="TS-A"),
           overdue(world, days=40, lead=lead, title="Library remodel", code="TS-B")]
    unled = overdue(world, days=1, title="Depot review", code="TS-C")
    overdue(world, days=9, lead=lead, title="Finished work", stage="closed")
    return led, unled


@pytest.mark.django_db
def test_remind_emails_each_owner_once_with_their_stale_projects(world, owners):
    out = StringIO()
    call_command("remind", "--organisation", "home", "--base-url", "https://beacon.example", stdout=out)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["lead@home.example", "pm@home.example"]
    to_lead = by_recipient["lead@home.example"]
    assert to_lead.subject == "Beacon: 2 projects need an update"
    assert "TS-A Digital front door" in to_lead.body and "TS-B Library remodel" in to_lead.body
    assert "40 days overdue" in to_lead.body
    assert f"https://beacon.example/org/home/projects/{owners[0][0].pk}/" in to_lead.body
    assert "Finished work" not in to_lead.body and "Depot review" not in to_lead.body
    to_pm = by_recipient["pm@home.example"]
    assert "TS-C Depot review" in to_pm.body and "no lead to remind" in to_pm.body
    assert to_pm.subject == "Beacon: 1 project needs an update"
    assert "3 stale projects; 2 e-mails sent" in out.getvalue()


@pytest.mark.django_db
def test_remind_dry_run_sends_nothing(world, owners):
    out = StringIO()
    call_command("remind", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "Would e-mail lead@home.example: 2 stale projects" in out.getvalue()
    assert "nothing sent (dry run)" in out.getvalue()


@pytest.mark.django_db
def test_remind_without_a_lead_email_goes_to_programme_managers(world, owners):
    lead = world.users["lead"]
    lead.email = ""
    lead.save()
    call_command("remind", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["pm@home.example"]]
    assert "Digital front door" in mail.outbox[0].body


@pytest.mark.django_db
def test_remind_says_who_has_nobody_to_remind(world, owners):
    for user in (world.users["lead"], world.users["programme"]):
        user.email = ""
        user.save()
    err = StringIO()
    call_command("remind", stdout=StringIO(), stderr=err)
    assert mail.outbox == []
    assert "Nobody to remind of TS-C Depot review" in err.getvalue()


@pytest.mark.django_db
def test_remind_unknown_organisation_is_an_error(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No organisation"):
        call_command("remind", "--organisation", "nowhere")


def test_remind_help_shows_the_cron_line():
    from beacon.programmes.management.commands.remind import HELP

    assert "0 7 * * 1-5" in HELP and "beacon remind" in HELP
