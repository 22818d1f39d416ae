"""Committee reports in a real browser: the list, a report and its form pass axe; and without JavaScript a
report is drafted, signed off by the finance officer and the monitoring officer, issued and downloaded."""

from __future__ import annotations

from typing import Self

from pages import BasePage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.reports.models import Report, ReportIssue, ReportStatus
from beacon.reports.tests.test_services import make_report
from beacon.testing import factories as f
from beacon.testing.world import World


class ReportListPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/reports/")
        return self


class ReportPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/reports/{pk}/")
        return self

    def sign_off(self, key: str) -> str:
        row = self.main.locator(".govuk-summary-list__row").filter(has=self.page.locator("dt").get_by_text(key))
        return row.locator("dd").inner_text()

    def submit(self) -> None:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()


def test_the_report_pages_are_accessible(page: Page, world: World, signed_in) -> None:
    f.ObjectiveFactory(organisation=world.home, title="A thriving and sustainable place")
    report = make_report(world, title="Approach to Transformation", executive_summary="The approach in brief.",
                         meeting=world.records["meeting"])
    signed_in(page, "programme")
    listing = ReportListPage(page).open("home")
    expect(listing.heading).to_have_text("Reports")
    expect(page.get_by_role("link", name="Approach to Transformation")).to_be_visible()
    assert_accessible(page, "report-list")
    page.get_by_role("link", name="Approach to Transformation").click()
    detail = ReportPage(page)
    expect(detail.heading).to_have_text("Approach to Transformation")
    expect(page.locator(".beacon-report-preview")).to_contain_text("The approach in brief.")
    assert_accessible(page, "report-detail")
    ReportPage(page).goto(f"/org/home/reports/{report.pk}/edit/")
    expect(detail.heading).to_have_text("Change draft report")
    assert_accessible(page, "report-form")
    ReportPage(page).goto("/org/home/reports/add/")
    detail.submit()  # nothing filled in: the error summary
    expect(detail.error_summary).to_be_visible()
    assert_accessible(page, "report-form-errors")


def test_a_report_is_drafted_signed_off_issued_and_downloaded_without_javascript(
    page_nojs: Page, world: World, signed_in
) -> None:
    page = page_nojs
    signed_in(page, "programme")
    ReportListPage(page).open("home")
    page.get_by_role("button", name="Draft a report").click()
    form = ReportPage(page)
    expect(form.heading).to_have_text("Draft a report")
    page.get_by_label("Title").fill("Approach to Transformation")
    page.get_by_label("Programme").select_option(label=str(world.records["programme"]))
    page.get_by_label("Purpose").fill("To agree the council's approach to transformation.")
    form.submit()
    expect(form.success_banner).to_contain_text("Draft saved")
    report = Report.objects.get(title="Approach to Transformation")
    form.sign_out()

    for officer, label in (("finance", "Statutory finance officer (S151)"), ("monitoring", "Monitoring officer")):
        signed_in(page, officer)
        detail = ReportPage(page).open("home", report.pk)
        page.get_by_role("button", name="Sign off", exact=True).click()
        page.get_by_label("Comment (optional)").fill(f"Signed by the {officer} officer")
        detail.submit()
        expect(detail.success_banner).to_contain_text("Signed off as")
        assert "Signed off" in detail.sign_off(label)
        detail.sign_out()

    signed_in(page, "programme")
    detail = ReportPage(page).open("home", report.pk)
    page.get_by_role("button", name="Issue report").click()
    expect(detail.heading).to_have_text("Issue this report")
    detail.submit()
    expect(detail.success_banner).to_contain_text("Report issued")
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word").click()
    download = download_info.value
    assert download.suggested_filename == "approach-to-transformation-v1.docx"
    with open(download.path(), "rb") as saved:
        assert saved.read() == bytes(ReportIssue.objects.get(report=report).docx)


def test_the_sign_off_issue_and_new_version_pages_are_accessible(page: Page, world: World, signed_in) -> None:
    from beacon.reports import services

    report = make_report(world, title="Highlight report, March", kind="highlight")
    signed_in(page, "finance")
    ReportPage(page).goto(f"/org/home/reports/{report.pk}/sign-off/")
    assert_accessible(page, "report-sign-off")
    services.sign_off_report(report, actor=world.users["finance"], role="finance")
    services.sign_off_report(report, actor=world.users["monitoring"], role="monitoring")
    page.context.clear_cookies()
    signed_in(page, "programme")
    ReportPage(page).goto(f"/org/home/reports/{report.pk}/issue/")
    assert_accessible(page, "report-issue")
    services.issue_report(report, actor=world.users["programme"])
    ReportPage(page).goto(f"/org/home/reports/{report.pk}/")
    expect(page.get_by_role("link", name="Word").first).to_be_visible()
    assert_accessible(page, "report-issued")
    ReportPage(page).goto(f"/org/home/reports/{report.pk}/new-version/")
    assert_accessible(page, "report-new-version")
