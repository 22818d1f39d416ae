"""factory_boy factories for every model; tests build what they need and nothing more."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from beacon.core.models import Council, FinancialYear, Membership, Organisation, Role
from beacon.engagement.models import (
    Event,
    Idea,
    OperatingModel,
    Partnership,
    PartnershipMember,
    SpatialLevel,
)
from beacon.finance.models import (
    Benefit,
    BudgetLine,
    Contract,
    Cost,
    FundingSource,
    Mtfs,
    MtfsYear,
    SavingsLine,
)
from beacon.governance.models import Board, Decision, Meeting
from beacon.performance.models import (
    ComparatorGroup,
    Indicator,
    IndicatorValue,
    Kpi,
    KpiTarget,
    Observation,
)
from beacon.programmes.models import Component, Milestone, Phase, Programme, Project, Workstream
from beacon.reporting.models import ReportingPeriod
from beacon.risks.models import EqualityAssessment, Risk
from beacon.strategy.models import Objective, Plan, Principle, Priority, Theme

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"Phase {n}")


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"Workstream {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    code = factory.Sequence(lambda n: f"P{n:04d}")
    title = factory.Sequence(lambda n: f"Project {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Strategic Plan {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SelfAttribute("plan.organisation")
    title = factory.Sequence(lambda n: f"Theme {n}")


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    theme = factory.SubFactory(ThemeFactory)
    organisation = factory.SelfAttribute("theme.organisation")
    title = factory.Sequence(lambda n: f"Priority {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Design principle {n}")


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"Component {n}")


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Period {n}")
    start_date = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=31 * n))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=30))


def financial_year(start_year: int) -> FinancialYear:
    """A financial year row (the data migration loads 2010/11 to 2039/40)."""
    return FinancialYear.objects.get(start_year=start_year)


class MtfsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mtfs

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"MTFS {n}")
    start_year = factory.LazyFunction(lambda: financial_year(2024))
    end_year = factory.LazyFunction(lambda: financial_year(2027))


class MtfsYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MtfsYear

    mtfs = factory.SubFactory(MtfsFactory)
    organisation = factory.SelfAttribute("mtfs.organisation")
    financial_year = factory.LazyFunction(lambda: financial_year(2024))
    savings_required_pence = 1_000_000_00
    funding_gap_pence = 1_000_000_00


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"CC{n:04d}")
    title = factory.Sequence(lambda n: f"Cost centre {n}")
    budget_pence = 500_000_00


class SavingsLineFactory(factory.django.DjangoModelFactory):
    """A savings line written straight to the database (in the state given): tests of the ledger's rules go
    through ``beacon.finance.ledger`` instead."""

    class Meta:
        model = SavingsLine

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    financial_year = factory.LazyFunction(lambda: financial_year(2024))
    amount_pence = 100_000_00


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    title = factory.Sequence(lambda n: f"Benefit {n}")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Grant {n}")
    amount_pence = 100_000_00


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cost

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    financial_year = factory.LazyFunction(lambda: financial_year(2024))
    title = factory.Sequence(lambda n: f"Investment {n}")
    amount_pence = 50_000_00


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"Delivery partner contract {n}")
    fees_pence = 450_000_00


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"KPI-{n}")
    title = factory.Sequence(lambda n: f"Indicator {n}")


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    kpi = factory.SubFactory(KpiFactory)
    organisation = factory.SelfAttribute("kpi.organisation")
    period_start = dt.date(2024, 4, 1)
    value = 90


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    kpi = factory.SubFactory(KpiFactory)
    organisation = factory.SelfAttribute("kpi.organisation")
    period_start = dt.date(2024, 4, 1)
    value = 88


class CouncilFactory(factory.django.DjangoModelFactory):
    """A council of the register (tests that need the real register load it with core.councils)."""

    class Meta:
        model = Council

    register_code = factory.Sequence(lambda n: f"T{n:04d}")
    gss_code = factory.Sequence(lambda n: f"E0799{n:04d}")
    name = factory.Sequence(lambda n: f"Test District {n}")
    official_name = factory.LazyAttribute(lambda c: f"{c.name} Council")
    council_type = "NMD"
    nation = "England"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    title = factory.Sequence(lambda n: f"Published indicator {n}")
    dataset = "test"
    publisher = "Office for National Statistics"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    council = factory.SubFactory(CouncilFactory)
    period = "2023"
    value = 1.0


class ComparatorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparatorGroup

    organisation = factory.SubFactory(OrganisationFactory)
    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Comparator group {n}")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Board {n}")
    kind = "cabinet"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("board.organisation")
    date = dt.date(2024, 3, 21)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"R{n:03d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 3
    residual_impact = 3


class EqualityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityAssessment

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    title = factory.Sequence(lambda n: f"Equality impact assessment {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"IDEA-{n:04d}")
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Do it better."
    submitted_on = factory.LazyFunction(dt.date.today)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = "hackathon"
    date = dt.date(2024, 6, 12)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Partnership {n}")
    spatial_level = SpatialLevel.BOROUGH


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SelfAttribute("partnership.organisation")
    body_name = factory.Sequence(lambda n: f"Body {n}")


class OperatingModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingModel

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Target operating model {n}")
    service = "Adult social care"
