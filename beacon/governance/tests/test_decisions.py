"""Decisions on the web: the key-decision panel (criteria in words, the figures used and where they came from, the
thresholds), the forward plan notice, options and implications, the form (money typed in pounds, wards one a
line), bad input refused with the GOV.UK error summary and nothing saved, filters and constant queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.models import AgendaItem, Decision, DecisionOption, Implication, KeyDecisionThresholds
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db


def cheshire_east_decision(world: Any) -> Decision:
    """Cheshire East's 21 March 2024 decision (seed 004): procure a delivery partner; all wards affected."""
    contract = f.ContractFactory(programme=world.records["programme"], title="Transformation delivery partner",
                                 fees_pence=450_000_00)
    decision = f.DecisionFactory(
        organisation=world.home, title="Transformation Plan and delivery partner",
        decision_maker=world.records["board"], decision_date=dt.date(2024, 3, 21), wards_affected="All wards",
        significant_ward_impact=True, forward_plan_published=dt.date(2024, 2, 1),
    )
    decision.contracts.add(contract)
    for order, (option, impact, risk, recommended) in enumerate([
        ("Do nothing", "No savings", "Budget gap unmet", False),
        ("In house", "Slow", "Lack of capacity", False),
        ("Fully external", "Costly", "Dependency", False),
        ("Hybrid", "Pace with skills transfer", "Managed", True),
    ], start=1):
        DecisionOption.objects.create(organisation=world.home, decision=decision, order=order, option=option,
                                      impact=impact, risk=risk, recommended=recommended)
    Implication.objects.create(organisation=world.home, decision=decision, kind="finance",
                               text="Funded from the transformation reserve",
                               officer_comments="The S151 officer supports the recommendation",
                               officer_title="Section 151 Officer")
    return decision


def test_the_decision_page_shows_the_key_decision_panel(world, login):
    decision = cheshire_east_decision(world)
    text = login(world.users["viewer"]).get(f"/org/home/governance/decisions/{decision.pk}/").content.decode()
    assert "Key decision" in text and ">Yes<" in text
    assert "Contract worth £450,000 (threshold £100,000)" in text
    assert "Significant impact in all wards (threshold 2 or more wards)" in text
    assert "£450,000: the linked contracts&#x27; fees" in text or "£450,000: the linked contracts' fees" in text
    assert "The defaults (Chorley Council&#x27;s)" in text or "The defaults (Chorley Council's)" in text
    assert "On the forward plan 48 clear days before the decision" in text
    for words in ("Do nothing", "Hybrid", "Recommended", "Funded from the transformation reserve",
                  "The S151 officer supports the recommendation", "Transformation delivery partner",
                  "21 March 2024", "1 February 2024"):
        assert words in text


def test_the_panel_says_which_figure_was_used_when_both_are_given(world, login):
    project = world.records["plain"]
    f.SavingsLineFactory(project=project, financial_year=financial_year(2024), amount_pence=150_000_00)
    decision = f.DecisionFactory(organisation=world.home, title="Close the depot", revenue_impact_pence=50_000_00)
    decision.projects.add(project)
    text = login(world.users["programme"]).get(f"/org/home/governance/decisions/{decision.pk}/").content.decode()
    assert "£150,000: the linked projects&#x27; savings in their largest year, more than the figure entered (£50,000)" \
        in text
    assert "Revenue budget impact of £150,000 (threshold £100,000)" in text


def test_a_decision_that_is_not_key_says_so(world, login):
    text = login(world.users["viewer"]).get(
        f"/org/home/governance/decisions/{world.records['public_decision'].pk}/"
    ).content.decode()
    assert ">No<" in text and "None: no criterion is met" in text
    assert "Not a key decision: no forward plan notice is needed" in text


def test_the_route_through_boards_is_on_the_decision_page(world, login):
    decision = world.records["public_decision"]
    scrutiny = f.BoardFactory(organisation=world.home, title="Scrutiny Commission", kind="scrutiny")
    first = AgendaItem.objects.create(organisation=world.home, title="Strategy", decision=decision,
                                      meeting=f.MeetingFactory(board=scrutiny, date=dt.date(2014, 4, 30)),
                                      comments_to_next="Subject to consideration of the issues highlighted above")
    AgendaItem.objects.create(organisation=world.home, title="Strategy", previous=first, decision=decision,
                              meeting=f.MeetingFactory(board=world.records["board"], date=dt.date(2014, 5, 6)))
    text = login(world.users["viewer"]).get(f"/org/home/governance/decisions/{decision.pk}/").content.decode()
    assert "Scrutiny Commission 30 April 2014 → Home Cabinet 6 May 2014" in text
    assert "Subject to consideration of the issues highlighted above" in text


