"""The security audit: refused requests, exports and imports of signed-in users (and API token users) in the
audit trail, with the organisation; nothing for anonymous requests; no cost for ordinary ones; signed-in
pages marked private, no-store."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject
from rest_framework.test import APIClient

from beacon.accounts.models import AccountEvent, EventKind, TokenScope
from beacon.accounts.security_audit import SecurityAuditMiddleware
from beacon.accounts.tokens import create_token
from beacon.exchange.models import ImportRun
from beacon.exchange.tests.files import csv_bytes
from beacon.exchange.tests.test_import_pages import upload
from beacon.exchange.tests.test_import_pages import url as data_url

pytestmark = pytest.mark.django_db


def events(kind: str):
    return list(AccountEvent.objects.filter(kind=kind).order_by("pk"))


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_refused_page_is_recorded_with_the_organisation(world, login):
    client = login(world.users["viewer"])
    response = client.get("/org/home/projects/add/")
    assert response.status_code == 403
    [event] = events(EventKind.REFUSED)
    assert event.user == world.users["viewer"]
    assert event.actor == world.users["viewer"]
    assert event.organisation == world.home
    assert event.detail == "GET /org/home/projects/add/ refused (403)"
    assert event.address == "127.0.0.1"


def test_an_anonymous_refusal_is_not_recorded(client, world):
    assert client.get("/api/v1/projects/").status_code == 403
    assert client.post("/api/v1/projects/", {}).status_code == 403
    assert not AccountEvent.objects.filter(kind=EventKind.REFUSED).exists()


def test_a_refused_api_request_with_a_token_is_recorded(world):
    viewer = world.users["viewer"]
    made = create_token(user=viewer, name="Reporting tool", scope=TokenScope.WRITE)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {made.key}")
    project = world.records["plain"]
    response = api.patch(f"/api/v1/projects/{project.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == 403
    [event] = events(EventKind.REFUSED)
    assert event.user == viewer
    assert event.detail == f"PATCH /api/v1/projects/{project.pk}/ refused (403)"
    assert event.organisation is None  # the API's URLs name no organisation


def test_a_download_is_recorded_as_an_export(world, login):
    client = login(world.users["programme"])
    response = client.get("/org/home/projects/?download=csv")
    assert response.status_code == 200
    [event] = events(EventKind.EXPORTED)
    assert event.user == world.users["programme"]
    assert event.organisation == world.home
    assert event.detail == "GET /org/home/projects/ as csv"


def test_a_bad_download_and_an_ordinary_page_are_not_exports(world, login):
    client = login(world.users["programme"])
    assert client.get("/org/home/projects/?download=pdf").status_code == 400
    assert client.get("/org/home/projects/").status_code == 200
    assert not AccountEvent.objects.filter(kind__in=[EventKind.EXPORTED, EventKind.REFUSED]).exists()


def test_a_backup_is_recorded_as_an_export(world, login):
    client = login(world.users["admin"])
    response = client.post(data_url("backup"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    [event] = events(EventKind.EXPORTED)
    assert event.organisation == world.home
    assert event.detail == "POST /org/home/data/backup/"


def test_an_import_confirmed_on_the_page_is_recorded(world, login):
    client = login(world.users["programme"])
    rows = [["Project code", "Title", "Programme"], ["NEW-9", "Library opening hours", "Home Transformation Programme"]]
    upload(client, "projects", csv_bytes(rows), name="projects.csv")
    run = ImportRun.objects.get()
    assert not events(EventKind.IMPORTED)  # uploading and checking is not importing
    response = client.post(data_url("import-go", pk=run.pk))
    assert response.status_code == 302
    [event] = events(EventKind.IMPORTED)
    assert event.user == world.users["programme"]
    assert event.organisation == world.home
    assert event.detail.startswith("projects from projects.csv: Imported")
    # Confirming again (the run is no longer waiting to import) records nothing more.
    client.post(data_url("import-go", pk=run.pk))
    assert len(events(EventKind.IMPORTED)) == 1


def test_an_import_from_the_command_line_is_recorded(world, tmp_path):
    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([["Project code", "Title", "Programme"],
                                ["CLI-1", "Street lighting", "Home Transformation Programme"]]))
    call_command("import", "projects", str(path), "--organisation", "home", "--user", "programme")
    [event] = events(EventKind.IMPORTED)
    assert event.actor == world.users["programme"]
    assert event.organisation == world.home
    assert event.detail == "beacon import projects projects.csv: 1 rows (command line)"


def test_signed_in_pages_are_private_and_public_ones_are_not(world, login, client):
    assert "private" not in client.get("/public/home/")["Cache-Control"]
    signed_in = login(world.users["viewer"])
    cache_control = signed_in.get("/org/home/projects/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_the_audit_trail_page_shows_the_new_events_and_filters_by_them(world, login):
    login(world.users["viewer"]).get("/org/home/projects/add/")
    client = login(world.users["admin"])
    client.get("/org/home/projects/?download=xlsx")
    page = text(client.get("/org/home/users/audit/"))
    assert "Request refused" in page
    assert "GET /org/home/projects/add/ refused (403)" in page
    assert "Data exported" in page
    for label in ("Sign-in locked out", "Request refused", "Data exported", "Data imported"):
        assert f">{label}</option>" in page
    filtered = text(client.get("/org/home/users/audit/?kind=refused"))
    assert "GET /org/home/projects/add/ refused (403)" in filtered
    assert "Data exported" not in filtered.split("<tbody", 1)[1]


def test_an_ordinary_request_does_not_load_the_user(rf: RequestFactory):
    def unloadable():
        raise AssertionError("the middleware loaded the user")

    request = rf.get("/public/home/")
    request.user = SimpleLazyObject(unloadable)
    response = SecurityAuditMiddleware(lambda r: HttpResponse("ok"))(request)
    assert response.status_code == 200
    assert "Cache-Control" not in response


def test_a_report_download_is_recorded_as_an_export(world, login):
    from beacon.reports.tests.url_roles_reports import extend_world

    extend_world(world)
    report = world.records["issued_report"]
    client = login(world.users["viewer"])
    response = client.get(f"/org/home/reports/{report.pk}/download.docx")
    assert response.status_code == 200
    [event] = events(EventKind.EXPORTED)
    assert event.user == world.users["viewer"]
    assert event.organisation == world.home
    assert event.detail == f"GET /org/home/reports/{report.pk}/download.docx"
