"""History pages: every change with who, when, the field, the old and the new value, filtered by the policy,
with a number of queries that does not grow with the number of changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import Membership
from beacon.programmes.models import Confidence, Milestone, Project
from beacon.reporting import history, services
from beacon.testing import factories as f


def history_url(project):
    return reverse("reporting:project-history", kwargs={"org": project.organisation.slug, "pk": project.pk})


CHANGES_URL = "/org/home/reporting/changes/"


def api(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_each_change_made_through_the_api_is_listed_with_who_when_old_and_new(world, client):
    Membership.objects.filter(user=world.users["programme"]).update(job_title="Head of Transformation")
    client.force_login(world.users["programme"])
    programme = world.records["programme"]
    created = api(client, "post", "/api/v1/projects/",
                  {"organisation": "home", "programme": programme.pk, "title": "Channel shift"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api(client, "patch", f"/api/v1/projects/{pk}/", {"title": "Channel shift to online"}).status_code == 200
    client.force_login(world.users["admin"])
    assert api(client, "patch", f"/api/v1/projects/{pk}/", {"delivery_confidence": "amber"}).status_code == 200
    assert api(client, "post", "/api/v1/milestones/", {"organisation": "home", "project": pk,
                                                       "title": "Online forms live", "due_date": "2025-06-30"},
               ).status_code == 201
    project = Project.objects.get(pk=pk)

    changes = history.project_history(project, user=world.users["viewer"])
    assert [c.kind for c in changes] == ["Created", "Changed", "Changed", "Created"]
    milestone, confidence, title, creation = changes
    assert (milestone.record_kind, milestone.who) == ("Milestone", "admin")
    assert any(fc.label == "Due date" and fc.new == "30 June 2025" for fc in milestone.fields)
    assert [(fc.label, fc.old, fc.new) for fc in confidence.fields] == [("Delivery confidence", "None", "Amber")]
    assert confidence.who == "admin"
    assert [(fc.label, fc.old, fc.new) for fc in title.fields] == [
        ("Title", "Channel shift", "Channel shift to online")
    ]
    assert title.who == "Head of Transformation"
    assert ("Programme", "Home Transformation Programme") in [(fc.label, fc.new) for fc in creation.fields]
    assert creation.when <= timezone.now()

    client.force_login(world.users["viewer"])
    page = client.get(history_url(project)).content.decode()
    for text in ("Channel shift to online", "Amber", "Head of Transformation", "Online forms live",
                 history.when_text(confidence.when)):
        assert text in page, text


def test_dependencies_are_shown_by_title(world):
    plain, public = world.records["plain"], world.records["public"]
    plain.dependencies.add(public)
    changes = history.project_history(plain, user=world.users["programme"])
    assert [(fc.label, fc.old, fc.new) for fc in changes[0].fields] == [
        ("Dependencies", "None", str(public))
    ]


def test_a_viewer_never_sees_a_confidential_project_nor_what_it_said_while_confidential(world, client):
    secret = world.records["secret"]
    secret.status_commentary = "Exempt: still negotiating"
    secret.save()
    client.force_login(world.users["viewer"])
    assert client.get(history_url(secret)).status_code == 404
    assert "Secret" not in client.get(CHANGES_URL).content.decode()
    client.force_login(world.users["lead"])
    assert "Exempt: still negotiating" in client.get(history_url(secret)).content.decode()
    assert "Secret depot closure" in client.get(CHANGES_URL).content.decode()

    secret.confidential = False
    secret.status_commentary = "Announced"
    secret.save()
    viewer_changes = history.project_history(secret, user=world.users["viewer"])
    shown = str(viewer_changes)
    assert "Exempt" not in shown and "negotiat" not in shown
    assert viewer_changes == []  # every earlier version was confidential, and the change out of it too
    secret.title = "Depot closure"
    secret.save()
    assert [fc.new for fc in history.project_history(secret, user=world.users["viewer"])[0].fields] == [
        "Depot closure"
    ]


def test_changes_since_the_last_period_are_grouped_by_record(world, client):
    period = services.open_period(organisation=world.home, title="March 2025", start_date=dt.date(2025, 3, 1),
                                  end_date=dt.date(2025, 3, 31), actor=None)
    services.close_period(period=period, actor=world.users["programme"])
    plain = world.records["plain"]
    plain.delivery_confidence = Confidence.RED
    plain.save()
    world.records["workstream"].title = "Digital and customer"
    world.records["workstream"].save()
    client.force_login(world.users["viewer"])
    page = client.get(CHANGES_URL).content.decode()
    assert "Changes since March 2025 closed on" in page
    assert "2 records changed" in page
    assert "Ordinary internal project" in page and "Red" in page and "Digital and customer" in page
    assert "Public library remodel" not in page  # not changed since the period closed
    during = client.get(CHANGES_URL + f"?period={period.pk}").content.decode()
    assert "Changes made during March 2025" in during and "0 records changed" in during


def make_changes(world, count):
    plain = world.records["plain"]
    for number in range(count):
        plain.status_commentary = f"Update {number}"
        plain.save()
        f.MilestoneFactory(project=plain, title=f"Milestone {number}")


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["history", "changes"])
def test_queries_do_not_grow_with_the_number_of_changes(world, client, path):
    client.force_login(world.users["viewer"])
    url = history_url(world.records["plain"]) if path == "history" else CHANGES_URL
    period = services.open_period(organisation=world.home, title="March 2025", start_date=dt.date(2025, 3, 1),
                                  end_date=dt.date(2025, 3, 31), actor=None)
    services.close_period(period=period, actor=None)  # so that the page lists only the changes made below
    make_changes(world, 5)
    few = queries(client, url)
    make_changes(world, 45)
    assert Milestone.objects.filter(project=world.records["plain"]).count() > 50
    assert queries(client, url) == few
