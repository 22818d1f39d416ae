"""The report pages' and API's rows of the URL × role table (beacon/core/tests/test_url_roles.py).

Reports are written by the administrator, programme manager and monitoring officer; signed off by the finance
officer and the monitoring officer; a confidential one is hidden from the viewer and the project lead (only
the policy's confidential readers see it)."""

from __future__ import annotations

from django.utils import timezone

from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, url
from beacon.testing.world import World

REPORT_WRITERS = WRITERS | {"monitoring"}
SIGNERS = {"finance", "monitoring"}
SENT_BACK = {role: 302 for role in REPORT_WRITERS}  # refused with a message on the report's page


def extend_world(world: World) -> None:
    """A draft, a confidential draft, an issued report (its files stored as issued) and another council's."""
    from beacon.reports.models import Report, ReportIssue, ReportStatus

    home, programme, actor = world.home, world.records["programme"], world.users["programme"]

    def report(title: str, **fields: object) -> Report:
        return Report.objects.create(organisation=home, programme=programme, title=title,
                                     purpose="Why this report", created_by=actor, **fields)

    world.records["draft_report"] = report("Approach to Transformation")
    world.records["secret_report"] = report("Secret depot sale report", confidential=True,
                                            exempt_paragraph="Paragraph 3")
    issued = report("Transformation Strategy", status=ReportStatus.ISSUED, issued_at=timezone.now(),
                    issued_by=actor, public=True)
    ReportIssue.objects.create(report=issued, snapshot={}, docx=b"PK docx", odt=b"PK odt", pdf=b"%PDF-1.7",
                               html=b"<!doctype html><title>Transformation Strategy</title>",
                               public_html=b"<!doctype html><title>Transformation Strategy</title>")
    world.records["issued_report"] = issued
    world.records["other_report"] = Report.objects.create(
        organisation=world.other, programme=world.records["other_programme"], title="Other council's report"
    )


def only(allowed: set[str], **overrides: int) -> dict[str, int]:
    return org_page(allowed=allowed, **overrides)


ROWS = [
    Row("reports:report-list", url("/org/home/reports/"), org_page()),
    Row("reports:report-create", url("/org/home/reports/add/"), only(REPORT_WRITERS)),
    Row("reports:report-create", url("/org/home/reports/add/"), only(REPORT_WRITERS), method="post"),
    Row("reports:report-detail", url("/org/home/reports/{pk}/", pk="draft_report"), org_page()),
    Row("reports:report-detail", url("/org/home/reports/{pk}/", pk="issued_report"), org_page()),
    Row("reports:report-detail", url("/org/home/reports/{pk}/", pk="secret_report"), org_page(viewer=404, lead=404)),
    Row("reports:report-detail", url("/org/home/reports/{pk}/", pk="other_report"),
        org_page(refused=404, allowed=set())),
    Row("reports:report-edit", url("/org/home/reports/{pk}/edit/", pk="draft_report"), only(REPORT_WRITERS)),
    Row("reports:report-edit", url("/org/home/reports/{pk}/edit/", pk="secret_report"),
        only(REPORT_WRITERS, viewer=404, lead=404)),
    # An issued report never changes: writers are sent back to its page with the reason.
    Row("reports:report-edit", url("/org/home/reports/{pk}/edit/", pk="issued_report"), only(set(), **SENT_BACK)),
    Row("reports:report-edit", url("/org/home/reports/{pk}/edit/", pk="issued_report"), only(set(), **SENT_BACK),
        method="post"),
    Row("reports:report-sign-off", url("/org/home/reports/{pk}/sign-off/", pk="draft_report"), only(SIGNERS)),
    Row("reports:report-sign-off", url("/org/home/reports/{pk}/sign-off/", pk="secret_report"),
        only(SIGNERS, viewer=404, lead=404)),
    Row("reports:report-sign-off", url("/org/home/reports/{pk}/sign-off/", pk="draft_report"),
        only(set(), finance=302, monitoring=302), method="post"),
    Row("reports:report-sign-off", url("/org/home/reports/{pk}/sign-off/", pk="issued_report"),
        only(set(), finance=302, monitoring=302)),
    Row("reports:report-issue", url("/org/home/reports/{pk}/issue/", pk="draft_report"), only(REPORT_WRITERS)),
    Row("reports:report-issue", url("/org/home/reports/{pk}/issue/", pk="issued_report"), only(set(), **SENT_BACK)),
    # Not signed off: refused with the reason on the report's page.
    Row("reports:report-issue", url("/org/home/reports/{pk}/issue/", pk="draft_report"), only(set(), **SENT_BACK),
        method="post"),
    Row("reports:report-new-version", url("/org/home/reports/{pk}/new-version/", pk="issued_report"),
        only(REPORT_WRITERS)),
    Row("reports:report-new-version", url("/org/home/reports/{pk}/new-version/", pk="draft_report"),
        only(set(), **SENT_BACK)),
    # The first writer drafts version 2; the next are told a later version exists.
    Row("reports:report-new-version", url("/org/home/reports/{pk}/new-version/", pk="issued_report"),
        only(set(), **SENT_BACK), method="post"),
    Row("reports:report-download", url("/org/home/reports/{pk}/download.docx", pk="issued_report"), org_page()),
    Row("reports:report-download", url("/org/home/reports/{pk}/download.html", pk="draft_report"), org_page()),
    Row("reports:report-download", url("/org/home/reports/{pk}/download.pdf", pk="secret_report"),
        org_page(viewer=404, lead=404)),
    Row("reports:report-download", url("/org/home/reports/{pk}/download.exe", pk="issued_report"),
        org_page(refused=404, allowed=set())),
    Row("reports:report-download", url("/org/home/reports/{pk}/download.odt", pk="other_report"),
        org_page(refused=404, allowed=set())),
    # API
    Row("report-list", url("/api/v1/reports/"), api_list()),
    Row("report-detail", url("/api/v1/reports/{pk}/", pk="draft_report"), api_detail()),
    Row("report-detail", url("/api/v1/reports/{pk}/", pk="secret_report"), api_detail(viewer=404, lead=404)),
    Row("report-detail", url("/api/v1/reports/{pk}/", pk="other_report"),
        api_detail(**{role: 404 for role in ROLES}, outsider=200)),
    # Issued reports never change (400); roles that do not write reports are refused first (403).
    Row("report-detail", url("/api/v1/reports/{pk}/", pk="issued_report"),
        api_detail(**{role: 403 if role not in REPORT_WRITERS else 400 for role in ROLES}), method="patch"),
    Row("report-sign-off", url("/api/v1/reports/{pk}/sign-off/", pk="draft_report"),
        api_detail(**{role: 200 if role == "finance" else 403 for role in ROLES}), method="post",
        data={"role": "finance"}),
    Row("report-issue", url("/api/v1/reports/{pk}/issue/", pk="draft_report"),
        api_detail(**{role: 400 if role in REPORT_WRITERS else 403 for role in ROLES}), method="post"),
    Row("report-new-version", url("/api/v1/reports/{pk}/new-version/", pk="issued_report"),
        api_detail(**{role: 403 for role in ROLES if role not in REPORT_WRITERS}, programme=400, monitoring=400),
        method="post"),
]
