"""The benefits, costs and funding, and contracts pages: what each shows (the benefit profile, costs by project and
year with totals, funding with its deadlines, the return on investment against its expected range), what a
project lead may write, confidential records kept from those who may not read them, and bad input on the forms
refused with a reason and nothing saved."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.finance.filters_resources import deadline_passed
from beacon.finance.models import (
    Benefit,
    BenefitProfilePoint,
    Contract,
    ContractMilestone,
    Cost,
    FundingSource,
    FundingStatus,
)
from beacon.finance.views.resources import cost_pivot, expected_range_text, ratio_number, roi_position_text, roi_text
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = "There is a problem"
TODAY = dt.date.today()


def text(response: Any) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", htmllib.unescape(body))


def assert_refused(response: Any, *messages: str) -> None:
    assert response.status_code == 200
    page = text(response)
    assert ERROR_SUMMARY in page
    for message in messages:
        assert message in page, message


# Return on investment -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("savings", "fees", "ratio", "position"), [
    (1_530_000_00, 450_000_00, "3.4 : 1", "within the expected range of 3:1 to 5:1"),
    (900_000_00, 450_000_00, "2 : 1", "below the expected range of 3:1 to 5:1"),
    (2_700_000_00, 450_000_00, "6 : 1", "above the expected range of 3:1 to 5:1"),
    (1_350_000_00, 450_000_00, "3 : 1", "within the expected range of 3:1 to 5:1"),
    (1_000_00, 300_00, "3.33 : 1", "within the expected range of 3:1 to 5:1"),
    (0, 450_000_00, "0 : 1", "below the expected range of 3:1 to 5:1"),
    (1_000_00, 0, "", "Not worked out: no fees are recorded"),
])
def test_return_on_investment_and_its_position(savings, fees, ratio, position):
    contract = Contract(savings_identified_pence=savings, fees_pence=fees)
    assert roi_text(contract) == ratio
    assert roi_position_text(contract) == position


def test_the_expected_range_reads_as_councils_write_it():
    assert expected_range_text(Contract(roi_expected_low=Decimal("2.50"), roi_expected_high=Decimal("10"))) == \
        "2.5:1 to 10:1"
    assert ratio_number(Decimal("30.00")) == "30" and ratio_number(Decimal("3.40")) == "3.4"


def test_the_contract_page_shows_the_return_against_the_range(world, login):
    contract = f.ContractFactory(programme=world.records["programme"], title="Transformation partner",
                                 partner="A consultancy", fees_pence=450_000_00, savings_identified_pence=1_170_000_00)
    ContractMilestone.objects.create(organisation=world.home, contract=contract, title="Diagnostic",
                                     due_date=dt.date(2024, 6, 30), fee_pence=150_000_00)
    page = text(login(world.users["viewer"]).get(f"/org/home/money/contracts/{contract.pk}/"))
    assert "Return 2.6 : 1 Below the expected range of 3:1 to 5:1" in page
    assert "Diagnostic 30 June 2024 Not yet £150,000" in page
    assert "Add a milestone" not in page
    listing = text(login(world.users["finance"]).get("/org/home/money/contracts/"))
    assert "Transformation partner A consultancy None £450,000 £1,170,000 2.6 : 1 Below the expected range" in listing


# Delivery partner contracts: forms and confidentiality ------------------------------------------------------


def contract_data(world: Any, **extra: Any) -> dict[str, Any]:
    data = {"programme": world.records["programme"].pk, "title": "Phase 2 partner", "fees": "£450,000",
            "savings_identified": "£1.53m", "roi_expected_low": "3", "roi_expected_high": "5"}
    data.update(extra)
    return data


def test_a_contract_is_added_in_pounds(world, login):
    response = login(world.users["finance"]).post("/org/home/money/contracts/add/", contract_data(world))
    contract = Contract.objects.get(title="Phase 2 partner")
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/contracts/{contract.pk}/"
    assert (contract.fees_pence, contract.savings_identified_pence) == (450_000_00, 1_530_000_00)
    assert contract.roi == Decimal("3.40")


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("fees", "£1,2x0", "“£1,2x0” is not an amount of money"),
    ("fees", "-£450,000", "The amount must be £0 or more."),
    ("savings_identified", "(50,000)", "The amount must be £0 or more."),
    ("fees", "", "Enter the fees"),
])
def test_bad_contract_money_is_refused(world, login, field, typed, message):
    response = login(world.users["finance"]).post("/org/home/money/contracts/add/",
                                                  contract_data(world, **{field: typed}))
    assert_refused(response, message)
    assert not Contract.objects.exists()


def test_a_contract_with_its_range_upside_down_or_another_councils_programme_is_refused(world, login):
    client = login(world.users["finance"])
    assert_refused(client.post("/org/home/money/contracts/add/", contract_data(world, roi_expected_high="2")),
                   "The top of the range must be at least its bottom.")
    assert_refused(client.post("/org/home/money/contracts/add/",
                               contract_data(world, programme=world.records["other_programme"].pk)),
                   "Select a valid choice")
    assert not Contract.objects.exists()


def test_a_contract_milestone_is_added_from_the_contract(world, login):
    contract = f.ContractFactory(programme=world.records["programme"])
    client = login(world.users["finance"])
    response = client.post(f"/org/home/money/contracts/{contract.pk}/milestones/add/", {
        "title": "Target operating model", "due_date_0": "30", "due_date_1": "9", "due_date_2": "2024",
        "fee": "£100k",
    })
    assert response.status_code == 302
    milestone = contract.milestones.get()
    assert (milestone.title, milestone.fee_pence, milestone.organisation) == (
        "Target operating model", 100_000_00, world.home)
    bad = client.post(f"/org/home/money/contract-milestones/{milestone.pk}/edit/", {
        "title": "Target operating model", "due_date_0": "31", "due_date_1": "2", "due_date_2": "2024",
        "fee": "£1,2x0",
    })
    assert_refused(bad, "Enter a real date", "is not an amount of money")
    milestone.refresh_from_db()
    assert milestone.fee_pence == 100_000_00


def test_a_confidential_contract_is_kept_from_the_viewer_and_the_lead(world, login):
    secret = f.ContractFactory(programme=world.records["programme"], title="Secret outsourcing contract",
                               confidential=True)
    f.ContractFactory(programme=world.records["programme"], title="Ordinary contract")
    for role in ("viewer", "lead"):
        client = login(world.users[role])
        page = text(client.get("/org/home/money/contracts/"))
        assert "Ordinary contract" in page and "Secret outsourcing contract" not in page
        assert client.get(f"/org/home/money/contracts/{secret.pk}/").status_code == 404
    for role in ("finance", "member", "monitoring"):
        assert "Secret outsourcing contract" in text(login(world.users[role]).get("/org/home/money/contracts/"))
    outsider = login(world.users["outsider"])
    assert outsider.get("/org/home/money/contracts/").status_code == 404
    assert outsider.get(f"/org/home/money/contracts/{secret.pk}/").status_code == 404


# Benefits ---------------------------------------------------------------------------------------------------------


def benefit_data(project: Any, **extra: Any) -> dict[str, Any]:
    data = {"project": project.pk, "title": "Fewer calls to the contact centre", "kind": "non_financial",
            "measure": "Calls a month", "unit": "calls", "baseline": "12000", "target": "9000"}
    data.update(extra)
    return data


def test_the_benefit_list_filters_by_project_kind_and_dis_benefit(world, login):
    plain, led = world.records["plain"], world.records["led"]
    f.BenefitFactory(project=plain, title="Cashable saving", kind="financial")
    f.BenefitFactory(project=led, title="Longer opening hours")
    f.BenefitFactory(project=plain, title="Longer journeys for some residents", dis_benefit=True)
    f.BenefitFactory(project=world.records["secret"], title="Secret benefit: depot land sale")
    client = login(world.users["viewer"])

    def titles(**query: str) -> set[str]:
        page = client.get("/org/home/money/benefits/", query).content.decode()
        return set(re.findall(r'href="/org/home/money/benefits/\d+/">([^<]+)</a>', page))

    assert titles() == {"Cashable saving", "Longer opening hours", "Longer journeys for some residents"}
    assert titles(kind="financial") == {"Cashable saving"}
    assert titles(dis_benefit="true") == {"Longer journeys for some residents"}
    assert titles(project=str(led.pk)) == {"Longer opening hours"}
    assert "Secret benefit" in login(world.users["lead"]).get("/org/home/money/benefits/").content.decode()


def test_a_benefit_on_a_confidential_project_is_kept_from_the_viewer(world, login):
    benefit = f.BenefitFactory(project=world.records["secret"], title="Secret benefit: depot land sale")
    assert login(world.users["viewer"]).get(f"/org/home/money/benefits/{benefit.pk}/").status_code == 404
    assert login(world.users["lead"]).get(f"/org/home/money/benefits/{benefit.pk}/").status_code == 200
    assert login(world.users["outsider"]).get(f"/org/home/money/benefits/{benefit.pk}/").status_code == 404


def test_a_lead_adds_a_benefit_to_their_own_project_only(world, login):
    client = login(world.users["lead"])
    page = client.get("/org/home/money/benefits/add/").content.decode()
    assert "Lead&#x27;s open project" in page and "Ordinary internal project" not in page
    response = client.post("/org/home/money/benefits/add/", benefit_data(world.records["plain"]))
    assert_refused(response, "Select a valid choice")
    assert not Benefit.objects.exists()
    response = client.post("/org/home/money/benefits/add/", benefit_data(world.records["led"]))
    benefit = Benefit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/benefits/{benefit.pk}/"
    assert benefit.baseline == Decimal(12000) and benefit.created_by == world.users["lead"]


def test_a_lead_cannot_move_their_benefit_to_another_project(world, login):
    benefit = f.BenefitFactory(project=world.records["led"], title="Longer opening hours")
    response = login(world.users["lead"]).post(
        f"/org/home/money/benefits/{benefit.pk}/edit/", benefit_data(world.records["secret"], title="Renamed")
    )
    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.title == "Renamed" and benefit.project == world.records["led"]


def test_a_target_date_before_the_baseline_date_is_refused(world, login):
    response = login(world.users["programme"]).post("/org/home/money/benefits/add/", benefit_data(
        world.records["plain"], baseline_date_0="1", baseline_date_1="4", baseline_date_2="2025",
        target_date_0="31", target_date_1="3", target_date_2="2025",
    ))
    assert_refused(response, "The target date must be the same as or after the baseline date.")
    assert not Benefit.objects.exists()


def test_the_benefit_profile_is_shown_and_added_to_by_the_lead(world, login):
    benefit = f.BenefitFactory(project=world.records["led"], title="Longer opening hours", unit="hours")
    client = login(world.users["lead"])
    add = f"/org/home/money/benefits/{benefit.pk}/profile/add/"
    response = client.post(add, {"date_0": "31", "date_1": "3", "date_2": "2025", "expected": "10"})
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/benefits/{benefit.pk}/"
    client.post(add, {"date_0": "31", "date_1": "3", "date_2": "2026", "expected": "20", "actual": "18.5"})
    page = text(client.get(f"/org/home/money/benefits/{benefit.pk}/"))
    assert "31 March 2025 10 hours Not yet known" in page
    assert "31 March 2026 20 hours 18.50 hours" in page
    assert "Profile point added: 31 March 2026, Longer opening hours" in page
    assert "Add a point to the profile" in page
    duplicate = client.post(add, {"date_0": "31", "date_1": "3", "date_2": "2025", "expected": "99"})
    assert_refused(duplicate, "The profile already has a point on this date: change that one instead.")
    assert BenefitProfilePoint.objects.count() == 2
    point = BenefitProfilePoint.objects.get(date=dt.date(2025, 3, 31))
    response = client.post(f"/org/home/money/benefit-points/{point.pk}/edit/",
                           {"date_0": "31", "date_1": "3", "date_2": "2025", "expected": "10", "actual": "11"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.actual == Decimal(11)


# Costs and funding ---------------------------------------------------------------------------------------------


def cost_data(world: Any, **extra: Any) -> dict[str, Any]:
    data = {"programme": world.records["programme"].pk, "project": world.records["plain"].pk,
            "financial_year": financial_year(2024).pk, "title": "Business analysts", "kind": "one_off",
            "amount": "£250k"}
    data.update(extra)
    return data


def test_a_cost_is_added_in_pounds(world, login):
    response = login(world.users["finance"]).post("/org/home/money/costs/add/", cost_data(world))
    assert response.status_code == 302 and response["Location"] == "/org/home/money/costs/"
    cost = Cost.objects.get()
    assert (cost.amount_pence, cost.financial_year.label, cost.project) == (250_000_00, "2024/25",
                                                                             world.records["plain"])


@pytest.mark.parametrize(("extra", "message"), [
    ({"amount": "£1,2x0"}, "“£1,2x0” is not an amount of money: write it like £1,200,000, 1.2m or £250k."),
    ({"amount": "-250000"}, "The amount must be £0 or more."),
    ({"amount": ""}, "Enter the amount"),
    ({"financial_year": ""}, "Select the financial year"),
])
def test_bad_cost_input_is_refused_and_nothing_saved(world, login, extra, message):
    response = login(world.users["finance"]).post("/org/home/money/costs/add/", cost_data(world, **extra))
    assert_refused(response, message)
    assert not Cost.objects.exists()


def test_a_cost_for_a_project_of_another_programme_is_refused(world, login):
    other_programme = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    response = login(world.users["finance"]).post("/org/home/money/costs/add/",
                                                  cost_data(world, programme=other_programme.pk))
    assert_refused(response, "Choose a project of the cost's programme.")
    assert not Cost.objects.exists()


def test_a_cost_for_another_councils_programme_is_refused(world, login):
    response = login(world.users["finance"]).post("/org/home/money/costs/add/", cost_data(
        world, programme=world.records["other_programme"].pk, project=""))
    assert_refused(response, "Select a valid choice")
    assert not Cost.objects.exists()


def test_editing_a_cost_with_bad_money_changes_nothing(world, login):
    cost = f.CostFactory(programme=world.records["programme"], amount_pence=50_000_00, title="Analysts")
    client = login(world.users["programme"])
    assert 'value="50,000"' in client.get(f"/org/home/money/costs/{cost.pk}/edit/").content.decode()
    response = client.post(f"/org/home/money/costs/{cost.pk}/edit/", cost_data(world, amount="£1,2x0",
                                                                               title="Renamed"))
    assert_refused(response, "is not an amount of money")
    cost.refresh_from_db()
    assert (cost.title, cost.amount_pence) == ("Analysts", 50_000_00)


def test_the_cost_page_totals_each_year_and_lists_funding_with_passed_deadlines(world, login):
    programme, plain, led = world.records["programme"], world.records["plain"], world.records["led"]
    grant = f.FundingSourceFactory(organisation=world.home, title="LGA grant", amount_pence=100_000_00,
                                   status=FundingStatus.RECEIVED, conditions="Report to the LGA")
    efs = f.FundingSourceFactory(organisation=world.home, title="Exceptional financial support",
                                 kind="efs", amount_pence=17_600_000_00, up_to=True,
                                 conditions="A transformation plan to the department",
                                 deadline=TODAY - dt.timedelta(days=10))
    f.CostFactory(programme=programme, project=plain, financial_year=financial_year(2024), amount_pence=100_00,
                  funding_source=grant, title="Analysts")
    f.CostFactory(programme=programme, project=plain, financial_year=financial_year(2025), amount_pence=200_00)
    f.CostFactory(programme=programme, project=led, financial_year=financial_year(2024), amount_pence=300_00)
    f.CostFactory(programme=programme, project=None, financial_year=financial_year(2025), amount_pence=400_00)
    f.CostFactory(programme=programme, project=world.records["secret"], financial_year=financial_year(2024),
                  amount_pence=5_000_00, title="Secret redundancy costs")
    page = text(login(world.users["viewer"]).get("/org/home/money/costs/"))
    assert "Project 2024/25 2025/26 Total" in page
    assert f"{plain.code} Ordinary internal project £100 £200 £300" in page
    assert f"{led.code} Lead's open project £300 None £300" in page
    assert "Programme-wide (no project) None £400 £400" in page
    assert "Total per year £400 £600 £1,000" in page
    assert "Secret redundancy costs" not in page and "£5,000" not in page
    assert "LGA grant Grant £100,000 Received Report to the LGA" in page
    assert ("Exceptional financial support Exceptional financial support up to £17,600,000 Expected Deadline passed "
            "A transformation plan to the department") in page
    assert "Add a funding source" not in page
    finance = text(login(world.users["finance"]).get("/org/home/money/costs/"))
    assert "Secret redundancy costs" in finance and "Add a funding source" in finance
    assert efs.pk and deadline_passed(efs, TODAY) and not deadline_passed(grant, TODAY)


def test_the_pivot_sums_by_project_and_year():
    assert cost_pivot(Cost.objects.none()).rows == []


def test_deadline_passed_only_while_the_money_is_expected():
    past, future = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    assert deadline_passed(FundingSource(deadline=past, status=FundingStatus.EXPECTED), TODAY)
    for status in (FundingStatus.AGREED, FundingStatus.RECEIVED, FundingStatus.WITHDRAWN):
        assert not deadline_passed(FundingSource(deadline=past, status=status), TODAY)
    assert not deadline_passed(FundingSource(deadline=future, status=FundingStatus.EXPECTED), TODAY)
    assert not deadline_passed(FundingSource(deadline=None, status=FundingStatus.EXPECTED), TODAY)


def test_a_funding_source_is_added_and_shows_what_it_pays_for(world, login):
    client = login(world.users["finance"])
    response = client.post("/org/home/money/funding/add/", {
        "title": "Reserves virement", "kind": "reserves", "amount": "£350,000", "up_to": "on", "status": "agreed",
        "conditions": "Cabinet approval", "deadline_0": "31", "deadline_1": "8", "deadline_2": "2024",
    })
    source = FundingSource.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/funding/{source.pk}/"
    f.CostFactory(programme=world.records["programme"], funding_source=source, amount_pence=400_000_00,
                  title="Interim programme director")
    page = text(client.get(f"/org/home/money/funding/{source.pk}/"))
    assert "Amount Up to £350,000" in page and "Deadline 31 August 2024" in page
    assert "Interim programme director" in page and "Committed £400,000" in page
    assert "Committed beyond the amount £50,000" in page


def test_bad_funding_input_is_refused_and_nothing_saved(world, login):
    client = login(world.users["finance"])
    for amount, message in (("£1,2x0", "is not an amount of money"), ("-5", "The amount must be £0 or more.")):
        response = client.post("/org/home/money/funding/add/", {
            "title": "Grant", "kind": "grant", "amount": amount, "status": "expected"})
        assert_refused(response, message)
    assert not FundingSource.objects.exists()


# Query counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["benefits", "costs", "contracts"])
def test_list_pages_cost_the_same_queries_at_any_size(world, login, page):
    client = login(world.users["viewer"])
    programme, plain = world.records["programme"], world.records["plain"]

    def add(n: int) -> None:
        for i in range(n):
            project = f.ProjectFactory(programme=programme)
            f.BenefitFactory(project=project)
            source = f.FundingSourceFactory(organisation=world.home)
            f.CostFactory(programme=programme, project=project, funding_source=source,
                          financial_year=financial_year(2024 + i % 3))
            f.ContractFactory(programme=programme, phase=world.records["phase"])
        f.CostFactory(programme=programme, project=plain)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/org/home/money/{page}/").status_code == 200
        return len(queries)

    add(3)
    few = count()
    add(20)
    assert count() == few


def test_a_benefit_is_measured_by_a_kpi_whose_title_only_its_readers_see(world, login):
    public_kpi, secret_kpi = world.records["public_kpi"], world.records["secret_kpi"]
    measured = f.BenefitFactory(project=world.records["plain"], title="Residents served online", kpi=public_kpi)
    hidden = f.BenefitFactory(project=world.records["plain"], title="Agency spend down", kpi=secret_kpi)
    viewer = login(world.users["viewer"])
    assert "Residents satisfied with services" in text(viewer.get(f"/org/home/money/benefits/{measured.pk}/"))
    page = text(viewer.get(f"/org/home/money/benefits/{hidden.pk}/"))
    assert "Secret agency staff spend" not in page and "None linked" in page
    programme = login(world.users["programme"])
    assert "Secret agency staff spend" in text(programme.get(f"/org/home/money/benefits/{hidden.pk}/"))


def test_a_benefit_cannot_be_measured_by_another_councils_kpi(world, login):
    client = login(world.users["programme"])
    response = client.post("/org/home/money/benefits/add/",
                           benefit_data(world.records["plain"], kpi=world.records["other_kpi"].pk))
    assert_refused(response, "Select a valid choice")
    assert not Benefit.objects.filter(kpi=world.records["other_kpi"]).exists()
