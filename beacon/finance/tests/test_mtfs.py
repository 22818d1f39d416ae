"""The MTFS pages: the year-by-year position (the MTFS's figures, the programme's target and what its savings
lines approve, forecast and deliver, BRAG in words, cumulative totals, sources, illustrative years) and the form
that edits an MTFS with its years, refusing bad input with a reason and changing nothing."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.finance.forms_mtfs import MtfsYearTable, outside_mtfs
from beacon.finance.models import LineState, Mtfs, MtfsYear, Recurrence
from beacon.finance.views.mtfs import programme_target
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = "There is a problem"
M = 100_000_000  # £1m in pence


def text(response: Any) -> str:
    """The page's text with tags removed and white space collapsed, for reading figures in context."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", htmllib.unescape(body))


def make_mtfs(world: Any, **extra: Any) -> Mtfs:
    mtfs = f.MtfsFactory(programme=world.records["programme"], title="MTFS 2024/25 to 2027/28",
                         source="Budget report to full council, February 2024", **extra)
    f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(2024), savings_required_pence=10 * M,
                      programme_target_pence=4 * M, funding_gap_pence=20 * M)
    f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(2025), savings_required_pence=5 * M,
                      programme_target_pence=None, funding_gap_pence=25 * M, illustrative=True,
                      note="Spread evenly over the remaining years")
    return mtfs


