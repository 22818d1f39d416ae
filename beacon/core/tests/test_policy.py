"""The permission policy (beacon.core.policy), role by role over the test world's records.

The world: organisations ``home`` and ``other``; in ``home`` a user per role named after it; ``outsider``,
programme manager of ``other`` only. Projects of home: ``public`` (public), ``plain``, ``secret`` (confidential
and public, led by ``lead``), ``led`` (led by ``lead``); milestones on ``plain``, ``secret`` and ``led``; and a
programme, project, workstream and milestone of ``other``.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from beacon.core import policy
from beacon.core.models import Role
from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream
from beacon.strategy.models import Objective, Plan, Priority, Theme
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

HOME_PROJECTS = {"public", "plain", "secret", "led"}
HOME_MILESTONES = {"milestone", "secret_milestone", "led_milestone"}
CONFIDENTIAL_READERS = ["admin", "programme", "finance", "monitoring", "member"]
WRITERS = ["admin", "programme"]
READ_ONLY = ["finance", "monitoring", "member", "viewer"]
ALL_ROLES = [role.value for role in Role]



def names(world, queryset) -> set[str]:
    """The world's names of the records in ``queryset``."""
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, record in world.records.items()
            if isinstance(record, queryset.model) and record.pk in ids}


def test_every_role_is_in_the_world(world):
    assert set(ALL_ROLES) <= set(world.users)
    assert set(ALL_ROLES) == set(CONFIDENTIAL_READERS) | {"lead", "viewer"}


# roles_of, role_in, organisations_for ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_in_each_organisation(world, role):
    user = world.users[role]
    assert policy.role_in(user, world.home) == role
    assert policy.role_in(user, world.home.pk) == role
    assert policy.role_in(user, world.other) is None
    assert list(policy.organisations_for(user)) == [world.home]


def test_outsider_holds_a_role_in_other_only(world):
    outsider = world.users["outsider"]
    assert policy.roles_of(outsider) == {world.other.pk: Role.PROGRAMME}
    assert policy.role_in(outsider, world.home) is None
    assert list(policy.organisations_for(outsider)) == [world.other]


def test_anonymous_holds_no_role(world):
    anonymous = AnonymousUser()
    assert policy.roles_of(anonymous) == {}
    assert policy.role_in(anonymous, world.home) is None
    assert not policy.organisations_for(anonymous).exists()
    assert policy.writable_organisations(anonymous, Project) == []


def test_any_role(world):
    assert policy.any_role(world.users["lead"], [Role.LEAD, Role.VIEWER])
    assert not policy.any_role(world.users["lead"], [Role.ADMIN])
    assert not policy.any_role(AnonymousUser(), [role.value for role in Role])


# readable() ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", CONFIDENTIAL_READERS)
def test_confidential_readers_read_every_home_project(world, role):
    user = world.users[role]
    assert names(world, policy.readable(Project.objects.all(), user)) == HOME_PROJECTS
    assert names(world, policy.readable(Milestone.objects.all(), user)) == HOME_MILESTONES


def test_viewer_never_reads_the_confidential_project_or_its_milestones(world):
    viewer = world.users["viewer"]
    assert names(world, policy.readable(Project.objects.all(), viewer)) == {"public", "plain", "led"}
    assert names(world, policy.readable(Milestone.objects.all(), viewer)) == {"milestone", "led_milestone"}


def test_lead_reads_the_confidential_project_they_lead(world):
    lead = world.users["lead"]
    assert names(world, policy.readable(Project.objects.all(), lead)) == HOME_PROJECTS
    assert names(world, policy.readable(Milestone.objects.all(), lead)) == HOME_MILESTONES


def test_lead_does_not_read_a_confidential_project_led_by_someone_else(world):
    someone = f.UserFactory(username="someone")
    hidden = f.ProjectFactory(programme=world.records["programme"], confidential=True, lead=someone)
    hidden_milestone = f.MilestoneFactory(project=hidden)
    unled = f.ProjectFactory(programme=world.records["programme"], confidential=True)
    lead = world.users["lead"]
    readable = policy.readable(Project.objects.all(), lead)
    assert hidden not in readable
    assert unled not in readable
    assert hidden_milestone not in policy.readable(Milestone.objects.all(), lead)
    assert not policy.can_read(lead, hidden)
    assert not policy.can_read(lead, unled)
    assert not policy.can_read(lead, hidden_milestone)


