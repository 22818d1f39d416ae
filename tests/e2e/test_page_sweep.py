"""Every page of performance, risk and governance, opened in a real browser as the administrator, passes axe-core
with no serious or critical violation (PRODUCT section 4), with records on it so that its tables and summaries
show. The journeys are tested in each area's own browser tests; this sweep makes sure no page is left out: a
named URL of these apps that is neither swept nor listed in NOT_PAGES fails the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pages import assert_accessible
from playwright.sync_api import Page

from beacon.governance.models import (
    AgendaItem,
    BoardMember,
    Capability,
    DecisionOption,
    Implication,
    ImprovementAction,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
    SpendRequest,
)
from beacon.performance.models import ComparatorMember
from beacon.risks.models import EqualityGroup, EqualityImpact, load_protected_characteristics
from beacon.testing import factories as f
from beacon.testing.world import World

APPS = ("performance", "risks", "governance")
NOT_PAGES = {"governance:calendar": "an iCalendar file, not a page (parsed in test_ical.py)"}


def records(world: World) -> dict[str, int]:
    """One record of every kind the pages show, in the test world's home council; their ids by URL name."""
    load_protected_characteristics(EqualityGroup)
    home, r = world.home, world.records
    board, meeting, decision = r["board"], r["meeting"], r["public_decision"]
    member = BoardMember.objects.create(organisation=home, board=board, role_title="Leader of the Council",
                                        kind=BoardMember.Kind.CHAIR)
    item = AgendaItem.objects.create(organisation=home, meeting=meeting, number="5", title="Transformation strategy",
                                     decision=decision, resolution="Approved")
    option = DecisionOption.objects.create(organisation=home, decision=decision, option="Do nothing",
                                           impact="Savings not met", risk="Section 114 notice")
    implication = Implication.objects.create(organisation=home, decision=decision, kind="finance",
                                             text="Funded from reserves", officer_title="Section 151 Officer")
    framework = MaturityFramework.objects.create(organisation=home, title="Transformation capability")
    for number, name in {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}.items():
        MaturityLevel.objects.create(organisation=home, framework=framework, number=number, name=name)
    capability = Capability.objects.create(organisation=home, framework=framework, title="Capacity for change")
    action = ImprovementAction.objects.create(organisation=home, capability=capability, title="Recruit a PMO",
                                              owner_title="Chief Executive", due_date=dt.date(2025, 3, 31))
    assessment = MaturityAssessment.objects.create(organisation=home, framework=framework, date=dt.date(2024, 1, 31))
    MaturityScore.objects.create(organisation=home, assessment=assessment, capability=capability,
                                 score=Decimal("1.8"), evidence="Top end of 1 with pockets of 2 and 3")
    spend = SpendRequest.objects.create(organisation=home, title="Agency social workers", amount_pence=250_000_00,
                                        board=board)
    equality = f.EqualityAssessmentFactory(project=r["plain"], title="Library remodel screening")
    EqualityImpact.objects.create(organisation=home, assessment=equality, group=EqualityGroup.objects.get(title="Age"),
                                  impact="negative", evidence="Older users", mitigation="Home library service")
    local = EqualityGroup.objects.create(organisation=home, title="Care leavers")
    council = f.CouncilFactory(name="Home District")
    group = f.ComparatorGroupFactory(organisation=home, council=council, title="Nearby districts", kind="nearest",
                                     preset="like-for-like", size=1)
    ComparatorMember.objects.create(group=group, council=f.CouncilFactory(name="Near District"), rank=1)
    kpi = r["public_kpi"]
    return {
        "performance:kpi-detail": kpi.pk, "performance:kpi-edit": kpi.pk, "performance:target-create": kpi.pk,
        "performance:observation-create": kpi.pk, "performance:target-edit": r["public_target"].pk,
        "performance:observation-edit": r["public_observation"].pk,
        "performance:comparator-group-detail": group.pk, "performance:comparator-group-edit": group.pk,
        "performance:comparator-group-recompute": group.pk,
        "risks:risk-detail": r["public_risk"].pk, "risks:risk-edit": r["public_risk"].pk,
        "risks:group-edit": local.pk, "risks:assessment-detail": equality.pk, "risks:assessment-edit": equality.pk,
        "risks:assessment-impacts": equality.pk, "risks:assessment-sign-off": equality.pk,
        "governance:board-detail": board.pk, "governance:board-edit": board.pk,
        "governance:board-member-create": board.pk, "governance:board-member-edit": member.pk,
        "governance:meeting-detail": meeting.pk, "governance:meeting-edit": meeting.pk,
        "governance:agenda-item-create": meeting.pk, "governance:agenda-item-detail": item.pk,
        "governance:agenda-item-edit": item.pk, "governance:decision-detail": decision.pk,
        "governance:decision-edit": decision.pk, "governance:decision-option-create": decision.pk,
        "governance:decision-option-edit": option.pk, "governance:implication-create": decision.pk,
        "governance:implication-edit": implication.pk,
        "governance:maturity-framework-detail": framework.pk, "governance:maturity-framework-edit": framework.pk,
        "governance:maturity-comparison": framework.pk, "governance:maturity-capability-create": framework.pk,
        "governance:maturity-assessment-create": framework.pk, "governance:maturity-capability-edit": capability.pk,
        "governance:maturity-action-create": capability.pk, "governance:maturity-action-edit": action.pk,
        "governance:maturity-assessment-detail": assessment.pk, "governance:maturity-assessment-edit": assessment.pk,
        "governance:spend-detail": spend.pk, "governance:spend-edit": spend.pk, "governance:spend-decide": spend.pk,
    }


def page_urls(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(URL name, path) of every named page of the swept apps, for the home council."""
    from django.urls import get_resolver, reverse

    found = []
    resolver = get_resolver()
    for namespace in APPS:
        names = [key for key in resolver.namespace_dict[namespace][1].reverse_dict if isinstance(key, str)]
        for name in sorted(names):
            full = f"{namespace}:{name}"
            if full in NOT_PAGES:
                continue
            kwargs = {"org": "home"}
            if full in ids:
                kwargs["pk"] = ids[full]
            found.append((full, reverse(full, kwargs=kwargs)))
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_page_passes_axe(page: Page, world: World, signed_in, app: str) -> None:
    ids = records(world)
    signed_in(page, "admin")
    for name, path in page_urls(ids):
        if not name.startswith(f"{app}:"):
            continue
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{name} {path}: {response and response.status}"
        assert_accessible(page, f"sweep-{name.replace(':', '-')}")
