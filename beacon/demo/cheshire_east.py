"""Cheshire East Council: the Transformation Programme (approach approved 21 March 2024).

From Beacon seed 004 (Corporate Policy Committee, 21 March 2024, report CP/76/23-24) and
data/seed-councils/cheshire-east.md. Cheshire East rates delivery confidence on the three-point scale.
"""

from __future__ import annotations

import datetime as dt

from beacon.core.models import ConfidenceScale, Organisation
from beacon.demo.loader import (
    ILLUSTRATIVE_CONFIDENCE,
    ILLUSTRATIVE_CONFIDENTIAL,
    ILLUSTRATIVE_LEAD,
    ILLUSTRATIVE_UPDATE_DUE,
    DemoContext,
    commentary,
    sources,
)
from beacon.programmes.models import Confidence, Phase, Programme, Stage, WorkforceApproach, Workstream
from beacon.strategy.models import Objective, ObjectiveKind

SEED = (
    "Cheshire East Council, Corporate Policy Committee 21 March 2024, 'Cheshire East Approach to Transformation', "
    "report CP/76/23-24 of the Chief Executive (Beacon seed 004)."
)
PRESS_RELEASE_MARCH_2024 = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-to-transform-for-financial-sustainability.aspx (22 March 2024)"
)
PLAN_PRESS = (
    "https://knutsfordguardian.co.uk/news/24551411.council-submits-100m-plan-help-stave-off-bankruptcy (August 2024)",
    "https://www.localgov.co.uk/Cheshire-East-sets-out-plan-to-tackle-100m-deficit/60962 (August 2024)",
)
PLAN_APPROVED = (
    "https://nantwich.nub.news/news/local-news/cheshire-east-council-approves-transformation-plan-saving-up-to-"
    "ps91m-238114 (23 August 2024)",
    "https://chronicleseries.com/once-in-a-generation-plans-are-sent-to-govt (August 2024)",
    "https://www.placenorthwest.co.uk/cheshire-east-outlines-strategy-to-resolve-100m-budget-gap/ (August 2024)",
)
PHASE_1_COMPLETE = (
    "https://moderngov.cheshireeast.gov.uk/ecminutes/ieIssueDetails.aspx?IId=83045&PlanId=0&Opt=3 (c. October 2024)"
)
PLACE_PAGE = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/your_council/transformation/service-delivery/"
    "service-delivery-place-programme.aspx (undated, c. 2025)"
)
BUDGET_CONSULTATION = (
    "https://marketingwam.co.uk/news/cheshire-east-council-consults-on-budget-proposals (November 2025)",
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-invites-residents-to-have-their-say-on-budget-proposals-for-the-next-four-years.aspx "
    "(18 November 2025)",
)
START = dt.date(2024, 3, 21)
PHASE_1_END = dt.date(2024, 10, 31)
PHASE_2_START = dt.date(2024, 11, 1)
PROGRAMME_END = dt.date(2027, 3, 31)

CORPORATE_PLAN_AIMS = [
    ("CP-1", "An open and enabling organisation"),
    ("CP-2", "A council which empowers and cares about people"),
    ("CP-3", "A thriving and sustainable place"),
]
PROGRAMME_OBJECTIVES = [
    ("TP-OBJ-1", "Support the council to address the four-year funding gap of £100m outlined in the MTFS"),
    (
        "TP-OBJ-2",
        "Invest in digital technologies so that services adopt technology and the council fully uses technological "
        "opportunities to accelerate its processes",
    ),
    (
        "TP-OBJ-3",
        "Develop a flexible organisational workforce in which all staff have the skills to work effectively in a "
        "transformed council",
    ),
]
PROGRAMME_AREAS = [
    ("Workplace / Workforce", "How the organisation and workforce will operate; cut sickness absence and agency "
                              "use."),
    ("Social Care", "Children and adults with the highest need; an overhaul of care-provider commissioning; "
                    "reunifying children with their families."),
    ("Place", "Local economy, use of assets and place services (for example ANPR enforcement income, a library "
              "remodel, waste changes such as three-weekly collection)."),
    ("Early Intervention, Prevention & Customer", "Resident resilience and demand management."),
    ("Digital", "Technology projects: about £14m on top of the £59m-£91m of the six areas."),
    ("Special Projects", "Projects tied to the council's financial and strategic objectives."),
]


