"""Risk register pages: the list with its bands in words and overdue reviews, filters, a risk's page with its
scores and history, the form's errors (likelihood 6 refused with a reason), the heat map's cells and table, the
project page's panel and the dashboard's list, and query counts that do not grow with the register."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.programmes.models import Stage
from beacon.risks import selectors
from beacon.risks.models import Risk, RiskLevel, RiskStatus
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def valid_risk(**extra: Any) -> dict[str, Any]:
    return {
        "code": "SR08", "title": "Ability to achieve organisation change", "level": "strategic",
        "inherent_likelihood": "4", "inherent_impact": "5", "residual_likelihood": "3", "residual_impact": "4",
        "status": "open", "review_date_0": "31", "review_date_1": "3", "review_date_2": "2030", **extra,
    }


def test_the_list_shows_scores_with_bands_in_words_and_overdue_reviews(world, login):
    risk = world.records["plain_risk"]
    risk.review_date = TODAY - dt.timedelta(days=2)
    risk.save()
    page = text(login(world.users["viewer"]).get("/org/home/risks/"))
    assert "INT-R" in page and "Internal capacity risk" in page
    # The factory scores 4 × 4 = 16 before controls and 3 × 3 = 9 after.
    assert '16</span> <strong class="govuk-tag govuk-tag--red">Very high</strong>' in page
    assert '9</span> <strong class="govuk-tag govuk-tag--yellow">Medium</strong>' in page
    assert "Overdue</strong>" in page
    assert "Secret union dispute risk" not in page  # confidential: not for the viewer


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("band=low", {"LOW-1"}, {"INT-R", "HIGH-1"}),
    ("band=high", {"HIGH-1"}, {"LOW-1", "INT-R"}),
    ("overdue=true", {"LATE-1"}, {"INT-R", "LOW-1"}),
    ("level=strategic", {"HIGH-1"}, {"INT-R"}),
    ("status=closed", {"SHUT-1"}, {"INT-R"}),
])
def test_filters(world, login, query, shown, hidden):
    home = world.home
    f.RiskFactory(organisation=home, code="LOW-1", residual_likelihood=1, residual_impact=2)
    f.RiskFactory(organisation=home, code="HIGH-1", level=RiskLevel.STRATEGIC, residual_likelihood=3,
                  residual_impact=4)
    f.RiskFactory(organisation=home, code="LATE-1", review_date=TODAY - dt.timedelta(days=1))
    f.RiskFactory(organisation=home, code="SHUT-1", status=RiskStatus.CLOSED, review_date=TODAY - dt.timedelta(days=9))
    page = text(login(world.users["programme"]).get(f"/org/home/risks/?{query}"))
    for code in shown:
        assert f">{code}<" in page, code
    for code in hidden:
        assert f">{code}<" not in page, code


def test_the_project_and_owner_filters(world, login):
    risk = world.records["plain_risk"]
    risk.projects.add(world.records["plain"])
    page = text(login(world.users["programme"]).get(f"/org/home/risks/?project={world.records['plain'].pk}"))
    assert ">INT-R<" in page and ">PUB-R<" not in page
    page = text(login(world.users["programme"]).get(f"/org/home/risks/?owner={world.users['lead'].pk}"))
    assert ">CONF-R<" in page and ">INT-R<" not in page


def test_a_risk_is_added_through_the_form_and_its_page_shows_the_scores(world, login):
    client = login(world.users["programme"])
    response = client.post("/org/home/risks/add/", valid_risk(projects=[world.records["plain"].pk],
                                                              owner=world.users["lead"].pk))
    risk = Risk.objects.get(code="SR08")
    assert response.status_code == 302 and response["Location"] == f"/org/home/risks/{risk.pk}/"
    assert (risk.inherent_score, risk.residual_score) == (20, 12)
    assert risk.created_by == world.users["programme"] and list(risk.projects.all()) == [world.records["plain"]]
    page = text(client.get(f"/org/home/risks/{risk.pk}/"))
    assert "Likelihood 4 (Likely) × impact 5 (Severe) = " in page
    assert "Likelihood 3 (Possible) × impact 4 (Major) = " in page
    assert "31 March 2030" in page and "Ordinary internal project" in page


def test_the_form_draws_the_scale_in_words(world, login):
    page = text(login(world.users["programme"]).get("/org/home/risks/add/"))
    for words in ("1 Rare", "3 Possible", "5 Almost certain", "1 Negligible", "4 Major", "5 Severe"):
        assert words in page
    assert 'type="radio" value="5"' in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"inherent_likelihood": "6"}, "inherent_likelihood", "Score it from 1 to 5."),
    ({"residual_impact": "0"}, "residual_impact", "Score it from 1 to 5."),
    ({"inherent_likelihood": ""}, "inherent_likelihood", "Select the likelihood before controls"),
    ({"title": ""}, "title", "Enter the title"),
    ({"review_date_1": "13"}, "review_date", "Enter a real date"),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_saved(world, login, change, field, message):
    response = login(world.users["programme"]).post("/org/home/risks/add/", valid_risk(**change))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in text(response)
    assert not Risk.objects.filter(code="SR08").exists()


def test_a_project_of_another_council_and_a_repeated_code_are_refused(world, login):
    client = login(world.users["programme"])
    response = client.post("/org/home/risks/add/", valid_risk(projects=[world.records["other_project"].pk]))
    assert "projects" in response.context["form"].errors
    response = client.post("/org/home/risks/add/", valid_risk(code="int-r"))
    assert response.context["form"].errors["code"] == ["There is already a risk with the code int-r."]
    assert not Risk.objects.filter(code="SR08").exists()


def test_the_owner_edits_scores_and_the_history_shows_who_when_old_and_new(world, login):
    risk = f.RiskFactory(organisation=world.home, code="LEAD-R", title="Lead's risk", owner=world.users["lead"])
    client = login(world.users["lead"])
    form = client.get(f"/org/home/risks/{risk.pk}/edit/").context["form"]
    assert form.fields["code"].disabled and form.fields["owner"].disabled  # the owner may not re-file or hand on
    data = valid_risk(code=risk.code, title=risk.title, residual_likelihood="2", residual_impact="2")
    assert client.post(f"/org/home/risks/{risk.pk}/edit/", data).status_code == 302
    changes = selectors.score_changes(risk)
    assert len(changes) == 2 and changes[0].who == "lead"
    assert (changes[0].old_residual.value, changes[0].new_residual.value) == (9, 4)  # type: ignore[union-attr]
    page = text(client.get(f"/org/home/risks/{risk.pk}/"))
    assert "3 × 3 = 9 (Medium) to 2 × 2 = 4 (Low)" in page and "lead" in page


def test_the_heat_map_counts_each_cell_after_and_before_controls(world, login):
    f.RiskFactory(organisation=world.home, code="X1", inherent_likelihood=5, inherent_impact=5,
                  residual_likelihood=1, residual_impact=1)
    f.RiskFactory(organisation=world.home, code="X2", status=RiskStatus.CLOSED)  # closed: not on the map
    client = login(world.users["programme"])
    response = client.get("/org/home/risks/heat-map/")
    grid = response.context["grid"]
    assert grid.cells[3][3] == 3 and grid.cells[1][1] == 1 and grid.total == 4  # the world's three and X1
    page = text(response)
    assert 'role="img"' in page
    assert '<title id="risk-heat-map-title">Heat map of the open risks after controls' in page
    assert "Likelihood 5<br>" in page and "Almost certain" in page and "Severe" in page
    inherent = client.get("/org/home/risks/heat-map/?basis=inherent").context["grid"]
    assert inherent.cells[4][4] == 3 and inherent.cells[5][5] == 1 and inherent.cells[1][1] == 0
    # The viewer's map leaves out the confidential risk.
    assert login(world.users["viewer"]).get("/org/home/risks/heat-map/").context["grid"].cells[3][3] == 2


def test_the_heat_map_table_names_every_cells_band(world, login):
    rows = login(world.users["viewer"]).get("/org/home/risks/heat-map/").context["table_rows"]
    assert [likelihood for likelihood, _cells in rows] == [5, 4, 3, 2, 1]
    top = dict((impact, (count, band)) for impact, count, band, _tag in rows[0][1])
    assert top[1] == (0, "Medium") and top[3] == (0, "Very high")
    bottom = dict((impact, (count, band)) for impact, count, band, _tag in rows[4][1])
    assert bottom[1] == (0, "Low") and bottom[5] == (0, "Medium")
    middle = dict((impact, (count, band)) for impact, count, band, _tag in rows[2][1])
    assert middle[3] == (2, "Medium") and middle[4] == (0, "High")


def test_the_project_page_shows_its_risks_and_the_stage_warning(world, login):
    project = world.records["plain"]
    project.stage = Stage.FBC
    project.save()
    world.records["plain_risk"].projects.add(project)
    page = text(login(world.users["viewer"]).get(f"/org/home/projects/{project.pk}/"))
    assert "Internal capacity risk" in page
    assert "No signed-off equality impact assessment covers the project&#x27;s stage (Full business case)." in page


def test_the_dashboard_lists_overdue_reviews_and_projects_without_an_assessment(world, login):
    risk = world.records["plain_risk"]
    risk.review_date = TODAY - dt.timedelta(days=10)
    risk.save()
    project = world.records["public"]
    project.stage = Stage.DELIVERY
    project.save()
    response = login(world.users["viewer"]).get("/org/home/")
    panel = response.context["risk_panel"]
    assert panel.overdue_count == 1 and panel.overdue[0].risk == risk
    assert [w.project.pk for w in panel.warnings] == [project.pk]
    page = text(response)
    assert "1 open risk past its review date." in page and "Public library remodel" in page


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/org/home/risks/", "/org/home/risks/?band=medium&overdue=false",
                                 "/org/home/risks/heat-map/", "/org/home/"])
def test_query_counts_do_not_grow_with_the_register(world, login, url):
    client = login(world.users["programme"])
    for n in range(5):
        f.RiskFactory(organisation=world.home, owner=world.users["lead"], review_date=TODAY - dt.timedelta(days=n))
    small = count_queries(client, url)
    for n in range(60):
        risk = f.RiskFactory(organisation=world.home, owner=world.users["admin"],
                             review_date=TODAY - dt.timedelta(days=n))
        risk.projects.add(world.records["plain"])
        f.ProjectFactory(programme=world.records["programme"], stage=Stage.DELIVERY)
    assert count_queries(client, url) == small
