"""The ``equality-assessments``, ``equality-impacts`` and ``equality-groups`` collections: impacts nested
read-only in their assessment and written through their own collection; a negative impact needs a mitigation;
sign-off only by the roles that may, and the lock after it; local groups written by the administrator only;
organisation isolation throughout."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.risks.models import AssessmentStatus, EqualityAssessment, EqualityGroup, EqualityImpact
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db


def age() -> EqualityGroup:
    return EqualityGroup.objects.get(organisation=None, title="Age")


def new_assessment(world: Any, **extra: Any) -> dict[str, Any]:
    return {"organisation": "home", "project": world.records["led"].pk, "title": "Library hours screening", **extra}


def test_an_assessment_is_created_and_lists_its_impacts(world):
    lead = client_for(world.users["lead"])
    response = lead.post("/api/v1/equality-assessments/", new_assessment(world, project_stage="hlbc"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "screening" and body["status"] == "draft" and body["impacts"] == []
    response = lead.post("/api/v1/equality-impacts/", {
        "organisation": "home", "assessment": body["id"], "group": age().pk, "impact": "negative",
        "evidence": "Older residents use the library most", "mitigation": "Home library service",
    }, format="json")
    assert response.status_code == 201, response.json()
    impacts = lead.get(f"/api/v1/equality-assessments/{body['id']}/").json()["impacts"]
    assert impacts == [{"id": response.json()["id"], "group": age().pk, "group_title": "Age", "impact": "negative",
                        "evidence": "Older residents use the library most", "mitigation": "Home library service"}]


@pytest.mark.parametrize(("extra", "field"), [
    ({"stage": "partial"}, "stage"),
    ({"project_stage": "someday"}, "project_stage"),
    ({"review_date": "not a date"}, "review_date"),
    ({"status": "signed_off"}, "signed_off_on"),  # signed off needs who and when
])
def test_bad_assessments_are_refused(world, extra, field):
    response = client_for(world.users["programme"]).post("/api/v1/equality-assessments/",
                                                         new_assessment(world, **extra), format="json")
    assert response.status_code == 400 and response.json()[field]
    assert not EqualityAssessment.objects.filter(title="Library hours screening").exists()


def test_a_project_of_another_council_is_refused(world):
    response = client_for(world.users["programme"]).post(
        "/api/v1/equality-assessments/", new_assessment(world, project=world.records["other_project"].pk),
        format="json")
    assert response.status_code == 400 and response.json()["project"]


def test_bad_impacts_are_refused(world):
    assessment = f.EqualityAssessmentFactory(project=world.records["led"])
    other_group = EqualityGroup.objects.create(organisation=world.other, title="Island communities")
    client = client_for(world.users["lead"])

    def post(**extra: Any) -> Any:
        return client.post("/api/v1/equality-impacts/", {"organisation": "home", "assessment": assessment.pk,
                                                         "group": age().pk, "impact": "neutral", **extra},
                           format="json")

    response = post(impact="negative")
    assert response.status_code == 400
    assert response.json()["mitigation"] == ["Say how the negative impact will be mitigated, or why it cannot be."]
    assert post(impact="catastrophic").status_code == 400
    assert post(group=other_group.pk).json()["group"]
    assert post().status_code == 201
    assert post().json()["group"] == ["The assessment already records this group: change that impact."]
    assert EqualityImpact.objects.count() == 1


def test_sign_off_is_for_the_roles_that_may_and_locks_the_assessment(world):
    assessment = f.EqualityAssessmentFactory(project=world.records["led"])
    impact = EqualityImpact.objects.create(organisation=world.home, assessment=assessment, group=age(),
                                           impact="neutral")
    sign = {"status": "signed_off", "signed_off_by_title": "Director", "signed_off_on": "2024-03-21"}
    lead = client_for(world.users["lead"])
    assert lead.patch(f"/api/v1/equality-assessments/{assessment.pk}/", sign, format="json").status_code == 403
    programme = client_for(world.users["programme"])
    response = programme.patch(f"/api/v1/equality-assessments/{assessment.pk}/", sign, format="json")
    assert response.status_code == 200 and response.json()["signed_off_on"] == "2024-03-21"
    assert lead.patch(f"/api/v1/equality-assessments/{assessment.pk}/", {"summary": "x"},
                      format="json").status_code == 403
    assert lead.patch(f"/api/v1/equality-impacts/{impact.pk}/", {"impact": "positive"},
                      format="json").status_code == 403
    assert programme.patch(f"/api/v1/equality-impacts/{impact.pk}/", {"impact": "positive"},
                           format="json").status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED_OFF and assessment.summary == ""


def test_assessments_are_scoped_to_what_the_user_may_read(world):
    f.EqualityAssessmentFactory(project=world.records["other_project"], title="Other council's")
    f.EqualityAssessmentFactory(project=world.records["plain"], title="Plain")
    viewer = client_for(world.users["viewer"])
    titles = {row["title"] for row in viewer.get("/api/v1/equality-assessments/").json()["results"]}
    assert titles == {"Plain"}
    lead = client_for(world.users["lead"])
    titles = {row["title"] for row in lead.get("/api/v1/equality-assessments/?organisation=home").json()["results"]}
    assert titles == {"Plain", "Secret depot equality assessment"}  # the lead reads their project's
    assert viewer.get("/api/v1/equality-assessments/?status=signed_off").json()["count"] == 0


def test_groups_the_law_and_the_organisations_own(world):
    EqualityGroup.objects.create(organisation=world.other, title="Island communities")
    admin = client_for(world.users["admin"])
    response = admin.post("/api/v1/equality-groups/", {"organisation": "home", "title": "Care leavers"},
                          format="json")
    assert response.status_code == 201 and response.json()["statutory"] is False
    groups = admin.get("/api/v1/equality-groups/?organisation=home").json()
    assert groups["count"] == 10 and groups["results"][0] == {
        "id": age().pk, "organisation": None, "title": "Age", "statutory": True, "order": 1}
    assert "Island communities" not in {row["title"] for row in admin.get("/api/v1/equality-groups/").json()["results"]}
    assert admin.post("/api/v1/equality-groups/", {"organisation": "home", "title": "Care leavers"},
                      format="json").status_code == 400
    assert admin.post("/api/v1/equality-groups/", {"organisation": None, "title": "New law"},
                      format="json").status_code == 400
    assert admin.patch(f"/api/v1/equality-groups/{age().pk}/", {"title": "Years"}, format="json").status_code == 403
    programme = client_for(world.users["programme"])
    assert programme.post("/api/v1/equality-groups/", {"organisation": "home", "title": "Rural"},
                          format="json").status_code == 403
    assert client_for(world.users["outsider"]).post(
        "/api/v1/equality-groups/", {"organisation": "home", "title": "Rural"}, format="json").status_code == 400
    assert not EqualityGroup.objects.filter(title="Rural").exists()
