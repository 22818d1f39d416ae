"""Idea pages: the list (who submitted as a kind of person, never a name; status in words; votes; savings credited
of an accepted idea, hidden from a viewer when its project is confidential), its filters and downloads, submitting
an idea, an idea's page, voting, the reviewers' status and moderation forms (bad input re-drawn with the error
summary and nothing changed), the reviewers' edit, the history, and query counts that do not grow with the list."""

from __future__ import annotations

import csv
import io
import re
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement import services
from beacon.engagement.models import Idea, IdeaStatus, IdeaVote, Moderation, Submitter
from beacon.finance.models import LineState
from beacon.programmes.models import Project, Stage
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db
LIST = "/org/home/engagement/"


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def idea_url(idea: Idea, action: str = "") -> str:
    return f"/org/home/engagement/ideas/{idea.pk}/{action}"


@pytest.fixture
def jane(world):
    """A member of staff with a name that must never be shown with her ideas."""
    user = f.UserFactory(username="jane.smith", first_name="Jane", last_name="Smith")
    f.MembershipFactory(user=user, organisation=world.home, role="viewer")
    return user


def accepted_idea(world, project: Any, **extra: Any) -> Idea:
    for state, pounds in (("delivered", 100_000), ("approved", 50_000), ("proposed", 25_000),
                          ("written_off", 10_000)):
        f.SavingsLineFactory(project=project, state=state, amount_pence=pounds * 100,
                             delivered_pence=pounds * 100 if state == LineState.DELIVERED else 0)
    return cast(Idea, f.IdeaFactory(organisation=world.home, status=IdeaStatus.ACCEPTED, project=project, **extra))


def test_the_list_shows_ideas_with_votes_and_credits_but_never_a_name(world, login, jane):
    idea = services.submit_idea(organisation=world.home, actor=jane, title="Shared front door",
                                description="One number.", workstream=world.records["workstream"],
                                submitter_role_title="Highways")
    services.vote(idea, actor=jane)
    services.vote(idea, actor=world.users["lead"])
    accepted_idea(world, world.records["plain"], code="IDEA-0100", title="Digital forms")
    accepted_idea(world, world.records["secret"], code="IDEA-0101", title="Depot idea")
    page = text(login(world.users["viewer"]).get(LIST))
    assert "IDEA-0001" in page and "Shared front door" in page and "Digital" in page
    assert "Member of staff (Highways)" in page
    assert '<strong class="govuk-tag govuk-tag--blue">New</strong>' in page
    assert 'govuk-table__cell--numeric">2</td>' in page
    assert "Jane" not in page and "jane.smith" not in page
    # Credited: delivered £100,000 of £175,000 planned (the written-off line no longer counts), in summary figures.
    assert "£100k realised of £175k planned" in page
    assert "Depot idea" in page and page.count("realised of") == 1  # the confidential project credits nothing
    assert "Submit an idea</a>" in page
    programme_page = text(login(world.users["programme"]).get(LIST))
    assert programme_page.count("realised of") == 2


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("status=declined", {"IDEA-0002"}, {"IDEA-0001", "IDEA-0003"}),
    ("submitter=resident", {"IDEA-0003"}, {"IDEA-0001", "IDEA-0002"}),
    ("q=bins", {"IDEA-0003"}, {"IDEA-0001"}),
    ("moderation=published", {"IDEA-0001"}, {"IDEA-0002", "IDEA-0003"}),
])
def test_filters(world, login, query, shown, hidden):
    home = world.home
    f.IdeaFactory(organisation=home, code="IDEA-0001", moderation=Moderation.PUBLISHED)
    f.IdeaFactory(organisation=home, code="IDEA-0002", status=IdeaStatus.DECLINED, status_reason="Done already")
    f.IdeaFactory(organisation=home, code="IDEA-0003", submitter=Submitter.RESIDENT, title="Weekly bins")
    page = text(login(world.users["programme"]).get(f"{LIST}?{query}"))
    for code in shown:
        assert f">{code}<" in page, code
    for code in hidden:
        assert f">{code}<" not in page, code


