"""Importing each record type from .xlsx, .ods and .csv: the dry run names every bad cell and writes nothing, an
import is all or nothing, and the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beacon.exchange import readers
from beacon.exchange.importer import apply_plan, plan_import
from beacon.exchange.kinds import KINDS
from beacon.exchange.tests.files import csv_bytes, ods_bytes, xlsx_bytes
from beacon.finance.models import LineState, SavingsEvent, SavingsLine
from beacon.performance.models import Frequency, Kpi, Observation
from beacon.programmes.models import Milestone, Programme, Project
from beacon.risks.models import Risk
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def plan_of(kind_name, organisation, data, *, actor=None, mapping=None):
    kind = KINDS[kind_name](organisation, actor)
    sheets = readers.read_sheets(data, readers.detect_format(data))
    return kind, plan_import(kind, sheets, mapping=mapping)


def run(kind_name, organisation, data, **kwargs):
    kind, plan = plan_of(kind_name, organisation, data, **kwargs)
    assert plan.ok, [str(problem) for problem in plan.problems]
    return apply_plan(kind, plan)


@pytest.fixture
def council():
    organisation = f.OrganisationFactory(slug="testshire", name="Testshire Council")
    programme = f.ProgrammeFactory(organisation=organisation, code="TP", title="Transformation Programme")
    f.WorkstreamFactory(programme=programme, code="DIG", title="Digital")
    return organisation


PROJECT_ROWS = [
    ["Testshire Council transformation projects", None, None],  # a title row above the headings
    [],
    ["Project code", "Title", "Programme", "Workstream", "Stage", "Delivery confidence", "Start date", "Public"],
    ["  TP-01 ", "Digital front door", "TP", "digital", "Delivery", "Amber/green", dt.date(2024, 4, 1), "Yes"],
    [None, None, None, None, None, None, None, None],
    ["TP-02", "Libraries review", "Transformation Programme", None, None, None, "21/03/2024", "no"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_projects_from_each_format_with_a_heading_row_below_a_title(council, fmt):
    data = {"xlsx": lambda: xlsx_bytes({"Projects": PROJECT_ROWS}),
            "ods": lambda: ods_bytes({"Projects": PROJECT_ROWS}),
            "csv": lambda: csv_bytes([[("" if v is None else v) for v in row] for row in PROJECT_ROWS])}[fmt]()
    counts = run("projects", council, data)
    assert counts == {"created": 2, "updated": 0, "unchanged": 0}
    first = Project.objects.get(organisation=council, code="TP-01")
    assert (first.title, first.workstream.title, first.stage, first.delivery_confidence, first.public) == (
        "Digital front door", "Digital", "delivery", "amber_green", True)
    assert first.start_date == dt.date(2024, 4, 1)
    assert Project.objects.get(code="TP-02").start_date == dt.date(2024, 3, 21)
    # The same file again changes nothing, and writes no history.
    history = Project.history.count()
    assert run("projects", council, data) == {"created": 0, "updated": 0, "unchanged": 2}
    assert Project.history.count() == history


def test_a_changed_cell_updates_only_that_record_and_a_blank_erases_nothing(council):
    run("projects", council, xlsx_bytes({"Projects": PROJECT_ROWS}))
    changed = [row[:] for row in PROJECT_ROWS]
    changed[3][1] = "Digital front door (phase 2)"
    changed[5][6] = None  # a blank start date leaves the date as it is
    assert run("projects", council, xlsx_bytes({"Projects": changed})) == {"created": 0, "updated": 1, "unchanged": 1}
    assert Project.objects.get(code="TP-01").title == "Digital front door (phase 2)"
    assert Project.objects.get(code="TP-02").start_date == dt.date(2024, 3, 21)
    assert Project.history.filter(code="TP-01").first().history_change_reason == "Imported (projects)"


def test_every_bad_cell_is_named_and_nothing_is_written(council):
    rows = [
        ["Project code", "Title", "Programme", "Stage", "Start date", "Public"],
        ["TP-01", "Fine", "TP", "Delivery", "01/04/2024", "Yes"],
        ["TP-02", "Bad stage", "TP", "Nearly done", "01/04/2024", "Yes"],
        ["TP-03", "Bad date", "TP", "Delivery", "31/02/2024", "perhaps"],
        ["TP-04", "No such programme", "XX", "Delivery", None, None],
        ["TP-01", "Twice", "TP", None, None, None],
        [None, "No code", "TP", None, None, None],
    ]
    kind, plan = plan_of("projects", council, xlsx_bytes({"Projects": rows}))
    found = {(p.row, p.column, p.value) for p in plan.problems}
    assert found == {
        (3, "D (Stage)", "Nearly done"), (4, "E (Start date)", "31/02/2024"), (4, "F (Public)", "perhaps"),
        (5, "C (Programme)", "XX"), (6, "", ""), (7, "A (Project code)", ""),
    }
    assert {p.sheet for p in plan.problems} == {"Projects"}
    why = {(p.row, p.column): p.why for p in plan.problems}
    assert why[(5, "C (Programme)")] == "There is no programme with this code or title."
    assert why[(6, "")] == "TP-01 is also on row 2: each record once."
    assert why[(7, "A (Project code)")] == "“Project code” is needed."
    with pytest.raises(Exception, match="problem"):
        apply_plan(kind, plan)
    assert not Project.objects.filter(organisation=council).exists()


def test_missing_columns_and_no_heading_row(council):
    _, plan = plan_of("projects", council, csv_bytes([["Scheme", "Cost centre"], ["A", "B"]]))
    assert [p.why for p in plan.problems] == [
        "No heading row was found in the first 30 rows. The projects need columns headed “Project code”, "
        "“Title”: add them, or map your own headings to them."]
    _, plan = plan_of("projects", council, csv_bytes([["Project code", "Programme"], ["A", "TP"]]))
    assert [p.why for p in plan.problems] == ["There is no column for “Title”: add one, or map your heading to it."]


def test_a_councils_own_headings_mapped(council):
    data = csv_bytes([["Our ref", "Scheme name", "Prog"], ["TP-09", "Waste round redesign", "TP"]])
    _, plan = plan_of("projects", council, data)
    assert not plan.ok
    counts = run("projects", council, data, mapping={"Our ref": "code", "Scheme name": "title", "Prog": "programme"})
    assert counts["created"] == 1
    assert Project.objects.get(code="TP-09").title == "Waste round redesign"


@pytest.fixture
def kpis(council):
    return {
        "Q": f.KpiFactory(organisation=council, code="CALLS", frequency=Frequency.QUARTERLY, unit="percent"),
        "M": f.KpiFactory(organisation=council, code="FOI", frequency=Frequency.MONTHLY),
        "A": f.KpiFactory(organisation=council, code="BANDD", frequency=Frequency.ANNUAL),
    }


def test_observations_periods_and_percentages_in_every_form(council, kpis):
    data = xlsx_bytes({"Observations": [
        ["KPI code", "Period", "Value", "Note"],
        ["CALLS", "2024/25 Q1", 0.953, "Percent-formatted cell"],
        ["calls", "Q2 2024-25", "96.1%", None],
        ["FOI", "April 2024", " 1,234 ", None],
        ["BANDD", "2024-25", "1525.46", None],
    ]}, percent_cells={("Observations", 2, 3)})
    assert run("observations", council, data)["created"] == 4
    values = dict(Observation.objects.filter(organisation=council).values_list("kpi__code", "value").order_by("pk"))
    assert values == {"CALLS": Decimal("96.1"), "FOI": Decimal("1234"), "BANDD": Decimal("1525.46")}
    quarterly = Observation.objects.filter(kpi=kpis["Q"]).order_by("period_start")
    assert list(quarterly.values_list("period_start", "value")) == [
        (dt.date(2024, 4, 1), Decimal("95.3")), (dt.date(2024, 7, 1), Decimal("96.1"))]
    assert Observation.history.filter(kpi_id=kpis["Q"].pk).count() == 2
    assert run("observations", council, data) == {"created": 0, "updated": 0, "unchanged": 4}


def test_an_observation_for_a_period_that_has_one_corrects_it(council, kpis):
    f.ObservationFactory(kpi=kpis["Q"], period_start=dt.date(2024, 4, 1), value=90, note="First count")
    counts = run("observations", council, csv_bytes([["KPI code", "Period", "Value"], ["CALLS", "2024/25 Q1", "91.5"]]))
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    observation = Observation.objects.get(kpi=kpis["Q"])
    assert (observation.value, observation.note) == (Decimal("91.5"), "First count")
    assert observation.history.first().history_change_reason == "Imported (observations)"


def test_observation_problems(council, kpis):
    _, plan = plan_of("observations", council, csv_bytes([
        ["KPI code", "Period", "Value"], ["CALLS", "May 2024", "90"], ["NOPE", "2024/25 Q1", "1"],
        ["CALLS", "2024/25 Q1", "n/a"],
    ]))
    assert [(p.row, p.column, p.why) for p in plan.problems] == [
        (2, "B (Period)", "“May 2024” is not the start of a quarterly period: 2024/25 Q1 starts on 1 April 2024."),
        (3, "A (KPI code)", "There is no KPI with this code."),
        (4, "C (Value)", "“n/a” is not a number."),
    ]


def test_ten_thousand_rows_with_one_bad_cell_write_nothing_and_name_the_cell(council, kpis):
    rows = [["KPI code", "Period", "Value"]]
    start = dt.date(2010, 1, 1)
    for month in range(10_000):
        day = dt.date(start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1, 1)
        rows.append(["FOI", day.strftime("%B %Y"), str(month)])
    rows[7_778][2] = "12O"  # the file's row 7779, under the heading row  # a letter O typed for a zero
    kind, plan = plan_of("observations", council, csv_bytes(rows))
    assert plan.problem_count == 1
    assert str(plan.problems[0]) == "CSV, row 7779, column C (Value): “12O” is not a number."
    assert plan.data_rows == 10_000
    assert Observation.objects.count() == 0


def test_milestones_matched_by_project_and_title(council):
    project = f.ProjectFactory(programme=council_programme(council), code="TP-01")
    rows = [["Project code", "Milestone", "Due date", "Date done"], ["TP-01", "Go live", "30/09/2025", None],
            ["TP-01", "Close down", "31/03/2026", None]]
    assert run("milestones", council, ods_bytes({"Milestones": rows}))["created"] == 2
    rows[1][3] = "29/09/2025"
    assert run("milestones", council, ods_bytes({"Milestones": rows})) == {"created": 0, "updated": 1, "unchanged": 1}
    assert Milestone.objects.get(project=project, title="Go live").actual_date == dt.date(2025, 9, 29)


def council_programme(council):
    return Programme.objects.get(organisation=council)


def test_kpis_and_risks(council):
    assert run("kpis", council, csv_bytes([
        ["KPI code", "Title", "Unit", "Polarity", "Frequency", "Public"],
        ["CALLS", "Calls answered in 60 seconds", "Percentage", "Higher is better", "Quarterly", "Yes"],
    ]))["created"] == 1
    kpi = Kpi.objects.get(code="CALLS")
    assert (kpi.unit, kpi.frequency, kpi.public) == ("percent", "quarterly", True)
    rows = [["Risk code", "Title", "Programme", "Inherent likelihood", "Inherent impact", "Residual likelihood",
             "Residual impact", "Review date"],
            ["SR08", "Ability to achieve change", "TP", "5", "4", "3", "4", "30/06/2025"]]
    assert run("risks", council, xlsx_bytes({"Risks": rows}))["created"] == 1
    risk = Risk.objects.get(code="SR08")
    assert (risk.inherent_likelihood, risk.residual_impact, risk.programme.code) == (5, 4, "TP")
    rows[1][3] = "6"
    _, plan = plan_of("risks", council, xlsx_bytes({"Risks": rows}))
    assert [(p.column, p.why) for p in plan.problems] == [("D (Inherent likelihood)", "Score it from 1 to 5.")]


def test_savings_lines_by_year_through_the_ledger(council):
    programme = council_programme(council)
    f.ProjectFactory(programme=programme, code="TP-01")
    for year in (2024, 2025):
        f.financial_year(year)
    rows = [["Project code", "Financial year", "Amount (£)", "Title"],
            ["TP-01", "2024/25", "£1,200,000", "Channel shift"], ["TP-01", "2025-26", "1.2m", "Channel shift"],
            ["TP-01", "2025/26", "£250k", "Print contract"]]
    assert run("savings-lines", council, xlsx_bytes({"Savings": rows}))["created"] == 3
    lines = SavingsLine.objects.filter(organisation=council).order_by("financial_year__start_year", "title")
    assert [(line.financial_year.label, line.amount_pence, line.state) for line in lines] == [
        ("2024/25", 120_000_000, LineState.PROPOSED), ("2025/26", 120_000_000, LineState.PROPOSED),
        ("2025/26", 25_000_000, LineState.PROPOSED)]
    assert SavingsEvent.objects.filter(line__organisation=council, reason="Imported (savings lines)").count() == 3
    assert run("savings-lines", council, xlsx_bytes({"Savings": rows}))["unchanged"] == 3
    # Once approved, the money is frozen: an import that changes it is refused, cell by cell.
    SavingsLine.objects.filter(title="Print contract").update(state=LineState.APPROVED)
    rows[3][2] = "£300k"
    rows.append(["TP-01", "2025/26", "(50,000)", "Shortfall"])
    _, plan = plan_of("savings-lines", council, xlsx_bytes({"Savings": rows}))
    assert [(p.row, p.column) for p in plan.problems] == [(4, "C (Amount (£))"), (5, "C (Amount (£))")]
    assert "approved" in plan.problems[0].why
    assert plan.problems[1].why.startswith("A saving is £0 or more")


# The file itself -------------------------------------------------------------------------------------------------


def test_a_renamed_program_is_refused_by_its_content():
    with pytest.raises(readers.UploadRefused, match="Windows program, not a spreadsheet"):
        readers.detect_format(b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(readers.UploadRefused, match="not a spreadsheet or CSV"):
        readers.detect_format(b"\x01\x02\x00\x00binary")
    with pytest.raises(readers.UploadRefused, match="not an Excel or OpenDocument"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hello")
        readers.detect_format(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(readers.UploadRefused, match=r"would unpack to 300.0 MB .* may be a zip bomb"):
        readers.detect_format(data)


def test_an_oversize_file_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(readers.UploadRefused, match="The file is 2 KB; the largest file Beacon imports is 1 KB"):
        readers.detect_format(b"a,b\r\n" * 400)


def test_a_damaged_spreadsheet_is_refused():
    data = xlsx_bytes({"S": [["a"]]})
    damaged = data.replace(b"xl/workbook.xml", b"xl/workbook.xmm", 1)
    with pytest.raises(readers.UploadRefused):
        readers.read_sheets(damaged, readers.detect_format(damaged))


def test_csv_from_excel_in_windows_1252_with_semicolons(council):
    data = csv_bytes([["Project code", "Title", "Programme"], ["TP-05", "Café refurbishment £", "TP"]],
                     encoding="cp1252", delimiter=";")
    run("projects", council, data)
    assert Project.objects.get(code="TP-05").title == "Café refurbishment £"


# The command -----------------------------------------------------------------------------------------------------


def test_command_dry_run_import_and_refusal(council, kpis, tmp_path, capsys):
    good = tmp_path / "figures.csv"
    good.write_bytes(csv_bytes([["Indicator", "Quarter", "Actual"], ["CALLS", "2024/25 Q1", "95.3%"]]))
    mapping = ["--map", "Indicator=kpi", "--map", "Quarter=period", "--map", "Actual=value"]
    call_command("import", "observations", str(good), "--organisation", "testshire", "--dry-run", *mapping)
    assert "1 to create" in capsys.readouterr().out
    assert not Observation.objects.exists()
    call_command("import", "observations", str(good), "--organisation", "testshire", *mapping)
    assert "1 created" in capsys.readouterr().out
    assert Observation.objects.get().value == Decimal("95.3")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["KPI code", "Period", "Value"], ["CALLS", "2024/25 Q2", "x"],
                               ["X", "2024/25 Q2", "1"]]))
    with pytest.raises(CommandError) as refused:
        call_command("import", "observations", str(bad), "--organisation", "testshire")
    assert refused.value.returncode == 2
    err = capsys.readouterr().err
    assert "CSV, row 2, column C (Value): “x” is not a number." in err
    assert "CSV, row 3, column A (KPI code): “X” There is no KPI with this code." in err
    assert Observation.objects.count() == 1
    with pytest.raises(CommandError) as refused:
        call_command("import", "observations", str(good), "--organisation", "nowhere")
    assert refused.value.returncode == 2
