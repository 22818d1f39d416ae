"""The public world: the permission test world (beacon.testing.world) with a published plan and an unpublished
one, an MTFS with savings of a public, a confidential and an internal project, and comparator groups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.engagement.models import Moderation
from beacon.engagement.services import create_operating_model
from beacon.finance.models import LineState
from beacon.testing import factories as f
from beacon.testing.factories import financial_year
from beacon.testing.world import World


def extend_public_world(world: World) -> World:
    r = world.records
    plan = f.PlanFactory(organisation=world.home, title="Council Plan 2024-28", public=True)
    theme = f.ThemeFactory(plan=plan, title="Thriving communities")
    priority = f.PriorityFactory(theme=theme, title="Residents are satisfied with their council")
    empty_priority = f.PriorityFactory(theme=theme, title="More volunteering")
    draft_plan = f.PlanFactory(organisation=world.home, title="Draft plan not yet published")
    draft_theme = f.ThemeFactory(plan=draft_plan, title="Unpublished theme")
    draft_priority = f.PriorityFactory(theme=draft_theme, title="Unpublished priority")
    r["public_kpi"].priorities.add(priority, draft_priority)
    r["public_kpi"].projects.add(r["public"], r["secret"], r["plain"])
    r["public_kpi"].frequency = "annual"
    r["public_kpi"].unit = "percent"
    r["public_kpi"].save()
    f.ObservationFactory(kpi=r["public_kpi"], period_start=dt.date(2023, 4, 1), value=Decimal("60"),
                         note="=HYPERLINK(\"http://evil.example\")")
    f.KpiTargetFactory(kpi=r["public_kpi"], period_start=dt.date(2023, 4, 1), value=70, tolerance=5)
    mtfs = f.MtfsFactory(programme=r["programme"], title="Medium-term financial strategy 2024-28", public=True)
    for year, target in zip(range(2024, 2028), (300_000_00, 200_000_00, 150_000_00, 100_000_00), strict=True):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(year), programme_target_pence=target)
    hidden_mtfs = f.MtfsFactory(programme=r["programme"], title="Unpublished MTFS draft", public=False)
    f.MtfsYearFactory(mtfs=hidden_mtfs, financial_year=financial_year(2024), programme_target_pence=1)
    r["public_line"] = f.SavingsLineFactory(
        project=r["public"], financial_year=financial_year(2024), amount_pence=120_000_00,
        state=LineState.DELIVERED, delivered_pence=120_000_00, title="Branch opening hours",
    )
    r["public_line_2"] = f.SavingsLineFactory(
        project=r["public"], financial_year=financial_year(2025), amount_pence=50_000_00, state=LineState.APPROVED,
        forecast_pence=40_000_00, title="Self-service kiosks",
    )
    r["secret_line"] = f.SavingsLineFactory(
        project=r["secret"], financial_year=financial_year(2024), amount_pence=777_777_00, state=LineState.APPROVED,
        title="Secret depot sale",
    )
    r["plain_line"] = f.SavingsLineFactory(
        project=r["plain"], financial_year=financial_year(2024), amount_pence=333_333_00, state=LineState.APPROVED,
    )
    r["public_milestone"] = f.MilestoneFactory(project=r["public"], title="Library consultation closes",
                                               due_date=dt.date(2024, 6, 30), actual_date=dt.date(2024, 6, 28))
    r["secret_benefit"] = f.BenefitFactory(project=r["secret"], title="Secret benefit")
    council = f.CouncilFactory(name="Home District")
    r["public_group"] = f.ComparatorGroupFactory(organisation=world.home, council=council,
                                                 title="Similar districts", public=True)
    r["public_group"].memberships.create(council=f.CouncilFactory(name="Neighbour District"), rank=1, distance=0.5)
    r["hidden_group"] = f.ComparatorGroupFactory(organisation=world.home, council=council,
                                                 title="Hidden comparator group", public=False)
    r["other_group"] = f.ComparatorGroupFactory(organisation=world.other, council=council,
                                                title="Other council's group", public=True)
    # Engagement: one published record of each public collection (ideas, events, partnerships, operating models)
    r["public_idea"] = f.IdeaFactory(organisation=world.home, title="Open the library on Sundays",
                                     moderation=Moderation.PUBLISHED, public=True)
    r["public_event"] = f.EventFactory(organisation=world.home, title="Budget consultation", public=True)
    r["public_partnership"] = f.PartnershipFactory(organisation=world.home, title="Home Place Partnership",
                                                   public=True)
    r["public_operating_model"] = create_operating_model(organisation=world.home, actor=None, title="Libraries TOM",
                                                         service="Libraries", public=True)
    r.update(plan=plan, theme=theme, priority=priority, empty_priority=empty_priority, draft_plan=draft_plan,
             draft_theme=draft_theme, draft_priority=draft_priority, mtfs=mtfs, hidden_mtfs=hidden_mtfs)
    return world
