"""The synthetic council's performance: a council plan with themes and priorities, and 200 monthly KPIs with a
target and an observation for each of the 60 months before this one (12,000 of each), linked to the priorities and
to some projects, so that the public dashboard and the KPI pages are measured at PRODUCT section 4's size.

Half the KPIs are public and a tenth confidential (a few of them both, which makes them confidential). A tenth
are a month behind: their 60 months end a month earlier, so that freshness has overdue KPIs to flag. Everything is
illustrative and deterministic (the builder's generator for the step); rows are written with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beacon.performance.models import Kpi, KpiTarget, Observation, Polarity, Unit
from beacon.performance.periods import Frequency, add_months
from beacon.strategy.models import Plan, PlanStatus, Priority, Theme

if TYPE_CHECKING:
    from beacon.demo.synthetic import SyntheticCouncilBuilder

KPIS = 200
PERIODS = 60
PUBLIC_SHARE = 0.5
CONFIDENTIAL_SHARE = 0.1
BEHIND_SHARE = 0.1
OWNED_SHARE = 0.6
PROJECT_LINK_SHARE = 0.3
SOURCE = "Synthetic data for testing at scale."

THEMES = {
    "Thriving people": ["Older people live independently", "Children have the best start", "Fewer people are lonely",
                        "Carers are supported", "People live healthier lives"],
    "Strong economy": ["More good jobs", "Skills for the future", "A vibrant town centre", "Affordable homes",
                       "Business growth"],
    "Green and clean": ["Less waste, more recycling", "Net zero by 2040", "Clean streets", "Better air quality",
                        "Well-kept parks"],
    "Safe communities": ["Less antisocial behaviour", "Safer roads", "Fewer people homeless",
                         "Resilient communities", "Safeguarding adults"],
    "Efficient council": ["Services online first", "Balanced budget", "A skilled workforce", "Customers served first "
                          "time", "Value for money"],
}


@dataclass(frozen=True)
class Measure:
    title: str
    unit: str
    polarity: str
    low: float
    high: float


MEASURES = [
    Measure("Calls answered within 60 seconds", Unit.PERCENT, Polarity.HIGHER, 60, 95),
    Measure("Household waste recycled", Unit.PERCENT, Polarity.HIGHER, 35, 60),
    Measure("Council tax collected", Unit.PERCENT, Polarity.HIGHER, 90, 99),
    Measure("Business rates collected", Unit.PERCENT, Polarity.HIGHER, 90, 99),
    Measure("Staff sickness absence per FTE", Unit.DAYS, Polarity.LOWER, 6, 14),
    Measure("Time to process new benefit claims", Unit.DAYS, Polarity.LOWER, 10, 30),
    Measure("Major planning applications decided on time", Unit.PERCENT, Polarity.HIGHER, 60, 95),
    Measure("Households in temporary accommodation", Unit.NUMBER, Polarity.LOWER, 40, 600),
    Measure("Missed bin collections per 100,000", Unit.NUMBER, Polarity.LOWER, 20, 120),
    Measure("Adults supported to live at home", Unit.PERCENT, Polarity.HIGHER, 55, 85),
    Measure("Delayed transfers of care", Unit.NUMBER, Polarity.LOWER, 5, 80),
    Measure("Children in care per 10,000", Unit.NUMBER, Polarity.LOWER, 40, 110),
    Measure("Agency staff spend", Unit.POUNDS, Polarity.LOWER, 50_000, 900_000),
    Measure("Transactions completed online", Unit.PERCENT, Polarity.HIGHER, 30, 85),
    Measure("Complaints answered on time", Unit.PERCENT, Polarity.HIGHER, 70, 98),
    Measure("Fly-tipping incidents", Unit.NUMBER, Polarity.LOWER, 50, 900),
    Measure("Potholes repaired within 28 days", Unit.PERCENT, Polarity.HIGHER, 70, 98),
    Measure("Library visits", Unit.NUMBER, Polarity.HIGHER, 5_000, 60_000),
    Measure("Leisure centre attendances", Unit.NUMBER, Polarity.HIGHER, 10_000, 90_000),
    Measure("Cost per transaction", Unit.POUNDS, Polarity.LOWER, 2, 12),
    Measure("Invoices paid within 30 days", Unit.PERCENT, Polarity.HIGHER, 80, 99),
    Measure("Average days to re-let council homes", Unit.DAYS, Polarity.LOWER, 20, 60),
    Measure("New homes completed", Unit.NUMBER, Polarity.HIGHER, 10, 120),
    Measure("Carbon emissions from council buildings (tonnes)", Unit.NUMBER, Polarity.LOWER, 200, 1_500),
    Measure("Reablement clients needing no further support", Unit.PERCENT, Polarity.HIGHER, 60, 90),
]
AREAS = ["borough-wide", "north locality", "south locality", "east locality", "west locality", "town centre",
         "rural areas", "priority neighbourhoods"]
OWNER_TITLES = [
    "Director of Adult Social Care", "Director of Children's Services", "Head of Customer Services",
    "Head of Waste and Environment", "Head of Revenues and Benefits", "Head of Planning", "Head of Housing",
    "Head of HR", "Chief Digital Officer", "Head of Finance", "Head of Highways", "Head of Leisure and Culture",
]
# Decimal places by unit, for values and targets.
PLACES: dict[str, int] = {Unit.PERCENT: 1, Unit.DAYS: 1, Unit.NUMBER: 0, Unit.POUNDS: 2}


def months(today: dt.date, behind: bool) -> list[dt.date]:
    """The ``PERIODS`` months before this one (before last month when ``behind``), oldest first."""
    last = add_months(today.replace(day=1), -2 if behind else -1)
    return [add_months(last, offset) for offset in range(-PERIODS + 1, 1)]


def decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def build_performance(builder: SyntheticCouncilBuilder, rng: random.Random) -> None:
    org = builder.organisation
    plan = Plan.objects.create(
        organisation=org, title="Synthetic Council Plan", description="Illustrative council plan.",
        period_start=add_months(builder.today.replace(day=1), -PERIODS), status=PlanStatus.COUNCIL,
        source=SOURCE, public=True,
    )
    themes = Theme.objects.bulk_create(
        [Theme(organisation=org, plan=plan, title=title, order=order) for order, title in enumerate(THEMES, 1)]
    )
    priorities = Priority.objects.bulk_create([
        Priority(organisation=org, theme=theme, code=f"P{t}.{p}", title=title,
                 description=f"Illustrative priority under {theme.title.lower()}.")
        for t, theme in enumerate(themes, 1) for p, title in enumerate(THEMES[theme.title], 1)
    ])

    kpis, measures, behind = [], [], []
    for number in range(1, KPIS + 1):
        measure = MEASURES[(number - 1) % len(MEASURES)]
        area = AREAS[(number - 1) // len(MEASURES) % len(AREAS)]
        confidential = rng.random() < CONFIDENTIAL_SHARE
        kpis.append(Kpi(
            organisation=org, code=f"KPI-{number:03d}", title=f"{measure.title} ({area})",
            description=f"{'Confidential: ' if confidential else ''}Illustrative measure of "
                        f"{measure.title.lower()}, {area}.",
            unit=measure.unit, decimal_places=PLACES[measure.unit], polarity=measure.polarity,
            frequency=Frequency.MONTHLY,
            owner=rng.choice(builder.leads) if builder.leads and rng.random() < OWNED_SHARE else None,
            owner_title=rng.choice(OWNER_TITLES), data_source=SOURCE, reporting_lag_days=rng.choice([10, 20, 30]),
            public=rng.random() < PUBLIC_SHARE, confidential=confidential, illustrative=True,
        ))
        measures.append(measure)
        behind.append(rng.random() < BEHIND_SHARE)
    kpis = Kpi.objects.bulk_create(kpis)

    priority_links = Kpi.priorities.through
    priority_links.objects.bulk_create([
        priority_links(kpi_id=kpi.pk, priority_id=priority.pk)
        for kpi in kpis for priority in rng.sample(priorities, rng.choice([1, 1, 1, 2]))
    ])
    if builder.project_rows:
        project_links = Kpi.projects.through
        project_links.objects.bulk_create([
            project_links(kpi_id=kpi.pk, project_id=project.pk)
            for kpi in kpis if rng.random() < PROJECT_LINK_SHARE
            for project in rng.sample(builder.project_rows, rng.randint(1, 3))
        ])

    targets, observations = [], []
    for kpi, measure, late in zip(kpis, measures, behind, strict=True):
        places = PLACES[measure.unit]
        target = rng.uniform(measure.low, measure.high)
        value = target * rng.uniform(0.85, 1.15)
        better = 1 if measure.polarity == Polarity.HIGHER else -1
        for start in months(builder.today, late):
            if start.month == 4:  # a new target each financial year, a little more ambitious
                target *= 1 + better * rng.uniform(0, 0.03)
            value = max(value + (target - value) * 0.2 + target * rng.gauss(0, 0.04), 0)
            if measure.unit == Unit.PERCENT:
                value = min(value, 100)
            goal = min(target, 100) if measure.unit == Unit.PERCENT else target
            targets.append(KpiTarget(
                organisation=org, kpi=kpi, period_start=start, value=decimal(goal, places),
                tolerance=decimal(goal * 0.05, places),
            ))
            observations.append(Observation(organisation=org, kpi=kpi, period_start=start,
                                            value=decimal(value, places)))
    KpiTarget.objects.bulk_create(targets, batch_size=2000)
    Observation.objects.bulk_create(observations, batch_size=2000)
