"""Page objects for Beacon's pages, and the accessibility check every page must pass.

A page object offers what a user does and sees (sign in, filter by stage, read the error summary) so that
tests read as journeys and a change of markup is fixed here once. Locators prefer roles and labels, as a
screen reader user would find things, over CSS classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Self
from urllib.parse import urlencode

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Response, expect

from beacon.testing.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")

_axe = Axe()


# ARIA attributes that name other elements by id. A dangling one is silent: the field still looks right, but a
# screen reader never reads the hint or error it should (axe only lists these as "needs review").
_BROKEN_REFERENCES_JS = """() => {
  const broken = [];
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-errormessage",
                      "aria-details", "aria-activedescendant"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).trim().split(/\\s+/)) {
        if (id && !document.getElementById(id)) broken.push(`${describe(el)} ${attr}="${id}": no element has that id`);
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) broken.push(`label for="${label.htmlFor}": no element has that id`);
  }
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const text = link.textContent.trim();
    if (id && !document.getElementById(id)) broken.push(`link "${text}" to #${id}: no element has that id`);
  }
  return broken;
}"""


def assert_accessible(page: Page, name: str) -> None:
    """Screenshot the whole page to screenshots/<name>.png, then fail on any serious or critical axe-core
    violation (naming the rule, its impact, its help text and the elements it found) and on any ARIA
    reference or in-page link that points at an id the page does not have."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    violations = _axe.run(page).response["violations"]
    report = "\n".join(_describe(violation) for violation in violations)
    if violations:
        print(f"axe on {name} ({page.url}):\n{report}")
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    broken = broken_id_references(page)
    problems = []
    if blocking:
        problems.append(f"{len(blocking)} serious or critical axe-core violation(s):\n{report}")
    if broken:
        problems.append("references to missing ids (hints, errors or links that lead nowhere):\n"
                        + "\n".join(f"  - {item}" for item in broken))
    assert not problems, f"{name} ({page.url}) is not accessible:\n" + "\n".join(problems)


def broken_id_references(page: Page) -> list[str]:
    return page.evaluate(_BROKEN_REFERENCES_JS)


def _describe(violation: dict) -> str:
    targets = "\n".join(f"    - {' '.join(map(str, node['target']))}" for node in violation["nodes"])
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})\n{targets}"


@dataclass(frozen=True)
class ErrorLink:
    """One entry of the GOV.UK error summary: its message and the field it links to."""

    text: str
    href: str


class BasePage:
    """What every Beacon page has: a heading, banners, the error summary and the sign-out button."""

    def fill_date(self, legend: str, iso_date: str) -> Self:
        """Type a date into the GOV.UK date input (day, month and year boxes) under ``legend``."""
        year, month, day = iso_date.split("-")
        group = self.page.get_by_role("group", name=legend, exact=True)
        group.get_by_label("Day", exact=True).fill(str(int(day)))
        group.get_by_label("Month", exact=True).fill(str(int(month)))
        group.get_by_label("Year", exact=True).fill(year)
        return self

    def __init__(self, page: Page) -> None:
        self.page = page

    def goto(self, path: str) -> Response | None:
        return self.page.goto(path)

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    @property
    def success_banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner--success")

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    def error_summary_items(self) -> list[ErrorLink]:
        links = self.error_summary.locator(".govuk-error-summary__list a")
        return [ErrorLink(link.inner_text().strip(), link.get_attribute("href") or "") for link in links.all()]

    def service_navigation(self) -> list[str]:
        return [text.strip() for text in self.page.locator(".govuk-service-navigation__item").all_inner_texts()]

    def sign_out(self) -> LoginPage:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url("**/accounts/login/**")
        return LoginPage(self.page)

    def text(self) -> str:
        """All the text a sighted user can read on the page."""
        return self.page.locator("body").inner_text()


class LoginPage(BasePage):
    path = "/accounts/login/"

    def open(self) -> Self:
        self.goto(self.path)
        return self

    def sign_in(self, username: str, password: str = PASSWORD) -> HomePage:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.wait_for_load_state()
        problems = self.error_summary_items() if self.error_summary.count() else []
        assert not problems, f"signing in as {username!r} failed: {problems}"
        return HomePage(self.page)


class HomePage(BasePage):
    """The signed-in home: "Your organisations", each with the user's role."""

    path = "/"

    def open(self) -> Self:
        self.goto(self.path)
        return self

    def organisations(self) -> dict[str, str]:
        rows = self.main.locator(".govuk-summary-list__row").all()
        return {
            row.locator("dt").inner_text().strip(): row.locator("dd").inner_text().strip() for row in rows
        }

    def open_organisation(self, name: str) -> DashboardPage:
        self.main.get_by_role("link", name=name, exact=True).click()
        return DashboardPage(self.page)


class DashboardPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/")
        return self

    @property
    def caption(self) -> Locator:
        return self.main.locator(".govuk-caption-l")


class ProgrammeListPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/programmes/")
        return self


class ProgrammeDetailPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/programmes/{pk}/")
        return self


class WorkstreamDetailPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/workstreams/{pk}/")
        return self


class ProjectListPage(BasePage):
    def open(self, org: str, **query: str) -> Self:
        self.goto(f"/org/{org}/projects/" + (f"?{urlencode(query)}" if query else ""))
        return self

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name="Projects")

    @property
    def add_project_button(self) -> Locator:
        return self.page.get_by_role("button", name="Add a project")

    def project_titles(self) -> list[str]:
        return [text.strip() for text in self.table.locator("tbody a").all_inner_texts()]

    def result_count(self) -> str:
        return self.main.locator("p[aria-live]").inner_text().strip()

    def open_filters(self) -> None:
        details = self.page.locator("details", has=self.page.locator("summary", has_text="Filter"))
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        expect(self.page.get_by_role("button", name="Apply filters")).to_be_visible()

    def filter_by_stage(self, *stages: str) -> Self:
        """Tick the stages (by their labels, e.g. "In delivery") in the filter form and apply it."""
        self.open_filters()
        group = self.page.get_by_role("group", name="Stage")
        for stage in stages:
            group.get_by_label(stage, exact=True).check()
        self.page.get_by_role("button", name="Apply filters").click()
        self.page.wait_for_load_state()
        return self

    def add_project(self) -> ProjectFormPage:
        self.add_project_button.click()
        return ProjectFormPage(self.page)


class ProjectFormPage(BasePage):
    """The add and change project form (layouts/form.html)."""

    def open_add(self, org: str) -> Self:
        self.goto(f"/org/{org}/projects/add/")
        return self

    def open_edit(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/projects/{pk}/edit/")
        return self

    def choose_programme(self, title: str) -> Self:
        self.page.get_by_label("Programme", exact=True).select_option(label=title)
        return self

    def fill_title(self, title: str) -> Self:
        self.page.get_by_label("Title", exact=True).fill(title)
        return self

    def fill_start_date(self, iso_date: str) -> Self:
        return self.fill_date("Start date", iso_date)

    def fill_end_date(self, iso_date: str) -> Self:
        return self.fill_date("End date", iso_date)

    def choose_stage(self, label: str) -> Self:
        self.page.get_by_label("Stage", exact=True).select_option(label=label)
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self

    def form_group(self, field_id: str) -> Locator:
        return self.main.locator(".govuk-form-group").filter(has=self.page.locator(f"#{field_id}"))

    def field_error(self, field_id: str) -> Locator:
        """The error message drawn above a field (found by layout, not by id: the ids are what is tested)."""
        return self.form_group(field_id).locator(".govuk-error-message")

    def field_hint(self, field_id: str) -> Locator:
        return self.form_group(field_id).locator(".govuk-hint")


class ProjectDetailPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/projects/{pk}/")
        return self

    def summary_value(self, key: str) -> Locator:
        row = self.main.locator(".govuk-summary-list__row").filter(
            has=self.page.locator("dt").get_by_text(key, exact=True)
        )
        return row.locator("dd")

    def milestone_titles(self) -> list[str]:
        table = self.page.get_by_role("table", name="Milestones of", exact=False)
        return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]

    def table_titles(self, caption: str) -> list[str]:
        table = self.page.get_by_role("table", name=caption, exact=True)
        return [text.strip() for text in table.locator("tbody a").all_inner_texts()]


class MilestoneListPage(BasePage):
    def open(self, org: str, **query: str) -> Self:
        self.goto(f"/org/{org}/milestones/" + (f"?{urlencode(query)}" if query else ""))
        return self


class MilestoneFormPage(BasePage):
    def open_add(self, org: str, project: int | None = None) -> Self:
        self.goto(f"/org/{org}/milestones/add/" + (f"?project={project}" if project else ""))
        return self


class PublicDashboardPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/public/{org}/")
        return self

    def published_projects(self) -> list[str]:
        table = self.page.get_by_role("table", name="Published projects")
        return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]