def test_a_confidential_decision_is_hidden_from_the_viewer(world, login):
    secret = world.records["secret_decision"]
    assert login(world.users["viewer"]).get(f"/org/home/governance/decisions/{secret.pk}/").status_code == 404
    text = login(world.users["viewer"]).get("/org/home/governance/decisions/").content.decode()
    assert "Secret depot sale" not in text
    assert "Secret depot sale" in login(world.users["member"]).get("/org/home/governance/decisions/").content.decode()


# The form -------------------------------------------------------------------------------------------------------

VALID = {"title": "Procure a delivery partner", "status": "proposed", "decision_maker": "",
         "contract_value": "£450,000", "wards_affected": "Crewe Central\n\n  Nantwich North \nAlsager",
         "significant_ward_impact": "on", "decision_date_0": "21", "decision_date_1": "3", "decision_date_2": "2024",
         "forward_plan_published_0": "1", "forward_plan_published_1": "3", "forward_plan_published_2": "2024",
         "public": "on"}


def test_a_decision_is_created_with_money_in_pounds_and_wards_one_a_line(world, login):
    response = login(world.users["monitoring"]).post("/org/home/governance/decisions/add/", VALID)
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(title="Procure a delivery partner")
    assert decision.contract_value_pence == 450_000_00 and decision.revenue_impact_pence is None
    assert decision.wards_affected == "Crewe Central\nNantwich North\nAlsager"
    assert decision.organisation == world.home and decision.created_by == world.users["monitoring"]
    text = login(world.users["monitoring"]).get(response.url).content.decode()
    assert "Only 19 clear days&#x27; notice: 28 are needed" in text or "Only 19 clear days' notice: 28 are needed" \
        in text
    assert "Flagged" in text


def test_a_decision_date_before_its_publication_is_refused_unless_an_exception_is_recorded(world, login):
    data = {**VALID, "forward_plan_published_0": "1", "forward_plan_published_1": "4"}
    client = login(world.users["monitoring"])
    refused = client.post("/org/home/governance/decisions/add/", data)
    assert refused.status_code == 200
    assert "The decision date is before the day the decision was published on the forward plan" in \
        refused.content.decode()
    assert not Decision.objects.filter(title="Procure a delivery partner").exists()
    urgent = {**data, "special_urgency": "on", "exception_reason": "Commissioners required a decision at once"}
    response = client.post("/org/home/governance/decisions/add/", urgent)
    assert response.status_code == 302
    text = client.get(response.url).content.decode()
    assert "Taken under special urgency (regulation 11)" in text


@pytest.mark.parametrize(("change", "message"), [
    ({"general_exception": "on"}, "Say why the exception or urgency applies."),
    ({"special_urgency": "on", "exception_reason": "  "}, "Say why the exception or urgency applies."),
    ({"contract_value": "£4x0,000"}, "is not an amount of money"),
    ({"contract_value": "-£5"}, "The amount must be £0 or more."),
    ({"title": ""}, "Enter the title"),
    ({"call_in_ends_0": "1", "call_in_ends_1": "3", "call_in_ends_2": "2024"},
     "The call-in period ends after the decision is taken."),
    ({"decision_date_0": "30", "decision_date_1": "2"}, "Enter a real date"),
])
def test_bad_decision_input_is_refused_with_the_error_summary_and_nothing_saved(world, login, change, message):
    before = Decision.objects.count()
    response = login(world.users["programme"]).post("/org/home/governance/decisions/add/", {**VALID, **change})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert message in text.replace("&#x27;", "'")
    assert Decision.objects.count() == before


def test_an_exception_with_its_reason_is_not_flagged(world, login):
    data = {**VALID, "special_urgency": "on", "exception_reason": "The contract must be let before 31 March"}
    response = login(world.users["monitoring"]).post("/org/home/governance/decisions/add/", data)
    assert response.status_code == 302
    text = login(world.users["monitoring"]).get(response.url).content.decode()
    assert "Taken under special urgency (regulation 11)" in text and "Exception recorded" in text


