"""Governance in a real browser, each page checked with axe: boards, meetings, an agenda item's route through
boards, decisions with the key-decision panel, the forward plan and the thresholds; a monitoring officer
records a decision without JavaScript (an exception with no reason refused first, nothing saved)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Page, expect

from beacon.governance.models import AgendaItem, Decision, DecisionOption, Implication
from beacon.testing import factories as f
from beacon.testing.world import World


class DecisionFormPage(BasePage):
    def open(self, org: str) -> Self:
        self.goto(f"/org/{org}/governance/decisions/add/")
        return self

    def submit(self) -> Self:
        self.main.locator("form .govuk-button-group button[type=submit]").click()
        self.page.wait_for_load_state()
        return self


def governance_world(world: World) -> dict[str, int]:
    """Leicestershire's route (Scrutiny Commission → Cabinet → County Council) and Cheshire East's delivery
    partner decision with its options appraisal."""
    home = world.home
    scrutiny = f.BoardFactory(organisation=home, title="Scrutiny Commission", kind="scrutiny",
                              chair_title="Chairman of the Scrutiny Commission",
                              terms_of_reference="To scrutinise the executive's plans")
    council = f.BoardFactory(organisation=home, title="County Council", kind="council")
    contract = f.ContractFactory(programme=world.records["programme"], title="Transformation delivery partner",
                                 fees_pence=450_000_00)
    decision = f.DecisionFactory(
        organisation=home, title="Transformation Plan and delivery partner", decision_maker=world.records["board"],
        decision_date=dt.date(2024, 3, 21), forward_plan_published=dt.date(2024, 3, 1), wards_affected="All wards",
        significant_ward_impact=True, recommendation="Approve the procurement of a delivery partner",
    )
    decision.contracts.add(contract)
    for order, (option, impact, risk) in enumerate([("Do nothing", "No savings", "Budget gap unmet"),
                                                    ("In house", "Slow", "Capacity"),
                                                    ("Fully external", "Costly", "Dependency"),
                                                    ("Hybrid", "Pace with skills transfer", "Managed")], start=1):
        DecisionOption.objects.create(organisation=home, decision=decision, order=order, option=option, impact=impact,
                                      risk=risk, recommended=option == "Hybrid")
    Implication.objects.create(organisation=home, decision=decision, kind="finance", text="Funded from reserves",
                               officer_comments="The S151 officer supports it", officer_title="Section 151 Officer")
    first = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=scrutiny, date=dt.date(2014, 4, 30), location="County Hall"),
        title="County Council Strategic Plan 2014-18", decision=decision,
        comments_to_next="Subject to consideration of the issues highlighted above",
    )
    second = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=world.records["board"], date=dt.date(2014, 5, 6)),
        title="County Council Strategic Plan 2014-18", previous=first, decision=decision,
    )
    third = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=council, date=dt.date(2014, 5, 21)),
        title="County Council Strategic Plan 2014-18", previous=second, resolution="Approved",
    )
    return {"board": scrutiny.pk, "meeting": first.meeting_id, "item": third.pk, "decision": decision.pk}


def test_the_governance_pages_are_accessible(page: Page, world: World, signed_in):
    ids = governance_world(world)
    signed_in(page, "monitoring")
    base = "/org/home/governance"
    checks = [
        ("boards", f"{base}/boards/", "Boards and committees"),
        ("board", f"{base}/boards/{ids['board']}/", "Scrutiny Commission"),
        ("meetings", f"{base}/meetings/", "Meetings"),
        ("meeting", f"{base}/meetings/{ids['meeting']}/", "Scrutiny Commission, 30 April 2014"),
        ("agenda-item", f"{base}/agenda-items/{ids['item']}/", "County Council Strategic Plan 2014-18"),
        ("decisions", f"{base}/decisions/", "Decisions"),
        ("forward-plan", f"{base}/forward-plan/", "Forward plan of key decisions"),
        ("thresholds", f"{base}/thresholds/", "Key-decision thresholds"),
        ("decision-form", f"{base}/decisions/add/", "Add a decision"),
        ("agenda-item-form", f"{base}/meetings/{ids['meeting']}/items/add/", "Add an agenda item"),
    ]
    for name, path, heading in checks:
        BasePage(page).goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"governance-{name}")
    BasePage(page).goto(f"{base}/agenda-items/{ids['item']}/")
    expect(page.locator("main")).to_contain_text(
        "Scrutiny Commission 30 April 2014 → Home Cabinet 6 May 2014 → County Council 21 May 2014"
    )
    expect(page.locator("main")).to_contain_text("Subject to consideration of the issues highlighted above")
    BasePage(page).goto(f"{base}/forward-plan/")
    expect(page.locator("main")).to_contain_text("Only 19 clear days' notice: 28 are needed")


def test_the_decision_page(page: Page, world: World, signed_in):
    ids = governance_world(world)
    signed_in(page, "member")
    BasePage(page).goto(f"/org/home/governance/decisions/{ids['decision']}/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transformation Plan and delivery partner")
    expect(main).to_contain_text("Contract worth £450,000 (threshold £100,000)")
    expect(main).to_contain_text("Significant impact in all wards (threshold 2 or more wards)")
    expect(main).to_contain_text("Only 19 clear days' notice: 28 are needed")
    options = page.get_by_role("table", name="Alternative options considered")
    expect(options.get_by_role("row")).to_have_count(5)
    expect(options).to_contain_text("Recommended")
    expect(main).to_contain_text("Scrutiny Commission 30 April 2014 → Home Cabinet 6 May 2014")
    assert_accessible(page, "governance-decision")


def test_a_decision_is_recorded_without_javascript(page_nojs: Page, world: World, signed_in):
    signed_in(page_nojs, "monitoring")
    form = DecisionFormPage(page_nojs).open("home")
    page_nojs.get_by_label("Title", exact=True).fill("Procure a delivery partner")
    page_nojs.get_by_label("Contract value (optional)").fill("£450,000")
    page_nojs.get_by_label("Wards affected (optional)").fill("Crewe Central\nNantwich North")
    page_nojs.get_by_label("The impact in those wards is significant").check()
    form.fill_date("Decision date (optional)", "2024-03-21")
    form.fill_date("Published on the forward plan on (optional)", "2024-03-01")
    page_nojs.get_by_label("Taken under the general exception (regulation 10)").check()
    form.submit()
    expect(form.error_summary).to_contain_text("Say why the exception or urgency applies.")
    assert not Decision.objects.filter(title="Procure a delivery partner").exists()
    page_nojs.get_by_label("Why the exception or urgency applies").fill("The grant must be spent by 31 March")
    form.submit()
    expect(form.success_banner).to_contain_text("Decision added")
    main = page_nojs.locator("main")
    expect(main).to_contain_text("Contract worth £450,000 (threshold £100,000)")
    expect(main).to_contain_text("Significant impact in 2 wards (threshold 2 or more wards)")
    expect(main).to_contain_text("Taken under the general exception (regulation 10)")
    decision = Decision.objects.get(title="Procure a delivery partner")
    assert decision.contract_value_pence == 450_000_00 and decision.wards_affected == "Crewe Central\nNantwich North"
    SCREENSHOTS.mkdir(exist_ok=True)
    page_nojs.screenshot(path=SCREENSHOTS / "governance-decision-created-nojs.png", full_page=True)