def load(context: DemoContext) -> Organisation:
    organisation = context.organisation(
        slug="cheshire-east",
        gss_code="E06000049",
        website="https://www.cheshireeast.gov.uk/",
        scale=ConfidenceScale.THREE_POINT,
    )
    aims = {
        code: context.objective(
            organisation, code=code, kind=ObjectiveKind.STRATEGIC, title=title,
            description="An aim of the Corporate Plan 2021-2025 that the transformation programme directly supports.",
            source="Cheshire East Council, Corporate Policy Committee 21 March 2024, report CP/76/23-24, "
                   "paragraph 31 (Beacon seed 004).",
        )
        for code, title in CORPORATE_PLAN_AIMS
    }
    objectives = {
        code: context.objective(
            organisation, code=code, kind=ObjectiveKind.PROGRAMME, title=title,
            description="A primary objective of the transformation programme.",
            source="Cheshire East Council, Corporate Policy Committee 21 March 2024, report CP/76/23-24, "
                   "paragraph 2 (Beacon seed 004).",
        )
        for code, title in PROGRAMME_OBJECTIVES
    }
    programme = context.upsert(
        Programme,
        {"organisation": organisation, "title": "Transformation Programme"},
        {
            "code": "TP",
            "description": (
                "Whole-organisation transformation to deliver the Cheshire East Council Plan and support MTFS "
                "savings of £100m over four years (2024/25 to 2027/28). The Corporate Policy Committee approved "
                "the approach on 21 March 2024, with a delivery partner procured in two phases. A condition of "
                "Exceptional Financial Support: a transformation plan to the department (DLUHC, now MHCLG) by "
                "August 2024. The Transformation Plan, approved on 21 August 2024, has six programme areas worth "
                "£59m-£91m over four years plus about £14m from digital projects; about 100 opportunities were "
                "identified and £3m set aside to fund the change. Funding named in March 2024: an LGA grant of "
                "£100,000 and a virement from reserves of up to £350,000 for Phase 1; a return on investment of "
                "3:1 to 5:1 expected from any external partner. Monitored by the Transformation Board, supported "
                "by management delivery boards chaired and sponsored by members of the Corporate Leadership Team."
            ),
            "start_date": START,
            "end_date": PROGRAMME_END,
            "board": "Transformation Board",
            "source": sources(
                SEED,
                PRESS_RELEASE_MARCH_2024,
                *PLAN_APPROVED,
                "End date: the demo's reading of 'a transformed Authority that goes out to 2027' (Phase 2 runs to "
                "month 36).",
            ),
            "public": True,
        },
    )
    phase_1 = context.upsert(
        Phase,
        {"programme": programme, "title": "Phase 1"},
        {
            "organisation": organisation,
            "description": (
                "3-6 months. Delivery partner outputs: benchmarking against comparator authorities; deep-dive "
                "reviews of all service areas, including zero-based budgets; a workforce development strategy; a "
                "whole-organisation transformation programme to present to DLUHC by August 2024. Complete c. "
                "October 2024 (end date taken as 31 October 2024). Sources: seed 004 paragraph 14; "
                + PHASE_1_COMPLETE
            ),
            "start_date": START,
            "end_date": PHASE_1_END,
            "order": 1,
        },
    )
    phase_2 = context.upsert(
        Phase,
        {"programme": programme, "title": "Phase 2"},
        {
            "organisation": organisation,
            "description": (
                "6-36 months: the whole-organisation transformation programme, with the council's vision, outcomes "
                "and measures in line with the Council Plan, and timelines and key deliverables for a transformed "
                "authority that goes out to 2027; every service to undertake a whole-systems redesign. "
                "Implementation began c. October 2024; the end date (31 March 2027) is the demo's reading. "
                "Sources: seed 004 paragraph 14; " + PHASE_1_COMPLETE
            ),
            "start_date": PHASE_2_START,
            "end_date": PROGRAMME_END,
            "order": 2,
        },
    )
    workstreams = {
        title: context.upsert(
            Workstream,
            {"programme": programme, "title": title},
            {
                "organisation": organisation,
                "code": f"PA-{order}",
                "description": f"Programme area of the Transformation Plan (August 2024). {scope}",
                "source": sources(
                    *PLAN_PRESS,
                    "No split of the £59m-£91m by programme area was published in the material found.",
                ),
                "order": order,
            },
        )
        for order, (title, scope) in enumerate(PROGRAMME_AREAS, start=1)
    }
    _projects(context, programme, phase_1, phase_2, workstreams, aims, objectives)
    return organisation