def test_options_and_implications_are_added_on_the_decision(world, login):
    decision = world.records["public_decision"]
    client = login(world.users["programme"])
    response = client.post(f"/org/home/governance/decisions/{decision.pk}/options/add/",
                           {"order": "1", "option": "Hybrid", "impact": "Pace", "risk": "Managed", "recommended": "on"})
    assert response.status_code == 302 and response.url.endswith(f"/decisions/{decision.pk}/")
    response = client.post(f"/org/home/governance/decisions/{decision.pk}/implications/add/",
                           {"kind": "legal", "text": "Procurement rules apply", "officer_title": "Monitoring Officer"})
    assert response.status_code == 302
    option = decision.options.get()
    assert option.recommended and decision.implications.get().kind == "legal"
    response = client.post(f"/org/home/governance/decision-options/{option.pk}/edit/",
                           {"order": "2", "option": "Hybrid model", "impact": "", "risk": ""})
    option.refresh_from_db()
    assert response.status_code == 302 and option.option == "Hybrid model" and not option.recommended
    response = client.post(f"/org/home/governance/decisions/{decision.pk}/implications/add/", {"kind": "legal"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert decision.implications.count() == 1


# Filters and queries --------------------------------------------------------------------------------------------


def test_the_list_filters_key_and_flagged_decisions(world, login):
    key = f.DecisionFactory(organisation=world.home, title="Key and flagged", capital_scheme_pence=2_000_000_00,
                            decision_date=dt.date(2024, 3, 21), forward_plan_published=dt.date(2024, 3, 10))
    client = login(world.users["viewer"])
    text = client.get("/org/home/governance/decisions/", {"key_decision": "true"}).content.decode()
    assert key.title in text and "Adopt the transformation strategy" not in text
    text = client.get("/org/home/governance/decisions/", {"key_decision": "false"}).content.decode()
    assert key.title not in text and "Adopt the transformation strategy" in text
    text = client.get("/org/home/governance/decisions/", {"flagged": "true"}).content.decode()
    assert key.title in text and "Only 10 clear days" in text
    text = client.get("/org/home/governance/decisions/", {"date_from": "2024-03-01", "date_to": "2024-03-31"})
    assert key.title in text.content.decode()


def test_the_decision_list_costs_the_same_queries_at_any_size(world, login):
    client = login(world.users["viewer"])
    programme = world.records["programme"]

    def add(n: int) -> None:
        for _ in range(n):
            project = f.ProjectFactory(programme=programme)
            f.SavingsLineFactory(project=project, financial_year=financial_year(2024), amount_pence=120_000_00)
            decision = f.DecisionFactory(organisation=world.home, decision_maker=world.records["board"],
                                         decision_date=dt.date(2024, 5, 1))
            decision.projects.add(project)
            decision.contracts.add(f.ContractFactory(programme=programme))

    def count(query: str = "") -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/org/home/governance/decisions/{query}").status_code == 200
        return len(queries)

    add(3)
    few, few_key = count(), count("?key_decision=true")
    add(20)
    assert count() == few and count("?key_decision=true") == few_key


def test_the_thresholds_change_what_is_key(world, login):
    decision = f.DecisionFactory(organisation=world.home, title="Middling contract", contract_value_pence=200_000_00)
    client = login(world.users["admin"])
    response = client.post("/org/home/governance/thresholds/edit/", {
        "revenue": "£250,000", "contract": "£250,000", "capital": "£500,000", "wards": "2", "notice_days": "28",
        "source": "Constitution, article 13",
    })
    assert response.status_code == 302
    row = KeyDecisionThresholds.objects.get(organisation=world.home)
    assert row.contract_pence == 250_000_00 and row.capital_pence == 500_000_00
    text = client.get(f"/org/home/governance/decisions/{decision.pk}/").content.decode()
    assert ">No<" in text and "Threshold £250,000" in text
    text = client.get("/org/home/governance/thresholds/").content.decode()
    assert "£500,000 or more" in text and "Constitution, article 13" in text


def test_the_thresholds_page_shows_chorleys_defaults_when_none_are_set(world, login):
    text = login(world.users["viewer"]).get("/org/home/governance/thresholds/").content.decode()
    assert "has not set its own thresholds" in text and "£100,000 or more" in text and "2 or more wards" in text
    assert "Change" not in text.split("<main")[1].split("</h1>")[1][:400]


def test_bad_thresholds_are_refused_and_nothing_saved(world, login):
    response = login(world.users["monitoring"]).post("/org/home/governance/thresholds/edit/", {
        "revenue": "lots", "contract": "£100,000", "capital": "£100,000", "wards": "0", "notice_days": "28",
    })
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and "is not an amount of money" in text
    assert not KeyDecisionThresholds.objects.exists()
