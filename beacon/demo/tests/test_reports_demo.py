"""The demo's reports: Cheshire East's "Approach to Transformation" and Chorley's "Transformation Strategy" with the
seeds' titles, dates and decision makers, linked to the demo's decisions and meetings, built into documents from
live figures; loading twice changes nothing; no person is named."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from beacon.demo.reports import CHESHIRE_EAST_TITLE, CHORLEY_TITLE, HIGHLIGHT_TITLE
from beacon.reports.builders import build_document
from beacon.reports.models import Report, ReportStatus
from beacon.reports.snapshot import take_snapshot

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PEOPLE = ["Polkinghorne", "Sinnott", "Allman", "Chris ", "Rob "]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        out = StringIO()
        call_command("loaddemo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def text(report: Report) -> str:
    document = build_document(report, take_snapshot(report))
    parts = []
    for block in document.blocks:
        for name in ("text", "items", "rows"):
            value = getattr(block, name, None)
            if value:
                parts.append(str(value))
    return "\n".join(parts)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheReportsDemo:
    def test_cheshire_east(self) -> None:
        report = Report.objects.get(organisation__slug="cheshire-east", title=CHESHIRE_EAST_TITLE)
        assert report.report_date == dt.date(2024, 3, 21)
        assert report.decision_maker == "Corporate Policy Committee"
        assert report.decision is not None and report.decision.code == "CP/76/23-24"
        assert report.meeting is not None and report.meeting.date == dt.date(2024, 3, 21)
        assert report.status == ReportStatus.ISSUED
        assert set(report.sign_offs.values_list("role", flat=True)) == {"finance", "monitoring"}
        body = text(report)
        assert "budget savings of £100m over the next 4 years" in body
        assert "Do nothing" in body and "Key decision: Yes" in body
        assert "[[" not in body

    def test_the_issued_cheshire_east_report_opens_in_word_opendocument_and_pdf_readers(self) -> None:
        import io

        import docx
        import pypdf
        from odf import opendocument, teletype
        from odf.text import H

        report = Report.objects.get(organisation__slug="cheshire-east", title=CHESHIRE_EAST_TITLE)
        issue = report.issue
        headings = [h for h in build_document(report, issue.snapshot).headings()]
        word = docx.Document(io.BytesIO(bytes(issue.docx)))
        word_headings = {p.text for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))}
        odt = opendocument.load(io.BytesIO(bytes(issue.odt)))
        odt_headings = {teletype.extractText(h) for h in odt.getElementsByType(H)}
        pdf_text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(bytes(issue.pdf))).pages)
        pdf_text = " ".join(pdf_text.split())
        for heading in headings:
            assert heading in word_headings, heading
            assert heading in odt_headings, heading
            assert " ".join(heading.split()) in pdf_text, heading
        assert "Page 1 of" in pdf_text
        # The snapshot's figures: each year's savings target, as the appendix writes money.
        from beacon.core.money import pounds_text

        targets = [row["target"] for row in issue.snapshot["savings"]["by_year"] if row["target"]]
        assert targets
        word_text = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
        for pence in targets:
            assert pounds_text(pence) in pdf_text and pounds_text(pence) in word_text, pounds_text(pence)

    def test_chorley(self) -> None:
        report = Report.objects.get(organisation__slug="chorley", title=CHORLEY_TITLE)
        assert report.report_date == dt.date(2016, 1, 21)
        assert report.decision_maker == "Executive Cabinet"
        assert report.meeting is not None and report.meeting.board.title == "Executive Cabinet"
        body = text(report)
        assert "To present the Transformation Strategy for approval." in body
        assert "To not produce a transformation strategy." in body
        snapshot = take_snapshot(report)
        ticked = [p["title"] for p in snapshot["priorities"] if p["ticked"]]
        assert ticked == ["An ambitious council that does more to meet the needs of residents and the local area"]

    def test_highlight(self) -> None:
        report = Report.objects.get(organisation__slug="cheshire-east", title=HIGHLIGHT_TITLE)
        assert report.kind == "highlight" and report.illustrative
        assert "Decisions needed" in text(report)

    def test_no_person_named(self) -> None:
        for report in Report.objects.all():
            body = text(report)
            for name in PEOPLE:
                assert name not in body, (report.title, name)

    def test_loading_twice_changes_nothing(self) -> None:
        before = list(Report.objects.order_by("pk").values())
        history = Report.history.count()
        out = StringIO()
        call_command("loaddemo", stdout=out)
        assert list(Report.objects.order_by("pk").values()) == before
        assert Report.history.count() == history
