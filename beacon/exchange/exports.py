"""Every list Beacon exports, by name: the names of ``beacon export`` and of the downloaded files, as in the API
(``projects``, ``savings-lines``, ``kpis``...).

Each name maps to the list view whose page offers the same download, so that the command and the page share one
queryset (the permission policy and the filters) and one set of columns (the view's ``export_columns``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from beacon.core import spreadsheets
from beacon.core.generic import RecordListView
from beacon.core.models import Organisation
from beacon.engagement.views.events import EventList
from beacon.engagement.views.ideas import IdeaList
from beacon.engagement.views.operating_models import OperatingModelList
from beacon.engagement.views.partnerships import PartnershipList
from beacon.finance.views.ledger import BudgetLineList, SavingsLineList
from beacon.finance.views.mtfs import MtfsList
from beacon.finance.views.resources import BenefitList, ContractList, CostList
from beacon.governance.views.boards import BoardList, MeetingList
from beacon.governance.views.decisions import DecisionList
from beacon.governance.views.maturity import AssessmentList as MaturityAssessmentList
from beacon.governance.views.maturity import FrameworkList
from beacon.governance.views.spend import SpendList
from beacon.performance.filters import ObservationFilterSet
from beacon.performance.models import Observation
from beacon.performance.views.benchmarks import GroupList
from beacon.performance.views.kpis import KpiList
from beacon.programmes.views import MilestoneList, ProgrammeList, ProjectList
from beacon.reporting.views import PeriodList
from beacon.reports.views import ReportList
from beacon.risks.views.equality import AssessmentList as EqualityAssessmentList
from beacon.risks.views.risks import RiskList
from beacon.strategy.views import ObjectiveList, PlanList, PrincipleList, PriorityList


class ObservationList(RecordListView):
    """KPI results: shown on each KPI's page, exported here for all KPIs at once."""

    model = Observation
    filterset_class = ObservationFilterSet
    page_title = "KPI results"
    export_name = "observations"
    export_columns = [
        ("KPI code", "kpi__code"),
        ("KPI", "kpi__title"),
        ("Period start", "period_start"),
        ("Value", "value"),
        ("Note", "note"),
    ]

    def base_queryset(self) -> QuerySet:
        return Observation.objects.order_by("kpi__code", "period_start", "pk")


LIST_VIEWS: list[type[RecordListView]] = [
    PlanList, PriorityList, ObjectiveList, PrincipleList,
    ProgrammeList, ProjectList, MilestoneList, PeriodList,
    MtfsList, SavingsLineList, BudgetLineList, BenefitList, CostList, ContractList,
    KpiList, ObservationList, GroupList,
    RiskList, EqualityAssessmentList,
    BoardList, MeetingList, DecisionList, FrameworkList, MaturityAssessmentList, SpendList,
    ReportList,
    IdeaList, EventList, PartnershipList, OperatingModelList,
]
LISTS: dict[str, type[RecordListView]] = {view.list_name(): view for view in LIST_VIEWS}
assert len(LISTS) == len(LIST_VIEWS), "two lists export under the same name"


def export_table(name: str, organisation: Organisation, user: Any, params: dict[str, str] | None = None
                 ) -> spreadsheets.Table:
    """The list ``name`` of ``organisation`` as ``user`` reads it on its page (with ``params`` as its filters)."""
    view = LISTS[name]()
    request = HttpRequest()
    request.method = "GET"
    query = QueryDict(mutable=True)
    query.update(params or {})
    request.GET = query  # type: ignore[assignment]
    request.user = user
    view.setup(request, org=organisation.slug)
    view.organisation = organisation
    request.organisation = organisation  # type: ignore[attr-defined]
    return view.export_table()
