"""The programmes API (/api/v1/programmes, phases, workstreams, projects, milestones): organisation isolation,
what each role may read and write, and bad input refused with a reason and nothing saved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from beacon.core.models import ConfidenceScale
from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db

READERS_OF_CONFIDENTIAL = ["admin", "programme", "finance", "monitoring", "member"]
WRITERS = ["admin", "programme"]
NOT_WRITERS = ["finance", "monitoring", "member", "lead", "viewer"]




def titles(response) -> set[str]:
    assert response.status_code == 200, response.content[:500]
    return {row["title"] for row in response.json()["results"]}


def new_project(world, **extra):
    return {"organisation": "home", "programme": world.records["programme"].pk, "title": "New project", **extra}


def errors(response) -> dict:
    body = response.json()
    assert isinstance(body, dict), body
    return body


# Organisation isolation ------------------------------------------------------------------------------------


def test_outsider_cannot_read_home_project_by_id(world):
    client = client_for(world.users["outsider"])
    for name in ("public", "plain", "secret"):
        assert client.get(f"/api/v1/projects/{world.records[name].pk}/").status_code == 404
    assert client.get(f"/api/v1/programmes/{world.records['programme'].pk}/").status_code == 404
    assert client.get(f"/api/v1/workstreams/{world.records['workstream'].pk}/").status_code == 404
    assert client.get(f"/api/v1/phases/{world.records['phase'].pk}/").status_code == 404
    assert client.get(f"/api/v1/milestones/{world.records['milestone'].pk}/").status_code == 404


@pytest.mark.parametrize("collection", ["programmes", "phases", "workstreams", "projects", "milestones"])
def test_outsider_lists_only_their_own_organisation(world, collection):
    client = client_for(world.users["outsider"])
    body = client.get(f"/api/v1/{collection}/").json()
    assert {row["organisation"] for row in body["results"]} <= {"other"}
    assert client.get(f"/api/v1/{collection}/", {"organisation": "home"}).json()["count"] == 0


def test_outsider_cannot_create_a_project_in_home(world):
    before = Project.objects.count()
    response = client_for(world.users["outsider"]).post(
        "/api/v1/projects/", new_project(world, programme=world.records["other_programme"].pk), format="json"
    )
    assert response.status_code in (400, 403)
    body = errors(response)
    assert "organisation" in body or "detail" in body
    assert Project.objects.count() == before


def test_outsider_cannot_link_a_home_programme_to_their_project(world):
    client = client_for(world.users["outsider"])
    before = Project.objects.count()
    response = client.post(
        "/api/v1/projects/",
        {"organisation": "other", "programme": world.records["programme"].pk, "title": "Sneaky"},
        format="json",
    )
    assert response.status_code == 400
    assert "programme" in errors(response)
    assert Project.objects.count() == before
    project = world.records["other_project"]
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"programme": world.records["programme"].pk},
                            format="json")
    assert response.status_code == 400
    assert "programme" in errors(response)
    project.refresh_from_db()
    assert project.programme == world.records["other_programme"]


def test_outsider_cannot_link_a_home_project_as_a_dependency(world):
    project = world.records["other_project"]
    response = client_for(world.users["outsider"]).patch(
        f"/api/v1/projects/{project.pk}/", {"dependencies": [world.records["plain"].pk]}, format="json"
    )
    assert response.status_code == 400
    assert "dependencies" in errors(response)
    assert project.dependencies.count() == 0


def test_outsider_cannot_add_a_milestone_to_a_home_project(world):
    before = Milestone.objects.count()
    response = client_for(world.users["outsider"]).post(
        "/api/v1/milestones/",
        {"organisation": "other", "project": world.records["plain"].pk, "title": "x", "due_date": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "project" in errors(response)
    assert Milestone.objects.count() == before


def test_outsider_cannot_change_a_home_project(world):
    project = world.records["plain"]
    response = client_for(world.users["outsider"]).patch(
        f"/api/v1/projects/{project.pk}/", {"title": "Taken over"}, format="json"
    )
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.title == "Ordinary internal project"


def test_programme_manager_cannot_move_a_project_to_another_organisation(world):
    project = world.records["plain"]
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{project.pk}/", {"organisation": "other"}, format="json"
    )
    assert response.status_code == 400
    assert "organisation" in errors(response)
    project.refresh_from_db()
    assert project.organisation == world.home


def test_a_manager_of_both_organisations_cannot_move_a_project_between_them(world):
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    project = world.records["plain"]
    response = client_for(both).patch(
        f"/api/v1/projects/{project.pk}/",
        {"organisation": "other", "programme": world.records["other_programme"].pk, "workstream": None},
        format="json",
    )
    assert response.status_code == 400
    assert "organisation" in errors(response)
    project.refresh_from_db()
    assert project.organisation == world.home
    assert project.programme == world.records["programme"]


def test_a_manager_of_both_organisations_cannot_mix_their_records(world):
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    client = client_for(both)
    before = Project.objects.count()
    response = client.post("/api/v1/projects/", new_project(world, programme=world.records["other_programme"].pk),
                           format="json")
    assert response.status_code == 400
    assert "programme" in errors(response)
    response = client.post("/api/v1/projects/", new_project(world, dependencies=[world.records["other_project"].pk]),
                           format="json")
    assert response.status_code == 400
    assert "dependencies" in errors(response)
    assert Project.objects.count() == before


def test_cannot_set_a_workstream_of_another_organisation(world):
    project = world.records["plain"]
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{project.pk}/", {"workstream": world.records["other_workstream"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "workstream" in errors(response)
    project.refresh_from_db()
    assert project.workstream == world.records["workstream"]


def test_cannot_set_a_workstream_of_another_programme(world):
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    elsewhere = f.WorkstreamFactory(programme=second, title="Elsewhere")
    project = world.records["plain"]
    client = client_for(world.users["programme"])
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"workstream": elsewhere.pk}, format="json")
    assert response.status_code == 400
    assert "workstream" in errors(response)
    assert "programme" in str(errors(response)["workstream"])
    project.refresh_from_db()
    assert project.workstream == world.records["workstream"]
    before = Project.objects.count()
    response = client.post("/api/v1/projects/", new_project(world, workstream=elsewhere.pk), format="json")
    assert response.status_code == 400
    assert "workstream" in errors(response)
    assert Project.objects.count() == before


def test_cannot_set_a_phase_of_another_programme(world):
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    phase = f.PhaseFactory(programme=second)
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{world.records['plain'].pk}/", {"phase": phase.pk}, format="json"
    )
    assert response.status_code == 400
    assert "phase" in errors(response)


def test_workstream_and_phase_must_be_of_a_programme_of_their_organisation(world):
    client = client_for(world.users["programme"])
    other_programme = world.records["other_programme"].pk
    response = client.post("/api/v1/workstreams/", {"organisation": "home", "programme": other_programme,
                                                    "title": "x"}, format="json")
    assert response.status_code == 400
    assert "programme" in errors(response)
    response = client.post("/api/v1/phases/", {"organisation": "home", "programme": other_programme,
                                               "title": "x"}, format="json")
    assert response.status_code == 400
    assert "programme" in errors(response)
    assert not Workstream.objects.filter(title="x").exists()
    assert not Phase.objects.filter(title="x").exists()


def test_filtering_by_another_organisations_programme_does_not_confirm_it_exists(world):
    client = client_for(world.users["programme"])
    foreign = client.get("/api/v1/projects/", {"programme": world.records["other_programme"].pk})
    unknown = client.get("/api/v1/projects/", {"programme": 999999})
    assert foreign.status_code == unknown.status_code
    assert foreign.status_code in (200, 400)
    if foreign.status_code == 200:
        assert foreign.json()["count"] == 0


# Roles ------------------------------------------------------------------------------------------------------


def test_viewer_reads_but_cannot_write(world):
    client = client_for(world.users["viewer"])
    assert "Ordinary internal project" in titles(client.get("/api/v1/projects/"))
    before = Project.objects.count()
    response = client.post("/api/v1/projects/", new_project(world), format="json")
    assert response.status_code == 403
    assert "detail" in response.json()
    assert Project.objects.count() == before
    project = world.records["plain"]
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"title": "Changed"}, format="json")
    assert response.status_code == 403
    response = client.put(f"/api/v1/projects/{project.pk}/", new_project(world, title="Changed"), format="json")
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title == "Ordinary internal project"


def test_viewer_never_sees_the_confidential_project(world):
    client = client_for(world.users["viewer"])
    response = client.get("/api/v1/projects/")
    assert "Secret depot closure" not in titles(response)
    assert "Exempt: negotiations" not in response.content.decode()
    assert client.get(f"/api/v1/projects/{world.records['secret'].pk}/").status_code == 404
    assert client.get("/api/v1/projects/", {"confidential": "true"}).json()["count"] == 0
    assert client.get("/api/v1/projects/", {"q": "Secret"}).json()["count"] == 0


def test_viewer_never_sees_the_confidential_projects_milestones(world):
    client = client_for(world.users["viewer"])
    assert "Secret milestone" not in titles(client.get("/api/v1/milestones/"))
    assert client.get(f"/api/v1/milestones/{world.records['secret_milestone'].pk}/").status_code == 404
    response = client.get("/api/v1/milestones/", {"project": world.records["secret"].pk})
    assert response.status_code == 400 or response.json()["count"] == 0


@pytest.mark.parametrize("role", READERS_OF_CONFIDENTIAL + ["lead"])
def test_roles_that_read_the_confidential_project(world, role):
    client = client_for(world.users[role])
    assert "Secret depot closure" in titles(client.get("/api/v1/projects/"))
    response = client.get(f"/api/v1/projects/{world.records['secret'].pk}/")
    assert response.status_code == 200
    assert response.json()["status_commentary"] == "Exempt: negotiations with the union"
    assert response.json()["late_milestones"] is True
    assert "Secret milestone" in titles(client.get("/api/v1/milestones/"))


def test_lead_does_not_read_a_confidential_project_led_by_someone_else(world):
    someone = f.UserFactory(username="someone")
    hidden = f.ProjectFactory(programme=world.records["programme"], title="Someone else's secret",
                              confidential=True, lead=someone)
    client = client_for(world.users["lead"])
    assert "Someone else's secret" not in titles(client.get("/api/v1/projects/"))
    assert client.get(f"/api/v1/projects/{hidden.pk}/").status_code == 404


def test_lead_may_change_the_project_they_lead(world):
    secret = world.records["secret"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/projects/{secret.pk}/", {"status_commentary": "Talks resumed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status_commentary"] == "Talks resumed"
    secret.refresh_from_db()
    assert secret.status_commentary == "Talks resumed"
    assert secret.modified_by == world.users["lead"]
    assert secret.confidential is True


def test_lead_may_not_change_a_project_they_do_not_lead(world):
    plain = world.records["plain"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/projects/{plain.pk}/", {"status_commentary": "Mine now"}, format="json"
    )
    assert response.status_code == 403
    plain.refresh_from_db()
    assert plain.status_commentary == ""


def test_lead_may_not_make_their_confidential_project_open_or_public(world):
    """The web form disables ``confidential``, ``public``, ``programme``, ``lead`` and ``code`` for a project
    lead; the API must refuse the same changes (one policy), or a lead could publish exempt information."""
    secret = world.records["secret"]
    client = client_for(world.users["lead"])
    response = client.patch(f"/api/v1/projects/{secret.pk}/", {"confidential": False}, format="json")
    assert response.status_code in (400, 403)
    secret.refresh_from_db()
    assert secret.confidential is True
    assert "Secret depot closure" not in APIClient().get("/api/v1/public/home/projects/").content.decode()
    led = world.records["led"]
    response = client.patch(f"/api/v1/projects/{led.pk}/", {"public": True}, format="json")
    assert response.status_code in (400, 403)
    led.refresh_from_db()
    assert led.public is False


def test_lead_may_not_refile_their_project_under_another_programme(world):
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    led = world.records["led"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/projects/{led.pk}/", {"programme": second.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    led.refresh_from_db()
    assert led.programme == world.records["programme"]


def test_lead_may_add_a_milestone_to_their_project(world):
    response = client_for(world.users["lead"]).post(
        "/api/v1/milestones/",
        {"organisation": "home", "project": world.records["secret"].pk, "title": "Consultation closes",
         "due_date": "2030-06-30"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["due_date"] == "2030-06-30"
    assert response.json()["late"] is False
    milestone = Milestone.objects.get(title="Consultation closes")
    assert milestone.created_by == world.users["lead"]


def test_lead_may_not_add_a_milestone_to_a_project_they_do_not_lead(world):
    before = Milestone.objects.count()
    response = client_for(world.users["lead"]).post(
        "/api/v1/milestones/",
        {"organisation": "home", "project": world.records["plain"].pk, "title": "Not mine", "due_date": "2030-06-30"},
        format="json",
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    assert Milestone.objects.count() == before
    assert not Milestone.objects.filter(title="Not mine").exists()


def test_lead_may_change_the_milestones_of_their_project(world):
    milestone = world.records["led_milestone"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"actual_date": "2025-01-15"}, format="json"
    )
    assert response.status_code == 200, response.json()
    milestone.refresh_from_db()
    assert str(milestone.actual_date) == "2025-01-15"


def test_lead_may_not_change_milestones_of_other_projects(world):
    milestone = world.records["milestone"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.title == "Ordinary milestone"


def test_lead_may_not_move_their_milestone_onto_a_project_they_do_not_lead(world):
    """Creating a milestone on someone else's project is refused (403); moving one there must be too."""
    milestone = world.records["led_milestone"]
    response = client_for(world.users["lead"]).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"project": world.records["plain"].pk}, format="json"
    )
    assert response.status_code in (400, 403)
    milestone.refresh_from_db()
    assert milestone.project == world.records["led"]


