"""A report over the shared test world: an MTFS with targets, savings lines, red and amber projects (one of them
confidential), a late milestone, risks, a decision with options, and strategic objectives, one ticked."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from beacon.finance.models import LineState, Recurrence
from beacon.governance.models import DecisionOption, Implication
from beacon.reports.models import Report
from beacon.strategy.models import Objective
from beacon.testing import factories as f
from beacon.testing.factories import financial_year


def report_world(world: Any, **report_fields: Any) -> Report:
    programme = world.records["programme"]
    mtfs = f.MtfsFactory(programme=programme, title="MTFS 2024 to 2027", start_year=financial_year(2024),
                         end_year=financial_year(2026))
    for year, target in zip((2024, 2025, 2026), (400_000_00, 300_000_00, 200_000_00), strict=True):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=financial_year(year), programme_target_pence=target)
    specs = [
        ("plain", 2024, 100_000_00, Recurrence.RECURRING, LineState.DELIVERED),
        ("plain", 2025, 50_000_00, Recurrence.ONE_OFF, LineState.APPROVED),
        ("public", 2025, 80_000_00, Recurrence.RECURRING, LineState.APPROVED),
        ("secret", 2024, 200_000_00, Recurrence.RECURRING, LineState.APPROVED),
        ("led", 2026, 60_000_00, Recurrence.RECURRING, LineState.PROPOSED),
    ]
    for project, year, amount, recurrence, state in specs:
        f.SavingsLineFactory(project=world.records[project], financial_year=financial_year(year),
                             amount_pence=amount, recurrence=recurrence, state=state,
                             delivered_pence=amount if state == LineState.DELIVERED else 0)
    records = world.records
    for key, rating in (("plain", "red"), ("secret", "red"), ("public", "amber"), ("led", "green")):
        project = records[key]
        project.delivery_confidence = rating
        project.status_commentary = project.status_commentary or f"Commentary on {project.title}"
        project.save()
    records["public_risk"].programme = programme
    records["public_risk"].residual_likelihood = 5
    records["public_risk"].save()
    records["secret_risk"].programme = programme
    records["secret_risk"].save()
    decision = records["public_decision"]
    decision.revenue_impact_pence = 500_000_00
    decision.decision_date = dt.date(2024, 3, 21)
    decision.save()
    DecisionOption.objects.create(organisation=world.home, decision=decision, order=1, option="Do nothing",
                                  impact="The gap is not closed", risk="Section 114 notice")
    DecisionOption.objects.create(organisation=world.home, decision=decision, order=2, option="Adopt the approach",
                                  impact="Savings of £100m", risk="Capacity", recommended=True)
    Implication.objects.create(organisation=world.home, decision=decision, kind="climate",
                               text="No climate change implications.")
    ticked = cast(Objective, f.ObjectiveFactory(organisation=world.home, title="An open and enabling organisation",
                                                kind="strategic"))
    f.ObjectiveFactory(organisation=world.home, title="A great place for people to live", kind="strategic")
    fields: dict[str, Any] = {
        "organisation": world.home, "programme": programme, "meeting": records["meeting"], "decision": decision,
        "title": "Approach to Transformation", "decision_maker": "Corporate Policy Committee",
        "report_date": dt.date(2024, 3, 21), "report_of": "Chief Executive",
        "author_title": "Head of Transformation", "wards_affected": "All wards",
        "purpose": "To set out the approach.\n\nIt delivers [[savings.delivered 2024/25]] in 2024/25.",
        "executive_summary": "The programme has [[projects.red]] red projects.",
        "recommendations": "Approve the approach.\nNote the savings of [[savings.total.forecast]].",
        "reasons": "To close the gap.", "background": "Background text.",
        "finance_comments": "The S151 officer has no further comments.",
        "legal_comments": "The monitoring officer has no further comments.",
        "background_papers": "MTFS 2024 to 2028",
        "exempt_appendix": "The sale price is secret.", "exempt_paragraph": "paragraph 3",
    }
    fields.update(report_fields)
    report = Report.objects.create(**fields)
    report.priorities.add(ticked)
    return report
