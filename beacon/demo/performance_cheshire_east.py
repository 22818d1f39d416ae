"""Cheshire East Council's KPIs: Oflog adult social care measures 2015/16 to 2022/23, council tax, DfE children's
services measures (the council's children's services were judged Inadequate by Ofsted in 2024) and one ONS
indicator, each tied to a Corporate Plan aim or a programme area and, where one fits, to a project.

Observations are real published figures; targets are illustrative (``beacon.demo.performance``)."""

from __future__ import annotations

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.demo.performance import asc_kpi, band_d_kpi, lait_kpi, ons_kpi, save_kpis, tax_base_kpi

GSS = "E06000049"
DFE = "895"
ADULTS = "Director of Adults, Health and Integration"
CHILDREN = "Director of Children's Services"
FINANCE = "Director of Finance and Customer Services (Section 151 officer)"
PEOPLE_AIM = (
    "the Corporate Plan aim 'A council which empowers and cares about people' and the Social Care programme area"
)
PREVENTION = "the Early Intervention, Prevention & Customer programme area"


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="cheshire-east")
    save_kpis(context, organisation, [
        asc_kpi(GSS, "ASC2", code="CEC-ASC2", owner_title=ADULTS, supports=PEOPLE_AIM, tolerance="0.005",
                projects=("CEC-AH",), owned_by_lead=True),
        asc_kpi(GSS, "ASC5", code="CEC-ASC5", owner_title=ADULTS, supports=PREVENTION, tolerance="2",
                projects=("CEC-AH",)),
        asc_kpi(GSS, "ASC3", code="CEC-ASC3", owner_title="Head of Customer Services", supports=PREVENTION,
                tolerance="2", projects=("CEC-DAP",)),
        band_d_kpi(GSS, code="CEC-CT-BANDD", owner_title=FINANCE,
                   supports="the programme objective to address the four-year funding gap of £100m"),
        tax_base_kpi(GSS, code="CEC-CT-BASE", owner_title="Head of Revenues and Benefits",
                     supports="the Corporate Plan aim 'A thriving and sustainable place'"),
        lait_kpi(DFE, "LAC_LongStable%", code="CEC-CLA-STABLE", owner_title=CHILDREN, supports=PEOPLE_AIM,
                 tolerance="3", projects=("CEC-RCRH", "CEC-CF")),
        lait_kpi(DFE, "CareLeaverEET", code="CEC-CL-EET", owner_title=CHILDREN, supports=PEOPLE_AIM, tolerance="3"),
        lait_kpi(DFE, "SEN_EHC_Excpt_20wks", code="CEC-EHCP-20WK", owner_title=CHILDREN,
                 supports="the Digital programme area (AI in education, health and care plan workflows)",
                 tolerance="5", projects=("CEC-DAP",)),
        # Internal: a workforce measure the council manages rather than publishes on its dashboard.
        lait_kpi(DFE, "Work_Force_Agecy_Rate", code="CEC-SW-AGENCY", owner_title=CHILDREN,
                 supports="the Workplace / Workforce programme area (cut agency use)", tolerance="2", public=False),
        ons_kpi(GSS, "Employment rate", code="CEC-EMP", owner_title="Director of Growth and Enterprise",
                supports="the Corporate Plan aim 'A thriving and sustainable place'", tolerance="2"),
    ])
    return organisation