@pytest.mark.parametrize("role", ["lead", "finance", "monitoring", "member", "viewer"])
def test_lead_and_readers_cannot_create_programmes_workstreams_or_phases(world, role):
    client = client_for(world.users[role])
    programme = world.records["programme"].pk
    before = (Programme.objects.count(), Workstream.objects.count(), Phase.objects.count())
    assert client.post("/api/v1/programmes/", {"organisation": "home", "title": "P"},
                       format="json").status_code == 403
    assert client.post("/api/v1/workstreams/", {"organisation": "home", "programme": programme, "title": "W"},
                       format="json").status_code == 403
    assert client.post("/api/v1/phases/", {"organisation": "home", "programme": programme, "title": "Ph"},
                       format="json").status_code == 403
    assert (Programme.objects.count(), Workstream.objects.count(), Phase.objects.count()) == before


@pytest.mark.parametrize("role", NOT_WRITERS)
def test_only_writers_create_projects(world, role):
    before = Project.objects.count()
    response = client_for(world.users[role]).post("/api/v1/projects/", new_project(world), format="json")
    assert response.status_code == 403
    assert Project.objects.count() == before


@pytest.mark.parametrize("role", WRITERS)
def test_admin_and_programme_manager_create_programmes_and_projects(world, role):
    client = client_for(world.users[role])
    response = client.post("/api/v1/programmes/", {"organisation": "home", "title": f"{role} programme",
                                                   "start_date": "2025-04-01"}, format="json")
    assert response.status_code == 201, response.json()
    programme = response.json()
    assert programme["organisation"] == "home"
    assert programme["start_date"] == "2025-04-01"
    response = client.post("/api/v1/workstreams/", {"organisation": "home", "programme": programme["id"],
                                                    "title": "Adults"}, format="json")
    assert response.status_code == 201, response.json()
    workstream = response.json()["id"]
    response = client.post(
        "/api/v1/projects/",
        {"organisation": "home", "programme": programme["id"], "workstream": workstream,
         "title": f"{role} project", "stage": "delivery", "delivery_confidence": "amber_green"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["workstream"] == workstream
    assert Project.objects.get(title=f"{role} project").created_by == world.users[role]


@pytest.mark.parametrize("role", ["finance", "monitoring", "member"])
def test_confidential_readers_may_not_change_projects(world, role):
    secret = world.records["secret"]
    response = client_for(world.users[role]).patch(
        f"/api/v1/projects/{secret.pk}/", {"status_commentary": "Leaked"}, format="json"
    )
    assert response.status_code == 403
    secret.refresh_from_db()
    assert secret.status_commentary == "Exempt: negotiations with the union"


def test_lead_field_is_read_only(world):
    plain = world.records["plain"]
    response = client_for(world.users["programme"]).patch(
        f"/api/v1/projects/{plain.pk}/", {"lead": world.users["viewer"].pk}, format="json"
    )
    assert response.status_code == 200
    plain.refresh_from_db()
    assert plain.lead is None


def test_project_code_is_unique_in_its_organisation(world):
    before = Project.objects.count()
    response = client_for(world.users["programme"]).post("/api/v1/projects/", new_project(world, code="INT-1"),
                                                         format="json")
    assert response.status_code == 400
    assert "INT-1" in str(response.json()) or "code" in str(response.json()).lower()
    assert Project.objects.count() == before


def test_projects_without_a_code_do_not_clash(world, writer):
    client = writer
    for title in ("First uncoded", "Second uncoded"):
        response = client.post("/api/v1/projects/", new_project(world, title=title, code=""), format="json")
        assert response.status_code == 201, response.json()
    assert Project.objects.filter(organisation=world.home, code="").count() == 2


# Bad input: 400 with a reason, nothing saved ---------------------------------------------------------------


def assert_refused(response, field: str | None = None) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = errors(response)
    if field is not None:
        assert field in body, body
        assert body[field], body
    return body


@pytest.fixture
def writer(world):
    return client_for(world.users["programme"])


def test_end_date_before_start_date_is_refused(world, writer):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", new_project(world, start_date="2025-04-01", end_date="2025-03-31"),
                           format="json")
    body = assert_refused(response, "end_date")
    assert "end date" in str(body["end_date"]).lower()
    assert Project.objects.count() == before


def test_end_date_before_start_date_is_refused_on_update(world, writer):
    plain = world.records["plain"]
    response = writer.patch(f"/api/v1/projects/{plain.pk}/", {"start_date": "2025-04-01", "end_date": "2024-01-01"},
                            format="json")
    assert_refused(response, "end_date")
    plain.refresh_from_db()
    assert plain.start_date is None
    assert plain.end_date is None


def test_programme_end_date_before_start_date_is_refused(world, writer):
    before = Programme.objects.count()
    response = writer.post("/api/v1/programmes/", {"organisation": "home", "title": "Backwards",
                                                   "start_date": "2025-04-01", "end_date": "2025-01-01"},
                           format="json")
    assert_refused(response, "end_date")
    assert Programme.objects.count() == before


def test_missing_title_is_refused(world, writer):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", {"organisation": "home", "programme": world.records["programme"].pk},
                           format="json")
    assert_refused(response, "title")
    response = writer.post("/api/v1/projects/", new_project(world, title=""), format="json")
    assert_refused(response, "title")
    assert Project.objects.count() == before


