"""Open data files: RFC 4180 CSV that parses back, formula cells escaped, JSON with the licence and the fields,
ETag and Cache-Control, 304 for a client that holds the same version, 404 for what does not exist."""

from __future__ import annotations

import csv
import io
import json

import pytest

from beacon.public import opendata
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

DATASETS = list(opendata.DATASETS)


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_is_rfc_4180_csv_that_parses_back(client, public_world: World, name: str):
    response = client.get(f"/public/home/data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    body = response.content.decode("utf-8")
    lines = body.split("\r\n")
    assert lines[-1] == ""  # every record, the last too, ends CRLF
    assert "\n" not in body.replace("\r\n", "")  # no bare line feeds outside quoted fields here
    rows = read_csv(response)
    assert list(csv.reader(io.StringIO(body, newline="")))[0] == opendata.DATASETS[name].field_names
    assert rows, f"{name} is empty in the public world"
    assert 'attachment; filename="home-' in response["Content-Disposition"]


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_is_json_with_the_licence_and_fields(client, public_world: World, name: str):
    response = client.get(f"/public/home/data/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert document["licence"] == {"name": "Open Government Licence v3.0", "url": opendata.LICENCE_URL}
    assert [field["name"] for field in document["fields"]] == opendata.DATASETS[name].field_names
    assert all(field["description"] for field in document["fields"])
    assert document["organisation"] == "home"
    assert isinstance(document["data"], list) and document["data"]
    assert set(document["data"][0]) == set(opendata.DATASETS[name].field_names)


def test_kpis_and_observations_carry_status_and_targets(client, public_world: World):
    kpis = read_csv(client.get("/public/home/data/kpis.csv"))
    assert [row["code"] for row in kpis] == ["PUB-KPI"]
    [kpi] = kpis
    assert (kpi["latest_period"], kpi["latest_value"], kpi["latest_target"], kpi["status"]) == (
        "2024/25", "71", "75", "Within tolerance"
    )
    assert kpi["direction_since_previous"] == "Improving"
    assert kpi["priorities"] == str(public_world.records["priority"].pk)  # not the unpublished priority
    assert kpi["projects"] == str(public_world.records["public"].pk)  # not the confidential or internal project
    observations = read_csv(client.get("/public/home/data/observations.csv"))
    assert [(row["period"], row["value"], row["target"], row["status"]) for row in observations] == [
        ("2023/24", "60", "70", "Off target"), ("2024/25", "71", "75", "Within tolerance"),
    ]


def test_formula_cells_are_escaped(client, public_world: World):
    f.ProjectFactory(programme=public_world.records["programme"], public=True, code="@SUM", title="-2+3",
                     description="+cmd|' /C calc'!A0")
    rows = read_csv(client.get("/public/home/data/projects.csv"))
    project = next(row for row in rows if row["title"].endswith("2+3"))
    assert project["title"] == "'-2+3"
    assert project["code"] == "'@SUM"
    assert project["description"] == "'+cmd|' /C calc'!A0"
    [_, later] = read_csv(client.get("/public/home/data/observations.csv"))
    earlier = read_csv(client.get("/public/home/data/observations.csv"))[0]
    assert earlier["note"] == "'=HYPERLINK(\"http://evil.example\")"
    assert later["note"] == "Residents' survey"
    # JSON is data, not a spreadsheet: the text is as written.
    data = json.loads(client.get("/public/home/data/projects.json").content)["data"]
    assert any(row["title"] == "-2+3" for row in data)


def test_csv_cell_rule():
    assert [opendata.csv_cell(v) for v in ("=1+1", "+1", "-1", "@a", "\tx", "ok", -5, None, True)] == [
        "'=1+1", "'+1", "'-1", "'@a", "'\tx", "ok", "-5", "", "true"
    ]


def test_quoted_fields_with_commas_quotes_and_newlines_parse_back(client, public_world: World):
    f.ProjectFactory(programme=public_world.records["programme"], public=True, code="Q-1",
                     title='Quotes "here", commas', description="Line one\nLine two, £5")
    rows = read_csv(client.get("/public/home/data/projects.csv"))
    project = next(row for row in rows if row["code"] == "Q-1")
    assert project["title"] == 'Quotes "here", commas'
    assert project["description"] == "Line one\nLine two, £5"


def test_savings_file_counts_public_projects_only(client, public_world: World):
    rows = read_csv(client.get("/public/home/data/savings.csv"))
    assert [(r["financial_year"], r["target"], r["approved"], r["forecast"], r["delivered"]) for r in rows] == [
        ("2024/25", "300000.00", "120000.00", "120000.00", "120000.00"),
        ("2025/26", "200000.00", "50000.00", "40000.00", "0.00"),
        ("2026/27", "150000.00", "0.00", "0.00", "0.00"),
        ("2027/28", "100000.00", "0.00", "0.00", "0.00"),
    ]
    assert rows[1]["cumulative_approved"] == "170000.00"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_etag_and_cache_control_and_304(client, public_world: World, fmt: str, django_capture_on_commit_callbacks):
    path = f"/public/home/data/kpis.{fmt}"
    first = client.get(path)
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200
    # A change to the data is a new version.
    kpi = public_world.records["public_kpi"]
    kpi.title = "Residents satisfied with council services"
    with django_capture_on_commit_callbacks(execute=True):  # (the test's transaction never commits)
        kpi.save()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_head_is_answered_and_writes_are_refused(client, public_world: World):
    assert client.head("/public/home/data/kpis.csv").status_code == 200
    assert client.post("/public/home/data/kpis.csv").status_code == 405


@pytest.mark.parametrize("path", [
    "/public/home/data/secrets.csv", "/public/home/data/secrets.json", "/public/nowhere/data/kpis.csv",
    "/public/nowhere/data/kpis.json", "/public/home/data/kpis.xml",
])
def test_unknown_dataset_or_organisation_is_404(client, public_world: World, path: str):
    assert client.get(path).status_code == 404


def test_another_councils_records_are_not_in_this_councils_files(client, public_world: World):
    other = public_world.records["other_project"]
    other.public = True
    other.save()
    for name in DATASETS:
        for fmt in ("csv", "json"):
            body = client.get(f"/public/home/data/{name}.{fmt}").content.decode()
            assert "Other council" not in body and "OTH-" not in body
