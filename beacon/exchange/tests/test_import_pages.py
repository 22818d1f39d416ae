"""The import pages as an officer uses them: upload, see the problems or what would change, map their own
headings, import, and see it done; templates that come back in unchanged; who may do it."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from odf.opendocument import load as load_ods
from odf.table import Table

from beacon.exchange.kinds import KINDS
from beacon.exchange.models import ImportRun, ImportStatus
from beacon.exchange.tests.files import csv_bytes, xlsx_bytes
from beacon.performance.models import Observation
from beacon.programmes.models import Project

pytestmark = pytest.mark.django_db


def url(name, org="home", **kwargs):
    return reverse(f"exchange:{name}", kwargs={"org": org, **kwargs})


def upload(client, record_type, data, name="file.xlsx"):
    return client.post(url("import-start"), {"record_type": record_type, "file": _file(data, name)})


def _file(data, name):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_upload_check_and_import_projects(world, login):
    client = login(world.users["programme"])
    rows = [["Project code", "Title", "Programme"], ["NEW-1", "Waste round redesign", "Home Transformation Programme"],
            ["INT-1", "Ordinary internal project", None]]
    response = upload(client, "projects", xlsx_bytes({"Projects": rows}))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url("import-run", pk=run.pk)
    page = text(client.get(response["Location"]))
    assert "Ready to import" in page
    assert "Importing will create 1, update 0 and leave 1 unchanged." in page
    assert not Project.objects.filter(code="NEW-1").exists()
    response = client.post(url("import-go", pk=run.pk))
    page = text(client.get(response["Location"]))
    assert "1 created, 0 updated, 1 unchanged" in page
    project = Project.objects.get(code="NEW-1")
    assert project.created_by == world.users["programme"]
    assert project.history.first().history_user == world.users["programme"]
    run.refresh_from_db()
    assert (run.status, run.rows_done, run.created_by) == (ImportStatus.IMPORTED, 2, world.users["programme"])
    progress = client.get(url("import-progress", pk=run.pk)).json()
    assert progress == {"status": "imported", "status_label": "Imported", "rows_done": 2, "rows_total": 2,
                        "percent": 100, "finished": True}


def test_problems_are_listed_and_nothing_is_written(world, login):
    client = login(world.users["programme"])
    rows = [["Project code", "Title", "Programme", "Stage"], ["NEW-1", "Fine", "Home Transformation Programme", "Nope"]]
    upload(client, "projects", xlsx_bytes({"Projects": rows}))
    run = ImportRun.objects.get()
    page = text(client.get(url("import-run", pk=run.pk)))
    assert "1 problem found: nothing has been written" in page
    assert "D (Stage)" in page and "“Nope” is not one of:" in page
    assert client.post(url("import-go", pk=run.pk)).status_code == 302
    assert not Project.objects.filter(code="NEW-1").exists()
    problems = client.get(url("import-problems", pk=run.pk))
    assert problems["Content-Disposition"] == f'attachment; filename="import-{run.pk}-problems.csv"'
    assert "Projects,2,D (Stage),Nope," in problems.content.decode("utf-8-sig")


def test_own_headings_mapped_on_the_page(world, login):
    client = login(world.users["programme"])
    data = csv_bytes([["Ref", "Scheme", "Prog"], ["NEW-2", "Depot review", "Home Transformation Programme"]])
    upload(client, "projects", data, name="ours.csv")
    run = ImportRun.objects.get()
    page = text(client.get(url("import-run", pk=run.pk)))
    assert "Column “Scheme”" in page and "Column “Prog”" in page
    # "Ref" is known as a code; map the others. Two columns for one field are refused, changing nothing.
    response = client.post(url("import-run", pk=run.pk), {"column_0": "code", "column_1": "code", "column_2": ""})
    assert response.status_code == 400
    assert "“Ref” already holds this field: choose one column." in text(response)
    response = client.post(url("import-run", pk=run.pk), {"column_0": "code", "column_1": "title",
                                                         "column_2": "programme"})
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.mapping == {"Ref": "code", "Scheme": "title", "Prog": "programme"}
    client.post(url("import-go", pk=run.pk))
    assert Project.objects.get(code="NEW-2").title == "Depot review"


@pytest.mark.parametrize(("data", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 100, "This file is a Windows program, not a spreadsheet."),
    (b"", "The file is empty."),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(world, login, data, message):
    client = login(world.users["programme"])
    response = upload(client, "projects", data, name="projects.xlsx")
    assert response.status_code == 200
    assert message in text(response)
    assert not ImportRun.objects.exists()


def test_an_oversize_file_is_refused(world, login, settings):
    settings.IMPORT_MAX_BYTES = 2048
    client = login(world.users["programme"])
    response = upload(client, "projects", b"a,b\r\n" * 1000, name="big.csv")
    assert "The file is 5 KB; the largest file Beacon imports is 2 KB." in text(response)
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("record_type", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_every_template_explains_its_columns_and_imports_as_it_is(world, login, record_type, fmt):
    client = login(world.users["admin"])
    response = client.get(url("import-template", record_type=record_type, fmt=fmt))
    assert response.status_code == 200
    assert re.match(rf'attachment; filename="beacon-{record_type}-template-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}"',
                    response["Content-Disposition"])
    kind = KINDS[record_type]
    headings = [column.heading for column in kind.columns]
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == [kind.sheet_name, "Explain"]
        assert [cell.value for cell in workbook[kind.sheet_name][1]] == headings
        explained = [row[0] for row in workbook["Explain"].iter_rows(min_row=2, values_only=True)]
        assert explained[:len(headings)] == headings
    elif fmt == "ods":
        names = [table.getAttribute("name") for table in load_ods(io.BytesIO(response.content)).spreadsheet
                 .getElementsByType(Table)]
        assert names == [kind.sheet_name, "Explain"]
    else:
        assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(headings)
    # The empty template is a valid file with no records: it imports nothing and refuses nothing.
    upload(client, record_type, response.content, name=f"template.{fmt}")
    run = ImportRun.objects.get()
    assert (run.status, run.rows_total) == (ImportStatus.CHECKED, 0)


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("programme", 200), ("finance", 200), ("monitoring", 403), ("lead", 403), ("member", 403),
    ("viewer", 403), ("outsider", 404),
])
def test_who_may_import(world, login, role, status):
    client = login(world.users[role])
    assert client.get(url("import-start")).status_code == status


def test_the_finance_officer_imports_savings_only(world, login):
    client = login(world.users["finance"])
    page = text(client.get(url("import-start")))
    assert "Savings lines</label>" in page and "Projects</label>" not in page
    response = upload(client, "projects", csv_bytes([["Project code", "Title"], ["X", "Y"]]), name="p.csv")
    assert "Select a valid choice" in text(response)


def test_a_run_is_seen_only_by_those_who_may_import_it(world, login):
    client = login(world.users["programme"])
    upload(client, "projects", csv_bytes([["Project code", "Title"], ["SECRET-9", "Secret plan"]]), name="p.csv")
    run = ImportRun.objects.get()
    for role, status in (("viewer", 403), ("lead", 403), ("finance", 403), ("outsider", 404)):
        other = login(world.users[role])
        assert other.get(url("import-run", pk=run.pk)).status_code == status
        assert other.get(url("import-problems", pk=run.pk)).status_code == status
    assert login(world.users["outsider"]).get(url("import-run", org="other", pk=run.pk)).status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it is done
def test_a_queued_import_runs_in_the_worker(world, login, settings):
    """With TASK_BACKEND=database the import waits for `beacon db_worker`, and the page shows it waiting."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(world.users["programme"])
    upload(client, "observations", csv_bytes([["KPI code", "Period", "Value"], ["PUB-KPI", "2024/25 Q2", "72.5"]]),
           name="figures.csv")
    run = ImportRun.objects.get()
    client.post(url("import-go", pk=run.pk))
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED and run.task_id
    page = text(client.get(url("import-run", pk=run.pk)))
    assert "Waiting to import: 0 of 1 rows checked (0%)." in page
    assert not Observation.objects.filter(value=Decimal("72.5")).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == ImportStatus.IMPORTED
    assert Observation.objects.filter(kpi=world.records["public_kpi"], value=Decimal("72.5")).exists()


def test_data_page_lists_templates_and_recent_imports(world, login):
    client = login(world.users["programme"])
    upload(client, "projects", csv_bytes([["Project code", "Title"], ["A", "B"]]), name="first.csv")
    page = text(client.get(url("index")))
    assert "Import a file" in page and "first.csv" in page
    assert "Excel<span class=\"govuk-visually-hidden\"> template for observations</span>" in page
    viewer = text(login(world.users["viewer"]).get(url("index")))
    assert "Your role does not import records." in viewer and "first.csv" not in viewer