def test_the_download_has_votes_credits_and_only_projects_the_user_may_read(world, login, jane):
    accepted_idea(world, world.records["plain"], code="IDEA-0100", title="Digital forms",
                  status_reason="Fits digital")
    accepted_idea(world, world.records["secret"], code="IDEA-0101", title="Depot idea")
    services.vote(cast(Idea, f.IdeaFactory(organisation=world.home, code="IDEA-0102", submitted_by=jane)), actor=jane)
    response = login(world.users["viewer"]).get(f"{LIST}?download=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {row["Code"]: row for row in rows}
    assert set(by_code) == {"IDEA-0100", "IDEA-0101", "IDEA-0102"}
    assert by_code["IDEA-0100"]["Project"] == str(world.records["plain"])
    assert by_code["IDEA-0100"]["Reason"] == "Fits digital" and by_code["IDEA-0100"]["Status"] == "Accepted"
    assert by_code["IDEA-0100"]["Savings realised (£)"] == "100000.00"
    assert by_code["IDEA-0100"]["Savings planned (£)"] == "175000.00"
    assert by_code["IDEA-0101"]["Project"] == "" and by_code["IDEA-0101"]["Savings realised (£)"] == ""
    assert by_code["IDEA-0102"]["Votes"] == "1" and by_code["IDEA-0102"]["Submitted by"] == "Member of staff"
    assert "Jane" not in response.content.decode() and "jane.smith" not in response.content.decode()


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LIST, f"{LIST}?download=csv"])
def test_query_counts_do_not_grow_with_the_list(world, login, url):
    client = login(world.users["viewer"])

    def add(n: int) -> None:
        for _ in range(n):
            project = f.ProjectFactory(programme=world.records["programme"])
            accepted_idea(world, project, workstream=world.records["workstream"])
            open_idea = cast(Idea, f.IdeaFactory(organisation=world.home, workstream=world.records["workstream"]))
            for role in ("viewer", "lead"):
                services.vote(open_idea, actor=world.users[role])

    add(2)
    small = count_queries(client, url)
    add(20)
    assert count_queries(client, url) == small


def test_submitting_an_idea(world, login):
    client = login(world.users["viewer"])
    form = text(client.get(f"{LIST}ideas/new/"))
    assert "Who is putting the idea forward" in form and "Resident" in form
    response = client.post(f"{LIST}ideas/new/", {
        "title": "Pool the vans", "description": "Share the fleet across services.", "submitter": "staff",
        "submitter_role_title": "Fleet team", "workstream": world.records["workstream"].pk,
    })
    idea = Idea.objects.get(title="Pool the vans")
    assert response.status_code == 302 and response["Location"] == idea_url(idea)
    assert idea.code == "IDEA-0001" and idea.submitted_by == world.users["viewer"]
    assert idea.status == IdeaStatus.NEW and idea.workstream == world.records["workstream"]
    page = text(client.get(response["Location"]))
    assert "Idea submitted: IDEA-0001 Pool the vans" in page
    assert "Member of staff (Fleet team)" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", "Enter the title"),
    ({"description": ""}, "description", "Describe the idea"),
    ({"submitter": "alien"}, "submitter", "Select a valid choice"),
    ("other_workstream", "workstream", "Select a valid choice"),
])
def test_a_bad_idea_is_refused_with_a_reason_and_nothing_saved(world, login, change, field, message):
    data = {"title": "Pool the vans", "description": "Share the fleet.", "submitter": "staff"}
    if change == "other_workstream":
        data["workstream"] = world.records["other_workstream"].pk
    else:
        data.update(change)
    response = login(world.users["lead"]).post(f"{LIST}ideas/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert "There is a problem" in text(response)
    assert not Idea.objects.exists()


def test_the_idea_page_shows_the_project_and_credits_only_to_those_who_may_read_it(world, login):
    idea = accepted_idea(world, world.records["secret"], title="Depot idea", status_reason="Saves the most",
                         source="Staff suggestion scheme 2024", illustrative=True)
    page = text(login(world.users["programme"]).get(idea_url(idea)))
    assert "Depot idea" in page and "Saves the most" in page
    assert f'href="/org/home/projects/{world.records["secret"].pk}/"' in page
    assert "Realised (delivered)</dt><dd class=\"govuk-summary-list__value\">£100,000" in page
    assert "£175,000" in page
    assert "Staff suggestion scheme 2024" in page and "Illustrative" in page
    page = text(login(world.users["viewer"]).get(idea_url(idea)))
    assert "A project you do not have access to" in page and "Secret depot closure" not in page
    assert "£100,000" not in page
    assert "Change status" not in page and "Moderation</h2>" not in page


def test_a_declined_idea_shows_its_reason(world, login):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.DECLINED, status_reason="The county does it")
    page = text(login(world.users["member"]).get(idea_url(idea)))
    assert "Why it was declined" in page and "The county does it" in page


