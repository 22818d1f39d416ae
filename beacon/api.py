"""The /api/v1/ router: every collection of PRODUCT section 3 that exists, and the OpenAPI schema."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from beacon.core.api import CouncilViewSet, OrganisationViewSet
from beacon.engagement.api import ideas as engagement_ideas
from beacon.engagement.api import places as engagement_places
from beacon.finance.api import forecast as finance_forecast
from beacon.finance.api import ledger as finance_ledger
from beacon.finance.api import mtfs as finance_mtfs
from beacon.finance.api import resources as finance_resources
from beacon.governance.api import boards as governance_boards
from beacon.governance.api import decisions as governance_decisions
from beacon.governance.api import maturity as governance_maturity
from beacon.governance.api import spend as governance_spend
from beacon.performance.api import benchmarks as performance_benchmarks
from beacon.performance.api import kpis as performance_kpis
from beacon.programmes import api as programmes
from beacon.reporting.api import ReportingPeriodViewSet
from beacon.reports.api import ReportViewSet
from beacon.risks.api import equality as risks_equality
from beacon.risks.api import risks as risks_register
from beacon.strategy import api as strategy

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("councils", CouncilViewSet, basename="council")
router.register("plans", strategy.PlanViewSet, basename="plan")
router.register("themes", strategy.ThemeViewSet, basename="theme")
router.register("priorities", strategy.PriorityViewSet, basename="priority")
router.register("objectives", strategy.ObjectiveViewSet, basename="objective")
router.register("principles", strategy.PrincipleViewSet, basename="principle")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("phases", programmes.PhaseViewSet, basename="phase")
router.register("workstreams", programmes.WorkstreamViewSet, basename="workstream")
router.register("projects", programmes.ProjectViewSet, basename="project")
router.register("milestones", programmes.MilestoneViewSet, basename="milestone")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
router.register("mtfs", finance_mtfs.MtfsViewSet, basename="mtfs")
router.register("savings-lines", finance_ledger.SavingsLineViewSet, basename="savings-line")
router.register("budget-lines", finance_ledger.BudgetLineViewSet, basename="budget-line")
router.register("benefits", finance_resources.BenefitViewSet, basename="benefit")
router.register("benefit-profile-points", finance_resources.BenefitProfilePointViewSet,
                basename="benefit-profile-point")
router.register("costs", finance_resources.CostViewSet, basename="cost")
router.register("funding-sources", finance_resources.FundingSourceViewSet, basename="funding-source")
router.register("contracts", finance_resources.ContractViewSet, basename="contract")
router.register("contract-milestones", finance_resources.ContractMilestoneViewSet, basename="contract-milestone")
router.register("forecasts", finance_forecast.ForecastRunViewSet, basename="forecast")
router.register("comparator-groups", performance_benchmarks.ComparatorGroupViewSet, basename="comparator-group")
router.register("neighbours", performance_benchmarks.NeighbourViewSet, basename="neighbour")
router.register("indicators", performance_benchmarks.IndicatorViewSet, basename="indicator")
router.register("benchmarks", performance_benchmarks.BenchmarkViewSet, basename="benchmark")

router.register("kpis", performance_kpis.KpiViewSet, basename="kpi")
router.register("targets", performance_kpis.KpiTargetViewSet, basename="target")
router.register("observations", performance_kpis.ObservationViewSet, basename="observation")
router.register("boards", governance_boards.BoardViewSet, basename="board")
router.register("meetings", governance_boards.MeetingViewSet, basename="meeting")
router.register("agenda-items", governance_boards.AgendaItemViewSet, basename="agenda-item")
router.register("decisions", governance_decisions.DecisionViewSet, basename="decision")
router.register("forward-plan", governance_decisions.ForwardPlanViewSet, basename="forward-plan")
router.register("decision-options", governance_decisions.DecisionOptionViewSet, basename="decision-option")
router.register("implications", governance_decisions.ImplicationViewSet, basename="implication")
router.register("maturity-frameworks", governance_maturity.MaturityFrameworkViewSet, basename="maturity-framework")
router.register("maturity-assessments", governance_maturity.MaturityAssessmentViewSet,
                basename="maturity-assessment")
router.register("spend-requests", governance_spend.SpendRequestViewSet, basename="spend-request")
router.register("reports", ReportViewSet, basename="report")

router.register("risks", risks_register.RiskViewSet, basename="risk")
router.register("equality-assessments", risks_equality.EqualityAssessmentViewSet, basename="equality-assessment")
router.register("equality-impacts", risks_equality.EqualityImpactViewSet, basename="equality-impact")
router.register("equality-groups", risks_equality.EqualityGroupViewSet, basename="equality-group")
router.register("ideas", engagement_ideas.IdeaViewSet, basename="idea")
router.register("events", engagement_places.EventViewSet, basename="event")
router.register("partnerships", engagement_places.PartnershipViewSet, basename="partnership")
router.register("operating-models", engagement_places.OperatingModelViewSet, basename="operating-model")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("public/", include("beacon.public.api_urls")),
    path("", include(router.urls)),
]
