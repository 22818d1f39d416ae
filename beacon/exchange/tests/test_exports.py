"""List downloads and ``beacon export``: the page's records, through the page's policy and filters."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from beacon.core.tests.test_spreadsheets import read_ods
from beacon.exchange.exports import LISTS, export_table
from beacon.testing import factories as f
from beacon.testing.url_table import PERSONAS
from beacon.testing.world import World

pytestmark = pytest.mark.django_db
PROJECTS = "/org/home/projects/"


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def codes(response) -> set[str]:
    return {row["Code"] for row in rows_of(response)}


def test_programme_manager_gets_every_project_and_the_viewer_no_confidential_one(world: World, login):
    manager = codes(login(world.users["programme"]).get(PROJECTS, {"download": "csv"}))
    assert manager == {"PUB-1", "INT-1", "CONF-1", "LEAD-1"}
    viewer = login(world.users["viewer"]).get(PROJECTS, {"download": "csv"})
    assert codes(viewer) == {"PUB-1", "INT-1", "LEAD-1"}
    assert b"Secret depot closure" not in viewer.content and b"negotiations with the union" not in viewer.content


def test_the_lead_gets_the_confidential_project_they_lead(world: World, login):
    assert "CONF-1" in codes(login(world.users["lead"]).get(PROJECTS, {"download": "csv"}))


def test_another_councils_records_never_appear(world: World, login):
    client = login(world.users["programme"])
    for fmt in ("csv", "xlsx", "ods"):
        content = client.get(PROJECTS, {"download": fmt}).content
        assert b"OTH-1" not in content and b"Other council" not in content
    # The outsider (programme manager elsewhere) is not told this council's list exists.
    assert login(world.users["outsider"]).get(PROJECTS, {"download": "csv"}).status_code == 404


def test_the_download_holds_what_the_filters_chose_on_every_page(world: World, login):
    client = login(world.users["programme"])
    assert codes(client.get(PROJECTS, {"download": "csv", "q": "INT"})) == {"INT-1"}
    assert codes(client.get(PROJECTS, {"download": "csv", "confidential": "true"})) == {"CONF-1"}
    for number in range(60):  # more than one page of 50
        f.ProjectFactory(programme=world.records["programme"], code=f"BULK-{number:02}", title=f"Bulk {number}")
    assert len(rows_of(client.get(PROJECTS, {"download": "csv"}))) == 64


def test_the_columns_read_as_a_council_reads_them(world: World, login):
    project = world.records["plain"]
    project.title = "=HYPERLINK(\"http://evil.example\")"
    project.fte_change = Decimal("-2.5")
    project.save()
    response = login(world.users["programme"]).get(PROJECTS, {"download": "csv", "code": "INT-1"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="home-projects-\d{4}-\d{2}-\d{2}\.csv"',
                        response["Content-Disposition"])
    assert "no-store" in response["Cache-Control"]
    [row] = rows_of(response)
    assert list(row)[:2] == ["Code", "Title"]
    assert "Organisation" not in row and "Created by" not in row
    assert row["Title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["Programme"] == "Home Transformation Programme"
    assert row["Workstream"] == "Digital"
    assert row["Stage"] == project.get_stage_display()
    assert row["Confidential"] == "No"
    assert row["Change in staff (FTE)"] == "-2.5"


def test_money_is_pounds_as_numbers(world: World, login):
    f.BudgetLineFactory(organisation=world.home, code="BL-1", title="Libraries", budget_pence=123456789)
    response = login(world.users["finance"]).get("/org/home/money/budget-lines/", {"download": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert "Budget (£)" in headings
    budget = sheet.cell(row=2, column=headings.index("Budget (£)") + 1)
    assert budget.value == pytest.approx(1234567.89) and budget.number_format == "£#,##0.00"


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_each_format_opens_and_escapes_formulas(fmt, world: World, login):
    world.records["plain"].title = "@SUM(A1)"
    world.records["plain"].save()
    response = login(world.users["programme"]).get(PROJECTS, {"download": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "xlsx":
        rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).worksheets[0].values]
    elif fmt == "ods":
        rows = read_ods(response.content)["Projects"]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Code", "Title"]
    assert ["INT-1", "'@SUM(A1)"] in [row[:2] for row in rows]


def test_an_unknown_format_is_a_clear_400(world: World, login):
    response = login(world.users["programme"]).get(PROJECTS, {"download": "pdf"})
    assert response.status_code == 400
    assert "“pdf” is not a download format" in response.content.decode()


def test_the_list_page_links_to_its_downloads_with_its_filters(world: World, login):
    page = login(world.users["programme"]).get(PROJECTS, {"q": "INT", "page": "1"}).content.decode()
    assert 'href="?q=INT&amp;download=xlsx"' in page
    assert 'href="?q=INT&amp;download=ods"' in page
    assert 'href="?q=INT&amp;download=csv"' in page
    assert "Download this list" in page


def test_the_tracker_downloads_its_savings_lines(world: World, login):
    f.SavingsLineFactory(project=world.records["plain"], title="Open saving")
    f.SavingsLineFactory(project=world.records["secret"], title="Secret saving")
    tracker = "/org/home/money/"
    assert "download=csv" in login(world.users["viewer"]).get(tracker).content.decode()
    viewer = {row["Title"] for row in rows_of(login(world.users["viewer"]).get(tracker, {"download": "csv"}))}
    assert viewer == {"Open saving"}
    finance = {row["Title"] for row in rows_of(login(world.users["finance"]).get(tracker, {"download": "csv"}))}
    assert finance == {"Open saving", "Secret saving"}


def project_export_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROJECTS, {"download": "xlsx"}).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(world: World, login):
    client = login(world.users["programme"])
    programme = world.records["programme"]
    for number in range(2):
        f.ProjectFactory(programme=programme, workstream=f.WorkstreamFactory(programme=programme),
                         phase=f.PhaseFactory(programme=programme), lead=f.UserFactory(), code=f"A-{number}")
    few = project_export_queries(client)
    for number in range(18):
        f.ProjectFactory(programme=programme, workstream=f.WorkstreamFactory(programme=programme),
                         phase=f.PhaseFactory(programme=programme), lead=f.UserFactory(), code=f"B-{number}")
    assert project_export_queries(client) == few


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_list_reads_a_record_per_row(name, world: World):
    """Every list exports with no query repeated per row (the world has several records of most kinds)."""
    with CaptureQueriesContext(connection) as queries:
        table = export_table(name, world.home, world.users["admin"])
        rows = list(table.rows)
    shapes = Counter(re.sub(r"\b\d+\b", "N", query["sql"]) for query in queries)
    repeated = [sql for sql, count in shapes.items() if count > 1]
    assert not repeated, f"{name}: {len(rows)} rows, repeated queries {repeated}"
    assert all(len(row) == len(table.headings) for row in rows)


def test_every_role_gets_the_download_as_it_gets_the_page(world: World, client):
    """(The URL × role table holds rows for two downloads; this covers more lists.)"""
    pages = ["/org/home/projects/", "/org/home/milestones/", "/org/home/performance/kpis/", "/org/home/risks/",
             "/org/home/governance/decisions/", "/org/home/money/", "/org/home/money/contracts/"]
    for path in pages:
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            page = client.get(path).status_code
            download = client.get(path, {"download": "csv"}).status_code
            assert download == page, f"{persona} {path}: page {page}, download {download}"


# The command ----------------------------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_writes_csv_to_standard_output_with_every_record(world: World):
    content = run("projects", "--organisation", "home")
    assert not content.startswith("\ufeff")
    found = {row["Code"] for row in csv.DictReader(io.StringIO(content, newline=""))}
    assert found == {"PUB-1", "INT-1", "CONF-1", "LEAD-1"}  # every record of the organisation, none of another


def test_the_command_applies_the_policy_as_a_user(world: World):
    content = run("projects", "--organisation", "home", "--user", "viewer")
    assert {row["Code"] for row in csv.DictReader(io.StringIO(content, newline=""))} == {"PUB-1", "INT-1", "LEAD-1"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_command_writes_a_file(fmt, world: World, tmp_path):
    path = tmp_path / f"kpis.{fmt}"
    run("kpis", "--organisation", "home", "--output", str(path))
    content = path.read_bytes()
    if fmt == "xlsx":
        titles = [row[1] for row in load_workbook(io.BytesIO(content)).worksheets[0].values]
    else:
        titles = [row[1] for row in read_ods(content)["Key performance indicators"]]
    assert "Secret agency staff spend" in titles and "Other council's KPI" not in titles


def test_the_command_exports_savings_lines_and_observations(world: World):
    f.SavingsLineFactory(project=world.records["plain"], title="Open saving")
    assert "Open saving" in run("savings-lines", "--organisation", "home")
    observations = run("observations", "--organisation", "home", "--user", "viewer")
    assert "Residents' survey" in observations and "Secret agency note" not in observations


@pytest.mark.parametrize(("args", "message"), [
    (["nonsense", "--organisation", "home"], "Unknown list"),
    (["projects", "--organisation", "nowhere"], "No organisation"),
    (["projects", "--organisation", "home", "--format", "pdf"], "Unknown format"),
    (["projects", "--organisation", "home", "--format", "xlsx"], "give --output"),
    (["projects", "--organisation", "home", "--user", "nobody"], "No user"),
    (["projects", "--organisation", "home", "--user", "outsider"], "holds no role"),
])
def test_the_command_refuses_with_exit_code_2(args, message, world: World):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2