def test_missing_organisation_and_programme_are_refused(world, writer):
    before = Project.objects.count()
    body = assert_refused(writer.post("/api/v1/projects/", {"title": "Orphan"}, format="json"))
    assert "organisation" in body
    assert "programme" in body
    assert Project.objects.count() == before


def test_a_ten_megabyte_title_is_refused_with_a_reason(world, writer):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", new_project(world, title="x" * (10 * 1024 * 1024)), format="json")
    assert response.status_code != 500
    if response.status_code == 413:  # acceptable only as JSON with a reason
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    else:
        body = assert_refused(response, "title")
        assert "200" in str(body["title"])
        assert len(response.content) < 10_000  # the reason, not the value echoed back
    assert Project.objects.count() == before


def test_a_body_over_the_upload_limit_is_refused_as_json(world, writer):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", new_project(world, title="x" * (13 * 1024 * 1024)), format="json")
    assert 400 <= response.status_code < 500, response.status_code
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert Project.objects.count() == before


def test_a_rating_off_the_organisations_scale_is_refused(world, writer):
    world.home.confidence_scale = ConfidenceScale.THREE_POINT
    world.home.save()
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", new_project(world, delivery_confidence="amber_green"), format="json")
    body = assert_refused(response, "delivery_confidence")
    assert "scale" in str(body["delivery_confidence"])
    assert Project.objects.count() == before
    plain = world.records["plain"]
    response = writer.patch(f"/api/v1/projects/{plain.pk}/", {"delivery_confidence": "amber_red"}, format="json")
    assert_refused(response, "delivery_confidence")
    plain.refresh_from_db()
    assert plain.delivery_confidence == ""
    response = writer.patch(f"/api/v1/projects/{plain.pk}/", {"delivery_confidence": "amber"}, format="json")
    assert response.status_code == 200


