"""Target operating model pages: the list by service with what each links to and how much of its to-be is
written; adding a model (with its six parameter rows); its page with the six parameters as-is and to-be side by
side and the projects and KPIs the user may read; the parameters written in one form; and one parameter compared
across every service."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement import services
from beacon.engagement.models import OperatingModel, OperatingModelParameter, Parameter

pytestmark = pytest.mark.django_db
BASE = "/org/home/engagement/operating-models/"
LABELS = [label for _, label in Parameter.choices]


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def model(world: Any, **fields: Any) -> OperatingModel:
    fields.setdefault("service", "Adult social care")
    fields.setdefault("title", "Adults target operating model")
    return services.create_operating_model(organisation=fields.pop("organisation", world.home), actor=None, **fields)


def write(tom: OperatingModel, parameter: str, as_is: str = "", to_be: str = "") -> None:
    OperatingModelParameter.objects.filter(operating_model=tom, parameter=parameter).update(as_is=as_is, to_be=to_be)


def test_an_operating_model_is_added_with_its_six_parameters(world, login):
    data = {"title": "Highways TOM", "service": "Highways", "status": "draft", "owner_title": "Director of Place",
            "target_date_0": "31", "target_date_1": "3", "target_date_2": "2027",
            "programme": world.records["programme"].pk, "projects": [world.records["plain"].pk],
            "kpis": [world.records["plain_kpi"].pk]}
    assert login(world.users["viewer"]).post(BASE + "add/", data).status_code == 403
    assert not OperatingModel.objects.filter(title="Highways TOM").exists()

    client = login(world.users["programme"])
    page = text(client.post(BASE + "add/", {**data, "projects": [world.records["other_project"].pk]}))
    assert "Select a valid choice" in page and not OperatingModel.objects.filter(title="Highways TOM").exists()
    response = client.post(BASE + "add/", data)
    tom = OperatingModel.objects.get(title="Highways TOM")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{tom.pk}/"
    assert tom.organisation == world.home and tom.created_by == world.users["programme"]
    assert sorted(tom.parameters.values_list("parameter", flat=True)) == sorted(Parameter.values)
    assert list(tom.projects.all()) == [world.records["plain"]] and list(tom.kpis.all()) == [world.records["plain_kpi"]]
    page = text(client.post(BASE + "add/", data))
    assert "already exists" in page and OperatingModel.objects.filter(title="Highways TOM").count() == 1


def test_its_page_shows_the_parameters_side_by_side_and_what_the_user_may_read(world, login):
    tom = model(world, owner_title="Director of Adults", description="How adult care will run")
    tom.projects.add(world.records["plain"], world.records["secret"])
    tom.kpis.add(world.records["plain_kpi"], world.records["secret_kpi"])
    write(tom, Parameter.COST_STRUCTURE, as_is="£40m a year, mostly residential", to_be="£36m, more at home")
    write(tom, Parameter.VALUE_PROPOSITION, to_be="Independence first")

    page = text(login(world.users["viewer"]).get(f"{BASE}{tom.pk}/"))
    assert "Director of Adults" in page and "How adult care will run" in page
    table = page[page.index("The six parameters, as is and to be</caption>"):]
    table = table[:table.index("</table>")]
    assert [label for label in re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)<', table)] == LABELS
    assert "The overall cost and core financial structure" in table  # each parameter's question as a hint
    assert "£40m a year, mostly residential</td> <td class=\"govuk-table__cell\">£36m, more at home</td>" in table
    assert "Not written</td> <td class=\"govuk-table__cell\">Independence first</td>" in table
    assert "Ordinary internal project" in page and "Secret depot closure" not in page
    assert f'href="/org/home/performance/kpis/{world.records["plain_kpi"].pk}/">INT-KPI' in page
    assert "Secret agency staff spend" not in page
    assert "Change the parameters" not in page
    page = text(login(world.users["programme"]).get(f"{BASE}{tom.pk}/"))
    assert "Secret depot closure" in page and "Secret agency staff spend" in page
    assert "Change the parameters" in page


def test_the_six_parameters_are_written_in_one_form(world, login):
    tom = model(world)
    tom.parameters.filter(parameter=Parameter.STRUCTURE).delete()  # a row missing is made on saving
    client = login(world.users["admin"])
    page = text(client.get(f"{BASE}{tom.pk}/parameters/"))
    legends = re.findall(r'<h2 class="govuk-fieldset__heading">([^<]+)</h2>', page)
    assert legends == LABELS
    assert "Relations with key stakeholders, including the motivations to work in partnership" in page
    assert page.count("<textarea") == 12
    data = {f"{value}__as_is": f"Now: {value}" for value in Parameter.values}
    data.update({f"{value}__to_be": f"Later: {value}" for value in Parameter.values})
    data["structure__to_be"] = "  "
    response = client.post(f"{BASE}{tom.pk}/parameters/", data)
    assert response.status_code == 302 and response["Location"] == f"{BASE}{tom.pk}/"
    rows = {row.parameter: row for row in tom.parameters.all()}
    assert len(rows) == 6
    assert rows["stakeholders"].as_is == "Now: stakeholders" and rows["stakeholders"].to_be == "Later: stakeholders"
    assert rows["structure"].to_be == "" and rows["structure"].modified_by == world.users["admin"]
    latest = rows["cost_structure"].history.first()  # each row's history records who wrote it
    assert latest.history_type == "~" and latest.history_user == world.users["admin"]
    assert latest.to_be == "Later: cost_structure"
    page = text(client.get(f"{BASE}{tom.pk}/"))
    assert "Later: cost_structure" in page
    assert login(world.users["lead"]).post(f"{BASE}{tom.pk}/parameters/", data).status_code == 403


def test_the_list_shows_models_by_service_with_readable_counts(world, login):
    adults = model(world, programme=world.records["programme"])
    adults.projects.add(world.records["plain"], world.records["secret"])
    adults.kpis.add(world.records["plain_kpi"])
    write(adults, Parameter.STRUCTURE, to_be="Locality teams")
    write(adults, Parameter.STAKEHOLDERS, to_be="NHS partners")
    write(adults, Parameter.TARGET_CUSTOMERS, as_is="Only an as-is")
    model(world, title="Waste TOM", service="Environment", status="agreed")
    model(world, title="Other TOM", service="Highways", organisation=world.other)

    page = text(login(world.users["viewer"]).get(BASE))
    assert page.index(">Adult social care</td>") < page.index(">Environment</td>")  # by service
    row = page[page.index("Adults target operating model"):]
    row = row[:row.index("</tr>")]
    assert ">Draft</strong>" in row and "Home Transformation Programme" in row
    assert re.findall(r"numeric\">(\d+)</td>", row) == ["1", "1"]  # the confidential project is not counted
    assert "2 of 6 parameters" in row
    assert ">Agreed</strong>" in page and "Other TOM" not in page
    assert "Add an operating model" not in page
    page = text(login(world.users["programme"]).get(BASE))
    assert "Add an operating model" in page
    row = page[page.index("Adults target operating model"):]
    assert re.findall(r"numeric\">(\d+)</td>", row[:row.index("</tr>")]) == ["2", "1"]
    assert "Waste TOM" in text(login(world.users["viewer"]).get(BASE + "?status=agreed"))
    assert "Adults target" not in text(login(world.users["viewer"]).get(BASE + "?status=agreed"))


def test_one_parameter_is_compared_across_every_service(world, login):
    adults = model(world)
    waste = model(world, title="Waste TOM", service="Environment")
    write(adults, Parameter.COST_STRUCTURE, as_is="Adults cost now", to_be="Adults cost later")
    write(waste, Parameter.COST_STRUCTURE, to_be="Waste cost later")
    write(waste, Parameter.STRUCTURE, to_be="Waste structure later")
    other = model(world, title="Other TOM", service="Highways", organisation=world.other)
    write(other, Parameter.COST_STRUCTURE, to_be="Other council's cost")
    client = login(world.users["viewer"])

    page = text(client.get(BASE + "compare/?parameter=cost_structure"))
    assert '<option value="cost_structure" selected>' in page and "Show parameter</button>" in page
    assert "Adults cost now</td> <td class=\"govuk-table__cell\">Adults cost later" in page
    assert "Not written</td> <td class=\"govuk-table__cell\">Waste cost later" in page
    assert page.index("Adult social care<br>") < page.index("Environment<br>")
    assert "Waste structure later" not in page and "Other council" not in page

    page = text(client.get(BASE + "compare/"))  # the first parameter until one is chosen
    assert "<h2 class=\"govuk-heading-m govuk-!-margin-bottom-1\">Value proposition and KPIs</h2>" in page
    page = text(client.get(BASE + "compare/?parameter=nonsense"))
    assert "There is a problem" in page and "Select a valid choice" in page and "<table" not in page


def test_an_operating_model_is_changed_with_this_organisations_links_only(world, login):
    tom = model(world)
    client = login(world.users["programme"])
    page = text(client.get(f"{BASE}{tom.pk}/edit/"))
    assert "Other Programme" not in page and "Other council&#x27;s KPI" not in page
    data = {"title": "Adults TOM", "service": "Adult social care", "status": "agreed",
            "programme": world.records["other_programme"].pk}
    assert "Select a valid choice" in text(client.post(f"{BASE}{tom.pk}/edit/", data))
    data.update(programme="", kpis=[world.records["public_kpi"].pk])
    assert client.post(f"{BASE}{tom.pk}/edit/", data).status_code == 302
    tom.refresh_from_db()
    assert tom.title == "Adults TOM" and tom.status == "agreed"
    assert list(tom.kpis.all()) == [world.records["public_kpi"]]
    assert login(world.users["finance"]).get(f"{BASE}{tom.pk}/edit/").status_code == 403


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_models(world: Any, n: int, start: int) -> None:
    for i in range(start, start + n):
        tom = model(world, title=f"TOM {i:03d}", service=f"Service {i:03d}", programme=world.records["programme"])
        tom.projects.add(world.records["plain"])
        tom.kpis.add(world.records["plain_kpi"])
        write(tom, Parameter.STRUCTURE, to_be="Written")


@pytest.mark.parametrize("url", [BASE, BASE + "?status=draft&q=Service", BASE + "compare/?parameter=structure"])
def test_the_query_counts_do_not_grow_with_the_models(world, login, url):
    client = login(world.users["viewer"])
    add_models(world, 3, 0)
    few = count_queries(client, url)
    add_models(world, 40, 3)
    assert count_queries(client, url) == few
