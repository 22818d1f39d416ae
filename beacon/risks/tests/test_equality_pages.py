"""Equality impact assessment pages: the stage warning, screening then full, the impact on every group in one
form (a negative impact needs a mitigation), sign-off by the roles that may and the lock that follows, the
programme's cumulative impact, local groups, and query counts that do not grow with the number of assessments."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beacon.programmes.models import Stage
from beacon.risks import selectors
from beacon.risks.models import (
    AssessmentStage,
    AssessmentStatus,
    EqualityAssessment,
    EqualityGroup,
    EqualityImpact,
    Impact,
)
from beacon.risks.services import groups_for
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def signed(project: Any, stage: str, **extra: Any) -> EqualityAssessment:
    return f.EqualityAssessmentFactory(project=project, project_stage=stage, status=AssessmentStatus.SIGNED_OFF,
                                       signed_off_by_title="Director", signed_off_on=TODAY, **extra)


def impacts_form(groups: list[EqualityGroup], values: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    data = {"impacts-TOTAL_FORMS": str(len(groups)), "impacts-INITIAL_FORMS": str(len(groups))}
    for index, group in enumerate(groups):
        impact, evidence, mitigation = values.get(group.title, ("neutral", "", ""))
        data.update({f"impacts-{index}-impact": impact, f"impacts-{index}-evidence": evidence,
                     f"impacts-{index}-mitigation": mitigation})
    return data


# The stage warning --------------------------------------------------------------------------------------------------


def test_the_stage_warning_names_projects_at_a_key_stage_without_a_current_assessment(world, login):
    plain, public, led = world.records["plain"], world.records["public"], world.records["led"]
    for project, stage in ((plain, Stage.FBC), (public, Stage.DELIVERY), (led, Stage.IDEA)):
        project.stage = stage
        project.save()
    signed(public, Stage.HLBC)  # an earlier stage does not cover delivery
    f.EqualityAssessmentFactory(project=plain, project_stage=Stage.FBC)  # a draft does not count
    warnings = {w.project.code: w.reason for w in selectors.organisation_stage_warnings(world.home,
                                                                                        world.users["admin"])}
    assert set(warnings) == {"INT-1", "PUB-1"}  # the idea needs none; the secret project is at the idea stage
    page = text(login(world.users["viewer"]).get("/org/home/risks/equality/"))
    assert "2 projects are at a stage without a current equality impact assessment." in page
    assert "No signed-off equality impact assessment covers the project&#x27;s stage (In delivery)." in page
    signed(public, Stage.DELIVERY, review_date=TODAY - dt.timedelta(days=1))
    reasons = {w.project.code: w.reason for w in selectors.organisation_stage_warnings(world.home,
                                                                                       world.users["admin"])}
    assert reasons["PUB-1"] == "The equality impact assessment for this stage (In delivery) is past its review date."
    signed(public, Stage.DELIVERY)
    assert "PUB-1" not in {w.project.code for w in selectors.organisation_stage_warnings(world.home,
                                                                                          world.users["admin"])}


# Screening, then full ---------------------------------------------------------------------------------------------


def test_a_screening_that_finds_a_full_assessment_needed_offers_to_start_it(world, login):
    client = login(world.users["lead"])
    led = world.records["led"]
    response = client.post("/org/home/risks/equality/add/", {
        "project": led.pk, "title": "Library hours screening", "stage": "screening", "project_stage": "hlbc",
        "full_assessment_needed": "on",
    })
    screening = EqualityAssessment.objects.get(title="Library hours screening")
    assert response.status_code == 302 and screening.created_by == world.users["lead"]
    page = text(client.get(f"/org/home/risks/equality/{screening.pk}/"))
    assert "This screening found that a full assessment is needed." in page
    assert f"/org/home/risks/equality/add/?from={screening.pk}" in page and "Start the full assessment" in page
    form = client.get(f"/org/home/risks/equality/add/?from={screening.pk}").context["form"]
    assert form.initial["stage"] == AssessmentStage.FULL and form.initial["project"] == led.pk
    client.post("/org/home/risks/equality/add/", {
        "project": led.pk, "title": form.initial["title"], "stage": "full", "project_stage": "hlbc",
        "full_assessment_needed": "on",
    })
    full = EqualityAssessment.objects.get(stage=AssessmentStage.FULL)
    assert not full.full_assessment_needed  # only a screening finds that
    page = text(client.get(f"/org/home/risks/equality/{screening.pk}/"))
    assert "Start the full assessment" not in page and "Full assessment: Library hours screening" in page


def test_a_lead_may_not_assess_a_project_they_do_not_lead(world, login):
    response = login(world.users["lead"]).post("/org/home/risks/equality/add/", {
        "project": world.records["plain"].pk, "title": "Not mine", "stage": "screening",
    })
    assert response.status_code == 200 and "project" in response.context["form"].errors
    assert not EqualityAssessment.objects.filter(title="Not mine").exists()


# Impacts ------------------------------------------------------------------------------------------------------------


def test_the_impacts_form_has_a_row_per_group_and_saves_them_all(world, login):
    EqualityGroup.objects.create(organisation=world.home, title="Care leavers")
    EqualityGroup.objects.create(organisation=world.other, title="Island communities")
    assessment = f.EqualityAssessmentFactory(project=world.records["led"], title="Hours")
    client = login(world.users["lead"])
    response = client.get(f"/org/home/risks/equality/{assessment.pk}/impacts/")
    groups = [form.group.title for form in response.context["formset"].forms]
    assert len(groups) == 10 and groups[0] == "Age" and groups[-1] == "Care leavers"
    assert "Island communities" not in text(response)
    data = impacts_form(groups_for(world.home.pk), {
        "Age": ("negative", "Older residents use the library most", "Home library service"),
        "Disability": ("positive", "Step-free access", ""),
    })
    assert client.post(f"/org/home/risks/equality/{assessment.pk}/impacts/", data).status_code == 302
    recorded = {i.group.title: i.impact for i in assessment.impacts.select_related("group")}
    assert len(recorded) == 10 and recorded["Age"] == "negative" and recorded["Care leavers"] == "neutral"
    page = text(client.get(f"/org/home/risks/equality/{assessment.pk}/"))
    assert "Home library service" in page and "10 of 10 recorded" in page


def test_a_negative_impact_without_a_mitigation_is_refused(world, login):
    assessment = f.EqualityAssessmentFactory(project=world.records["led"])
    groups = groups_for(world.home.pk)
    data = impacts_form(groups, {"Race": ("negative", "Fewer interpreters", "")})
    data["impacts-0-impact"] = ""
    response = login(world.users["lead"]).post(f"/org/home/risks/equality/{assessment.pk}/impacts/", data)
    page = text(response)
    assert "There is a problem" in page
    assert "Race: Say how the negative impact will be mitigated, or why it cannot be." in page
    assert "Select the impact on age" in page
    assert 'href="#id_impacts-0-impact_0"' in page
    assert not EqualityImpact.objects.exists()


# Sign-off and the lock --------------------------------------------------------------------------------------------


def test_sign_off_by_the_monitoring_officer_locks_the_assessment_for_the_lead(world, login):
    assessment = f.EqualityAssessmentFactory(project=world.records["led"], project_stage=Stage.HLBC)
    lead = login(world.users["lead"])
    assert lead.get(f"/org/home/risks/equality/{assessment.pk}/sign-off/").status_code == 403
    monitoring = login(world.users["monitoring"])
    response = monitoring.post(f"/org/home/risks/equality/{assessment.pk}/sign-off/", {
        "signed_off_by_title": "Monitoring Officer", "signed_off_on_0": "21", "signed_off_on_1": "3",
        "signed_off_on_2": "2024",
    })
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED_OFF and assessment.signed_off_on == dt.date(2024, 3, 21)
    page = text(monitoring.get(f"/org/home/risks/equality/{assessment.pk}/"))
    assert "By Monitoring Officer on 21 March 2024" in page
    lead = login(world.users["lead"])
    assert lead.get(f"/org/home/risks/equality/{assessment.pk}/edit/").status_code == 403
    assert lead.get(f"/org/home/risks/equality/{assessment.pk}/impacts/").status_code == 403
    assert "only an administrator, programme manager or monitoring officer can change it" in text(
        lead.get(f"/org/home/risks/equality/{assessment.pk}/"))
    assert login(world.users["programme"]).get(f"/org/home/risks/equality/{assessment.pk}/edit/").status_code == 200


def test_sign_off_needs_a_title_and_a_date_not_in_the_future(world, login):
    assessment = f.EqualityAssessmentFactory(project=world.records["led"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)  # at call time: the module may be imported before midnight
    response = login(world.users["admin"]).post(f"/org/home/risks/equality/{assessment.pk}/sign-off/", {
        "signed_off_by_title": "", "signed_off_on_0": str(tomorrow.day), "signed_off_on_1": str(tomorrow.month),
        "signed_off_on_2": str(tomorrow.year),
    })
    errors = response.context["form"].errors
    assert errors["signed_off_by_title"] and errors["signed_off_on"] == [
        "The date of sign-off must be today or in the past."]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


# Cumulative impact --------------------------------------------------------------------------------------------------


def test_the_cumulative_impact_adds_up_current_assessments_per_group(world, login):
    age = EqualityGroup.objects.get(organisation=None, title="Age")
    sex = EqualityGroup.objects.get(organisation=None, title="Sex")
    rural = EqualityGroup.objects.create(organisation=world.home, title="Rural communities")
    programme = world.records["programme"]
    projects = [f.ProjectFactory(programme=programme, stage=Stage.DELIVERY, code=f"P{n}") for n in range(4)]
    closed = f.ProjectFactory(programme=programme, stage=Stage.CLOSED, code="SHUT")
    findings = [  # project -> (Age, Sex, Rural)
        (projects[0], ("negative", "neutral", "negative")),
        (projects[1], ("negative", "positive", "unknown")),
        (projects[2], ("negative", "neutral", "neutral")),
        (closed, ("negative", "negative", "negative")),  # a closed project no longer counts
    ]
    for project, (a, s, r) in findings:
        assessment = signed(project, Stage.DELIVERY, title=f"EIA {project.code}")
        for group, impact in ((age, a), (sex, s), (rural, r)):
            EqualityImpact.objects.create(organisation=world.home, assessment=assessment, group=group,
                                          impact=impact, mitigation="Mitigated" if impact == "negative" else "")
    # An older assessment of the same project is superseded by the later one; a draft never counts.
    older = f.EqualityAssessmentFactory(project=projects[0], project_stage=Stage.HLBC,
                                        status=AssessmentStatus.SIGNED_OFF, signed_off_by_title="Director",
                                        signed_off_on=TODAY)
    EqualityImpact.objects.create(organisation=world.home, assessment=older, group=sex, impact=Impact.NEGATIVE,
                                  mitigation="x")
    draft = f.EqualityAssessmentFactory(project=projects[3], project_stage=Stage.DELIVERY)
    EqualityImpact.objects.create(organisation=world.home, assessment=draft, group=age, impact=Impact.NEGATIVE,
                                  mitigation="x")
    response = login(world.users["viewer"]).get("/org/home/risks/equality/cumulative/")
    totals = {total.group.title: total for total in response.context["totals"]}
    assert response.context["assessed"] == 3
    assert (totals["Age"].counts.negative, totals["Age"].counts.assessed) == (3, 3)
    assert (totals["Sex"].counts.positive, totals["Sex"].counts.neutral, totals["Sex"].counts.negative) == (1, 2, 0)
    assert (totals["Rural communities"].counts.negative, totals["Rural communities"].counts.unknown) == (1, 1)
    assert totals["Race"].counts.assessed == 0
    assert [n.title for n in totals["Age"].negatives] == ["EIA P0", "EIA P1", "EIA P2"]
    page = text(response)
    assert "Age: 3 assessments find a negative impact." in page and "Rural communities: 1" not in page
    assert f'/org/home/risks/equality/{totals["Age"].negatives[0].assessment_id}/' in page
    other = f.ProgrammeFactory(organisation=world.home)
    response = login(world.users["viewer"]).get(f"/org/home/risks/equality/cumulative/?programme={other.pk}")
    assert response.context["assessed"] == 0


# Local groups ------------------------------------------------------------------------------------------------------


def test_the_administrator_adds_and_renames_local_groups(world, login):
    admin = login(world.users["admin"])
    response = admin.post("/org/home/risks/equality/groups/add/", {"title": "Care leavers", "order": "100"})
    assert response.status_code == 302
    group = EqualityGroup.objects.get(title="Care leavers")
    assert group.organisation == world.home and not group.statutory
    response = admin.post("/org/home/risks/equality/groups/add/", {"title": "age", "order": "100"})
    assert response.context["form"].errors["title"] == ["age is already a group: choose another name."]
    admin.post(f"/org/home/risks/equality/groups/{group.pk}/edit/", {"title": "Care-experienced people",
                                                                     "order": "5"})
    group.refresh_from_db()
    assert group.title == "Care-experienced people"
    assert "Care-experienced people" in text(login(world.users["viewer"]).get("/org/home/risks/equality/groups/"))


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/org/home/risks/equality/", "/org/home/risks/equality/cumulative/",
                                 "/org/home/risks/equality/?stage=screening"])
def test_query_counts_do_not_grow_with_the_number_of_assessments(world, login, url):
    client = login(world.users["programme"])
    age = EqualityGroup.objects.get(organisation=None, title="Age")

    def add(n: int) -> None:
        for _ in range(n):
            project = f.ProjectFactory(programme=world.records["programme"], stage=Stage.DELIVERY)
            assessment = signed(project, Stage.DELIVERY)
            EqualityImpact.objects.create(organisation=world.home, assessment=assessment, group=age,
                                          impact=Impact.NEGATIVE, mitigation="x")
            f.ProjectFactory(programme=world.records["programme"], stage=Stage.FBC)

    add(3)
    small = count_queries(client, url)
    add(40)
    assert count_queries(client, url) == small
