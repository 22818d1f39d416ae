"""The report pages: the list and its filters, a report's page, the form, sign-off, issue, a new version and the
downloads; and a confidential report's absence from every public answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.public.tests.test_canary import public_urls
from beacon.reports import services
from beacon.reports.models import Report, ReportIssue, ReportStatus
from beacon.reports.tests.test_services import a_token, issued, make_report, sign_both
from beacon.testing import factories as f
from beacon.testing.world import World

BASE = "/org/home/reports/"


def messages_of(response: Any) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


# List ------------------------------------------------------------------------------------------------------------


def test_the_list_filters_by_kind_status_meeting_and_confidential(world: World, login: Any) -> None:
    make_report(world, title="Committee draft", meeting=world.records["meeting"])
    make_report(world, title="Highlight for March", kind="highlight")
    make_report(world, title="Exempt draft", confidential=True, exempt_paragraph="Paragraph 3")
    client = login(world.users["programme"])
    page = client.get(BASE).content.decode()
    assert all(title in page for title in ("Committee draft", "Highlight for March", "Exempt draft"))
    assert "Draft a report" in page
    highlight = client.get(BASE, {"kind": "highlight"}).content.decode()
    assert "Highlight for March" in highlight and "Committee draft" not in highlight
    meeting = client.get(BASE, {"meeting": world.records["meeting"].pk}).content.decode()
    assert "Committee draft" in meeting and "Highlight for March" not in meeting
    assert "Exempt draft" not in client.get(BASE, {"confidential": "false"}).content.decode()
    assert "Committee draft" not in client.get(BASE, {"status": "issued"}).content.decode()


def test_the_viewer_never_sees_a_confidential_report(world: World, login: Any) -> None:
    report = make_report(world, title="Exempt draft", confidential=True, exempt_paragraph="Paragraph 3")
    client = login(world.users["viewer"])
    assert "Exempt draft" not in client.get(BASE).content.decode()
    assert "Draft a report" not in client.get(BASE).content.decode()
    assert client.get(f"{BASE}{report.pk}/").status_code == 404
    assert client.get(f"{BASE}{report.pk}/download.pdf").status_code == 404


def test_the_list_takes_the_same_queries_at_any_size(world: World, login: Any) -> None:
    client = login(world.users["programme"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BASE).status_code == 200
        return len(queries)

    for index in range(3):
        make_report(world, title=f"Report {index}", meeting=world.records["meeting"])
    few = count()
    for index in range(30):
        make_report(world, title=f"More {index}", meeting=world.records["meeting"])
    assert count() == few


# Detail ---------------------------------------------------------------------------------------------------------


def test_a_draft_shows_its_sign_offs_tokens_and_a_live_preview(world: World, login: Any) -> None:
    report = make_report(world, executive_summary="An executive summary of the approach.")
    services.sign_off_report(report, actor=world.users["finance"], role="finance", comment="Figures checked")
    client = login(world.users["monitoring"])
    page = client.get(f"{BASE}{report.pk}/").content.decode()
    assert "Signed off</strong> by finance" in page and "Figures checked" in page
    assert "Not signed off" in page  # the monitoring officer has not
    assert "Sign off</a>" in page and "Issue report" in page
    assert "Tokens the narrative can use" in page
    token, _ = a_token(report)
    assert f"[[{token}]]" in page
    assert "An executive summary of the approach." in page  # the preview
    assert "clears its sign-offs" in page
    assert f"{BASE}{report.pk}/download.docx" in page
    finance = login(world.users["finance"]).get(f"{BASE}{report.pk}/").content.decode()
    assert "Sign off</a>" not in finance  # already signed


def test_an_issued_report_offers_its_four_files_with_their_sizes(world: World, login: Any) -> None:
    report = issued(world)
    page = login(world.users["viewer"]).get(f"{BASE}{report.pk}/").content.decode()
    for label, fmt in (("Word", "docx"), ("OpenDocument", "odt"), ("PDF", "pdf"), ("HTML", "html")):
        assert f'href="{BASE}{report.pk}/download.{fmt}" download>{label}</a>' in page
    assert re.search(r"\((\d+ bytes|\d+ KB|[\d.]+ MB)\)", page)
    assert "Issued on" in page and "Edit" not in page and "Change<" not in page


# Form ---------------------------------------------------------------------------------------------------------------


def test_a_writer_drafts_a_report_with_its_priorities(world: World, login: Any) -> None:
    objective: Any = f.ObjectiveFactory(organisation=world.home, title="A thriving and sustainable place")
    client = login(world.users["programme"])
    form = client.get(f"{BASE}add/").content.decode()
    assert 'name="priorities" type="checkbox"' in form and "A thriving and sustainable place" in form
    assert "[[savings.delivered 2024/25]]" in form  # the hint names the tokens
    response = client.post(f"{BASE}add/", {
        "kind": "committee", "title": "Approach to Transformation", "programme": world.records["programme"].pk,
        "purpose": "To agree the approach.", "priorities": [objective.pk],
    })
    report = Report.objects.get(title="Approach to Transformation")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{report.pk}/"
    assert (report.status, report.version, report.created_by) == (ReportStatus.DRAFT, 1, world.users["programme"])
    assert list(report.priorities.all()) == [objective]


def test_a_confidential_report_needs_its_exempt_paragraph(world: World, login: Any) -> None:
    response = login(world.users["programme"]).post(f"{BASE}add/", {
        "kind": "committee", "title": "Exempt", "programme": world.records["programme"].pk, "confidential": "on",
    })
    assert response.status_code == 200 and "Schedule 12A" in response.content.decode()
    assert not Report.objects.exists()


def test_editing_the_narrative_of_a_signed_draft_clears_the_sign_offs(world: World, login: Any) -> None:
    report = make_report(world)
    sign_both(world, report)
    client = login(world.users["programme"])
    assert "has been signed off" in client.get(f"{BASE}{report.pk}/edit/").content.decode()
    data = {"kind": "committee", "title": report.title, "programme": report.programme_id,
            "purpose": "A new purpose.", "recommendations": report.recommendations}
    response = client.post(f"{BASE}{report.pk}/edit/", data, follow=True)
    assert "sign-offs were cleared" in messages_of(response)
    assert not report.sign_offs.exists()
    assert Report.objects.get(pk=report.pk).purpose == "A new purpose."


def test_an_issued_report_is_not_edited(world: World, login: Any) -> None:
    report = issued(world)
    client = login(world.users["programme"])
    response = client.get(f"{BASE}{report.pk}/edit/", follow=True)
    assert "Issued reports never change: draft a new version." in messages_of(response)
    client.post(f"{BASE}{report.pk}/edit/", {"kind": "committee", "title": "Changed", "programme":
                                             report.programme_id})
    assert Report.objects.get(pk=report.pk).title == report.title


# Sign-off, issue, new version ----------------------------------------------------------------------------------


def test_the_officers_sign_off_and_a_programme_manager_cannot(world: World, login: Any) -> None:
    report = make_report(world)
    assert login(world.users["programme"]).get(f"{BASE}{report.pk}/sign-off/").status_code == 403
    client = login(world.users["finance"])
    page = client.get(f"{BASE}{report.pk}/sign-off/").content.decode()
    assert "as the statutory finance officer (S151)" in page
    response = client.post(f"{BASE}{report.pk}/sign-off/", {"comment": "The figures agree with the ledger."},
                           follow=True)
    assert "Signed off as statutory finance officer (S151)" in messages_of(response)
    sign_off = report.sign_offs.get()
    assert (sign_off.role, sign_off.signed_by, sign_off.comment) == (
        "finance", world.users["finance"], "The figures agree with the ledger.")


def test_issue_is_refused_until_both_have_signed_then_issued(world: World, login: Any) -> None:
    report = make_report(world)
    services.sign_off_report(report, actor=world.users["finance"], role="finance")
    client = login(world.users["programme"])
    page = client.get(f"{BASE}{report.pk}/issue/").content.decode()
    assert "until it is signed off by the monitoring officer" in page
    response = client.post(f"{BASE}{report.pk}/issue/", follow=True)
    assert "signed off by the monitoring officer" in messages_of(response)
    assert not ReportIssue.objects.exists()
    services.sign_off_report(report, actor=world.users["monitoring"], role="monitoring")
    response = client.post(f"{BASE}{report.pk}/issue/", follow=True)
    assert "Report issued" in messages_of(response)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.ISSUED


def test_an_unknown_token_refuses_the_issue_on_the_page(world: World, login: Any) -> None:
    report = make_report(world, purpose="We saved [[no.such.token]].")
    sign_both(world, report)
    client = login(world.users["programme"])
    assert "cannot be previewed" in client.get(f"{BASE}{report.pk}/").content.decode()
    response = client.post(f"{BASE}{report.pk}/issue/", follow=True)
    assert "no.such.token" in messages_of(response)
    assert not ReportIssue.objects.exists()


def test_a_new_version_is_drafted_from_an_issued_report(world: World, login: Any) -> None:
    report = issued(world)
    client = login(world.users["monitoring"])
    assert "Draft version 2" in client.get(f"{BASE}{report.pk}/new-version/").content.decode()
    response = client.post(f"{BASE}{report.pk}/new-version/")
    draft = Report.objects.get(previous_version=report)
    assert response["Location"] == f"{BASE}{draft.pk}/"
    assert (draft.version, draft.status) == (2, ReportStatus.DRAFT)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUPERSEDED
    assert "A later version has been drafted" in client.get(f"{BASE}{report.pk}/").content.decode()


# Downloads ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf", "html"])
def test_an_issued_download_is_the_stored_file_byte_for_byte(world: World, login: Any, fmt: str) -> None:
    line: Any = f.SavingsLineFactory(project=world.records["plain"], amount_pence=250_000_00)
    report = make_report(world, title="Approach to Transformation")
    token, _ = a_token(report)
    report.purpose = f"Savings: [[{token}]]."
    report.save()
    sign_both(world, report)
    services.issue_report(report, actor=world.users["programme"])
    client = login(world.users["viewer"])
    first = client.get(f"{BASE}{report.pk}/download.{fmt}")
    assert first.status_code == 200
    assert first.content == bytes(getattr(ReportIssue.objects.get(report=report), fmt))
    assert first["Content-Type"].startswith({"docx": "application/vnd.openxmlformats", "odt":
                                             "application/vnd.oasis.opendocument.text", "pdf": "application/pdf",
                                             "html": "text/html"}[fmt])
    assert first["Content-Disposition"] == f'attachment; filename="approach-to-transformation-v1.{fmt}"'
    line.amount_pence = 999_999_00
    line.save()
    again = client.get(f"{BASE}{report.pk}/download.{fmt}")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(f"{BASE}{report.pk}/download.{fmt}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_draft_download_is_rendered_now_and_marked_draft(world: World, login: Any) -> None:
    report = make_report(world, title="Approach to Transformation")
    response = login(world.users["programme"]).get(f"{BASE}{report.pk}/download.html")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="approach-to-transformation-v1-draft.html"'
    assert re.search(r"<title>[^<]*DRAFT", response.content.decode())
    assert not ReportIssue.objects.exists()


def test_an_unknown_format_is_not_found(world: World, login: Any) -> None:
    report = make_report(world)
    assert login(world.users["programme"]).get(f"{BASE}{report.pk}/download.exe").status_code == 404


# Public ----------------------------------------------------------------------------------------------------------


def test_the_public_dashboard_lists_published_reports_and_their_public_version(world: World, client: Any) -> None:
    published = issued(world, title="Transformation Strategy", public=True, exempt_appendix="Exempt zqexemptpart")
    unpublished = issued(world, title="Internal highlight report")
    page = client.get("/public/home/").content.decode()
    assert "Transformation Strategy" in page and "Internal highlight report" not in page
    response = client.get(f"/public/home/reports/{published.pk}.html")
    assert response.status_code == 200
    assert response.content == bytes(published.issue.public_html)
    assert b"zqexemptpart" not in response.content
    assert client.get(f"/public/home/reports/{unpublished.pk}.html").status_code == 404


def test_a_confidential_report_never_appears_in_any_public_answer(world: World, client: Any) -> None:
    canary = "zqreportcanary"
    report = issued(world, title=f"Depot sale {canary}", confidential=True, exempt_paragraph="Paragraph 3",
                    public=True, purpose=f"Purpose {canary}", exempt_appendix=f"Exempt {canary}")
    assert canary.encode() in bytes(report.issue.html)  # it is there to leak
    assert client.get(f"/public/home/reports/{report.pk}.html").status_code == 404
    leaks = []
    for url in [*public_urls(client, "home"), f"/public/home/reports/{report.pk}.html"]:
        response = client.get(url)
        if canary.encode() in response.content:
            leaks.append(url)
    assert not leaks
