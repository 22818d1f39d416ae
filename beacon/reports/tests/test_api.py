"""The ``reports`` collection: organisation scoping, downloads, drafts only, and the sign-off, issue and
new-version actions answering 400 or 403 with the reason."""

from __future__ import annotations

from typing import Any

from django.test import Client

from beacon.reports.models import Report, ReportStatus
from beacon.reports.tests.test_services import issued, make_report, sign_both
from beacon.testing.world import World

API = "/api/v1/reports/"


def api(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_the_list_is_scoped_to_the_callers_organisations(world: World, client: Client) -> None:
    mine = make_report(world, title="Home report")
    Report.objects.create(organisation=world.other, programme=world.records["other_programme"], title="Other's")
    answer = api(client, world.users["viewer"]).get(API, {"organisation": "home"}).json()
    assert [item["title"] for item in answer["results"]] == ["Home report"]
    item = answer["results"][0]
    assert item["organisation"] == "home" and item["status"] == "draft" and item["version"] == 1
    assert item["downloads"] == {
        fmt: f"http://testserver/org/home/reports/{mine.pk}/download.{fmt}" for fmt in ("docx", "odt", "pdf", "html")
    }
    assert "count" in answer and "next" in answer
    assert api(client, world.users["outsider"]).get(f"{API}{mine.pk}/").status_code == 404


def test_a_confidential_report_is_hidden_from_the_viewer(world: World, client: Client) -> None:
    report = make_report(world, confidential=True, exempt_paragraph="Paragraph 3")
    assert api(client, world.users["viewer"]).get(API).json()["count"] == 0
    assert api(client, world.users["viewer"]).get(f"{API}{report.pk}/").status_code == 404
    assert api(client, world.users["member"]).get(f"{API}{report.pk}/").status_code == 200


def test_a_writer_creates_and_changes_a_draft(world: World, client: Client) -> None:
    client = api(client, world.users["monitoring"])
    created = client.post(API, {"organisation": "home", "title": "Approach to Transformation",
                                "programme": world.records["programme"].pk, "purpose": "Why"},
                          content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = client.patch(f"{API}{pk}/", {"purpose": "Why, changed", "status": "issued"},
                           content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["purpose"] == "Why, changed" and changed.json()["status"] == "draft"


def test_bad_input_is_refused_with_a_reason(world: World, client: Client) -> None:
    answer = api(client, world.users["programme"]).post(API, {
        "organisation": "home", "title": "Exempt", "programme": world.records["programme"].pk, "confidential": True,
    }, content_type="application/json")
    assert answer.status_code == 400 and "exempt_paragraph" in answer.json()


def test_editing_the_narrative_clears_the_sign_offs(world: World, client: Client) -> None:
    report = make_report(world)
    sign_both(world, report)
    answer = api(client, world.users["programme"]).patch(f"{API}{report.pk}/", {"purpose": "Changed"},
                                                         content_type="application/json")
    assert answer.status_code == 200 and not report.sign_offs.exists()


def test_an_issued_report_never_changes(world: World, client: Client) -> None:
    report = issued(world)
    answer = api(client, world.users["programme"]).patch(f"{API}{report.pk}/", {"title": "Changed"},
                                                         content_type="application/json")
    assert answer.status_code == 400
    assert "Issued reports never change: draft a new version" in str(answer.json())
    assert Report.objects.get(pk=report.pk).title == report.title


def test_sign_off_issue_and_new_version(world: World, client: Client) -> None:
    report = make_report(world)
    refused = api(client, world.users["programme"]).post(f"{API}{report.pk}/sign-off/", {"role": "finance"},
                                                          content_type="application/json")
    assert refused.status_code == 403 and "Only the statutory finance officer" in refused.json()["detail"]
    bad = api(client, world.users["finance"]).post(f"{API}{report.pk}/sign-off/", {"role": "mayor"},
                                                   content_type="application/json")
    assert bad.status_code == 400 and "role" in bad.json()
    signed = api(client, world.users["finance"]).post(f"{API}{report.pk}/sign-off/",
                                                      {"role": "finance", "comment": "Checked"},
                                                      content_type="application/json")
    assert signed.status_code == 200
    not_yet = api(client, world.users["programme"]).post(f"{API}{report.pk}/issue/")
    assert not_yet.status_code == 400 and "monitoring officer" in not_yet.json()["detail"]
    assert api(client, world.users["finance"]).post(f"{API}{report.pk}/issue/").status_code == 403
    api(client, world.users["monitoring"]).post(f"{API}{report.pk}/sign-off/", {"role": "monitoring"},
                                                content_type="application/json")
    done = api(client, world.users["programme"]).post(f"{API}{report.pk}/issue/")
    assert done.status_code == 200 and done.json()["status"] == "issued"
    again = api(client, world.users["programme"]).post(f"{API}{report.pk}/issue/")
    assert again.status_code == 400
    drafted = api(client, world.users["programme"]).post(f"{API}{report.pk}/new-version/")
    assert drafted.status_code == 200
    assert (drafted.json()["version"], drafted.json()["status"]) == (2, "draft")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUPERSEDED


def test_an_unknown_token_is_refused_with_400(world: World, client: Client) -> None:
    report = make_report(world, purpose="[[no.such.token]]")
    sign_both(world, report)
    answer = api(client, world.users["programme"]).post(f"{API}{report.pk}/issue/")
    assert answer.status_code == 400 and "no.such.token" in answer.json()["detail"]


def test_the_schema_describes_reports(client: Client) -> None:
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/reports/{id}/sign-off/" in schema["paths"]
    downloads = schema["components"]["schemas"]["Report"]["properties"]["downloads"]
    assert downloads["allOf"][0]["$ref"].endswith("/Downloads") or "$ref" in downloads