def _projects(
    context: DemoContext,
    programme: Programme,
    phase_1: Phase,
    phase_2: Phase,
    workstreams: dict[str, Workstream],
    aims: dict[str, Objective],
    objectives: dict[str, Objective],
) -> None:
    lead = context.users["lead"]
    illustrative = (ILLUSTRATIVE_CONFIDENCE, ILLUSTRATIVE_LEAD, ILLUSTRATIVE_UPDATE_DUE)
    place = workstreams["Place"]
    social_care = workstreams["Social Care"]
    context.project(
        programme,
        code="CEC-P1",
        title="Phase 1: transformation plan with the delivery partner",
        phase=phase_1,
        description=(
            "Procure a delivery partner for Phase 1 and produce the whole-organisation transformation plan that "
            "the conditions of Exceptional Financial Support require by August 2024. The plan was drafted with "
            "Inner Circle Consulting, named as delivery partner."
        ),
        stage=Stage.CLOSED,
        lead_title="Chief Executive",
        start_date=START,
        end_date=PHASE_1_END,
        delivery_confidence="",
        update_due=context.days(150),
        status_commentary=commentary(
            "Closed: Phase 1 complete c. October 2024 and Phase 2 implementation starting. The plan was approved "
            "on 21 August 2024 and sent to MHCLG by 27 August.",
            ILLUSTRATIVE_UPDATE_DUE,
        ),
        source=sources(SEED, *PLAN_APPROVED, PHASE_1_COMPLETE, "Lead: the report delegates to the Chief Executive."),
        objectives=[objectives["TP-OBJ-1"], aims["CP-1"]],
        milestones=[
            ("Corporate Policy Committee approves the transformation approach and partner procurement", START, START),
            ("Transformation plan to DLUHC/MHCLG by August 2024 (a condition of Exceptional Financial Support)",
             dt.date(2024, 8, 31), dt.date(2024, 8, 21)),
            ("Phase 1 complete; Phase 2 implementation starts (c. October 2024)", PHASE_1_END, PHASE_1_END),
        ],
    )
    context.project(
        programme,
        code="CEC-CL",
        title="Corporate Landlord",
        workstream=place,
        phase=phase_2,
        description=(
            "Refresh the corporate-landlord model across the council: asset mapping and a revived Strategic Asset "
            "Board. Saving £50K in 2025/26."
        ),
        stage=Stage.DELIVERY,
        lead=lead,
        lead_title="Head of Estates",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(-7),
        status_commentary=commentary("Stage (in delivery): illustrative.", *illustrative),
        source=sources(PLACE_PAGE),
        objectives=[objectives["TP-OBJ-1"], aims["CP-1"]],
        milestones=[("Asset mapping complete (illustrative date)", context.days(-21), None)],
    )
    context.project(
        programme,
        code="CEC-OM",
        title="Outbound Mail",
        workstream=place,
        phase=phase_2,
        description="Consolidate outgoing post. Saving £300K in 2025/26.",
        stage=Stage.DELIVERY,
        lead_title="Head of Business Support",
        delivery_confidence=Confidence.GREEN,
        update_due=context.days(20),
        status_commentary=commentary("Stage (in delivery): illustrative.", *illustrative),
        source=sources(PLACE_PAGE),
        objectives=[objectives["TP-OBJ-1"], aims["CP-1"]],
    )
    context.project(
        programme,
        code="CEC-TP",
        title="Tatton Park",
        workstream=place,
        phase=phase_2,
        description=(
            "Review the operating model and the National Trust arrangement to cut the council's subsidy (£849K a "
            "year towards running costs of about £5m in 2022). 2025/26 saving: to be confirmed."
        ),
        stage=Stage.HLBC,
        lead=lead,
        lead_title="Head of Visitor Economy",
        delivery_confidence=Confidence.RED,
        confidential=True,
        update_due=context.days(-2),
        status_commentary=commentary(
            "Stage (high-level business case): illustrative.", *illustrative, ILLUSTRATIVE_CONFIDENTIAL
        ),
        source=sources(PLACE_PAGE, "Subsidy in 2022: https://feeds.bbci.co.uk/news/uk-england-manchester-63756006"),
        objectives=[objectives["TP-OBJ-1"], aims["CP-3"]],
    )
    context.project(
        programme,
        code="CEC-ADV",
        title="Advertising",
        workstream=place,
        phase=phase_2,
        description="Income from advertising on highways assets. The figure was not captured (the source excerpt "
                    "ends before it).",
        stage=Stage.IDEA,
        lead_title="Head of Highways",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(35),
        status_commentary=commentary("Stage (idea): illustrative.", *illustrative),
        source=sources(PLACE_PAGE, "Low confidence: partial excerpt."),
        objectives=[objectives["TP-OBJ-1"], aims["CP-3"]],
    )
    context.project(
        programme,
        code="CEC-EHC",
        title="Environmental (habitat) credits",
        workstream=place,
        phase=phase_2,
        description="Sell environmental (habitat) credits from council land to developers. £1m in 2026/27.",
        stage=Stage.HLBC,
        lead_title="Head of Environmental Services",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(-11),
        status_commentary=commentary(
            "A proposal of the budget consultation of November 2025. Stage (high-level business case): "
            "illustrative.",
            *illustrative,
        ),
        source=sources(BUDGET_CONSULTATION[0]),
        objectives=[objectives["TP-OBJ-1"], aims["CP-3"]],
    )
    context.project(
        programme,
        code="CEC-RCRH",
        title="Right Child, Right Home",
        workstream=social_care,
        description="Placement step-down and better-matched homes for children in care. £2.18m saved in 2024/25 "
                    "(reported).",
        stage=Stage.DELIVERY,
        lead_title="Director of Children's Social Care",
        delivery_confidence=Confidence.GREEN,
        update_due=context.days(9),
        status_commentary=commentary(
            "In delivery: £2.18m saving reported in the 2024-25 end-of-year report (c. May 2025). In August 2025 "
            "children's transformation projects were folded into others, with a dedicated children's programme "
            "team for 12-18 months.",
            *illustrative,
        ),
        source=sources(
            "https://www.silk1069.com/news/local-news/cheshire-east-council-sets-out-transformation-vision "
            "(c. May 2025)",
            "https://content.govdelivery.com/accounts/UKCHESHEC/bulletins/3ef8a88 (August 2025)",
        ),
        objectives=[objectives["TP-OBJ-1"], aims["CP-2"]],
    )
    context.project(
        programme,
        code="CEC-AH",
        title="Adults and health: prevention, learning-disability services and commissioning reform",
        workstream=social_care,
        phase=phase_2,
        description="A bundle of proposals: prevention, learning-disability service transformation and "
                    "commissioning reform. £11.8m over several years (years not split in the source).",
        stage=Stage.HLBC,
        lead_title="Director of Adult Social Care",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(28),
        status_commentary=commentary(
            "A proposal of the budget consultation of November 2025. Stage (high-level business case): "
            "illustrative.",
            *illustrative,
        ),
        source=sources(*BUDGET_CONSULTATION),
        objectives=[objectives["TP-OBJ-1"], aims["CP-2"]],
    )
    context.project(
        programme,
        code="CEC-CF",
        title="Children and families: placement reviews and new accommodation models",
        workstream=social_care,
        phase=phase_2,
        description="A bundle of proposals: placement reviews and new accommodation models. £3.8m over several "
                    "years.",
        stage=Stage.HLBC,
        lead_title="Director of Children's Social Care",
        delivery_confidence=Confidence.RED,
        update_due=context.days(-25),
        status_commentary=commentary(
            "A proposal of the budget consultation of November 2025. Stage (high-level business case): "
            "illustrative.",
            *illustrative,
        ),
        source=sources(*BUDGET_CONSULTATION),
        objectives=[objectives["TP-OBJ-1"], aims["CP-2"]],
    )
    context.project(
        programme,
        code="CEC-DAP",
        title="Digital Acceleration Programme (AI)",
        workstream=workstreams["Digital"],
        phase=phase_2,
        description=(
            "An AI assistant for customer contact; adult social care assessment and support planning; EHCP "
            "workflows; an external partner on a 3+1+1 year contract. Estimated £40m-£60m over three years, then "
            "up to £14m a year (press versions differ: some say five years)."
        ),
        stage=Stage.APPROVED,
        lead_title="Head of Digital",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(14),
        status_commentary=commentary("Stage (approved): illustrative.", *illustrative),
        source=sources(
            "https://prolificnorth.co.uk/news/artificial-intelligence-could-save-north-west-council-60-million "
            "(c. spring 2025)",
            "https://rg-cs.co.uk/tech-news-council-says-ai-could-save-them-60m (c. spring 2025)",
            "Medium to low confidence: press reports differ.",
        ),
        objectives=[objectives["TP-OBJ-2"], aims["CP-1"]],
    )
    context.project(
        programme,
        code="CEC-VM",
        title="Vacancy management",
        workstream=workstreams["Workplace / Workforce"],
        phase=phase_2,
        description="Savings as staff leave or retire: about £8.3m (years not split in the source).",
        stage=Stage.HLBC,
        lead_title="Head of HR",
        delivery_confidence=Confidence.AMBER,
        workforce_approach=WorkforceApproach.NATURAL_WASTAGE,
        update_due=context.days(-4),
        status_commentary=commentary(
            "A council-wide proposal of the budget consultation of November 2025; workforce approach: savings as "
            "staff leave or retire (natural wastage). Stage (high-level business case): illustrative.",
            *illustrative,
        ),
        source=sources(
            BUDGET_CONSULTATION[0], "Workstream: the demo's reading; the source lists it as council-wide."
        ),
        objectives=[objectives["TP-OBJ-1"], objectives["TP-OBJ-3"], aims["CP-1"]],
    )
    context.project(
        programme,
        code="CEC-FEES",
        title="Fees and charges: full-cost recovery",
        workstream=None,
        phase=phase_2,
        description="Full-cost recovery on fees and charges, with annual price setting each January from January "
                    "2027. About £1.25m extra income (years not split in the source).",
        stage=Stage.APPROVED,
        lead_title="Head of Finance",
        delivery_confidence=Confidence.GREEN,
        update_due=context.days(50),
        status_commentary=commentary(
            "A council-wide proposal of the budget consultation of November 2025. Stage (approved): illustrative.",
            *illustrative,
        ),
        source=sources(BUDGET_CONSULTATION[0], "Workstream: none; the source lists it as council-wide."),
        objectives=[objectives["TP-OBJ-1"], aims["CP-1"]],
        milestones=[("First annual January price setting (January 2027)", dt.date(2027, 1, 31), None)],
    )
