"""Northumberland County Council's KPIs: Oflog adult social care measures 2015/16 to 2022/23, council tax and its
base 2015/16 to 2023/24, DfE children's services measures and ONS indicators, each tied to one of the council's
three priorities (economic growth, addressing inequalities, value for money) and, where one fits, to a BEST
project.

Observations are real published figures; targets are illustrative (``beacon.demo.performance``)."""

from __future__ import annotations

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.demo.performance import asc_kpi, band_d_kpi, lait_kpi, ons_kpi, save_kpis, tax_base_kpi

GSS = "E06000057"
DFE = "929"
ADULTS = "Executive Director of Adult Social Care"
CHILDREN = "Executive Director of Children, Young People and Education"
GROWTH = "the council's priority 'Economic growth'"
INEQUALITIES = "the council's priority 'Addressing inequalities'"
VALUE = "the council's priority 'Value for money'"


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="northumberland")
    save_kpis(context, organisation, [
        asc_kpi(GSS, "ASC2", code="NCC-ASC2", owner_title=ADULTS, supports=INEQUALITIES, tolerance="0.005",
                projects=("NCC-ASC",)),
        asc_kpi(GSS, "ASC5", code="NCC-ASC5", owner_title=ADULTS, supports=f"{VALUE} (the BEST workstream 'Best in "
                "Class Commissioning')", tolerance="2", projects=("NCC-ASC",), owned_by_lead=True),
        asc_kpi(GSS, "ASC4", code="NCC-ASC4", owner_title=ADULTS, supports=f"{INEQUALITIES} (the BEST workstream "
                "'Best Services to Customers')", tolerance="3"),
        band_d_kpi(GSS, code="NCC-CT-BANDD", owner_title="Executive Director of Transformation and Resources "
                   "(Section 151 officer)", supports=VALUE),
        tax_base_kpi(GSS, code="NCC-CT-BASE", owner_title="Head of Revenues and Benefits", supports=VALUE,
                     public=False),
        lait_kpi(DFE, "CareLeaverEET", code="NCC-CL-EET", owner_title=CHILDREN, supports=INEQUALITIES, tolerance="3"),
        lait_kpi(DFE, "ReReferral", code="NCC-REREFERRAL", owner_title=CHILDREN, supports=INEQUALITIES,
                 tolerance="2"),
        ons_kpi(GSS, "Employment rate", code="NCC-EMP", owner_title="Director of Economy and Regeneration",
                supports=GROWTH, tolerance="2"),
        ons_kpi(GSS, "Gross median weekly pay", code="NCC-PAY", owner_title="Director of Economy and Regeneration",
                supports=GROWTH, tolerance="20"),
    ])
    return organisation
