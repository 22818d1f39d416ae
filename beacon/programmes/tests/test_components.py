"""Components of a programme (savings target typed in pounds, stored in pence), the reported status of
programmes and workstreams on the organisation's scale, and projects' component and design principles."""

from __future__ import annotations

import pytest

from beacon.core.models import ConfidenceScale
from beacon.programmes.forms import parse_pounds, pence_as_pounds_text
from beacon.programmes.models import Component, Programme, Project, Workstream
from beacon.testing import factories as f
from beacon.testing.clients import client_for


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("40,000,000", 4_000_000_000),
        ("£40m", 4_000_000_000),
        ("£40M", 4_000_000_000),
        ("£1.5 million", 150_000_000),
        ("£2.75bn", 275_000_000_000),
        ("250k", 25_000_000),
        ("£12.50", 1250),
        ("  £ 1,200,000 ", 120_000_000),
        ("0", 0),
    ],
)
def test_parse_pounds(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["forty million", "-5", "£40x", "1.2.3", "£", "12.345", "£1e6"])
def test_parse_pounds_refuses(text):
    with pytest.raises(ValueError):
        parse_pounds(text)


def test_pence_as_pounds_text():
    assert pence_as_pounds_text(4_000_000_000) == "40,000,000"
    assert pence_as_pounds_text(1250) == "12.50"
    assert pence_as_pounds_text(None) == ""


@pytest.mark.django_db
def test_add_a_component_in_pounds_and_see_it_on_the_programme(world, login):
    programme = world.records["programme"]
    client = login(world.users["programme"])
    page = client.get(f"/org/home/components/add/?programme={programme.pk}").content.decode()
    assert "Savings target (optional)" in page
    response = client.post("/org/home/components/add/", {
        "programme": programme.pk, "title": "Service Transformation", "description": "Redesign services",
        "savings_target": "£40m", "order": 1,
    })
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    component = Component.objects.get(title="Service Transformation")
    assert component.savings_target_pence == 4_000_000_000 and component.organisation == world.home
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Service Transformation" in html and "£40,000,000" in html
    edit = client.get(f"/org/home/components/{component.pk}/edit/").content.decode()
    assert 'value="40,000,000"' in edit