def test_an_unknown_stage_is_refused(world, writer):
    before = Project.objects.count()
    body = assert_refused(writer.post("/api/v1/projects/", new_project(world, stage="launched"), format="json"),
                          "stage")
    assert "launched" in str(body["stage"])
    assert Project.objects.count() == before


def test_an_unknown_delivery_confidence_is_refused(world, writer):
    before = Project.objects.count()
    assert_refused(writer.post("/api/v1/projects/", new_project(world, delivery_confidence="purple"),
                               format="json"), "delivery_confidence")
    assert Project.objects.count() == before


@pytest.mark.parametrize("value", ["31/03/2025", "2025-02-30", "tomorrow", "2025-13-01", 20250101])
def test_an_invalid_date_is_refused(world, writer, value):
    before = Project.objects.count()
    body = assert_refused(writer.post("/api/v1/projects/", new_project(world, start_date=value), format="json"),
                          "start_date")
    assert "date" in str(body["start_date"]).lower()
    assert Project.objects.count() == before


def test_a_programme_that_does_not_exist_is_refused(world, writer):
    before = Project.objects.count()
    assert_refused(writer.post("/api/v1/projects/", new_project(world, programme=999999), format="json"),
                   "programme")
    assert_refused(writer.post("/api/v1/projects/", new_project(world, programme="abc"), format="json"),
                   "programme")
    assert Project.objects.count() == before