def test_voting_and_withdrawing(world, login):
    idea = f.IdeaFactory(organisation=world.home)
    client = login(world.users["viewer"])
    page = text(client.get(idea_url(idea)))
    assert "0 votes" in page and ">Vote<" in page
    assert client.post(idea_url(idea, "vote/"), {"action": "vote"}).status_code == 302
    client.post(idea_url(idea, "vote/"), {"action": "vote"})
    assert IdeaVote.objects.filter(idea=idea).count() == 1
    page = text(client.get(idea_url(idea)))
    assert "1 vote, including yours" in page and "Withdraw vote" in page
    client.post(idea_url(idea, "vote/"), {"action": "withdraw"})
    assert not IdeaVote.objects.filter(idea=idea).exists()


def test_a_vote_for_an_accepted_idea_is_refused_with_a_message(world, login):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.ACCEPTED, project=world.records["plain"])
    client = login(world.users["viewer"])
    response = client.post(idea_url(idea, "vote/"), {"action": "vote"}, follow=True)
    assert "Votes are only taken while an idea is new or under review." in text(response)
    assert not IdeaVote.objects.exists()
    assert ">Vote<" not in text(response)


def test_the_status_form_offers_only_the_allowed_statuses(world, login):
    idea = f.IdeaFactory(organisation=world.home)
    page = text(login(world.users["programme"]).get(idea_url(idea)))
    assert 'name="status" type="radio" value="under_review"' in page
    assert 'name="status" type="radio" value="declined"' in page
    assert 'value="accepted"' not in page
    assert 'name="project"' not in page and 'name="programme"' not in page  # only an acceptance names a project
    idea.status = IdeaStatus.UNDER_REVIEW
    idea.save()
    page = text(login(world.users["programme"]).get(idea_url(idea)))
    assert 'name="status" type="radio" value="accepted"' in page
    assert 'name="project"' in page and 'name="programme"' in page and 'name="new_project_title"' in page


def test_accepting_as_an_existing_project(world, login):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.UNDER_REVIEW)
    client = login(world.users["programme"])
    response = client.post(idea_url(idea, "status/"), {"status": "accepted", "project": world.records["plain"].pk,
                                                       "reason": "Part of digital"})
    assert response.status_code == 302 and response["Location"] == idea_url(idea)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED and idea.project == world.records["plain"]
    page = text(client.get(idea_url(idea)))
    assert "Idea accepted: it became the project INT-1 Ordinary internal project" in page
    assert "Status: Under review to Accepted" in page


