"""Caching of the public site, open data and the public API: ``public, max-age=300`` with an ETag, 304 Not Modified
for a client that holds the same version, a new ETag when the content changes; the idea form (a page with a CSRF
token) never cached; signed-in pages private; Beacon's own saved renderings of public answers, made stale by any
save and at most a minute old."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement.tests.url_roles_public import extend_world as extend_engagement_world
from beacon.performance.models import Kpi
from beacon.public import caching
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

PAGES = [
    "/public/home/",
    "/public/home/kpis/{public_kpi}/",
    "/public/home/data/",
    "/public/home/ideas/",
    "/public/home/events/",
    "/public/home/partnerships/",
    "/public/home/partnerships/{pub_partnership}/",
    "/public/home/operating-models/",
    "/public/home/operating-models/{pub_model}/",
    "/public/home/data/projects.csv",
    "/public/home/data/kpis.json",
    "/api/v1/public/home/",
    "/api/v1/public/home/projects/",
    "/api/v1/public/home/kpis/",
    "/api/v1/public/home/ideas/",
    "/api/v1/public/home/operating-models/",
]


@pytest.fixture
def site(public_world: World) -> World:
    extend_engagement_world(public_world)
    return public_world


def path_of(template: str, world: World) -> str:
    return template.format(**{key: record.pk for key, record in world.records.items()})


@pytest.mark.parametrize("template", PAGES)
def test_public_answers_are_cached_for_everyone_and_revalidated_by_etag(client, site: World, template: str):
    path = path_of(template, site)
    first = client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    etag = first["ETag"]
    assert etag.strip('W/"')
    assert "Set-Cookie" not in first and not first.cookies
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_the_etag_changes_when_the_page_does(client, site: World, django_capture_on_commit_callbacks):
    first = client.get("/public/home/")
    with django_capture_on_commit_callbacks(execute=True):  # (the test's transaction never commits)
        f.ProjectFactory(organisation=site.home, title="Brand new public leisure centre", public=True)
    changed = client.get("/public/home/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Brand new public leisure centre" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_a_public_page_is_the_same_for_a_signed_in_reader(client, site: World, login):
    anonymous = client.get("/public/home/")
    signed_in = login(site.users["viewer"]).get("/public/home/")
    assert signed_in["Cache-Control"] == "public, max-age=300"
    assert signed_in["ETag"] == anonymous["ETag"]


def test_the_idea_form_is_never_cached(client, site: World):
    response = client.get("/public/home/ideas/new/")
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "public" not in cache_control
    assert "no-store" in cache_control and "private" in cache_control
    assert client.get("/public/home/ideas/new/", headers={"If-None-Match": response.get("ETag", '"x"')}) \
        .status_code == 200


def test_signed_in_pages_are_private_and_not_stored(site: World, login):
    response = login(site.users["programme"]).get("/org/home/projects/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_beacon_renders_a_public_page_once_for_many_anonymous_readers(client, site: World):
    path = "/public/home/"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)
    assert again.status_code == 200 and len(captured) == 0


def test_an_open_data_file_is_built_once_for_every_reader_until_a_change_commits(
    client, site: World, django_capture_on_commit_callbacks
):
    path = "/public/home/data/projects.csv"
    first = client.get(path)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)
    assert again.content == first.content
    assert len(captured) == 1, "only the organisation is looked up: the file itself is kept"
    with django_capture_on_commit_callbacks(execute=True):
        f.ProjectFactory(organisation=site.home, title="Brand new public leisure centre", public=True)
    changed = client.get(path)
    assert "Brand new public leisure centre" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_a_saved_record_shows_on_the_public_page_as_soon_as_it_is_committed(
    client, site: World, django_capture_on_commit_callbacks
):
    kpi, risk = site.records["public_kpi"], site.records["public_risk"]
    path = f"/public/home/kpis/{kpi.pk}/"
    client.get(path)
    with django_capture_on_commit_callbacks(execute=True) as moves:
        kpi.title = "Residents who are satisfied with their area"
        kpi.save()
        risk.title = "Capacity to change"
        risk.save()
        # Not before the commit: a reader now would render the old records and save them as the new generation.
        assert "Residents who are satisfied with their area" not in client.get(path).content.decode()
    assert moves, "the generation moves on when the transaction commits"
    assert "Residents who are satisfied with their area" in client.get(path).content.decode()


def test_a_change_that_sends_no_signal_shows_once_the_saved_rendering_expires(client, site: World, monkeypatch):
    # Real time, not a moved clock: Redis keeps its own.
    monkeypatch.setattr(caching, "SERVER_SECONDS", 1)
    kpi = site.records["public_kpi"]
    path = f"/public/home/kpis/{kpi.pk}/"
    client.get(path)
    Kpi.objects.filter(pk=kpi.pk).update(title="Renamed without a signal")
    assert "Renamed without a signal" not in client.get(path).content.decode()
    time.sleep(1.2)
    assert "Renamed without a signal" in client.get(path).content.decode()


def test_a_signed_in_reader_is_never_answered_from_the_saved_rendering(client, site: World):
    path = "/public/home/"
    client.get(path)
    client.force_login(site.users["viewer"])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    assert len(captured) > 0