@pytest.mark.django_db
def test_bad_pounds_are_refused_and_nothing_saved(world, login):
    client = login(world.users["programme"])
    response = client.post("/org/home/components/add/", {
        "programme": world.records["programme"].pk, "title": "Enabling", "savings_target": "lots", "order": 0,
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Enter the savings target in pounds, like £40,000,000 or £40m" in html
    assert 'value="lots"' in html
    assert not Component.objects.filter(title="Enabling").exists()


@pytest.mark.django_db
def test_component_without_a_target(world, login):
    client = login(world.users["programme"])
    client.post("/org/home/components/add/", {"programme": world.records["programme"].pk,
                                              "title": "Enabling Transformation", "order": 2})
    assert Component.objects.get(title="Enabling Transformation").savings_target_pence is None
    assert "None set" in client.get(world.records["programme"].get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_component_of_another_council_programme_cannot_be_chosen(world, login):
    response = login(world.users["programme"]).post("/org/home/components/add/", {
        "programme": world.records["other_programme"].pk, "title": "Sneaky", "order": 0,
    })
    assert response.status_code == 200 and not Component.objects.filter(title="Sneaky").exists()


@pytest.mark.django_db
def test_programme_api_reads_its_components(world):
    f.ComponentFactory(programme=world.records["programme"], title="Service Transformation",
                       savings_target_pence=4_000_000_000)
    body = client_for(world.users["viewer"]).get(f"/api/v1/programmes/{world.records['programme'].pk}/").json()
    assert body["components"] == [{
        "id": body["components"][0]["id"], "title": "Service Transformation", "description": "",
        "savings_target": "40000000.00", "order": 0,
    }]


# Reported status ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reported_status_on_forms_follows_the_scale(world, login):
    client = login(world.users["programme"])
    workstream = world.records["workstream"]
    assert "Amber/Green" in client.get(f"/org/home/workstreams/{workstream.pk}/edit/").content.decode()
    world.home.confidence_scale = ConfidenceScale.THREE_POINT
    world.home.save()
    html = client.get(f"/org/home/programmes/{world.records['programme'].pk}/edit/").content.decode()
    assert "Reported status" in html and "Amber/Green" not in html
    response = client.post(f"/org/home/workstreams/{workstream.pk}/edit/", {
        "programme": workstream.programme_id, "title": workstream.title, "reported_confidence": "amber_green",
        "order": 0,
    })
    assert response.status_code == 200
    workstream.refresh_from_db()
    assert workstream.reported_confidence == ""
    client.post(f"/org/home/workstreams/{workstream.pk}/edit/", {
        "programme": workstream.programme_id, "title": workstream.title, "reported_confidence": "green", "order": 0,
    })
    workstream.refresh_from_db()
    assert workstream.reported_confidence == "green"


@pytest.mark.django_db
def test_reported_status_through_the_api(world):
    client = client_for(world.users["programme"])
    programme = world.records["programme"]
    response = client.patch(f"/api/v1/programmes/{programme.pk}/", {"reported_confidence": "amber"}, format="json")
    assert response.status_code == 200 and response.json()["reported_confidence"] == "amber"
    world.home.confidence_scale = ConfidenceScale.THREE_POINT
    world.home.save()
    workstream = world.records["workstream"]
    response = client.patch(f"/api/v1/workstreams/{workstream.pk}/", {"reported_confidence": "amber_red"},
                            format="json")
    assert response.status_code == 400 and "reported_confidence" in response.json()
    assert Workstream.objects.get(pk=workstream.pk).reported_confidence == ""
    assert Programme.objects.get(pk=programme.pk).reported_confidence == "amber"


@pytest.mark.django_db
def test_programme_and_workstream_pages_show_the_roll_up_and_contradiction(world, login):
    Project.objects.filter(pk=world.records["secret"].pk).update(delivery_confidence="red")
    Project.objects.filter(pk=world.records["plain"].pk).update(delivery_confidence="green")
    Workstream.objects.filter(pk=world.records["workstream"].pk).update(reported_confidence="green")
    client = login(world.users["programme"])
    html = client.get(world.records["workstream"].get_absolute_url()).content.decode()
    assert "How this status is worked out" in html
    assert "Red because 1 of 2 rated projects is Red, a quarter or more" in html
    assert "Reported Green, but 1 of its projects is Red: its projects roll up to Red" in html
    programme_html = client.get(world.records["programme"].get_absolute_url()).content.decode()
    assert "Status of its projects" in programme_html
    assert "Reported Green, but 1 of its projects is Red" in programme_html
    # The viewer cannot see the confidential Red project: their roll-up is of what they can read.
    viewer_html = login(world.users["viewer"]).get(world.records["workstream"].get_absolute_url()).content.decode()
    assert "Green: the 1 rated project is Green" in viewer_html and "Reported Green, but" not in viewer_html


# A project's component and design principles -----------------------------------------------------------------


@pytest.mark.django_db
def test_project_form_and_page_take_a_component_and_principles(world, login):
    project = world.records["plain"]
    component = f.ComponentFactory(programme=world.records["programme"], title="Service Transformation")
    principle = f.PrincipleFactory(organisation=world.home, title="Digital by default")
    f.PrincipleFactory(organisation=world.other, title="Another council's principle")
    client = login(world.users["programme"])
    form = client.get(f"/org/home/projects/{project.pk}/edit/").content.decode()
    assert "Digital by default" in form and "Another council&#x27;s principle" not in form
    response = client.post(f"/org/home/projects/{project.pk}/edit/", {
        "programme": project.programme_id, "title": project.title, "code": project.code, "stage": project.stage,
        "workforce_approach": "", "component": component.pk, "principles": [principle.pk],
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.component == component and list(project.principles.all()) == [principle]
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Service Transformation" in html and "Digital by default" in html


@pytest.mark.django_db
def test_project_api_component_and_principles(world):
    component = f.ComponentFactory(programme=world.records["programme"])
    other_component = f.ComponentFactory(programme=f.ProgrammeFactory(organisation=world.home))
    principle = f.PrincipleFactory(organisation=world.home)
    foreign = f.PrincipleFactory(organisation=world.other)
    client = client_for(world.users["programme"])
    project = world.records["plain"]
    response = client.patch(f"/api/v1/projects/{project.pk}/",
                            {"component": component.pk, "principles": [principle.pk]}, format="json")
    assert response.status_code == 200
    assert response.json()["component"] == component.pk and response.json()["principles"] == [principle.pk]
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"component": other_component.pk}, format="json")
    assert response.status_code == 400 and "component" in response.json()
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"principles": [foreign.pk]}, format="json")
    assert response.status_code == 400 and "principles" in response.json()
