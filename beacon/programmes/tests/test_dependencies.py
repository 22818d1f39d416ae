"""Dependencies: a loop is refused on the form and the API with a reason, nothing saved; a dependency on a
late or Red / Amber-Red project is shown on both projects' pages."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.programmes.models import Project
from beacon.programmes.rules import describe_cycle, find_dependency_cycle, risk_words
from beacon.testing import factories as f
from beacon.testing.clients import client_for

# find_dependency_cycle: a pure function over the saved edges ------------------------------------------------


def test_no_loop():
    assert find_dependency_cycle(1, [2], {2: [3], 3: []}) is None


def test_a_new_project_cannot_close_a_loop():
    assert find_dependency_cycle(None, [2], {2: [3]}) is None


def test_depending_on_itself():
    assert find_dependency_cycle(1, [1], {}) == [1, 1]


def test_two_project_loop():
    assert find_dependency_cycle(1, [2], {2: [1]}) == [1, 2, 1]


def test_longer_loop_is_found_with_its_path():
    assert find_dependency_cycle(1, [5, 2], {2: [3], 3: [4], 4: [1], 5: []}) == [1, 2, 3, 4, 1]


def test_diamonds_are_not_loops():
    assert find_dependency_cycle(1, [2, 3], {2: [4], 3: [4], 4: []}) is None


def test_graph_with_an_unrelated_loop_terminates():
    assert find_dependency_cycle(1, [2], {2: [3], 3: [2]}) is None


def test_risk_words():
    assert risk_words("red", False) == "Red"
    assert risk_words("amber_red", True) == "Amber/Red and late"
    assert risk_words("amber", True) == "late"
    assert risk_words("green", False) == ""


# On the form and the API, with the database -------------------------------------------------------------------


@pytest.fixture
def chain(world):
    """TS-A depends on TS-B, which depends on TS-C."""
    programme = world.records["programme"]
    a = f.ProjectFactory(programme=programme, code="TS-A", title="Alpha")
    b = f.ProjectFactory(programme=programme, code="TS-B", title="Bravo")
    c = f.ProjectFactory(programme=programme, code="TS-C", title="Charlie")
    a.dependencies.add(b)
    b.dependencies.add(c)
    return a, b, c


def edit_post(project: Project, **changes) -> dict:
    data = {
        "programme": project.programme_id, "title": project.title, "code": project.code, "stage": project.stage,
        "workforce_approach": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_form_refuses_a_loop_and_saves_nothing(world, login, chain):
    a, b, c = chain
    client = login(world.users["programme"])
    response = client.post(f"/org/home/projects/{c.pk}/edit/", edit_post(c, title="Charlie renamed",
                                                                          dependencies=[a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    message = ("This would make a loop of dependencies: TS-C depends on TS-A, which depends on TS-B, "
               "which depends on TS-C.")
    assert message in html
    assert 'href="#id_dependencies' in html
    c.refresh_from_db()
    assert c.title == "Charlie" and not c.dependencies.exists()


@pytest.mark.django_db
def test_form_accepts_dependencies_without_a_loop(world, login, chain):
    a, b, c = chain
    d = f.ProjectFactory(programme=world.records["programme"], code="TS-D")
    response = login(world.users["programme"]).post(f"/org/home/projects/{c.pk}/edit/",
                                                    edit_post(c, dependencies=[d.pk]))
    assert response.status_code == 302
    assert list(c.dependencies.values_list("code", flat=True)) == ["TS-D"]


@pytest.mark.django_db
def test_api_refuses_a_loop_with_400_naming_dependencies(world, chain):
    a, b, c = chain
    client = client_for(world.users["programme"])
    response = client.patch(f"/api/v1/projects/{c.pk}/", {"dependencies": [a.pk], "title": "Changed"},
                            format="json")
    assert response.status_code == 400
    assert "loop of dependencies" in response.json()["dependencies"][0]
    c.refresh_from_db()
    assert c.title == "Charlie" and not c.dependencies.exists()


@pytest.mark.django_db
def test_api_refuses_depending_on_itself(world, chain):
    a, _, _ = chain
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{a.pk}/", {"dependencies": [a.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["dependencies"] == ["A project cannot depend on itself."]


@pytest.mark.django_db
def test_a_loop_through_a_confidential_project_is_refused_without_naming_it(world, chain):
    a, b, c = chain
    secret = world.records["secret"]  # confidential; the lead may read it, the viewer may not
    c.dependencies.add(secret)
    secret.dependencies.add(world.records["plain"])
    plain = world.records["plain"]
    viewer = world.users["viewer"]
    # plain -> a -> b -> c -> secret -> plain
    message = describe_cycle([plain.pk, a.pk, b.pk, c.pk, secret.pk, plain.pk], viewer)
    assert "a project you cannot see" in message and "CONF-1" not in message
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{plain.pk}/", {"dependencies": [a.pk]}, format="json"
    )
    assert response.status_code == 400 and "CONF-1" in response.json()["dependencies"][0]


# Warnings on both projects' pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dependency_on_a_red_project_is_shown_on_both_pages(world, login, chain):
    a, b, c = chain
    Project.objects.filter(pk=c.pk).update(delivery_confidence="red")
    client = login(world.users["programme"])
    on_b = client.get(f"/org/home/projects/{b.pk}/").content.decode()
    assert "Depends on TS-C, which is Red" in on_b
    on_c = client.get(f"/org/home/projects/{c.pk}/").content.decode()
    assert "TS-B depends on this project, which is Red" in on_c
    on_a = client.get(f"/org/home/projects/{a.pk}/").content.decode()
    assert "which is Red" not in on_a  # A depends on B, which is fine


@pytest.mark.django_db
def test_dependency_on_a_late_project_is_shown_on_both_pages(world, login, chain):
    a, b, c = chain
    f.MilestoneFactory(project=b, due_date=dt.date.today() - dt.timedelta(days=2))
    Project.objects.filter(pk=b.pk).update(delivery_confidence="amber_red")
    client = login(world.users["programme"])
    assert "Depends on TS-B, which is Amber/Red and late" in client.get(f"/org/home/projects/{a.pk}/").content.decode()
    on_b = client.get(f"/org/home/projects/{b.pk}/").content.decode()
    assert "TS-A depends on this project, which is Amber/Red and late" in on_b
    assert "Depends on TS-C" not in on_b


@pytest.mark.django_db
def test_warnings_never_name_a_project_the_reader_may_not_see(world, login, chain):
    a, _, _ = chain
    secret = world.records["secret"]
    Project.objects.filter(pk=secret.pk).update(delivery_confidence="red")
    a.dependencies.add(secret)
    html = login(world.users["viewer"]).get(f"/org/home/projects/{a.pk}/").content.decode()
    assert "CONF-1" not in html and "Secret depot" not in html
    html = login(world.users["programme"]).get(f"/org/home/projects/{a.pk}/").content.decode()
    assert "Depends on CONF-1, which is Red" in html
