"""URL × role rows (beacon/core/tests/test_url_roles.py) for risk registers and equality impact assessments: pages
and API. A confidential risk is read by the confidential readers and its owner; a risk's owner edits it; a project
lead adds and edits the assessments of their projects until one is signed off; only the administrator, programme
manager and monitoring officer sign off; only the administrator manages local groups; another council's user gets
404."""

from __future__ import annotations

import datetime as dt

from beacon.risks.models import AssessmentStatus, EqualityGroup, EqualityImpact
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

LEAD_TOO = WRITERS | {"lead"}
SIGNERS = {"admin", "programme", "monitoring"}
NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}
NOT_LEAD_TOO = {role: 403 for role in ROLES if role not in LEAD_TOO}
NOBODY = {role: 404 for role in ROLES}
OTHERS_OWN = {**NOBODY, "outsider": 200}


def extend_world(world: World) -> None:
    r = world.records
    r["led_risk"] = f.RiskFactory(organisation=world.home, code="LEAD-R", title="Lead's own risk",
                                  owner=world.users["lead"])
    r["other_risk"] = f.RiskFactory(organisation=world.other, code="OTH-R", title="Other council's risk")
    r["plain_assessment"] = f.EqualityAssessmentFactory(project=r["plain"], title="Ordinary assessment")
    r["led_assessment"] = f.EqualityAssessmentFactory(project=r["led"], title="Lead's draft assessment")
    r["signed_assessment"] = f.EqualityAssessmentFactory(
        project=r["led"], title="Lead's signed-off assessment", status=AssessmentStatus.SIGNED_OFF,
        signed_off_by_title="Director of Place", signed_off_on=dt.date(2024, 3, 21),
    )
    r["other_assessment"] = f.EqualityAssessmentFactory(project=r["other_project"], title="Other assessment")
    r["local_group"] = EqualityGroup.objects.create(organisation=world.home, title="Care leavers", order=100)
    r["other_group"] = EqualityGroup.objects.create(organisation=world.other, title="Island communities")
    r["statutory_group"] = EqualityGroup.objects.get(organisation=None, title="Age")
    r["led_impact"] = EqualityImpact.objects.create(organisation=world.home, assessment=r["led_assessment"],
                                                    group=r["statutory_group"], impact="neutral")
    r["secret_impact"] = EqualityImpact.objects.create(organisation=world.home, assessment=r["secret_assessment"],
                                                       group=r["statutory_group"], impact="negative",
                                                       mitigation="Secret mitigation")