def test_accepting_as_a_new_project(world, login):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.UNDER_REVIEW, title="Pool the vans",
                         workstream=world.records["workstream"])
    response = login(world.users["admin"]).post(idea_url(idea, "status/"), {
        "status": "accepted", "programme": world.records["programme"].pk, "new_project_title": "Fleet pooling"})
    assert response.status_code == 302
    project = Project.objects.get(title="Fleet pooling")
    idea.refresh_from_db()
    assert idea.project == project and project.stage == Stage.IDEA
    assert project.workstream == world.records["workstream"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"status": "accepted"}, "project", "Choose the project the idea becomes, or make a new one."),
    ({"status": "declined", "reason": "  "}, "reason", "Say why the idea was declined"),
    ({"status": "new"}, "status", "Choose one of the statuses shown."),
    ({}, "status", "Choose the idea's new status"),
    ({"status": "accepted", "project": "plain", "programme": "programme"}, "programme", "Choose an existing"),
    ({"status": "accepted", "project": "other_project"}, "project", "Select a valid choice"),
])
def test_bad_status_changes_are_refused_with_a_reason_and_nothing_changed(world, login, data, field, message):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.UNDER_REVIEW)
    data = {key: world.records[value].pk if key in ("project", "programme") else value for key, value in data.items()}
    projects = Project.objects.count()
    response = login(world.users["programme"]).post(idea_url(idea, "status/"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert "There is a problem" in text(response)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNDER_REVIEW and idea.project is None
    assert Project.objects.count() == projects


def test_declining_publishes_the_reason(world, login):
    idea = f.IdeaFactory(organisation=world.home)
    client = login(world.users["programme"])
    client.post(idea_url(idea, "status/"), {"status": "declined", "reason": "Already in the county's plan"})
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.DECLINED and idea.status_reason == "Already in the county's plan"
    page = text(client.get(idea_url(idea)))
    assert "Idea declined" in page and "Already in the county&#x27;s plan" in page


def test_an_accepted_idea_offers_no_further_status(world, login):
    idea = f.IdeaFactory(organisation=world.home, status=IdeaStatus.ACCEPTED, project=world.records["plain"])
    page = text(login(world.users["programme"]).get(idea_url(idea, "status/")))
    assert "An accepted idea has become a project and stays accepted." in page


def test_moderation(world, login):
    idea = f.IdeaFactory(organisation=world.home)
    client = login(world.users["programme"])
    response = client.post(idea_url(idea, "moderate/"), {"moderation": "published", "public": "yes"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and idea.public
    response = client.post(idea_url(idea, "moderate/"), {"moderation": "hidden", "public": "yes"})
    assert response.status_code == 200 and "There is a problem" in text(response)
    assert response.context["form"].errors["public"] == ["Publish the idea before showing it on the public pages."]
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and idea.public
    client.post(idea_url(idea, "moderate/"), {"moderation": "hidden", "public": "no"})
    idea.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN and not idea.public


@pytest.mark.parametrize("role", ["finance", "lead", "viewer"])
def test_other_roles_may_not_review(world, login, role):
    idea = f.IdeaFactory(organisation=world.home)
    client = login(world.users[role])
    assert client.post(idea_url(idea, "status/"), {"status": "under_review"}).status_code == 403
    assert client.post(idea_url(idea, "moderate/"), {"moderation": "published", "public": "yes"}).status_code == 403
    assert client.post(idea_url(idea, "edit/"), {"title": "Renamed", "description": "x"}).status_code == 403
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and idea.moderation == Moderation.PENDING and idea.title != "Renamed"


def test_reviewers_edit_an_idea_and_the_history_shows_it_without_the_submitters_name(world, login, jane):
    idea = services.submit_idea(organisation=world.home, actor=jane, title="Pool vans", description="Share.")
    client = login(world.users["programme"])
    response = client.post(idea_url(idea, "edit/"), {"title": "Pool the council's vans", "description": "Share.",
                                                     "submitter_role_title": "Fleet"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Pool the council's vans" and idea.code == "IDEA-0001"
    page = text(client.get(idea_url(idea)))
    assert "Title: Pool vans to Pool the council&#x27;s vans" in page
    assert "Submitted" in page and "Member of staff" in page
    assert "Jane" not in page and "jane.smith" not in page


def test_another_councils_idea_is_not_found(world, login):
    idea = f.IdeaFactory(organisation=world.other)
    client = login(world.users["admin"])
    assert client.get(idea_url(idea)).status_code == 404
    assert client.post(idea_url(idea, "vote/")).status_code == 404
