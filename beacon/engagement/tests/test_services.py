"""The idea lifecycle in ``beacon.engagement.services``: the transitions allowed from each status, accepting an
idea as an existing project or a new one, declining with a reason, moderation, one vote per person, and the
savings credited to an accepted idea from its project's savings lines (a viewer is credited nothing from a
confidential project)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beacon.engagement import services
from beacon.engagement.models import Idea, IdeaStatus, IdeaVote, Moderation, Submitter
from beacon.finance.models import LineState
from beacon.programmes.models import Project, Stage
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def new_idea(world, **extra) -> Idea:
    return cast(Idea, f.IdeaFactory(organisation=world.home, title="Shared front door",
                                     description="One number to call.", **extra))


def test_submitting_gives_the_next_code_and_records_who_submitted(world):
    first = services.submit_idea(organisation=world.home, actor=world.users["viewer"], title="  Fewer forms ",
                                 description="Merge the three forms.", submitter=Submitter.STAFF)
    second = services.submit_idea(organisation=world.home, actor=world.users["lead"], title="Shared vans",
                                  description="Pool the fleet.", submitter_role_title="Fleet team")
    assert (first.code, second.code) == ("IDEA-0001", "IDEA-0002")
    assert first.title == "Fewer forms" and first.submitted_by == world.users["viewer"]
    assert first.status == IdeaStatus.NEW and first.moderation == Moderation.PENDING and not first.public
    assert second.submitter_role_title == "Fleet team"


def test_an_idea_from_the_public_form_records_no_person(world):
    idea = services.submit_idea(organisation=world.home, title="Bins", description="Collect weekly.",
                                submitter=Submitter.RESIDENT, from_public_form=True)
    assert idea.submitted_by is None and idea.created_by is None and idea.submitter == Submitter.RESIDENT


@pytest.mark.parametrize(("start", "target"), [
    (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW),
    (IdeaStatus.UNDER_REVIEW, IdeaStatus.DECLINED),
    (IdeaStatus.DECLINED, IdeaStatus.UNDER_REVIEW),
])
def test_allowed_transitions(world, start, target):
    idea = new_idea(world, status=start, status_reason="Earlier reason" if start == IdeaStatus.DECLINED else "")
    services.change_idea_status(idea, target, actor=world.users["programme"], reason="Looked at it")
    idea.refresh_from_db()
    assert idea.status == target
    assert idea.modified_by == world.users["programme"]


@pytest.mark.parametrize(("start", "target", "message"), [
    (IdeaStatus.NEW, IdeaStatus.ACCEPTED, "An idea that is new can only be moved to under review or declined."),
    (IdeaStatus.UNDER_REVIEW, IdeaStatus.NEW, "An idea that is under review can only be moved to accepted or"),
    (IdeaStatus.DECLINED, IdeaStatus.ACCEPTED, "An idea that is declined can only be moved to under review."),
])
def test_refused_transitions_change_nothing(world, start, target, message):
    idea = new_idea(world, status=start, status_reason="Too costly" if start == IdeaStatus.DECLINED else "")
    with pytest.raises(ValidationError) as refused:
        services.change_idea_status(idea, target, actor=world.users["admin"], project=world.records["plain"])
    assert refused.value.message_dict["status"][0].startswith(message)
    idea.refresh_from_db()
    assert idea.status == start and idea.project is None


def test_an_accepted_idea_stays_accepted(world):
    idea = new_idea(world, status=IdeaStatus.ACCEPTED, project=world.records["plain"])
    with pytest.raises(ValidationError) as refused:
        services.change_idea_status(idea, IdeaStatus.DECLINED, actor=world.users["admin"], reason="No")
    assert refused.value.message_dict["status"] == ["An idea that is accepted stays accepted."]


def test_accepting_names_an_existing_project(world):
    idea = new_idea(world, status=IdeaStatus.UNDER_REVIEW)
    services.change_idea_status(idea, IdeaStatus.ACCEPTED, actor=world.users["programme"],
                                project=world.records["plain"], reason="Fits the digital workstream",
                                today=dt.date(2025, 3, 21))
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED and idea.project == world.records["plain"]
    assert idea.decided_on == dt.date(2025, 3, 21) and idea.status_reason == "Fits the digital workstream"


def test_accepting_as_a_new_project_makes_it_at_the_idea_stage(world):
    idea = new_idea(world, status=IdeaStatus.UNDER_REVIEW, workstream=world.records["workstream"], code="IDEA-0042")
    before = Project.objects.count()
    services.change_idea_status(
        idea, IdeaStatus.ACCEPTED, actor=world.users["admin"],
        new_project=services.NewProject(programme=world.records["programme"], title="Front door project"),
    )
    assert Project.objects.count() == before + 1
    project = Project.objects.get(title="Front door project")
    assert idea.project == project and project.stage == Stage.IDEA
    assert project.programme == world.records["programme"] and project.workstream == world.records["workstream"]
    assert project.source == "From idea IDEA-0042: Shared front door"
    assert project.description == "One number to call." and project.created_by == world.users["admin"]


def test_accepting_without_a_project_or_with_another_councils_is_refused(world):
    idea = new_idea(world, status=IdeaStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        services.change_idea_status(idea, IdeaStatus.ACCEPTED, actor=world.users["admin"])
    assert "project" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.change_idea_status(idea, IdeaStatus.ACCEPTED, actor=world.users["admin"],
                                    project=world.records["other_project"])
    with pytest.raises(ValidationError) as refused:
        services.change_idea_status(idea, IdeaStatus.ACCEPTED, actor=world.users["admin"],
                                    new_project=services.NewProject(programme=world.records["other_programme"]))
    assert "programme" in refused.value.message_dict
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.UNDER_REVIEW and idea.project is None
    assert not Project.objects.filter(title="Shared front door").exists()


def test_declining_needs_a_reason_which_is_kept(world):
    idea = new_idea(world)
    with pytest.raises(ValidationError) as refused:
        services.change_idea_status(idea, IdeaStatus.DECLINED, actor=world.users["programme"], reason="   ")
    assert refused.value.message_dict["status_reason"] == [
        "Say why the idea was declined: the reason is published with it."]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW
    services.change_idea_status(idea, IdeaStatus.DECLINED, actor=world.users["programme"],
                                reason="Already done by the county")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.DECLINED and idea.status_reason == "Already done by the county"
    assert idea.decided_on is not None


@pytest.mark.parametrize("role", ["finance", "monitoring", "lead", "member", "viewer"])
def test_only_the_programme_office_reviews_and_moderates(world, role):
    idea = new_idea(world)
    with pytest.raises(PermissionDenied):
        services.change_idea_status(idea, IdeaStatus.UNDER_REVIEW, actor=world.users[role])
    with pytest.raises(PermissionDenied):
        services.moderate_idea(idea, actor=world.users[role], moderation=Moderation.PUBLISHED)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NEW and idea.moderation == Moderation.PENDING


def test_moderation_publishes_and_hides(world):
    idea = new_idea(world)
    services.moderate_idea(idea, actor=world.users["admin"], moderation=Moderation.PUBLISHED)
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and idea.public
    services.moderate_idea(idea, actor=world.users["admin"], moderation=Moderation.PUBLISHED, public=False)
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and not idea.public
    services.moderate_idea(idea, actor=world.users["admin"], moderation=Moderation.HIDDEN, public=True)
    idea.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN and not idea.public  # a hidden idea is never public
    with pytest.raises(ValidationError):
        services.moderate_idea(idea, actor=world.users["admin"], moderation="shouted")


def test_one_vote_per_person_and_only_while_open(world):
    idea = new_idea(world)
    viewer, lead = world.users["viewer"], world.users["lead"]
    assert services.vote(idea, actor=viewer) is True
    assert services.vote(idea, actor=viewer) is False
    assert services.vote(idea, actor=lead) is True
    assert IdeaVote.objects.filter(idea=idea).count() == 2
    assert services.withdraw_vote(idea, actor=viewer) is True
    assert services.withdraw_vote(idea, actor=viewer) is False
    assert list(IdeaVote.objects.filter(idea=idea).values_list("user", flat=True)) == [lead.pk]
    with pytest.raises(PermissionDenied):
        services.vote(idea, actor=world.users["outsider"])
    idea.status, idea.project = IdeaStatus.ACCEPTED, world.records["plain"]
    idea.save()
    with pytest.raises(ValidationError):
        services.vote(idea, actor=world.users["admin"])


def savings(project, **states: int) -> None:
    """Savings lines of ``project`` in the ledger's states, each of the amount in pounds given."""
    for state, pounds in states.items():
        amount = pounds * 100
        f.SavingsLineFactory(project=project, state=state, amount_pence=amount,
                             delivered_pence=amount if state == LineState.DELIVERED else 0)


