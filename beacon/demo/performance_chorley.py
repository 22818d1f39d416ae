"""Chorley Council's KPIs. A district council has no adult social care or children's services, so its measures
are its council tax and tax base (2015/16 to 2023/24) and ONS indicators of the borough, each tied to one of the
council's four strategic objectives and to action (h) of the Transformation Strategy, which refreshes the
performance management framework that reports them.

Observations are real published figures; targets are illustrative (``beacon.demo.performance``)."""

from __future__ import annotations

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.demo.performance import band_d_kpi, ons_kpi, save_kpis, tax_base_kpi

GSS = "E07000118"
FRAMEWORK = ("TS-H",)
ECONOMY = "the strategic objective 'A strong local economy'"
AMBITIOUS = (
    "the strategic objective 'An ambitious council that does more to meet the needs of residents and the local area'"
)
HEALTHY = "the strategic objective 'Clean, safe and healthy communities'"
GROWTH_LEAD = "Director of Development and Growth"


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="chorley")
    save_kpis(context, organisation, [
        band_d_kpi(GSS, code="CBC-CT-BANDD", owner_title="Chief Finance Officer (Section 151 officer)",
                   supports=f"{AMBITIOUS} and the Transformation Strategy's objective to support the Medium Term "
                            "Financial Strategy"),
        # Internal: the base behind the budget, read by finance rather than residents.
        tax_base_kpi(GSS, code="CBC-CT-BASE", owner_title="Head of Revenues and Benefits",
                     supports="the Medium Term Financial Strategy", public=False),
        ons_kpi(GSS, "Employment rate", code="CBC-EMP", owner_title=GROWTH_LEAD, supports=ECONOMY,
                tolerance="2", projects=FRAMEWORK),
        ons_kpi(GSS, "Gross median weekly pay", code="CBC-PAY", owner_title=GROWTH_LEAD, supports=ECONOMY,
                tolerance="20", projects=FRAMEWORK),
        ons_kpi(GSS, "Housing completions", code="CBC-HOMES", owner_title="Head of Planning", supports=ECONOMY,
                tolerance="0", projects=FRAMEWORK),
        ons_kpi(GSS, "Level 3 or above qualifications", code="CBC-L3", owner_title=GROWTH_LEAD, supports=ECONOMY,
                tolerance="2", projects=FRAMEWORK),
        ons_kpi(GSS, "Gigabit capable broadband", code="CBC-GIGABIT", owner_title="Head of ICT and Digital",
                supports=f"{AMBITIOUS} and the Transformation Strategy's Digital theme", tolerance="3",
                projects=("TS-D", "TS-H")),
        ons_kpi(GSS, "Life satisfaction", code="CBC-LIFESAT", owner_title="Director of Communities",
                supports=HEALTHY, tolerance="0.1", projects=("TS-A", "TS-H")),
    ])
    return organisation
