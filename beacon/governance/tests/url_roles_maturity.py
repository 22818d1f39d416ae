"""URL × role rows (beacon/core/tests/test_url_roles.py) for capability maturity and in-year spend controls: pages
and API. Every member of the organisation reads them; the framework's writers (administrator and programme office)
write the framework, its capabilities, actions and assessments; the administrator, programme office and finance
officer write spend requests. Another council's user gets 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.governance.models import (
    Board,
    Capability,
    ImprovementAction,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
    SpendRequest,
)
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

SPEND_WRITERS = {"admin", "programme", "finance"}
NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}
NOT_SPEND_WRITERS = {role: 403 for role in ROLES if role not in SPEND_WRITERS}
OTHERS_OWN = {**{role: 404 for role in ROLES}, "outsider": 200}
ELSEWHERE = org_page(refused=404, allowed=set())


def framework_of(world: World, organisation: object, title: str) -> MaturityFramework:
    framework = MaturityFramework.objects.create(organisation=organisation, title=title)
    for number, name in {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}.items():
        MaturityLevel.objects.create(organisation=organisation, framework=framework, number=number, name=name)
    return framework


def extend_world(world: World) -> None:
    r = world.records
    framework = framework_of(world, world.home, "Transformation capability framework")
    capability = Capability.objects.create(organisation=world.home, framework=framework, title="Programme management")
    assessment = MaturityAssessment.objects.create(organisation=world.home, framework=framework,
                                                   date=dt.date(2024, 1, 31))
    MaturityScore.objects.create(organisation=world.home, assessment=assessment, capability=capability,
                                 score=Decimal("1.8"), evidence="Top end of level 1")
    r["framework"], r["capability"], r["assessment"] = framework, capability, assessment
    r["action"] = ImprovementAction.objects.create(organisation=world.home, capability=capability,
                                                   title="Appoint a programme office")
    other = framework_of(world, world.other, "Other framework")
    r["framework_other"] = other
    r["assessment_other"] = MaturityAssessment.objects.create(organisation=world.other, framework=other,
                                                              date=dt.date(2024, 1, 31))
    board = Board.objects.create(organisation=world.home, title="Spending Review Board", kind="spending")
    r["spend"] = SpendRequest.objects.create(organisation=world.home, title="Agency cover", amount_pence=120_000_00,
                                             board=board)
    r["spend_other"] = SpendRequest.objects.create(organisation=world.other, title="Other council's request",
                                                   amount_pence=50_000_00)


M = "/org/home/governance/maturity"
S = "/org/home/governance/spend"

ROWS = [
    # Capability maturity: everyone reads, the framework's writers write.
    Row("governance:maturity-framework-list", url(f"{M}/"), org_page()),
    Row("governance:maturity-framework-create", url(f"{M}/add/"), org_page(allowed=WRITERS)),
    Row("governance:maturity-framework-create", url(f"{M}/add/"), org_page(allowed=WRITERS), method="post"),
    Row("governance:maturity-framework-detail", url(M + "/{pk}/", pk="framework"), org_page()),
    Row("governance:maturity-framework-detail", url(M + "/{pk}/", pk="framework_other"), ELSEWHERE),
    Row("governance:maturity-framework-edit", url(M + "/{pk}/edit/", pk="framework"), org_page(allowed=WRITERS)),
    Row("governance:maturity-framework-edit", url(M + "/{pk}/edit/", pk="framework"), org_page(allowed=WRITERS),
        method="post"),
    Row("governance:maturity-framework-edit", url(M + "/{pk}/edit/", pk="framework_other"), ELSEWHERE),
    Row("governance:maturity-comparison", url(M + "/{pk}/comparison/", pk="framework"), org_page()),
    Row("governance:maturity-comparison", url(M + "/{pk}/comparison/", pk="framework_other"), ELSEWHERE),
    Row("governance:maturity-capability-create", url(M + "/{pk}/capabilities/add/", pk="framework"),
        org_page(allowed=WRITERS)),
    Row("governance:maturity-capability-create", url(M + "/{pk}/capabilities/add/", pk="framework"),
        org_page(allowed=WRITERS), method="post"),
    Row("governance:maturity-capability-create", url(M + "/{pk}/capabilities/add/", pk="framework_other"),
        ELSEWHERE),
    Row("governance:maturity-capability-edit", url(M + "/capabilities/{pk}/edit/", pk="capability"),
        org_page(allowed=WRITERS)),
    Row("governance:maturity-action-create", url(M + "/capabilities/{pk}/actions/add/", pk="capability"),
        org_page(allowed=WRITERS)),
    Row("governance:maturity-action-create", url(M + "/capabilities/{pk}/actions/add/", pk="capability"),
        org_page(allowed=WRITERS), method="post"),
    Row("governance:maturity-action-edit", url(M + "/actions/{pk}/edit/", pk="action"), org_page(allowed=WRITERS)),
    Row("governance:maturity-assessment-create", url(M + "/{pk}/assess/", pk="framework"),
        org_page(allowed=WRITERS)),
    Row("governance:maturity-assessment-create", url(M + "/{pk}/assess/", pk="framework"),
        org_page(allowed=WRITERS), method="post"),
    Row("governance:maturity-assessment-create", url(M + "/{pk}/assess/", pk="framework_other"), ELSEWHERE),
    Row("governance:maturity-assessment-list", url(f"{M}/assessments/"), org_page()),
    Row("governance:maturity-assessment-list", url(f"{M}/assessments/?kind=self"), org_page()),
    Row("governance:maturity-assessment-detail", url(M + "/assessments/{pk}/", pk="assessment"), org_page()),
    Row("governance:maturity-assessment-detail", url(M + "/assessments/{pk}/", pk="assessment_other"), ELSEWHERE),
    Row("governance:maturity-assessment-edit", url(M + "/assessments/{pk}/edit/", pk="assessment"),
        org_page(allowed=WRITERS)),
    Row("governance:maturity-assessment-edit", url(M + "/assessments/{pk}/edit/", pk="assessment"),
        org_page(allowed=WRITERS), method="post"),
    Row("governance:maturity-assessment-edit", url(M + "/assessments/{pk}/edit/", pk="assessment_other"),
        ELSEWHERE),
    # Spend requests: everyone reads; administrator, programme office and finance write and decide.
    Row("governance:spend-list", url(f"{S}/"), org_page()),
    Row("governance:spend-list", url(f"{S}/?status=pending&service=care"), org_page()),
    Row("governance:spend-create", url(f"{S}/add/"), org_page(allowed=SPEND_WRITERS)),
    Row("governance:spend-create", url(f"{S}/add/"), org_page(allowed=SPEND_WRITERS), method="post"),
    Row("governance:spend-detail", url(S + "/{pk}/", pk="spend"), org_page()),
    Row("governance:spend-detail", url(S + "/{pk}/", pk="spend_other"), ELSEWHERE),
    Row("governance:spend-edit", url(S + "/{pk}/edit/", pk="spend"), org_page(allowed=SPEND_WRITERS)),
    Row("governance:spend-edit", url(S + "/{pk}/edit/", pk="spend"), org_page(allowed=SPEND_WRITERS),
        method="post"),
    Row("governance:spend-decide", url(S + "/{pk}/decide/", pk="spend"), org_page(allowed=SPEND_WRITERS)),
    Row("governance:spend-decide", url(S + "/{pk}/decide/", pk="spend"), org_page(allowed=SPEND_WRITERS),
        method="post"),
    Row("governance:spend-decide", url(S + "/{pk}/decide/", pk="spend_other"), ELSEWHERE, method="post"),
    # API
    Row("maturity-framework-list", url("/api/v1/maturity-frameworks/"), api_list()),
    Row("maturity-framework-list", url("/api/v1/maturity-frameworks/"), statuses(400, anonymous=403),
        method="post"),
    Row("maturity-framework-detail", url("/api/v1/maturity-frameworks/{pk}/", pk="framework"), api_detail()),
    Row("maturity-framework-detail", url("/api/v1/maturity-frameworks/{pk}/", pk="framework_other"),
        api_detail(**OTHERS_OWN)),
    Row("maturity-framework-detail", url("/api/v1/maturity-frameworks/{pk}/", pk="framework"),
        api_detail(**NOT_WRITERS), method="patch"),
    Row("maturity-assessment-list", url("/api/v1/maturity-assessments/"), api_list()),
    Row("maturity-assessment-list", url("/api/v1/maturity-assessments/"), statuses(400, anonymous=403),
        method="post"),
    Row("maturity-assessment-detail", url("/api/v1/maturity-assessments/{pk}/", pk="assessment"), api_detail()),
    Row("maturity-assessment-detail", url("/api/v1/maturity-assessments/{pk}/", pk="assessment_other"),
        api_detail(**OTHERS_OWN)),
    Row("maturity-assessment-detail", url("/api/v1/maturity-assessments/{pk}/", pk="assessment"),
        api_detail(**NOT_WRITERS), method="patch"),
    Row("spend-request-list", url("/api/v1/spend-requests/"), api_list()),
    Row("spend-request-list", url("/api/v1/spend-requests/"), statuses(400, anonymous=403), method="post"),
    Row("spend-request-detail", url("/api/v1/spend-requests/{pk}/", pk="spend"), api_detail()),
    Row("spend-request-detail", url("/api/v1/spend-requests/{pk}/", pk="spend_other"), api_detail(**OTHERS_OWN)),
    Row("spend-request-detail", url("/api/v1/spend-requests/{pk}/", pk="spend"), api_detail(**NOT_SPEND_WRITERS),
        method="patch"),
]