ROWS = [
    # Risk register pages
    Row("risks:risk-list", url("/org/home/risks/"), org_page()),
    Row("risks:risk-list", url("/org/home/risks/?level=project&band=very_high&overdue=true&status=open"),
        org_page()),
    Row("risks:risk-create", url("/org/home/risks/add/"), org_page(allowed=WRITERS)),
    Row("risks:risk-create", url("/org/home/risks/add/"), org_page(allowed=WRITERS), method="post"),
    Row("risks:risk-detail", url("/org/home/risks/{pk}/", pk="plain_risk"), org_page()),
    Row("risks:risk-detail", url("/org/home/risks/{pk}/", pk="secret_risk"), org_page(viewer=404)),
    Row("risks:risk-detail", url("/org/home/risks/{pk}/", pk="other_risk"), org_page(refused=404, allowed=set())),
    Row("risks:risk-edit", url("/org/home/risks/{pk}/edit/", pk="plain_risk"), org_page(allowed=WRITERS)),
    Row("risks:risk-edit", url("/org/home/risks/{pk}/edit/", pk="led_risk"), org_page(allowed=LEAD_TOO)),
    Row("risks:risk-edit", url("/org/home/risks/{pk}/edit/", pk="secret_risk"),
        org_page(allowed=LEAD_TOO, viewer=404)),
    Row("risks:risk-edit", url("/org/home/risks/{pk}/edit/", pk="plain_risk"), org_page(allowed=WRITERS),
        method="post"),
    Row("risks:risk-edit", url("/org/home/risks/{pk}/edit/", pk="other_risk"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("risks:heat-map", url("/org/home/risks/heat-map/"), org_page()),
    Row("risks:heat-map", url("/org/home/risks/heat-map/?basis=inherent&level=strategic"), org_page()),
    # Equality impact assessments
    Row("risks:assessment-list", url("/org/home/risks/equality/"), org_page()),
    Row("risks:assessment-create", url("/org/home/risks/equality/add/"), org_page(allowed=LEAD_TOO)),
    Row("risks:assessment-create", url("/org/home/risks/equality/add/"), org_page(allowed=LEAD_TOO),
        method="post"),
    Row("risks:assessment-detail", url("/org/home/risks/equality/{pk}/", pk="plain_assessment"), org_page()),
    Row("risks:assessment-detail", url("/org/home/risks/equality/{pk}/", pk="secret_assessment"),
        org_page(viewer=404)),
    Row("risks:assessment-detail", url("/org/home/risks/equality/{pk}/", pk="other_assessment"),
        org_page(refused=404, allowed=set())),
    Row("risks:assessment-edit", url("/org/home/risks/equality/{pk}/edit/", pk="led_assessment"),
        org_page(allowed=LEAD_TOO)),
    Row("risks:assessment-edit", url("/org/home/risks/equality/{pk}/edit/", pk="plain_assessment"),
        org_page(allowed=WRITERS)),
    Row("risks:assessment-edit", url("/org/home/risks/equality/{pk}/edit/", pk="signed_assessment"),
        org_page(allowed=WRITERS)),
    Row("risks:assessment-edit", url("/org/home/risks/equality/{pk}/edit/", pk="secret_assessment"),
        org_page(allowed=LEAD_TOO, viewer=404)),
    Row("risks:assessment-edit", url("/org/home/risks/equality/{pk}/edit/", pk="signed_assessment"),
        org_page(allowed=WRITERS), method="post"),
    Row("risks:assessment-impacts", url("/org/home/risks/equality/{pk}/impacts/", pk="led_assessment"),
        org_page(allowed=LEAD_TOO)),
    Row("risks:assessment-impacts", url("/org/home/risks/equality/{pk}/impacts/", pk="signed_assessment"),
        org_page(allowed=WRITERS)),
    Row("risks:assessment-impacts", url("/org/home/risks/equality/{pk}/impacts/", pk="signed_assessment"),
        org_page(allowed=WRITERS), method="post"),
    Row("risks:assessment-impacts", url("/org/home/risks/equality/{pk}/impacts/", pk="other_assessment"),
        org_page(refused=404, allowed=set())),
    Row("risks:assessment-sign-off", url("/org/home/risks/equality/{pk}/sign-off/", pk="led_assessment"),
        org_page(allowed=SIGNERS)),
    Row("risks:assessment-sign-off", url("/org/home/risks/equality/{pk}/sign-off/", pk="led_assessment"),
        org_page(allowed=SIGNERS), method="post"),
    Row("risks:assessment-sign-off", url("/org/home/risks/equality/{pk}/sign-off/", pk="secret_assessment"),
        org_page(allowed=SIGNERS, viewer=404)),
    Row("risks:cumulative", url("/org/home/risks/equality/cumulative/"), org_page()),
    Row("risks:group-list", url("/org/home/risks/equality/groups/"), org_page()),
    Row("risks:group-create", url("/org/home/risks/equality/groups/add/"), org_page(allowed={"admin"})),
    Row("risks:group-create", url("/org/home/risks/equality/groups/add/"), org_page(allowed={"admin"}),
        method="post"),
    Row("risks:group-edit", url("/org/home/risks/equality/groups/{pk}/edit/", pk="local_group"),
        org_page(allowed={"admin"})),
    Row("risks:group-edit", url("/org/home/risks/equality/groups/{pk}/edit/", pk="statutory_group"),
        org_page(refused=404, allowed=set())),
    Row("risks:group-edit", url("/org/home/risks/equality/groups/{pk}/edit/", pk="other_group"),
        org_page(refused=404, allowed=set())),
    # API
    Row("risk-list", url("/api/v1/risks/"), api_list()),
    Row("risk-list", url("/api/v1/risks/"), statuses(400, anonymous=403), method="post"),
    Row("risk-detail", url("/api/v1/risks/{pk}/", pk="plain_risk"), api_detail()),
    Row("risk-detail", url("/api/v1/risks/{pk}/", pk="secret_risk"), api_detail(viewer=404)),
    Row("risk-detail", url("/api/v1/risks/{pk}/", pk="other_risk"), api_detail(**OTHERS_OWN)),
    Row("risk-detail", url("/api/v1/risks/{pk}/", pk="plain_risk"), api_detail(**NOT_WRITERS), method="patch"),
    Row("risk-detail", url("/api/v1/risks/{pk}/", pk="led_risk"), api_detail(**NOT_LEAD_TOO), method="patch"),
    Row("equality-assessment-list", url("/api/v1/equality-assessments/"), api_list()),
    Row("equality-assessment-list", url("/api/v1/equality-assessments/"), statuses(400, anonymous=403),
        method="post"),
    Row("equality-assessment-detail", url("/api/v1/equality-assessments/{pk}/", pk="secret_assessment"),
        api_detail(viewer=404)),
    Row("equality-assessment-detail", url("/api/v1/equality-assessments/{pk}/", pk="other_assessment"),
        api_detail(**OTHERS_OWN)),
    Row("equality-assessment-detail", url("/api/v1/equality-assessments/{pk}/", pk="led_assessment"),
        api_detail(**NOT_LEAD_TOO), method="patch"),
    Row("equality-assessment-detail", url("/api/v1/equality-assessments/{pk}/", pk="signed_assessment"),
        api_detail(**NOT_WRITERS), method="patch"),
    Row("equality-impact-list", url("/api/v1/equality-impacts/"), api_list()),
    Row("equality-impact-list", url("/api/v1/equality-impacts/"), statuses(400, anonymous=403), method="post"),
    Row("equality-impact-detail", url("/api/v1/equality-impacts/{pk}/", pk="led_impact"), api_detail()),
    Row("equality-impact-detail", url("/api/v1/equality-impacts/{pk}/", pk="secret_impact"), api_detail(viewer=404)),
    Row("equality-impact-detail", url("/api/v1/equality-impacts/{pk}/", pk="led_impact"),
        api_detail(**NOT_LEAD_TOO), method="patch"),
    Row("equality-group-list", url("/api/v1/equality-groups/"), api_list()),
    Row("equality-group-list", url("/api/v1/equality-groups/"), statuses(400, anonymous=403), method="post"),
    Row("equality-group-detail", url("/api/v1/equality-groups/{pk}/", pk="statutory_group"),
        api_detail(outsider=200)),
    Row("equality-group-detail", url("/api/v1/equality-groups/{pk}/", pk="local_group"), api_detail()),
    Row("equality-group-detail", url("/api/v1/equality-groups/{pk}/", pk="other_group"), api_detail(**OTHERS_OWN)),
    Row("equality-group-detail", url("/api/v1/equality-groups/{pk}/", pk="local_group"),
        api_detail(**{role: 403 for role in ROLES if role != "admin"}), method="patch"),
    Row("equality-group-detail", url("/api/v1/equality-groups/{pk}/", pk="statutory_group"),
        statuses(403), method="patch"),
]