def test_outsider_reads_only_their_own_organisation(world):
    outsider = world.users["outsider"]
    assert names(world, policy.readable(Project.objects.all(), outsider)) == {"other_project"}
    assert names(world, policy.readable(Programme.objects.all(), outsider)) == {"other_programme"}
    assert names(world, policy.readable(Workstream.objects.all(), outsider)) == {"other_workstream"}
    assert names(world, policy.readable(Milestone.objects.all(), outsider)) == {"other_milestone"}
    assert not policy.readable(Phase.objects.all(), outsider).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_home_programmes_workstreams_and_phases_only(world, role):
    user = world.users[role]
    assert names(world, policy.readable(Programme.objects.all(), user)) == {"programme"}
    assert names(world, policy.readable(Workstream.objects.all(), user)) == {"workstream"}
    assert names(world, policy.readable(Phase.objects.all(), user)) == {"phase"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_role_reads_another_organisations_records(world, role):
    user = world.users[role]
    for name in ("other_programme", "other_project", "other_workstream", "other_milestone"):
        record = world.records[name]
        assert record not in policy.readable(type(record).objects.all(), user)
        assert not policy.can_read(user, record)


def test_a_user_with_no_membership_reads_nothing(world):
    nobody = f.UserFactory(username="nobody")
    for model in (Programme, Phase, Workstream, Project, Milestone, Plan, Theme, Priority, Objective):
        assert not policy.readable(model.objects.all(), nobody).exists()
    for record in world.records.values():
        assert not policy.can_read(nobody, record)
        assert not policy.can_change(nobody, record)
    assert not policy.can_create(nobody, world.home, Project)
    assert policy.writable_organisations(nobody, Project) == []


def test_anonymous_reads_nothing(world):
    anonymous = AnonymousUser()
    assert not policy.readable(Project.objects.all(), anonymous).exists()
    for record in world.records.values():
        assert not policy.can_read(anonymous, record)
        assert not policy.can_change(anonymous, record)
        assert not policy.is_lead(anonymous, record)


def test_readable_keeps_the_callers_filters(world):
    viewer = world.users["viewer"]
    queryset = policy.readable(Project.objects.filter(title__icontains="project"), viewer)
    assert names(world, queryset) == {"plain", "led"}


def test_a_superuser_without_a_role_reads_nothing(world):
    # Django's superuser flag is for the admin site; the policy knows only roles.
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    assert not policy.readable(Project.objects.all(), root).exists()
    assert not policy.can_read(root, world.records["public"])


def test_a_viewer_in_one_organisation_and_manager_in_another(world):
    mixed = f.UserFactory(username="mixed")
    f.MembershipFactory(user=mixed, organisation=world.home, role=Role.VIEWER)
    f.MembershipFactory(user=mixed, organisation=world.other, role=Role.PROGRAMME)
    secret_other = f.ProjectFactory(programme=world.records["other_programme"], confidential=True, title="X")
    readable = policy.readable(Project.objects.all(), mixed)
    assert names(world, readable) == {"public", "plain", "led", "other_project"}
    assert secret_other in readable
    assert not policy.can_read(mixed, world.records["secret"])
    assert policy.can_read(mixed, secret_other)
    assert policy.can_change(mixed, world.records["other_project"])
    assert not policy.can_change(mixed, world.records["plain"])
    assert policy.writable_organisations(mixed, Project) == [world.other.pk]


# can_read() agrees with readable() -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ALL_ROLES, "outsider"])
def test_can_read_agrees_with_readable(world, role):
    user = world.users[role]
    for record in world.records.values():
        in_queryset = policy.readable(type(record).objects.filter(pk=record.pk), user).exists()
        assert policy.can_read(user, record) == in_queryset, (role, record)


def test_viewer_cannot_read_secret(world):
    assert not policy.can_read(world.users["viewer"], world.records["secret"])
    assert not policy.can_read(world.users["viewer"], world.records["secret_milestone"])
    assert policy.can_read(world.users["viewer"], world.records["public"])


def test_lead_can_read_secret(world):
    assert policy.can_read(world.users["lead"], world.records["secret"])
    assert policy.can_read(world.users["lead"], world.records["secret_milestone"])
    assert policy.is_lead(world.users["lead"], world.records["secret"])
    assert policy.is_lead(world.users["lead"], world.records["secret_milestone"])
    assert not policy.is_lead(world.users["lead"], world.records["plain"])
    assert not policy.is_lead(world.users["programme"], world.records["secret"])
    assert not policy.is_lead(world.users["lead"], world.records["programme"])


# public() ----------------------------------------------------------------------------------------------------


def test_public_never_yields_a_confidential_record(world):
    projects = policy.public(Project.objects.all())
    assert names(world, projects) == {"public"}
    assert world.records["secret"].public is True
    assert world.records["secret"] not in projects
    assert world.records["secret_milestone"] not in policy.public(Milestone.objects.all())


def test_public_for_one_organisation(world):
    other_public = f.ProjectFactory(programme=world.records["other_programme"], public=True)
    assert names(world, policy.public(Project.objects.all(), world.home)) == {"public"}
    assert list(policy.public(Project.objects.all(), world.other)) == [other_public]


def test_public_milestones_are_those_of_public_open_projects(world):
    shown = f.MilestoneFactory(project=world.records["public"], title="Library reopens")
    assert list(policy.public(Milestone.objects.all())) == [shown]


def test_public_programmes_follow_their_flag(world):
    hidden = f.ProgrammeFactory(organisation=world.home, public=False)
    programmes = policy.public(Programme.objects.all())
    assert world.records["programme"] in programmes
    assert hidden not in programmes


def test_models_without_a_public_flag_are_never_public(world):
    assert not policy.public(Workstream.objects.all()).exists()
    assert not policy.public(Phase.objects.all()).exists()
    assert not policy.public(Objective.objects.all()).exists()


def test_a_record_made_confidential_leaves_the_public_view(world):
    public = world.records["public"]
    public.confidential = True
    public.save()
    assert not policy.public(Project.objects.all()).exists()


# can_change() -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WRITERS)
def test_writers_change_every_home_record(world, role):
    user = world.users[role]
    for name, record in world.records.items():
        expected = not name.startswith("other_")
        assert policy.can_change(user, record) == expected, name


# Records whose model names its own writers (``writer_roles``): money adds the finance officer, governance the
# monitoring officer (democratic services).
def own_writers(record) -> frozenset[str]:
    return policy.writers(type(record))


@pytest.mark.parametrize("role", READ_ONLY)
def test_readers_change_nothing(world, role):
    user = world.users[role]
    for name, record in world.records.items():
        if role in own_writers(record):
            continue
        assert not policy.can_change(user, record), name


def test_the_monitoring_officer_writes_governance_records_and_nothing_else(world):
    monitoring = world.users["monitoring"]
    changeable = {name for name, record in world.records.items() if policy.can_change(monitoring, record)}
    assert changeable == {"board", "meeting", "public_decision", "secret_decision"}


def test_lead_changes_only_their_projects_and_their_milestones(world):
    lead = world.users["lead"]
    changeable = {name for name, record in world.records.items() if policy.can_change(lead, record)}
    assert changeable == {"secret", "led", "secret_milestone", "led_milestone", "secret_kpi", "led_kpi",
                          "secret_observation", "secret_target", "secret_risk", "secret_assessment"}


def test_outsider_changes_only_other_records(world):
    outsider = world.users["outsider"]
    changeable = {name for name, record in world.records.items() if policy.can_change(outsider, record)}
    assert changeable == {"other_programme", "other_project", "other_workstream", "other_milestone", "other_kpi"}


def test_a_user_who_leads_a_project_without_the_lead_role_cannot_change_it(world):
    # ``viewer`` named as the lead of a project: the role, not the name on the record, grants writes.
    plain = world.records["plain"]
    plain.lead = world.users["viewer"]
    plain.save()
    assert not policy.can_change(world.users["viewer"], plain)


# can_create() and writable_organisations() -----------------------------------------------------------------


@pytest.mark.parametrize("model", [Programme, Phase, Workstream, Project, Milestone, Plan, Theme, Priority, Objective])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_can_create(world, role, model):
    user = world.users[role]
    expected = role in WRITERS or (role == Role.LEAD and model is Milestone)
    assert policy.can_create(user, world.home, model) == expected
    assert policy.can_create(user, world.home.pk, model) == expected
    assert not policy.can_create(user, world.other, model)


def test_outsider_creates_only_in_other(world):
    outsider = world.users["outsider"]
    assert policy.can_create(outsider, world.other, Project)
    assert not policy.can_create(outsider, world.home, Project)
    assert policy.writable_organisations(outsider, Project) == [world.other.pk]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_writable_organisations(world, role):
    user = world.users[role]
    assert policy.writable_organisations(user, Project) == ([world.home.pk] if role in WRITERS else [])
    expected_milestones = [world.home.pk] if role in WRITERS or role == Role.LEAD else []
    assert policy.writable_organisations(user, Milestone) == expected_milestones


# filter_choices() --------------------------------------------------------------------------------------------


def test_filter_choices_are_readable_records_of_the_form_organisation(world):
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role=Role.VIEWER)
    f.MembershipFactory(user=both, organisation=world.other, role=Role.PROGRAMME)
    choices = policy.filter_choices(Project.objects.all(), both, world.home)
    assert names(world, choices) == {"public", "plain", "led"}
    choices = policy.filter_choices(Project.objects.all(), both, None)
    assert names(world, choices) == {"public", "plain", "led", "other_project"}
    assert not policy.filter_choices(Project.objects.all(), world.users["outsider"], world.home).exists()