def lines(world: Any) -> None:
    plain, secret = world.records["plain"], world.records["secret"]
    f.SavingsLineFactory(project=plain, financial_year=financial_year(2024), amount_pence=3 * M,
                         forecast_pence=38 * M // 10, state=LineState.APPROVED)
    f.SavingsLineFactory(project=plain, financial_year=financial_year(2024), amount_pence=1 * M,
                         delivered_pence=1 * M, state=LineState.DELIVERED, recurrence=Recurrence.RECURRING)
    f.SavingsLineFactory(project=secret, financial_year=financial_year(2025), amount_pence=2 * M,
                         state=LineState.APPROVED)
    f.SavingsLineFactory(project=plain, financial_year=financial_year(2025), amount_pence=7 * M,
                         state=LineState.PROPOSED)


def year_data(start: int, **values: str) -> dict[str, str]:
    """The posted inputs of one row of the year table."""
    data = {f"year-{start}-{name}": "" for name in ("funding_gap", "savings_required", "programme_target")}
    data.update({f"year-{start}-{name}": value for name, value in values.items()})
    return data


def mtfs_data(world: Any, first: int = 2024, last: int = 2025, **extra: Any) -> dict[str, Any]:
    data = {
        "title": "Medium-term financial strategy 2024-26",
        "programme": world.records["programme"].pk,
        "start_year": financial_year(first).pk,
        "end_year": financial_year(last).pk,
        "source": "Cabinet report, 20 February 2024",
    }
    for start in range(first, last + 1):
        data.update(year_data(start, savings_required="£1,200,000", funding_gap="2.5m"))
    data.update(extra)
    return data


def assert_refused(response: Any, *messages: str) -> str:
    assert response.status_code == 200
    page = text(response)
    assert ERROR_SUMMARY in page
    for message in messages:
        assert message in page, message
    return page


# The MTFS page ---------------------------------------------------------------------------------------------------


def test_the_page_shows_each_year_against_the_programme_savings(world, login):
    mtfs = make_mtfs(world)
    lines(world)
    page = text(login(world.users["finance"]).get(f"/org/home/money/mtfs/{mtfs.pk}/"))
    # 2024/25: target £4m (the programme's share of £10m); approved £4m, forecast £4.8m, delivered £1m: Green.
    assert "2024/25 £20,000,000 £10,000,000 £4,000,000 2025/26" in page
    assert "2024/25 £4,000,000 £4,000,000 £4,800,000 £1,000,000 -£800,000 Green: on track" in page
    # 2025/26: no share set, so the target is all of the £5m; the secret project's £2m counts for finance.
    assert "2025/26 Illustrative £25,000,000 £5,000,000 £5,000,000 (all of it)" in page
    assert "2025/26 £5,000,000 £2,000,000 £2,000,000 £0 £3,000,000 Red: off track" in page
    assert "2026/27 Not set Not set Not set" in page
    assert "2026/27 Not set £0 £0 £0 None No target" in page
    assert "Total Not totalled : each year's funding gap stands on its own £15,000,000 £9,000,000" in page
    assert "Total £9,000,000 £6,000,000 £6,800,000 £1,000,000 £2,200,000 Red: off track" in page
    # Cumulative: the recurring £1m of 2024/25 stays in the base in 2025/26.
    assert "2025/26 £9,000,000 £6,000,000 £6,800,000 £1,000,000 £2,200,000 Red: off track" in page
    assert "Budget report to full council, February 2024" in page
    assert "Note on 2025/26 Spread evenly over the remaining years" in page
    assert "Years marked Illustrative hold figures that no published source gives" in page
    assert "count only the savings lines your role may see" not in page


def test_a_viewer_sees_the_figures_without_confidential_projects_and_is_told(world, login):
    mtfs = make_mtfs(world)
    lines(world)
    response = login(world.users["viewer"]).get(f"/org/home/money/mtfs/{mtfs.pk}/")
    page = text(response)
    assert "2025/26 £5,000,000 £0 £0 £0 £5,000,000 Red: off track" in page
    assert "These figures count only the savings lines your role may see." in page
    assert f"/org/home/money/mtfs/{mtfs.pk}/edit/" not in response.content.decode()


def test_programme_target_falls_back_to_the_whole_requirement():
    assert programme_target(MtfsYear(savings_required_pence=5 * M, programme_target_pence=None)) == 5 * M
    assert programme_target(MtfsYear(savings_required_pence=5 * M, programme_target_pence=2 * M)) == 2 * M


def test_the_list_shows_each_mtfs_with_its_total(world, login):
    make_mtfs(world)
    f.MtfsFactory(programme=world.records["other_programme"], title="Other council's MTFS")
    page = text(login(world.users["viewer"]).get("/org/home/money/mtfs/"))
    assert "MTFS 2024/25 to 2027/28 2024/25 to 2027/28 Home Transformation Programme £15,000,000" in page
    assert "Other council's MTFS" not in page
    assert "Add an MTFS" not in page
    assert "Add an MTFS" in text(login(world.users["finance"]).get("/org/home/money/mtfs/"))


def test_the_list_page_costs_the_same_queries_for_many_mtfs(world, login):
    client = login(world.users["finance"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/org/home/money/mtfs/").status_code == 200
        return len(queries)

    make_mtfs(world)
    few = count()
    for _ in range(12):
        make_mtfs(world)
    assert count() == few


# The form --------------------------------------------------------------------------------------------------------


def test_the_add_form_offers_a_row_per_year_of_a_four_year_mtfs(world, login):
    page = login(world.users["finance"]).get("/org/home/money/mtfs/add/").content.decode()
    rows = re.findall(r'name="year-(\d{4})-funding_gap"', page)
    assert len(rows) == 4 and [int(year) for year in rows] == list(range(int(rows[0]), int(rows[0]) + 4))
    assert "Update the years shown" in page


def test_an_mtfs_is_added_with_its_years_in_pounds(world, login):
    data = mtfs_data(world)
    data.update(year_data(2025, savings_required="£1,200,000", funding_gap="2.5m", programme_target="£400k",
                          illustrative="on"))
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    mtfs = Mtfs.objects.get(title="Medium-term financial strategy 2024-26")
    assert response.status_code == 302 and response["Location"] == f"/org/home/money/mtfs/{mtfs.pk}/"
    years = list(mtfs.years.order_by("financial_year__start_year").values_list(
        "financial_year__label", "savings_required_pence", "funding_gap_pence", "programme_target_pence",
        "illustrative", "created_by__username",
    ))
    assert years == [
        ("2024/25", 1_200_000_00, 2_500_000_00, None, False, "finance"),
        ("2025/26", 1_200_000_00, 2_500_000_00, 400_000_00, True, "finance"),
    ]
    assert mtfs.created_by == world.users["finance"] and mtfs.organisation == world.home


@pytest.mark.parametrize(("typed", "message"), [
    ("£1,2x0", "“£1,2x0” is not an amount of money: write it like £1,200,000, 1.2m or £250k."),
    ("-£50,000", "The amount must be £0 or more."),
])
def test_a_bad_amount_in_a_year_is_refused_and_nothing_saved(world, login, typed, message):
    data = mtfs_data(world)
    data.update(year_data(2025, savings_required=typed))
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    page = assert_refused(response, f"2025/26: {message}")
    assert 'href="#id_year-2025-savings_required"' in response.content.decode()
    assert typed in htmllib.unescape(response.content.decode())
    assert "Savings required, 2025/26" in page
    assert not Mtfs.objects.exists() and not MtfsYear.objects.exists()


def test_a_year_outside_the_mtfs_is_refused_with_the_reason(world, login):
    data = mtfs_data(world, first=2024, last=2025)
    data.update(year_data(2027, savings_required="£3m"))
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    assert_refused(response, "2027/28 is outside the MTFS (2024/25 to 2025/26). Clear its figures, or change the "
                             "first or last year.")
    assert 'href="#id_year-2027-funding_gap"' in response.content.decode()
    assert not Mtfs.objects.exists()


def test_a_blank_row_outside_the_mtfs_is_ignored(world, login):
    data = mtfs_data(world, first=2024, last=2025)
    data.update(year_data(2026))
    assert login(world.users["finance"]).post("/org/home/money/mtfs/add/", data).status_code == 302
    assert list(MtfsYear.objects.values_list("financial_year__label", flat=True).order_by("financial_year")) == [
        "2024/25", "2025/26"
    ]


def test_an_end_year_before_the_start_year_is_refused(world, login):
    data = mtfs_data(world, first=2025, last=2025)
    data["end_year"] = financial_year(2024).pk
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    assert_refused(response, "The last year must be the same as or after the first year.")
    assert not Mtfs.objects.exists()


def test_another_organisations_programme_cannot_be_chosen(world, login):
    data = mtfs_data(world, programme=world.records["other_programme"].pk)
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    assert_refused(response, "Select a valid choice")
    assert not Mtfs.objects.exists()


def test_the_programme_share_cannot_exceed_the_savings_required(world, login):
    data = mtfs_data(world)
    data.update(year_data(2024, savings_required="£1m", programme_target="£2m"))
    response = login(world.users["finance"]).post("/org/home/money/mtfs/add/", data)
    assert_refused(response, "2024/25: The programme's share cannot be more than the savings required.")
    assert not Mtfs.objects.exists()


def test_a_changed_span_without_its_rows_is_refused_until_the_new_years_are_seen(world, login):
    mtfs = make_mtfs(world)
    client = login(world.users["finance"])
    data = mtfs_data(world, first=2024, last=2025, title=mtfs.title)
    data["end_year"] = financial_year(2026).pk
    response = client.post(f"/org/home/money/mtfs/{mtfs.pk}/edit/", data)
    assert_refused(response, "The years of the MTFS changed: enter the figures for 2026/27, then save again.")
    assert 'name="year-2026-funding_gap"' in response.content.decode()
    mtfs.refresh_from_db()
    assert mtfs.end_year.start_year == 2027 and mtfs.years.count() == 2


def test_update_the_years_shown_redraws_the_rows_without_saving(world, login):
    client = login(world.users["finance"])
    data = mtfs_data(world, first=2024, last=2025)
    data["end_year"] = financial_year(2027).pk
    data["redraw"] = "1"
    response = client.post("/org/home/money/mtfs/add/", data)
    page = response.content.decode()
    assert response.status_code == 200 and ERROR_SUMMARY not in page
    assert re.findall(r'name="year-(\d{4})-funding_gap"', page) == ["2024", "2025", "2026", "2027"]
    assert 'value="£1,200,000"' in htmllib.unescape(page)
    assert "Nothing is saved yet" in page
    assert not Mtfs.objects.exists()


def test_editing_replaces_the_years_and_narrowing_drops_cleared_ones(world, login):
    mtfs = make_mtfs(world)
    client = login(world.users["programme"])
    page = client.get(f"/org/home/money/mtfs/{mtfs.pk}/edit/").content.decode()
    assert 'name="year-2024-savings_required" value="10,000,000"' in page
    assert re.findall(r'name="year-(\d{4})-funding_gap"', page) == ["2024", "2025", "2026", "2027"]
    data = mtfs_data(world, first=2024, last=2024, title="MTFS one year")
    data.update(year_data(2025))  # the 2025/26 row, cleared
    response = client.post(f"/org/home/money/mtfs/{mtfs.pk}/edit/", data)
    assert response.status_code == 302
    mtfs.refresh_from_db()
    assert mtfs.title == "MTFS one year" and mtfs.end_year.start_year == 2024
    assert list(mtfs.years.values_list("financial_year__label", "savings_required_pence")) == [
        ("2024/25", 1_200_000_00)
    ]


def test_narrowing_while_a_dropped_year_still_has_figures_is_refused(world, login):
    mtfs = make_mtfs(world)
    data = mtfs_data(world, first=2024, last=2024, title="MTFS one year")
    data.update(year_data(2025, savings_required="5,000,000"))
    response = login(world.users["finance"]).post(f"/org/home/money/mtfs/{mtfs.pk}/edit/", data)
    assert_refused(response, "2025/26 is outside the MTFS (2024/25 to 2024/25).")
    mtfs.refresh_from_db()
    assert mtfs.title == "MTFS 2024/25 to 2027/28" and mtfs.years.count() == 2


def test_the_year_table_reads_only_the_years_of_the_span(world):
    mtfs = make_mtfs(world)
    table = MtfsYearTable(mtfs, span=(2024, 2027))
    assert [row.financial_year.label for row in table.rows] == ["2024/25", "2025/26", "2026/27", "2027/28"]
    assert table.rows[0].initial["savings_required"] == 10 * M
    assert outside_mtfs(financial_year(2028), financial_year(2024), financial_year(2027)) == \
        "2028/29 is outside the MTFS (2024/25 to 2027/28)."
    assert outside_mtfs(financial_year(2027), financial_year(2024), financial_year(2027)) == ""