def test_an_unknown_organisation_is_refused(world, writer):
    before = Project.objects.count()
    assert_refused(writer.post("/api/v1/projects/", new_project(world, organisation="nowhere"), format="json"),
                   "organisation")
    assert Project.objects.count() == before


def test_a_non_json_body_is_refused(world, writer):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    response = writer.post("/api/v1/projects/", data=b"\xff\xfe\x00garbage", content_type="application/json")
    assert response.status_code == 400
    assert Project.objects.count() == before


@pytest.mark.parametrize("body", ["[]", "null", "42", '"a string"'])
def test_a_json_body_that_is_not_an_object_is_refused(world, writer, body):
    before = Project.objects.count()
    response = writer.post("/api/v1/projects/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()
    assert Project.objects.count() == before


def test_an_unsupported_media_type_is_refused(world, writer):
    response = writer.post("/api/v1/projects/", data="<project/>", content_type="application/xml")
    assert response.status_code == 415
    assert "detail" in response.json()


@pytest.mark.parametrize("field, value", [
    ("confidential", "perhaps"),
    ("fte_change", "many"),
    ("fte_change", "123456789.5"),
    ("priorities", "not-a-list"),
    ("dependencies", [999999]),
    ("workforce_approach", "outsourcing"),
    ("title", None),
    ("title", {"nested": "object"}),
])
def test_a_value_of_the_wrong_kind_is_refused(world, writer, field, value):
    before = Project.objects.count()
    assert_refused(writer.post("/api/v1/projects/", new_project(world, **{field: value}), format="json"), field)
    assert Project.objects.count() == before


def test_a_milestone_without_a_due_date_is_refused(world, writer):
    before = Milestone.objects.count()
    response = writer.post("/api/v1/milestones/", {"organisation": "home", "project": world.records["plain"].pk,
                                                   "title": "Undated"}, format="json")
    assert_refused(response, "due_date")
    assert Milestone.objects.count() == before


@pytest.mark.parametrize("query", [
    {"stage": "launched"},
    {"programme": "abc"},
    {"workstream": 999999},
    {"delivery_confidence": "purple"},
])
def test_bad_filter_values_are_a_4xx_not_a_500(world, writer, query):
    response = writer.get("/api/v1/projects/", query)
    assert 400 <= response.status_code < 500
    assert response.json()


@pytest.mark.parametrize("query", [{"due_after": "not-a-date"}, {"due_before": "2025-02-30"}, {"project": "x"}])
def test_bad_milestone_filter_values_are_a_4xx_not_a_500(world, writer, query):
    response = writer.get("/api/v1/milestones/", query)
    assert 400 <= response.status_code < 500
