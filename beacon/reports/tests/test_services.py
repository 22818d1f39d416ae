"""A report's life: sign-off by the two statutory officers, issue (tokens, snapshot, files), new versions."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import transaction

from beacon.reports import services, tokens
from beacon.reports.models import Report, ReportIssue, ReportSignOff, ReportStatus
from beacon.reports.signals import ReportIssueIsFrozen
from beacon.testing import factories as f
from beacon.testing.world import World

# Helpers shared by the view and API tests -------------------------------------------------------------------------


def make_report(world: World, **fields: Any) -> Report:
    values: dict[str, Any] = {
        "organisation": world.home, "programme": world.records["programme"], "title": "Approach to Transformation",
        "purpose": "To agree the approach to transformation.", "recommendations": "Agree the approach.",
        "created_by": world.users["programme"],
    }
    values.update(fields)
    return Report.objects.create(**values)


def sign_both(world: World, report: Report) -> None:
    services.sign_off_report(report, actor=world.users["finance"], role="finance")
    services.sign_off_report(report, actor=world.users["monitoring"], role="monitoring")


def a_token(report: Report) -> tuple[str, str]:
    """A token the snapshot knows, and what it resolves to now."""
    snap = services.take_snapshot(report)
    token = tokens.catalogue(snap)[0][0]
    return token, tokens.resolve(f"[[{token}]]", snap)


def issued(world: World, **fields: Any) -> Report:
    report = make_report(world, **fields)
    sign_both(world, report)
    services.issue_report(report, actor=world.users["programme"])
    report.refresh_from_db()
    return report


# Sign-off --------------------------------------------------------------------------------------------------------


def test_the_finance_officer_and_monitoring_officer_sign_off(world: World) -> None:
    report = make_report(world)
    sign_off = services.sign_off_report(report, actor=world.users["finance"], role="finance", comment=" Agreed ")
    assert (sign_off.role, sign_off.signed_by, sign_off.comment) == ("finance", world.users["finance"], "Agreed")
    services.sign_off_report(report, actor=world.users["monitoring"], role="monitoring")
    assert services.missing_sign_offs(report) == []


@pytest.mark.parametrize(("user", "role"), [("programme", "finance"), ("admin", "finance"),
                                            ("monitoring", "finance"), ("finance", "monitoring"),
                                            ("outsider", "finance")])
def test_only_the_holder_of_the_role_signs_as_it(world: World, user: str, role: str) -> None:
    report = make_report(world)
    with pytest.raises(services.ReportForbidden, match="Only the"):
        services.sign_off_report(report, actor=world.users[user], role=role)
    assert not ReportSignOff.objects.exists()


def test_a_draft_is_signed_once_per_role(world: World) -> None:
    report = make_report(world)
    services.sign_off_report(report, actor=world.users["finance"], role="finance")
    with pytest.raises(services.ReportError, match="already signed off"):
        services.sign_off_report(report, actor=world.users["finance"], role="finance")


def test_an_issued_report_is_not_signed_off(world: World) -> None:
    report = issued(world)
    with pytest.raises(services.ReportError, match="Only a draft"):
        services.sign_off_report(report, actor=world.users["finance"], role="finance")


def test_changing_the_narrative_clears_the_sign_offs(world: World) -> None:
    report = make_report(world)
    sign_both(world, report)
    report.report_of = "Chief Executive"  # not narrative: the sign-offs stand
    assert services.save_draft(report, actor=world.users["programme"]) == []
    assert report.sign_offs.count() == 2
    report.purpose = "A changed purpose."
    cleared = services.save_draft(report, actor=world.users["programme"])
    assert cleared == ["Statutory finance officer (S151)", "Monitoring officer"]
    assert not report.sign_offs.exists()
    assert Report.objects.get(pk=report.pk).purpose == "A changed purpose."


# Issue -------------------------------------------------------------------------------------------------------------


def test_issue_is_refused_until_both_have_signed_naming_the_missing(world: World) -> None:
    report = make_report(world)
    with pytest.raises(services.ReportError, match="statutory finance officer .S151. and the monitoring officer"):
        services.issue_report(report, actor=world.users["programme"])
    services.sign_off_report(report, actor=world.users["finance"], role="finance")
    with pytest.raises(services.ReportError) as refusal:
        services.issue_report(report, actor=world.users["programme"])
    assert "monitoring officer" in str(refusal.value) and "finance" not in str(refusal.value)
    assert not ReportIssue.objects.exists()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_only_writers_issue(world: World) -> None:
    report = make_report(world)
    sign_both(world, report)
    with pytest.raises(services.ReportForbidden):
        services.issue_report(report, actor=world.users["finance"])


def test_issue_freezes_the_snapshot_and_the_four_files(world: World) -> None:
    report = make_report(world)
    token, value = a_token(report)
    report.executive_summary = f"The programme's figure is [[{token}]]."
    report.save()
    sign_both(world, report)
    issue = services.issue_report(report, actor=world.users["programme"])
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert report.issued_by == world.users["programme"] and report.issued_at is not None
    assert all(bytes(getattr(issue, fmt)) for fmt in (*services.FORMATS, "public_html"))
    assert bytes(issue.pdf).startswith(b"%PDF") and bytes(issue.docx).startswith(b"PK")
    assert issue.snapshot["narrative"]["executive_summary"] == f"The programme's figure is {value}."
    page = bytes(issue.html).decode()
    assert html.escape(value) in page or value in page
    assert f"[[{token}]]" not in page


def test_an_unknown_token_refuses_the_issue_and_writes_nothing(world: World) -> None:
    report = make_report(world, background="We saved [[no.such.token]] last year.")
    sign_both(world, report)
    with pytest.raises(services.ReportError, match="no.such.token"):
        services.issue_report(report, actor=world.users["programme"])
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.issued_at is None
    assert not ReportIssue.objects.exists()


def test_an_issue_is_never_changed_or_deleted(world: World) -> None:
    issue = issued(world).issue
    issue.html = b"tampered"
    with pytest.raises(ReportIssueIsFrozen), transaction.atomic():
        issue.save()
    with pytest.raises(ReportIssueIsFrozen), transaction.atomic():
        issue.delete()
    assert bytes(ReportIssue.objects.get(pk=issue.pk).html) != b"tampered"


def test_an_issued_report_is_not_edited(world: World) -> None:
    report = issued(world)
    report.purpose = "Changed after issue"
    with pytest.raises(services.ReportError, match="Issued reports never change"):
        services.save_draft(report, actor=world.users["programme"])
    assert Report.objects.get(pk=report.pk).purpose != "Changed after issue"


def test_the_issued_files_stay_the_same_when_the_data_changes(world: World) -> None:
    line: Any = f.SavingsLineFactory(project=world.records["plain"], amount_pence=250_000_00)
    report = make_report(world)
    token, before = a_token(report)
    report.purpose = f"Savings: [[{token}]]."
    report.save()
    sign_both(world, report)
    first = bytes(services.issue_report(report, actor=world.users["programme"]).docx)
    line.amount_pence = 999_999_00
    line.save()
    assert bytes(ReportIssue.objects.get(report=report).docx) == first


# New versions --------------------------------------------------------------------------------------------------


def test_a_new_version_copies_the_draft_and_supersedes_the_old(world: World) -> None:
    objective: Any = f.ObjectiveFactory(organisation=world.home, title="A thriving economy")
    report = make_report(world, executive_summary="Summary", meeting=world.records["meeting"])
    report.priorities.add(objective)
    sign_both(world, report)
    services.issue_report(report, actor=world.users["programme"])
    draft = services.new_version(report, actor=world.users["monitoring"])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUPERSEDED
    assert (draft.status, draft.version, draft.previous_version) == (ReportStatus.DRAFT, 2, report)
    assert (draft.executive_summary, draft.meeting, list(draft.priorities.all())) == (
        "Summary", world.records["meeting"], [objective])
    assert not draft.sign_offs.exists() and draft.issued_at is None
    assert bytes(report.issue.docx)  # the old version's files are kept
    with pytest.raises(services.ReportError, match="later version"):
        services.new_version(report, actor=world.users["programme"])
    with pytest.raises(services.ReportError, match="still a draft"):
        services.new_version(draft, actor=world.users["programme"])
