"""The web forms for programmes, workstreams, projects and milestones: bad input gets the GOV.UK error summary
and the field's error and changes nothing; who may open and post each form; what a project lead may not change."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from beacon.core.models import ConfidenceScale
from beacon.programmes.models import Milestone, Programme, Project, Workstream
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

ADD_PROJECT = "/org/home/projects/add/"
ERROR_SUMMARY = "There is a problem"



def project_data(world, **extra) -> dict:
    data = {
        "programme": world.records["programme"].pk,
        "workstream": world.records["workstream"].pk,
        "title": "Adult social care front door",
        "stage": "idea",
        "workforce_approach": "",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def field_error(html: str, field: str) -> str:
    """The text of the GOV.UK error message drawn under ``field`` (empty if none)."""
    match = re.search(rf'id="id_{field}_error" class="govuk-error-message">(.*?)</p>', html, re.DOTALL)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def assert_shows_error(response, field: str, words: str = "") -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR_SUMMARY in html
    assert "govuk-error-summary" in html
    # A date (day, month, year) is a group: the summary links to its first box.
    target = f"id_{field}_0" if field.endswith("date") else f"id_{field}"
    assert f'href="#{target}"' in html, f"the summary links to {field}"
    message = field_error(html, field)
    assert message, f"no error under {field}"
    assert words.lower() in message.lower(), message
    return message


# Adding a project ------------------------------------------------------------------------------------------


def test_the_add_form_shows_for_a_programme_manager(world, login):
    response = login(world.users["programme"]).get(ADD_PROJECT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Add a project" in html
    assert ERROR_SUMMARY not in html
    assert "Other workstream" not in html
    assert "Other Programme" not in html


def test_a_valid_project_is_added_and_the_user_sent_to_its_page(world, login):
    client = login(world.users["programme"])
    response = client.post(ADD_PROJECT, project_data(world, start_date="2025-04-01", end_date="2026-03-31",
                                                     delivery_confidence="amber_green", code="ASC-1"))
    assert response.status_code == 302
    project = Project.objects.get(title="Adult social care front door")
    assert response["Location"] == project.get_absolute_url()
    assert project.organisation == world.home
    assert project.created_by == world.users["programme"]
    assert project.modified_by == world.users["programme"]
    assert project.stage == "idea"
    assert project.workstream == world.records["workstream"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Adult social care front door" in page.content.decode()


def test_missing_title_shows_the_error_summary_and_saves_nothing(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, title=""))
    assert_shows_error(response, "title", "Enter the title")
    assert Project.objects.count() == before


def test_end_date_before_start_date_is_an_error(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(
        ADD_PROJECT, project_data(world, start_date="2025-04-01", end_date="2025-03-01")
    )
    assert_shows_error(response, "end_date", "end date")
    assert Project.objects.count() == before


def test_a_workstream_of_another_organisation_is_refused(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(
        ADD_PROJECT, project_data(world, workstream=world.records["other_workstream"].pk)
    )
    assert_shows_error(response, "workstream", "Select a valid choice")
    assert "Other workstream" not in response.content.decode()
    assert Project.objects.count() == before


def test_a_programme_of_another_organisation_is_refused(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(
        ADD_PROJECT, project_data(world, programme=world.records["other_programme"].pk, workstream=None)
    )
    assert_shows_error(response, "programme", "Select a valid choice")
    assert Project.objects.count() == before


def test_a_workstream_of_another_programme_is_refused(world, login):
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    elsewhere = f.WorkstreamFactory(programme=second, title="Elsewhere")
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, workstream=elsewhere.pk))
    assert_shows_error(response, "workstream", "workstream of the project's programme")
    assert Project.objects.count() == before


def test_a_confidential_project_is_not_offered_as_a_dependency_to_those_who_cannot_read_it(world, login):
    # A project lead who leads nothing confidential must not see the confidential project among the choices.
    other_lead = f.UserFactory(username="other-lead")
    f.MembershipFactory(user=other_lead, organisation=world.home, role="lead")
    mine = f.ProjectFactory(programme=world.records["programme"], title="Other lead's project", lead=other_lead)
    response = login(other_lead).get(f"/org/home/projects/{mine.pk}/edit/")
    assert response.status_code == 200
    assert "Secret depot closure" not in response.content.decode()


def test_a_ten_megabyte_title_gets_the_error_summary_not_a_500(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, title="x" * (10 * 1024 * 1024)))
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert_shows_error(response, "title", "at most 200 characters")
    assert Project.objects.count() == before


def test_a_rating_off_the_organisations_scale_is_refused(world, login):
    world.home.confidence_scale = ConfidenceScale.THREE_POINT
    world.home.save()
    client = login(world.users["programme"])
    html = client.get(ADD_PROJECT).content.decode()
    assert 'value="amber_green"' not in html
    before = Project.objects.count()
    response = client.post(ADD_PROJECT, project_data(world, delivery_confidence="amber_green"))
    assert_shows_error(response, "delivery_confidence", "valid choice")
    assert Project.objects.count() == before


@pytest.mark.parametrize("field, value, words", [
    ("stage", "launched", "valid choice"),
    ("start_date", "31/02/2025", "real date"),
    ("start_date", "tomorrow", "real date"),
    ("fte_change", "many", "number"),
    ("programme", "999999", "valid choice"),
    ("lead", "999999", "valid choice"),
])
def test_bad_values_are_refused_with_a_reason(world, login, field, value, words):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, **{field: value}))
    assert_shows_error(response, field, words)
    assert Project.objects.count() == before


def test_the_lead_must_be_a_member_of_the_organisation(world, login):
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, lead=world.users["outsider"].pk))
    assert_shows_error(response, "lead", "valid choice")
    assert Project.objects.count() == before


def test_a_duplicate_code_is_refused(world, login):
    """The code is unique within an organisation: a duplicate is a message on the page, not a 500."""
    before = Project.objects.count()
    response = login(world.users["programme"]).post(ADD_PROJECT, project_data(world, code="INT-1"))
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.content.decode()
    assert Project.objects.count() == before


# Who may use the forms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "member", "finance", "monitoring", "lead"])
def test_roles_that_may_not_add_projects_get_403(world, login, role):
    client = login(world.users[role])
    assert client.get(ADD_PROJECT).status_code == 403
    before = Project.objects.count()
    assert client.post(ADD_PROJECT, project_data(world)).status_code == 403
    assert Project.objects.count() == before


@pytest.mark.parametrize("role", ["viewer", "lead"])
def test_roles_that_may_not_add_programmes_or_workstreams_get_403(world, login, role):
    client = login(world.users[role])
    assert client.get("/org/home/programmes/add/").status_code == 403
    assert client.post("/org/home/programmes/add/", {"title": "P"}).status_code == 403
    assert client.post("/org/home/workstreams/add/", {"programme": world.records["programme"].pk,
                                                      "title": "W", "order": 0}).status_code == 403
    assert not Programme.objects.filter(title="P").exists()
    assert not Workstream.objects.filter(title="W").exists()


def test_viewer_cannot_edit_a_project(world, login):
    plain = world.records["plain"]
    client = login(world.users["viewer"])
    assert client.get(f"/org/home/projects/{plain.pk}/edit/").status_code == 403
    assert client.post(f"/org/home/projects/{plain.pk}/edit/", project_data(world, title="Changed")).status_code == 403
    plain.refresh_from_db()
    assert plain.title == "Ordinary internal project"


def test_viewer_gets_404_for_the_confidential_project_pages(world, login):
    secret = world.records["secret"]
    client = login(world.users["viewer"])
    assert client.get(f"/org/home/projects/{secret.pk}/").status_code == 404
    assert client.get(f"/org/home/projects/{secret.pk}/edit/").status_code == 404
    assert "Secret depot closure" not in client.get("/org/home/projects/").content.decode()


@pytest.mark.parametrize("path", [
    "/org/home/", "/org/home/programmes/", "/org/home/projects/", "/org/home/milestones/",
    "/org/home/projects/add/", "/org/home/programmes/add/", "/org/home/milestones/add/",
    "/org/home/workstreams/add/", "/org/home/phases/add/",
])
def test_outsider_gets_404_on_home_pages(world, login, path):
    assert login(world.users["outsider"]).get(path).status_code == 404


@pytest.mark.parametrize("name, suffix", [
    ("programme", ""), ("programme", "edit/"), ("plain", ""), ("plain", "edit/"), ("secret", ""),
    ("workstream", ""), ("workstream", "edit/"), ("milestone", "edit/"),
])
def test_outsider_gets_404_on_home_records(world, login, name, suffix):
    record = world.records[name]
    collection = {"programme": "programmes", "plain": "projects", "secret": "projects", "workstream": "workstreams",
                  "milestone": "milestones"}[name]
    assert login(world.users["outsider"]).get(f"/org/home/{collection}/{record.pk}/{suffix}").status_code == 404


def test_outsider_cannot_post_to_home_forms(world, login):
    client = login(world.users["outsider"])
    before = Project.objects.count()
    assert client.post(ADD_PROJECT, project_data(world)).status_code == 404
    plain = world.records["plain"]
    assert client.post(f"/org/home/projects/{plain.pk}/edit/", project_data(world, title="Taken")).status_code == 404
    assert Project.objects.count() == before
    plain.refresh_from_db()
    assert plain.title == "Ordinary internal project"


def test_a_record_of_another_organisation_is_404_under_this_organisations_url(world, login):
    # ``other``'s project asked for under /org/home/ by someone who may read home's records.
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    other_project = world.records["other_project"]
    client = login(both)
    assert client.get(f"/org/home/projects/{other_project.pk}/").status_code == 404
    assert client.get(f"/org/home/projects/{other_project.pk}/edit/").status_code == 404
    assert client.get(f"/org/other/projects/{other_project.pk}/").status_code == 200


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(ADD_PROJECT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    before = Project.objects.count()
    response = client.post(ADD_PROJECT, project_data(world))
    assert response.status_code == 302
    assert Project.objects.count() == before


# The project lead -------------------------------------------------------------------------------------------


def lead_edit(world, project, **extra) -> dict:
    data = {
        "title": project.title,
        "stage": project.stage,
        "workstream": project.workstream_id or "",
        "status_commentary": "Talks resumed",
        "workforce_approach": "",
    }
    data.update(extra)
    return data


def test_lead_cannot_change_confidential_on_their_project(world, login):
    secret = world.records["secret"]
    client = login(world.users["lead"])
    page = client.get(f"/org/home/projects/{secret.pk}/edit/")
    assert page.status_code == 200
    assert re.search(r'<input[^>]*name="confidential"[^>]*disabled', page.content.decode())
    # Posting the form with the confidential box unticked (the field absent) must leave it confidential.
    response = client.post(f"/org/home/projects/{secret.pk}/edit/", lead_edit(world, secret))
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.status_commentary == "Talks resumed"
    assert secret.confidential is True
    assert secret.public is True
    assert secret.lead == world.users["lead"]
    assert secret.modified_by == world.users["lead"]


def test_lead_cannot_refile_hand_over_or_publish_their_project(world, login):
    led = world.records["led"]
    second = f.ProgrammeFactory(organisation=world.home, title="Second programme")
    response = login(world.users["lead"]).post(
        f"/org/home/projects/{led.pk}/edit/",
        lead_edit(world, led, programme=second.pk, lead=world.users["viewer"].pk, public="on", confidential="on",
                  code="NEW-1"),
    )
    assert response.status_code == 302
    led.refresh_from_db()
    assert led.programme == world.records["programme"]
    assert led.lead == world.users["lead"]
    assert led.public is False
    assert led.confidential is False
    assert led.code == "LEAD-1"


def test_lead_cannot_edit_a_project_they_do_not_lead(world, login):
    plain = world.records["plain"]
    client = login(world.users["lead"])
    assert client.get(f"/org/home/projects/{plain.pk}/edit/").status_code == 403
    assert client.post(f"/org/home/projects/{plain.pk}/edit/", lead_edit(world, plain)).status_code == 403
    plain.refresh_from_db()
    assert plain.status_commentary == ""


def test_programme_manager_may_change_confidential(world, login):
    secret = world.records["secret"]
    data = lead_edit(world, secret, programme=secret.programme_id, code=secret.code, public="on")
    response = login(world.users["programme"]).post(f"/org/home/projects/{secret.pk}/edit/", data)
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.confidential is False


# Milestones ---------------------------------------------------------------------------------------------------


def test_lead_adds_a_milestone_only_to_their_own_projects(world, login):
    client = login(world.users["lead"])
    page = client.get("/org/home/milestones/add/").content.decode()
    assert "Ordinary internal project" not in page
    before = Milestone.objects.count()
    response = client.post("/org/home/milestones/add/", {"project": world.records["plain"].pk, "title": "Not mine",
                                                         "due_date": "2030-01-01"})
    assert_shows_error(response, "project", "valid choice")
    assert Milestone.objects.count() == before
    response = client.post("/org/home/milestones/add/", {"project": world.records["led"].pk, "title": "Mine",
                                                         "due_date": "2030-01-01"})
    assert response.status_code == 302
    assert response["Location"] == world.records["led"].get_absolute_url()
    assert Milestone.objects.get(title="Mine").created_by == world.users["lead"]


def test_a_milestone_needs_a_valid_due_date(world, login):
    before = Milestone.objects.count()
    response = login(world.users["programme"]).post(
        "/org/home/milestones/add/", {"project": world.records["plain"].pk, "title": "Undated", "due_date": ""}
    )
    assert_shows_error(response, "due_date", "Enter the due date")
    assert Milestone.objects.count() == before


# Programmes and workstreams ---------------------------------------------------------------------------------


def test_programme_end_date_before_start_date_is_an_error(world, login):
    before = Programme.objects.count()
    response = login(world.users["programme"]).post(
        "/org/home/programmes/add/", {"title": "Backwards", "start_date": "2025-04-01", "end_date": "2024-04-01"}
    )
    assert_shows_error(response, "end_date", "end date")
    assert Programme.objects.count() == before


def test_a_valid_programme_is_added(world, login):
    response = login(world.users["admin"]).post("/org/home/programmes/add/", {"title": "Fit for the Future"})
    assert response.status_code == 302
    programme = Programme.objects.get(title="Fit for the Future")
    assert programme.organisation == world.home
    assert programme.created_by == world.users["admin"]
    assert response["Location"] == programme.get_absolute_url()


def test_a_workstream_of_another_organisations_programme_is_refused(world, login):
    before = Workstream.objects.count()
    response = login(world.users["programme"]).post(
        "/org/home/workstreams/add/", {"programme": world.records["other_programme"].pk, "title": "W", "order": 0}
    )
    assert_shows_error(response, "programme", "valid choice")
    assert Workstream.objects.count() == before


def test_dates_are_entered_as_day_month_and_year(world, login):
    """The GOV.UK date input: three boxes, joined into one date."""
    client = login(world.users["programme"])
    data = project_data(world, title="Dated by parts")
    data.update({"start_date_0": "1", "start_date_1": "4", "start_date_2": "2025",
                 "end_date_0": "31", "end_date_1": "3", "end_date_2": "2026"})
    response = client.post(ADD_PROJECT, data)
    assert response.status_code == 302
    project = Project.objects.get(title="Dated by parts")
    assert (project.start_date.isoformat(), project.end_date.isoformat()) == ("2025-04-01", "2026-03-31")


def test_a_date_without_its_year_is_refused(world, login):
    client = login(world.users["programme"])
    before = Project.objects.count()
    data = project_data(world, title="Half a date")
    data.update({"start_date_0": "1", "start_date_1": "4", "start_date_2": ""})
    response = client.post(ADD_PROJECT, data)
    assert "real date" in assert_shows_error(response, "start_date")
    assert Project.objects.count() == before
    # What the user typed is shown back to them.
    assert 'name="start_date_0" type="text" inputmode="numeric" value="1"' in response.content.decode()


def test_a_phase_ending_before_it_starts_is_refused(world, login):
    from beacon.programmes.models import Phase

    client = login(world.users["programme"])
    before = Phase.objects.count()
    response = client.post("/org/home/phases/add/", {
        "programme": world.records["programme"].pk, "title": "Phase 2", "order": 2,
        "start_date_0": "1", "start_date_1": "10", "start_date_2": "2024",
        "end_date_0": "31", "end_date_1": "3", "end_date_2": "2024",
    })
    assert "The end date must be the same as or after the start date." in assert_shows_error(response, "end_date")
    assert Phase.objects.count() == before


def test_the_api_refuses_a_phase_ending_before_it_starts(world):
    from beacon.programmes.models import Phase
    from beacon.testing.clients import client_for

    before = Phase.objects.count()
    response = client_for(world.users["programme"]).post("/api/v1/phases/", {
        "organisation": "home", "programme": world.records["programme"].pk, "title": "Phase 2",
        "start_date": "2024-10-01", "end_date": "2024-03-31",
    }, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    assert Phase.objects.count() == before
