"""Leicestershire County Council's KPIs: Oflog adult social care measures 2015/16 to 2022/23, the county's council
tax precept, DfE children's services measures and ONS indicators, each tied to a theme of the Strategic Plan
2014-18 and, where one fits, to a project. The plan's own measures and targets are not public (its 69 priorities'
titles were not found), so these are measures that the council reports nationally. The Cabinet report's claim to
be "in the top 3 performing counties" is the kind of statement the benchmark beside each KPI supports.

Observations are real published figures; targets are illustrative (``beacon.demo.performance``)."""

from __future__ import annotations

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.demo.performance import asc_kpi, band_d_kpi, lait_kpi, ons_kpi, save_kpis, tax_base_kpi

GSS = "E10000018"
DFE = "855"
ADULTS = "Director of Adults and Communities"
CHILDREN = "Director of Children and Family Services"
CARE = "the Strategic Plan theme 'Better Care - Health and Care Integration'"
CHILDREN_THEME = "the Strategic Plan theme 'Supporting Children and Families'"
GROWTH = "the Strategic Plan theme 'Enabling Economic Growth'"


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="leicestershire")
    save_kpis(context, organisation, [
        asc_kpi(GSS, "ASC2", code="LCC-ASC2", owner_title=ADULTS, supports=CARE, tolerance="0.005"),
        asc_kpi(GSS, "ASC5", code="LCC-ASC5", owner_title=ADULTS, tolerance="2", owned_by_lead=True,
                supports=f"{CARE} and the transformation objective 'To manage the demand for services through "
                         "increased prevention'"),
        asc_kpi(GSS, "ASC1", code="LCC-ASC1", owner_title=ADULTS, supports=CARE, tolerance="0.2"),
        band_d_kpi(GSS, code="LCC-CT-BANDD", owner_title="Director of Corporate Resources", county=True,
                   supports="the Medium Term Financial Strategy and the transformation objective 'To work the "
                            "Leicestershire Pound'"),
        tax_base_kpi(GSS, code="LCC-CT-BASE", owner_title="Director of Corporate Resources", county=True,
                     supports="the Medium Term Financial Strategy", public=False),
        lait_kpi(DFE, "LAC_LongStable%", code="LCC-CLA-STABLE", owner_title=CHILDREN, supports=CHILDREN_THEME,
                 tolerance="3", projects=("LCC-CSC",)),
        lait_kpi(DFE, "SEN_EHC_Excpt_20wks", code="LCC-EHCP-20WK", owner_title=CHILDREN, supports=CHILDREN_THEME,
                 tolerance="5"),
        lait_kpi(DFE, "16-17 NEET", code="LCC-NEET", owner_title=CHILDREN,
                 supports=f"{CHILDREN_THEME} and the sub-theme 'Skills'", tolerance="0.5"),
        # Internal: a workforce measure the council manages rather than publishes on its dashboard.
        lait_kpi(DFE, "Work_Force_TO_Rate", code="LCC-SW-TURNOVER", owner_title=CHILDREN, supports=CHILDREN_THEME,
                 tolerance="2", public=False),
        ons_kpi(GSS, "Gigabit capable broadband", code="LCC-GIGABIT", owner_title="Director of Environment and "
                "Transport", supports=f"{GROWTH} (sub-theme 'Economic')", tolerance="3"),
    ])
    return organisation