def test_an_accepted_idea_is_credited_with_its_projects_delivered_and_planned_savings(world):
    project = world.records["plain"]
    savings(project, delivered=100_000, approved=50_000, proposed=25_000, written_off=10_000,
            carried_forward=20_000)
    f.SavingsLineFactory(project=project, state=LineState.REPLACED, amount_pence=7_000_00)
    f.SavingsLineFactory(project=world.records["public"], state=LineState.DELIVERED, amount_pence=9_000_00,
                         delivered_pence=9_000_00)  # another project's: not this idea's
    idea = new_idea(world, status=IdeaStatus.ACCEPTED, project=project)
    unaccepted = new_idea(world)
    credit = services.credits([idea, unaccepted], world.users["viewer"])
    assert credit == {idea.pk: services.Credit(delivered_pence=100_000_00, planned_pence=175_000_00)}


def test_credits_take_one_query_for_many_ideas(world, django_assert_num_queries):
    ideas = []
    for n in range(5):
        project = f.ProjectFactory(programme=world.records["programme"])
        savings(project, delivered=1_000 * (n + 1))
        ideas.append(new_idea(world, status=IdeaStatus.ACCEPTED, project=project))
    services.credits(ideas, world.users["programme"])  # the policy looks up the user's roles once, then keeps them
    with django_assert_num_queries(1):
        credit = services.credits(ideas, world.users["programme"])
    assert [credit[idea.pk].delivered_pence for idea in ideas] == [100_000 * (n + 1) for n in range(5)]


def test_a_viewer_is_not_credited_from_a_confidential_project(world):
    secret = world.records["secret"]
    savings(secret, delivered=80_000, approved=20_000)
    idea = new_idea(world, status=IdeaStatus.ACCEPTED, project=secret)
    assert services.credits([idea], world.users["viewer"]) == {}
    assert services.credits([idea], world.users["finance"]) == {
        idea.pk: services.Credit(delivered_pence=80_000_00, planned_pence=100_000_00)}
    # The project's own lead reads it, so is credited too.
    assert idea.pk in services.credits([idea], world.users["lead"])
