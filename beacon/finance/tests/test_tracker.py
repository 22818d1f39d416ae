"""The savings tracker and the ledger's pages: roll-ups equal the sum of their lines at every level; what a
reader may not read is not counted; the page explains itself; its queries do not grow with the programme; the
forms refuse bad input with the GOV.UK error summary and change nothing."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from beacon.core import policy
from beacon.core.models import Membership, Role
from beacon.finance import counting, ledger, selectors
from beacon.finance.models import LineState, Recurrence, SavingsLine
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

MEASURES = ("proposed", "approved", "forecast", "delivered")
TRACKER = "/org/home/money/"
ERROR_SUMMARY = "There is a problem"


def populate(world: Any) -> dict[str, Any]:
    """An MTFS with a programme target, a second programme, projects with and without a workstream, and lines in
    every state, recurring and one-off, over four years."""
    programme = world.records["programme"]
    mtfs = f.MtfsFactory(programme=programme, title="MTFS 2024 to 2028", start_year=financial_year(2024),
                         end_year=financial_year(2027))
    for year, target in zip(range(2024, 2028), (400_000_00, 300_000_00, 200_000_00, 100_000_00), strict=True):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(year), programme_target_pence=target)
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    second_workstream = f.WorkstreamFactory(programme=second, title="Estates")
    extra = {
        "second": second,
        "estates": f.ProjectFactory(programme=second, workstream=second_workstream, title="Depot rationalisation"),
        "loose": f.ProjectFactory(programme=second, title="No workstream project"),
    }
    world.records.update(extra)
    specs = [
        ("plain", 2024, 100_000_00, Recurrence.RECURRING, LineState.DELIVERED),
        ("plain", 2025, 50_000_00, Recurrence.ONE_OFF, LineState.APPROVED),
        ("public", 2025, 80_000_00, Recurrence.RECURRING, LineState.APPROVED),
        ("secret", 2024, 200_000_00, Recurrence.RECURRING, LineState.APPROVED),
        ("led", 2026, 60_000_00, Recurrence.RECURRING, LineState.PROPOSED),
        ("led", 2027, 40_000_00, Recurrence.ONE_OFF, LineState.APPROVED),
        ("estates", 2025, 120_000_00, Recurrence.RECURRING, LineState.APPROVED),
        ("loose", 2026, 30_000_00, Recurrence.ONE_OFF, LineState.WRITTEN_OFF),
        ("loose", 2027, 70_000_00, Recurrence.RECURRING, LineState.APPROVED),
    ]
    for project, year, amount, recurrence, state in specs:
        delivered = amount if state == LineState.DELIVERED else 0
        f.SavingsLineFactory(project=world.records[project], financial_year=financial_year(year), amount_pence=amount,
                             recurrence=recurrence, state=state, delivered_pence=delivered,
                             written_off_pence=amount if state == LineState.WRITTEN_OFF else 0,
                             forecast_pence=amount // 2 if project == "public" else None)
    return extra


def tracker_for(world: Any, user: str = "finance", **kwargs: Any) -> selectors.Tracker:
    lines = selectors.readable_lines(world.users[user], world.home)
    return selectors.tracker(lines, world.home, all_lines=lines, **kwargs)


def summed(positions: list[counting.Position], years: list[int], view: str) -> dict[int, tuple[int, ...]]:
    return {
        year: tuple(sum(getattr(getattr(p, view)[year], name) for p in positions) for name in MEASURES)
        for year in years
    }


def of(position: counting.Position, years: list[int], view: str) -> dict[int, tuple[int, ...]]:
    return {year: tuple(getattr(getattr(position, view)[year], name) for name in MEASURES) for year in years}


# Roll-ups -------------------------------------------------------------------------------------------------------


def test_roll_ups_equal_the_sum_of_their_parts_at_every_level(world):
    populate(world)
    tracker = tracker_for(world, project_page=1)
    years = tracker.years
    assert years == [2024, 2025, 2026, 2027]
    for view in ("in_year", "cumulative"):
        overall = of(tracker.overall, years, view)
        assert summed([g.position for g in tracker.workstreams], years, view) == overall
        assert summed([g.position for g in tracker.programmes], years, view) == overall
        assert summed([g.position for g in tracker.projects], years, view) == overall
    assert tracker.overall.total.approved == sum(g.position.total.approved for g in tracker.workstreams)


def test_the_overall_position_is_the_sum_of_the_lines(world):
    populate(world)
    tracker = tracker_for(world)
    counted = SavingsLine.objects.filter(organisation=world.home).live()
    assert tracker.overall.total.proposed == counted.filter(state="proposed").aggregate(t=Sum("amount_pence"))["t"]
    approved = counted.filter(state="approved").aggregate(t=Sum("amount_pence"))["t"]
    delivered = counted.filter(state="delivered").aggregate(t=Sum("delivered_pence"))["t"]
    assert tracker.overall.total.approved == approved + delivered
    assert tracker.overall.total.delivered == delivered
    # The public project's lead forecasts half its £80,000.
    assert tracker.overall.total.forecast == approved - 40_000_00 + delivered


def test_a_programmes_workstreams_add_up_to_the_programme(world):
    populate(world)
    programme = world.records["programme"]
    lines = selectors.readable_lines(world.users["finance"], world.home)
    tracker = selectors.tracker(lines.filter(project__programme=programme), world.home, all_lines=lines,
                                programme_id=programme.pk)
    whole = tracker_for(world)
    [from_whole] = [g for g in whole.programmes if g.key == programme.pk]
    for view in ("in_year", "cumulative"):
        assert summed([g.position for g in tracker.workstreams], tracker.years, view) == of(
            tracker.overall, tracker.years, view)
        assert of(tracker.overall, tracker.years, view) == of(from_whole.position, tracker.years, view)
    assert [tracker.overall.in_year[y].target for y in tracker.years] == [400_000_00, 300_000_00, 200_000_00,
                                                                          100_000_00]


def test_targets_come_from_the_programmes_latest_mtfs(world):
    populate(world)
    newer = f.MtfsFactory(programme=world.records["programme"], start_year=financial_year(2025),
                          end_year=financial_year(2026))
    f.MtfsYearFactory(mtfs=newer, financial_year=financial_year(2025), programme_target_pence=1)
    targets = selectors.programme_targets(world.home)
    assert targets.by_programme == {world.records["programme"].pk: {2025: 1}}
    assert targets.years == [2025, 2026]


def test_without_an_mtfs_the_years_are_those_the_lines_span(world):
    f.SavingsLineFactory(project=world.records["plain"], financial_year=financial_year(2026))
    f.SavingsLineFactory(project=world.records["plain"], financial_year=financial_year(2029))
    tracker = tracker_for(world)
    assert tracker.years == [2026, 2027, 2028, 2029]
    assert tracker.overall.in_year[2026].target is None


def test_a_recurring_line_counts_in_every_later_cumulative_year_of_the_tracker(world):
    populate(world)
    tracker = tracker_for(world)
    # The estates line: £120,000 recurring from 2025/26, approved.
    [estates] = [g for g in tracker.workstreams if g.title == "Estates"]
    assert [estates.position.in_year[y].approved for y in tracker.years] == [0, 120_000_00, 0, 0]
    assert [estates.position.cumulative[y].approved for y in tracker.years] == [0] + [120_000_00] * 3


def test_a_confidential_projects_lines_are_counted_only_for_those_who_may_read_them(world):
    populate(world)
    finance, viewer = tracker_for(world, "finance"), tracker_for(world, "viewer")
    assert finance.overall.total.approved - viewer.overall.total.approved == 200_000_00
    lead = tracker_for(world, "lead")  # the secret project's own lead
    assert lead.overall.total.approved == finance.overall.total.approved


# The page -------------------------------------------------------------------------------------------------------


def page(world: Any, user: str = "finance", url: str = TRACKER) -> str:
    client = Client()
    client.force_login(world.users[user])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return htmllib.unescape(response.content.decode())


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_tracker_page_shows_the_years_the_measures_and_explains_the_rule(world):
    populate(world)
    html = page(world)
    text = text_of(html)
    for words in ("2024/25", "2027/28", "Target", "Proposed", "Approved", "Forecast", "Delivered",
                  "Gap (target minus forecast)", "Status (BRAG)", "a recurring saving reduces the budget from its "
                  "year onwards", "a one-off saving counts in its own year only", "MTFS 2024 to 2028"):
        assert words in text, words
    assert "£400,000" in text  # the 2024/25 target
    assert 'class="govuk-tag govuk-tag--' in html and "By workstream" in text and "No workstream" in text
    assert "Second programme" in text  # two programmes: a breakdown by programme
    assert "finance/_subnav" not in html and 'aria-label="Money"' in html
    assert "http://" not in html.split('<main')[1].split('</main>')[0]  # nothing external on the page


def test_brag_is_shown_in_words(world):
    populate(world)
    text = text_of(page(world))
    assert re.search(r"Status \(BRAG\)( (Blue|Green|Amber|Red|No target))+", text)


def test_a_viewer_never_sees_a_confidential_projects_title_or_money(world):
    populate(world)
    html = page(world, "viewer", TRACKER + "?group=project")
    assert "Secret depot closure" not in html
    assert "Ordinary internal project" in html
    assert "Secret depot closure" in page(world, "finance", TRACKER + "?group=project")


def test_the_filters_narrow_the_figures(world):
    populate(world)
    text = text_of(page(world, url=TRACKER + "?state=delivered"))
    assert "The figures count only the savings that match the filters" in text
    lines = selectors.readable_lines(world.users["finance"], world.home).filter(state="delivered")
    assert selectors.tracker(lines, world.home, all_lines=lines).overall.total.approved == 100_000_00
    estates = world.records["estates"].workstream_id
    text = text_of(page(world, url=TRACKER + f"?workstream={estates}"))
    assert "A workstream has no savings target of its own" in text
    assert "£120,000" in text


def test_the_no_workstream_filter(world):
    populate(world)
    text = text_of(page(world, url=TRACKER + "?workstream=null&group=project"))
    assert "No workstream project" in text and "Depot rationalisation" not in text


def test_illustrative_figures_are_labelled(world):
    populate(world)
    assert "illustrative" not in text_of(page(world)).lower()
    SavingsLine.objects.filter(project=world.records["plain"]).update(illustrative=True)
    assert "Some of these figures are illustrative" in text_of(page(world))


def test_double_counting_is_shown_as_a_warning_list(world):
    budget = f.BudgetLineFactory(organisation=world.home, code="CC9", title="Libraries", budget_pence=100_000_00)
    f.SavingsLineFactory(project=world.records["plain"], budget_line=budget, amount_pence=80_000_00,
                         state=LineState.APPROVED, title="Fewer branches")
    f.SavingsLineFactory(project=world.records["public"], budget_line=budget, amount_pence=70_000_00,
                         state=LineState.APPROVED)
    text = text_of(page(world))
    assert "Possible double counting" in text
    assert "CC9 Libraries, 2024/25" in text
    assert "£150,000 claimed against a budget of £100,000 (£50,000 more than the budget)" in text
    assert "Fewer branches" in text


def test_the_project_breakdown_is_paginated(world):
    programme = world.records["programme"]
    for index in range(selectors.PROJECTS_PER_PAGE + 3):
        f.SavingsLineFactory(project=f.ProjectFactory(programme=programme, code=f"Z{index:03d}"))
    text = text_of(page(world, url=TRACKER + "?group=project&page=2"))
    assert "Page 2 of 2" in text and "Z027" in text and "Z000" not in text


def test_an_empty_tracker(world):
    assert "There are no savings to show yet" in text_of(page(world))


# Query counts do not grow with the programme ----------------------------------------------------------------------


def council(slug: str, projects: int) -> Any:
    organisation = f.OrganisationFactory(slug=slug, name=slug)
    user = f.UserFactory(username=f"{slug}-finance")
    Membership.objects.create(user=user, organisation=organisation, role=Role.FINANCE)
    programme = f.ProgrammeFactory(organisation=organisation)
    mtfs = f.MtfsFactory(programme=programme)
    for year in range(2024, 2028):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(year), programme_target_pence=1_000_000_00)
    workstreams = [f.WorkstreamFactory(programme=programme) for _ in range(3)]
    budget = f.BudgetLineFactory(organisation=organisation, budget_pence=1)
    for index in range(projects):
        project = f.ProjectFactory(programme=programme, workstream=workstreams[index % 3] if index % 4 else None,
                                   confidential=index % 5 == 0)
        for year in range(2024, 2028):
            f.SavingsLineFactory(project=project, financial_year=financial_year(year), budget_line=budget,
                                 state=[LineState.PROPOSED, LineState.APPROVED][index % 2],
                                 recurrence=[Recurrence.RECURRING, Recurrence.ONE_OFF][year % 2])
    return organisation, user


def count_queries(user: Any, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?group=project", "?group=project&view=cumulative&state=approved"])
def test_the_tracker_uses_the_same_number_of_queries_for_4_and_40_projects(query):
    counts = []
    for slug, size in (("small-council", 4), ("large-council", 40)):
        organisation, user = council(slug, size)
        counts.append(count_queries(user, f"/org/{organisation.slug}/money/{query}"))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(("user", "small", "large"), [("finance", "plain", "public"), ("lead", "secret", "led")])
def test_the_project_ledger_uses_the_same_number_of_queries_for_few_and_many_lines(world, user, small, large):
    for key, count in ((small, 1), (large, 12)):
        for index in range(count):
            line = f.SavingsLineFactory(project=world.records[key], financial_year=financial_year(2024 + index % 4),
                                        state=LineState.APPROVED)
            ledger.set_forecast(line, actor=world.users["finance"], reason="Revised", forecast_pence=index)
    reader = world.users[user]
    assert count_queries(reader, f"/org/home/money/projects/{world.records[small].pk}/") == count_queries(
        reader, f"/org/home/money/projects/{world.records[large].pk}/")


# Forms: bad input is refused with the GOV.UK error summary and nothing changes -------------------------------------


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_error" class="govuk-error-message">(.*?)</p>', html, re.DOTALL)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def add_line(world: Any, user: str = "programme", **data: Any) -> Any:
    client = Client()
    client.force_login(world.users[user])
    payload = {"project": world.records["plain"].pk, "financial_year": financial_year(2025).pk, "amount": "£25,000",
               "recurrence": "recurring", "cashable": "on", **data}
    return client.post("/org/home/money/lines/add/", {k: v for k, v in payload.items() if v is not None})


@pytest.mark.parametrize(("amount", "words"), [
    ("£1,2x0", "is not an amount of money"), ("-5", "must be £0 or more"), ("", "Enter the amount"),
])
def test_an_amount_that_is_not_money_is_refused_with_the_error_summary(world, amount, words):
    response = add_line(world, amount=amount)
    html = response.content.decode()
    assert response.status_code == 200
    assert ERROR_SUMMARY in html and 'href="#id_amount"' in html
    assert words in field_error(html, "amount")
    assert not SavingsLine.objects.exists()


def test_a_year_outside_the_programmes_mtfs_is_refused_on_the_form(world):
    f.MtfsFactory(programme=world.records["programme"])
    response = add_line(world, financial_year=financial_year(2031).pk)
    html = response.content.decode()
    assert ERROR_SUMMARY in html
    assert "2031/32 is outside the programme's MTFS (2024/25 to 2027/28)." in field_error(html, "financial_year")
    assert not SavingsLine.objects.exists()


def test_a_line_added_on_the_form_is_proposed_with_its_reason(world):
    response = add_line(world, reason="From the 2025 budget round")
    line = SavingsLine.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/projects/{line.project_id}/"
    assert (line.amount_pence, line.state, line.cashable) == (25_000_00, LineState.PROPOSED, True)
    assert line.events.get().reason == "From the 2025 budget round"


def test_a_project_lead_adds_lines_only_to_projects_they_lead(world):
    assert add_line(world, "lead", project=world.records["led"].pk).status_code == 302
    response = add_line(world, "lead", project=world.records["plain"].pk)
    assert response.status_code == 200 and "Select a valid choice" in field_error(response.content.decode(), "project")
    assert SavingsLine.objects.count() == 1


def action(world: Any, user: str, line: SavingsLine, name: str, data: dict[str, Any] | None = None) -> Any:
    client = Client()
    client.force_login(world.users[user])
    url = f"/org/home/money/lines/{line.pk}/{name}/"
    return client.post(url, data) if data is not None else client.get(url)


def approved_line(world: Any, project: str = "led", **extra: Any) -> SavingsLine:
    return f.SavingsLineFactory(project=world.records[project], financial_year=financial_year(2025),
                                amount_pence=100_000_00, state=LineState.APPROVED, **extra)


def test_a_project_lead_confirming_delivery_gets_403_with_the_reason_and_nothing_changes(world):
    line = approved_line(world)
    response = action(world, "lead", line, "deliver", {"delivered": "100000", "reason": "Done"})
    assert response.status_code == 403
    assert "Only the finance officer can confirm a saving as delivered." in response.content.decode()
    line.refresh_from_db()
    assert (line.state, line.delivered_pence, line.events.count()) == (LineState.APPROVED, 0, 0)


def test_the_finance_officer_confirms_delivery_on_the_form(world):
    line = approved_line(world)
    form = action(world, "finance", line, "deliver").content.decode()
    assert 'value="100,000"' in form  # the amount delivered starts as the full amount
    response = action(world, "finance", line, "deliver", {"delivered": "£80k", "remainder": "carry_forward",
                                                           "carry_to": financial_year(2026).pk,
                                                           "reason": "Most of it"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.state, line.delivered_pence, line.carried_forward_pence) == ("delivered", 80_000_00, 20_000_00)
    assert line.carried_to.get().financial_year.start_year == 2026


def test_a_short_delivery_without_saying_what_happens_to_the_rest_is_refused_on_the_form(world):
    line = approved_line(world)
    response = action(world, "finance", line, "deliver", {"delivered": "50,000", "reason": "Half"})
    html = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY in html
    assert "Say what happens to the rest" in field_error(html, "remainder")
    line.refresh_from_db()
    assert line.state == LineState.APPROVED


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"delivered": "£1,2x0", "reason": "x"}, "delivered", "is not an amount of money"),
    ({"delivered": "-5", "reason": "x"}, "delivered", "must be £0 or more"),
    ({"delivered": "100000"}, "reason", "Enter the reason"),
])
def test_bad_input_on_an_action_form_shows_the_error_summary(world, data, field, words):
    line = approved_line(world)
    html = action(world, "finance", line, "deliver", data).content.decode()
    assert ERROR_SUMMARY in html and words in field_error(html, field)
    line.refresh_from_db()
    assert line.state == LineState.APPROVED and not line.events.exists()


def test_a_state_the_action_does_not_fit_is_refused_with_the_ledgers_reason(world):
    line = f.SavingsLineFactory(project=world.records["plain"], state=LineState.PROPOSED)
    response = action(world, "finance", line, "deliver", {"delivered": "100000", "reason": "Done"})
    html = htmllib.unescape(response.content.decode())
    assert response.status_code == 200 and ERROR_SUMMARY in html
    assert "A proposed saving cannot be confirmed as delivered." in html
    assert action(world, "finance", line, "deliver").status_code == 302  # the page sends back to the line


def test_only_the_actions_the_ledger_allows_are_offered(world):
    line = approved_line(world, cashable=False)
    client = Client()
    for user, shown, hidden in (
        ("finance", ["Confirm as delivered", "Write off saving", "Convert to cashable"], []),
        ("lead", ["Save forecast"], ["Confirm as delivered", "Approve saving", "Write off saving"]),
        ("viewer", [], ["Confirm as delivered", "Save forecast"]),
    ):
        client.force_login(world.users[user])
        html = client.get(f"/org/home/money/lines/{line.pk}/").content.decode()
        assert all(label in html for label in shown), user
        assert not any(label in html for label in hidden), user


def test_a_forecast_on_the_form_is_recorded(world):
    line = approved_line(world)
    response = action(world, "lead", line, "forecast", {"forecast": "£75,000", "reason": "Late start"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.forecast_pence == 75_000_00
    assert line.events.get().reason == "Late start"


def test_the_edit_form_leaves_an_approved_lines_money_alone(world):
    line = approved_line(world, project="plain")
    client = Client()
    client.force_login(world.users["programme"])
    url = f"/org/home/money/lines/{line.pk}/edit/"
    assert "Fixed once approved" in client.get(url).content.decode()
    response = client.post(url, {"title": "Agency staff", "amount": "1", "recurrence": "one_off"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.title, line.amount_pence, line.recurrence) == ("Agency staff", 100_000_00, "recurring")


def test_the_project_ledger_shows_each_change_with_who_when_and_why(world):
    line = ledger.create_line(actor=world.users["programme"], reason="Budget round", organisation=world.home,
                              project=world.records["plain"], financial_year=financial_year(2025),
                              amount_pence=10_000_00, title="Fewer agency staff")
    ledger.approve_line(line, actor=world.users["finance"], reason="Agreed at full council")
    text = text_of(page(world, "viewer", f"/org/home/money/projects/{world.records['plain'].pk}/"))
    assert "Fewer agency staff" in text
    assert "Agreed at full council" in text and "finance" in text and "Approved" in text


def test_budget_lines_are_added_in_pounds(world):
    client = Client()
    client.force_login(world.users["finance"])
    response = client.post("/org/home/money/budget-lines/add/", {"code": "CC1", "title": "Libraries",
                                                                 "budget": "£1.2m"})
    assert response.status_code == 302
    assert policy.readable(f.BudgetLineFactory._meta.model.objects.all(), world.users["finance"]).get(
        code="CC1").budget_pence == 1_200_000_00
    html = client.post("/org/home/money/budget-lines/add/", {"code": "CC2", "title": "x", "budget": "-5"}).content
    assert ERROR_SUMMARY in html.decode()


def test_a_filter_that_is_not_valid_says_so_and_counts_everything(world):
    populate(world)
    html = page(world, url=TRACKER + "?workstream=999999&recurrence=sometimes")
    assert ERROR_SUMMARY in html
    assert "The figures count only the savings that match the filters" not in text_of(html)