class ReportingPeriodsPage(BasePage):
    """The reporting periods of an organisation, each tagged "Open" or "Closed"."""

    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/reporting/")
        return self

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name="Reporting periods")

    def statuses(self) -> dict[str, str]:
        rows = self.table.locator("tbody tr").all()
        return {row.locator("td").nth(0).inner_text().strip(): row.locator("td").nth(2).inner_text().strip()
                for row in rows}

    def open_period(self, title: str) -> ReportingPeriodPage:
        self.table.get_by_role("link", name=title, exact=True).click()
        return ReportingPeriodPage(self.page)


class ReportingPeriodPage(BasePage):
    """One reporting period: an open one can be closed; a closed one shows the programme as it stood."""

    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/reporting/{pk}/")
        return self

    def close(self) -> Self:
        self.page.get_by_role("button", name="Close this period").click()
        self.page.wait_for_load_state()
        self.page.get_by_role("button", name="Close this period").click()
        self.page.wait_for_load_state()
        return self

    def project_titles(self) -> list[str]:
        table = self.page.get_by_role("table", name="Projects as they stood when", exact=False)
        return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]


class ProjectHistoryPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/reporting/projects/{pk}/history/")
        return self

    def change_headings(self) -> list[str]:
        return [text.strip() for text in self.main.locator(".govuk-summary-card__title").all_inner_texts()]


class ChangesPage(BasePage):
    """What changed since the last period closed (or during a chosen period), grouped by record."""

    def open(self, org: str, period: int | None = None) -> Self:
        self.goto(f"/org/{org}/reporting/changes/" + (f"?period={period}" if period else ""))
        return self

    def record_titles(self) -> list[str]:
        return [text.strip() for text in self.main.locator("h2.govuk-heading-m").all_inner_texts()]


class ComponentFormPage(BasePage):
    """The add and change component form of a programme."""

    def open_add(self, org: str, programme: int) -> Self:
        self.goto(f"/org/{org}/components/add/?programme={programme}")
        return self

    def fill(self, title: str, savings_target: str) -> Self:
        self.page.get_by_label("Title", exact=True).fill(title)
        self.page.get_by_label("Savings target (optional)").fill(savings_target)
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


class RollUpSection:
    """The roll-up of a programme or workstream: its status, why, the rule, and any contradiction."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def warnings(self) -> Locator:
        return self.page.locator("main .govuk-warning-text")

    @property
    def rule(self) -> Locator:
        return self.page.locator("main details", has_text="How this status is worked out").first

    def open_rule(self) -> Locator:
        self.rule.locator("summary").click()
        expect(self.rule.locator(".govuk-details__text")).to_be_visible()
        return self.rule


# Strategy: plans, themes, priorities, objectives and service design principles --------------------------------


class StrategyPage(BasePage):
    """Any page of the strategy section, opened by its path under /org/<org>/strategy/."""

    def open(self, org: str, path: str = "plans/") -> Self:
        self.goto(f"/org/{org}/strategy/{path}")
        return self

    def section_links(self) -> list[str]:
        nav = self.page.get_by_role("navigation", name="Strategy")
        return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]

    def summary_value(self, key: str) -> Locator:
        row = self.main.locator(".govuk-summary-list__row").filter(
            has=self.page.locator("dt").get_by_text(key, exact=True)
        )
        return row.locator("dd")


class PlanDetailPage(StrategyPage):
    def open_plan(self, org: str, pk: int) -> Self:
        return self.open(org, f"plans/{pk}/")

    def approval_route(self) -> list[str]:
        """Each step of the approval route as "<name>: <status>", e.g. "2. Scrutiny: 30 April 2014"."""
        steps = self.main.locator(".govuk-task-list__item").all()
        return [
            f"{step.locator('.govuk-task-list__name-and-hint > div').first.inner_text().strip()}: "
            f"{step.locator('.govuk-task-list__status').inner_text().strip()}"
            for step in steps
        ]

    def theme(self, title: str) -> Locator:
        """The block of one theme (with its sub-themes), found by its heading."""
        return self.main.locator("[id^=theme-]").filter(
            has=self.page.get_by_role("heading", name=title, exact=True)
        ).last


class StrategyFormPage(StrategyPage):
    """The add and change forms of the strategy section (layouts/form.html)."""

    def fill(self, label: str, value: str) -> Self:
        self.page.get_by_label(label, exact=True).fill(value)
        return self

    def choose(self, label: str, option: str) -> Self:
        self.page.get_by_label(label, exact=True).select_option(label=option)
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self

    def field_error(self, field_id: str) -> Locator:
        return self.main.locator(".govuk-form-group").filter(has=self.page.locator(f"#{field_id}")).locator(
            ".govuk-error-message"
        )
