"""The demo councils' reporting periods: for each, one closed period with its snapshot, at a point where the
seed documents give a natural report, and the period open today.

The closed periods are illustrative (their titles say so): Beacon did not exist then, so each snapshot holds
the demo's records as loaded, with milestone lateness judged at the period's end. Loading again neither
duplicates a period nor takes a snapshot again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from beacon.core.models import Organisation, ReportingFrequency
from beacon.demo.loader import DemoContext
from beacon.reporting import services
from beacon.reporting.cycle import period_containing
from beacon.reporting.models import PeriodStatus, ReportingPeriod

ILLUSTRATIVE = " (illustrative)"


@dataclass(frozen=True)
class DemoPeriod:
    slug: str
    frequency: str
    day_in_period: dt.date
    closed_on: dt.date
    why: str


DEMO_PERIODS = [
    # Phase 1 of the Cheshire East programme ran to the end of October 2024; its second-quarter report
    # went to committee once that phase was complete.
    DemoPeriod("cheshire-east", ReportingFrequency.QUARTERLY, dt.date(2024, 9, 30), dt.date(2024, 11, 14),
               "after Phase 1"),
    # Chorley's ten initial actions were to be delivered between January 2016 and March 2017.
    DemoPeriod("chorley", ReportingFrequency.MONTHLY, dt.date(2017, 3, 31), dt.date(2017, 4, 12),
               "end of the initial actions"),
    # The Leicestershire Transformation Programme's first year, 2014/15, under the Strategic Plan 2014-18.
    DemoPeriod("leicestershire", ReportingFrequency.QUARTERLY, dt.date(2015, 3, 31), dt.date(2015, 4, 16),
               "end of the programme's first year"),
    # Northumberland's transformation programme at the end of 2023/24, its first full year.
    DemoPeriod("northumberland", ReportingFrequency.QUARTERLY, dt.date(2024, 3, 31), dt.date(2024, 4, 18),
               "end of 2023/24"),
]


def closing_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))


def load_organisation(context: DemoContext, organisation: Organisation, demo: DemoPeriod) -> None:
    if organisation.reporting_frequency != demo.frequency:
        organisation.reporting_frequency = demo.frequency
        organisation.save(update_fields=["reporting_frequency"])
    span = period_containing(demo.day_in_period, demo.frequency)
    period = ReportingPeriod.objects.filter(organisation=organisation, start_date=span.start_date).first()
    if period is None:
        period = services.open_period(
            organisation=organisation, title=span.title + ILLUSTRATIVE, start_date=span.start_date,
            end_date=span.end_date, actor=context.actor,
        )
    if not period.closed:
        services.close_period(period=period, actor=context.actor, at=closing_moment(demo.closed_on))
        context.say(f"  {organisation.name}: {period.title} closed with its snapshot ({demo.why}).")
    current = period_containing(context.today, demo.frequency)
    periods = ReportingPeriod.objects.filter(organisation=organisation)
    if not periods.filter(start_date__lte=context.today, end_date__gte=context.today).exists():
        if not periods.filter(status=PeriodStatus.OPEN).exists():
            services.open_period(organisation=organisation, title=current.title, start_date=current.start_date,
                                 end_date=current.end_date, actor=context.actor)
            context.say(f"  {organisation.name}: {current.title} opened.")


def load(context: DemoContext) -> None:
    """One closed and one open reporting period for each demo organisation that is loaded."""
    for demo in DEMO_PERIODS:
        organisation = Organisation.objects.filter(slug=demo.slug).first()
        if organisation is not None:
            load_organisation(context, organisation, demo)
