"""``beacon loaddemo``: what a user of the demo sees, and that loading again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone

from beacon.core.models import ConfidenceScale, Council, Membership, Organisation, Role
from beacon.demo.users import DEMO_PASSWORD
from beacon.programmes.models import THREE_POINT, Milestone, Phase, Programme, Project, WorkforceApproach, Workstream
from beacon.strategy import rules
from beacon.strategy.models import Objective, ObjectiveKind, Plan, PlanStatus, Principle, Priority, Theme
from beacon.strategy.selectors import plan_tree

SLUGS = {"cheshire-east", "leicestershire", "chorley", "northumberland"}
GSS = {"cheshire-east": "E06000049", "chorley": "E07000118", "leicestershire": "E10000018",
       "northumberland": "E06000057"}
ROLE_USERS = {"admin": Role.ADMIN, "programme": Role.PROGRAMME, "finance": Role.FINANCE,
              "monitoring": Role.MONITORING, "lead": Role.LEAD, "member": Role.MEMBER, "viewer": Role.VIEWER}
DEMO_MODELS = [Organisation, get_user_model(), Membership, Plan, Theme, Priority, Objective, Principle, Programme,
               Phase, Workstream, Project, Milestone]
# Officers named in the seed reports: the demo uses role titles, never their names.
OFFICER_NAMES = ["Sinnott", "Polkinghorne", "Willis", "Gardner", "Sanderson", "McFarlane", "Allman", "Andy Brown",
                 "Gary Hall", "Glen ", "Kelly"]


# The loader hashes once and a test checks eight passwords: a deliberately slow hasher would only cost time here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@dataclass(frozen=True)
class Loaded:
    """What the class's one load saw: whether the database was empty before it, and the command's output."""

    was_empty: bool
    output: str


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the class, and rolled back after it. The load is ``loaddemo --if-empty`` on an
    empty database, so that the same load also shows that ``--if-empty`` loads an empty database; each test runs
    in a savepoint, so a test that changes the demo or loads it again leaves the others the demo as loaded."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        was_empty = not Organisation.objects.exists()
        yield Loaded(was_empty=was_empty, output=load("--if-empty"))
        transaction.set_rollback(True)


def load(*args: str) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    tally = {model.__name__: model._default_manager.count() for model in DEMO_MODELS}
    for model in (Plan, Theme, Objective, Programme, Phase, Workstream, Project, Milestone):
        tally[f"history of {model.__name__}"] = model.history.count()
    tally["project objectives"] = Project.objectives.through.objects.count()
    return tally


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheLoadedDemo:
    """What a user sees once the demo is loaded (loaded once for the class), and what loading it again does."""

    def test_four_organisations_named_from_the_council_register(self, demo):
        output = demo.output
        assert set(Organisation.objects.values_list("slug", flat=True)) == SLUGS
        for slug, gss_code in GSS.items():
            organisation = org(slug)
            council = Council.objects.get(gss_code=gss_code, current=True)
            assert organisation.council == council
            assert (organisation.name, organisation.gss_code, organisation.council_type) == (
                council.official_name, council.gss_code, council.council_type)
            assert organisation.website.startswith("https://")
            expected_scale = ConfidenceScale.THREE_POINT if slug == "cheshire-east" else ConfidenceScale.FIVE_POINT
            assert organisation.confidence_scale == expected_scale
            assert f"({slug})" in output
        assert "Demo loaded" in output


    def test_demo_users_hold_their_role_in_every_organisation(self):
        users = get_user_model().objects.filter(username__in=[*ROLE_USERS, "chorley-only"])
        assert users.count() == 8
        for user in users:
            assert user.check_password(DEMO_PASSWORD), user.username
            assert user.email == f"{user.username}@demo.beacon.invalid"
            assert user.is_staff == user.is_superuser == (user.username == "admin")
            memberships = {m.organisation.slug: m for m in user.memberships.select_related("organisation")}
            if user.username == "chorley-only":
                assert set(memberships) == {"chorley"}
                assert memberships["chorley"].role == Role.PROGRAMME
            else:
                assert set(memberships) == SLUGS
                assert {m.role for m in memberships.values()} == {ROLE_USERS[user.username]}
            assert all(m.job_title.endswith("(demo)") for m in memberships.values())


    def test_chorley_ten_initial_actions_due_by_the_end_of_2016_17(self):
        chorley = org("chorley")
        programme = Programme.objects.get(organisation=chorley)
        assert (programme.title, programme.board) == ("Transformation Strategy 2016", "All-party working group")
        assert list(programme.workstreams.values_list("title", flat=True)) == [
            "Customers and communities", "Councillors and staff", "Digital", "Governance models",
            "Financial, performance management and business planning"]
        projects = Project.objects.filter(organisation=chorley)
        assert sorted(projects.values_list("code", flat=True)) == [f"TS-{letter}" for letter in "ABCDEFGHIJ"]
        ambitious = Objective.objects.get(organisation=chorley, title__startswith="An ambitious council")
        for project in projects:
            assert project.workstream is not None
            assert project.start_date == dt.date(2016, 1, 21)
            assert [m.due_date for m in project.milestones.all()] == [dt.date(2017, 3, 31)]
            assert ambitious in project.objectives.all()
        assert Objective.objects.filter(organisation=chorley, kind=ObjectiveKind.STRATEGIC).count() == 4
        assert Objective.objects.filter(organisation=chorley, kind=ObjectiveKind.PROGRAMME,
                                        code__startswith="TS-OBJ").count() == 3


    def test_northumberland_seven_best_workstreams_and_natural_wastage(self):
        northumberland = org("northumberland")
        programme = Programme.objects.get(organisation=northumberland)
        assert (programme.title, programme.board) == ("Strategic Change Programme (BEST)", "Strategic Change Board")
        assert list(programme.workstreams.values_list("title", flat=True)) == [
            "Best Services to Customers", "Best Value for Money", "Best in Class Commissioning",
            "Best Use of Resources", "Best use of Assets", "Best Use of Technology", "Best Talent and Opportunities"]
        priorities = Objective.objects.filter(organisation=northumberland, kind=ObjectiveKind.STRATEGIC)
        assert set(priorities.values_list("title", flat=True)) == {
            "Economic growth", "Addressing inequalities", "Value for money"}
        wastage = Project.objects.get(organisation=northumberland, workforce_approach=WorkforceApproach.NATURAL_WASTAGE)
        assert "natural wastage" in wastage.status_commentary
        assert Project.objects.filter(organisation=northumberland, code="NCC830B").exists()


    def test_cheshire_east_phases_programme_areas_and_three_point_ratings(self):
        cheshire_east = org("cheshire-east")
        programme = Programme.objects.get(organisation=cheshire_east)
        assert (programme.title, programme.board) == ("Transformation Programme", "Transformation Board")
        phases = list(programme.phases.all())
        assert [p.title for p in phases] == ["Phase 1", "Phase 2"]
        assert phases[0].start_date == dt.date(2024, 3, 21)
        assert phases[0].end_date < phases[1].start_date
        assert list(programme.workstreams.values_list("title", flat=True)) == [
            "Workplace / Workforce", "Social Care", "Place", "Early Intervention, Prevention & Customer", "Digital",
            "Special Projects"]
        ratings = set(Project.objects.filter(organisation=cheshire_east).values_list("delivery_confidence", flat=True))
        assert ratings - {""} <= set(THREE_POINT)
        plan_sent = Milestone.objects.get(organisation=cheshire_east, title__startswith="Transformation plan to DLUHC")
        assert plan_sent.actual_date == dt.date(2024, 8, 21)
        assert Objective.objects.filter(organisation=cheshire_east, kind=ObjectiveKind.STRATEGIC).count() == 3
        assert Project.objects.filter(organisation=cheshire_east, title="Corporate Landlord").exists()


    def test_leicestershire_plan_and_two_components(self):
        leicestershire = org("leicestershire")
        plan = Plan.objects.get(organisation=leicestershire)
        assert (plan.title, plan.status) == ("County Council Strategic Plan 2014-18", PlanStatus.COUNCIL)
        assert "not in the public sources" in plan.source
        assert plan.themes.filter(parent=None).count() == 5
        assert set(plan.themes.exclude(parent=None).values_list("title", flat=True)) == {
            "Economic", "Skills", "Transport", "Integration and Adult Care", "Public health, mental health and sports"}
        assert not Priority.objects.filter(organisation=leicestershire).exists()  # the 69 titles are not public
        programme = Programme.objects.get(organisation=leicestershire)
        assert programme.board == "Transformation Board"
        workstreams = {w.title: w for w in programme.workstreams.all()}
        assert set(workstreams) == {"Service Transformation", "Enabling Transformation"}
        assert "£40m" in workstreams["Service Transformation"].description
        assert Objective.objects.filter(organisation=leicestershire, kind=ObjectiveKind.PROGRAMME).count() == 5
        assert programme.projects.filter(title="Street Lighting Transformation Project").exists()


    def test_leicestershire_approval_route_and_69_priorities_on_the_leaves(self):
        plan = Plan.objects.get(organisation=org("leicestershire"))
        assert (plan.scrutiny_date, plan.cabinet_date, plan.council_date) == (
            dt.date(2014, 4, 30), dt.date(2014, 5, 6), dt.date(2014, 5, 21))
        counts = {(theme.parent.title if theme.parent else None, theme.title): theme.expected_priorities
                  for theme in plan.themes.select_related("parent")}
        growth, care = "Enabling Economic Growth", "Better Care - Health and Care Integration"
        assert counts == {
            (None, "Leadership and Transformation"): 4,
            (None, growth): None, (growth, "Economic"): 7, (growth, "Skills"): 3, (growth, "Transport"): 4,
            (None, care): None, (care, "Integration and Adult Care"): 11,
            (care, "Public health, mental health and sports"): 12,
            (None, "Supporting Children and Families"): 14,
            (None, "Safer Communities - A Better Environment/Place"): 14,
        }
        reader = get_user_model().objects.get(username="viewer")
        tree = plan_tree(plan, reader)
        assert tree.total == 69
        assert {node.theme.title: node.total for node in tree.themes}[growth] == 14
        assert {node.theme.title: node.total for node in tree.themes}[care] == 23
        assert all("seed 001" in theme.description for theme in plan.themes.all())
        assert rules.plan_errors(vars(plan)) == {}


    def test_chorley_transformation_strategy_is_a_cabinet_approved_plan_with_five_themes(self):
        chorley = org("chorley")
        plan = Plan.objects.get(organisation=chorley)
        assert (plan.title, plan.status, plan.cabinet_date) == (
            "Transformation Strategy 2016", PlanStatus.CABINET, dt.date(2016, 1, 21))
        assert "Beacon seed 000" in plan.source
        assert list(plan.themes.values_list("title", flat=True)) == [
            "Customers and communities", "Councillors and staff", "Digital", "Governance models",
            "Financial, performance management and business planning"]
        assert not plan.themes.exclude(parent=None).exists()
        aims = Objective.objects.filter(organisation=chorley, code__startswith="TS-AIM-")
        assert aims.count() == 4 and {aim.kind for aim in aims} == {ObjectiveKind.PROGRAMME}
        assert rules.plan_errors(vars(plan)) == {}


    def test_northumberland_three_priorities_are_strategic_objectives(self):
        titles = Objective.objects.filter(organisation=org("northumberland"), kind=ObjectiveKind.STRATEGIC)
        assert sorted(titles.values_list("title", flat=True)) == [
            "Addressing inequalities", "Economic growth", "Value for money"]


    def test_no_principle_is_invented_and_every_strategy_record_has_its_source(self):
        # No seed gives the words of a service design principle (Chorley's report names them without listing them;
        # Leicestershire's redesign objectives are programme objectives).
        assert not Principle.objects.exists()
        assert all(plan.source for plan in Plan.objects.all())
        assert all(objective.source for objective in Objective.objects.all())


    def test_every_organisation_shows_leads_confidentiality_and_freshness(self):
        lead = get_user_model().objects.get(username="lead")
        today = timezone.localdate()
        for slug in SLUGS:
            projects = Project.objects.filter(organisation__slug=slug)
            led = projects.filter(lead=lead)
            assert led.count() >= 2, slug
            confidential = projects.filter(confidential=True)
            assert confidential.exists() and set(confidential) <= set(led), slug
            assert not confidential.filter(public=True).exists()
            assert all("illustrative" in p.status_commentary for p in confidential)
            assert projects.filter(confidential=False, public=True).exists()
            assert all(p.lead_title and p.source and p.update_due for p in projects), slug
            assert any(p.is_update_overdue(today) for p in projects), slug
            assert any(not p.is_update_overdue(today) for p in projects), slug
            assert all(p.created_by.username == "programme" for p in projects)


    def test_every_demo_record_passes_model_validation(self):
        for model in DEMO_MODELS[2:]:
            for record in model._default_manager.all():
                record.full_clean()


    def test_no_officer_named_in_the_seeds_appears_in_demo_text(self):
        text = []
        for model in DEMO_MODELS:
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
            for row in model._default_manager.values_list(*fields):
                text.extend(value for value in row if value)
        blob = "\n".join(text).lower()
        for name in OFFICER_NAMES:
            assert name.lower() not in blob, name

    def test_loading_twice_changes_nothing(self):
        first = counts()
        output = load()
        assert counts() == first
        assert "0 created, 0 updated" in output

    def test_if_empty_loads_an_empty_database_and_leaves_a_loaded_one_alone(self, demo):
        # The class's load was ``loaddemo --if-empty`` on an empty database.
        assert demo.was_empty
        assert "Demo loaded" in demo.output
        assert Organisation.objects.count() == 4
        before = counts()
        output = load("--if-empty")
        assert "not loaded" in output
        assert counts() == before

    def test_loading_again_restores_a_changed_demo_password_and_role(self):
        viewer = get_user_model().objects.get(username="viewer")
        viewer.set_password("something-else-entirely")
        viewer.save()
        Membership.objects.filter(user=viewer, organisation__slug="chorley").update(role=Role.ADMIN)
        load()
        viewer.refresh_from_db()
        assert viewer.check_password(DEMO_PASSWORD)
        assert Membership.objects.get(user=viewer, organisation__slug="chorley").role == Role.VIEWER
