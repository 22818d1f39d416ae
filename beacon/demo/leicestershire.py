"""Leicestershire County Council: the County Council Strategic Plan 2014-18 and the Transformation Programme.

From Beacon seed 001 (Cabinet, 6 May 2014) and data/seed-councils/leicestershire.md. The titles of the
plan's 69 priorities are not in any public source found, so none are created.
"""

from __future__ import annotations

import datetime as dt

from beacon.core.models import Organisation
from beacon.demo.loader import (
    ILLUSTRATIVE_CONFIDENCE,
    ILLUSTRATIVE_CONFIDENTIAL,
    ILLUSTRATIVE_LEAD,
    ILLUSTRATIVE_UPDATE_DUE,
    MONTH_END_NOTE,
    DemoContext,
    commentary,
    sources,
)
from beacon.programmes.models import Confidence, Programme, Stage, Workstream
from beacon.strategy.models import Objective, ObjectiveKind, Plan, PlanStatus, Theme

SEED = (
    "Leicestershire County Council, Cabinet 6 May 2014, 'County Council Strategic Plan and Transformation "
    "Programme', joint report of the Chief Executive and Director of Corporate Resources (Beacon seed 001)."
)
NOT_IN_2014_LIST = (
    "The 2014 programme's own project list was not found; this project is named in the sources as a saving of the "
    "transformation era (Beacon data/seed-councils/leicestershire.md), and its place under a component is the "
    "demo's reading."
)
PLAN_SOURCE = (
    "Cabinet 6 May 2014 report (Beacon seed 001, paras 4-7, 13, 14, 16): Scrutiny Commission 30 April, Cabinet 6 May, "
    "Council 21 May 2014. The titles of the 69 priorities are not in the public sources found, so none are listed."
)

# (title, number of priorities, sub-themes as (title, number of priorities)) in the order of the report's
# paragraph 14. The numbers go on the leaves: a theme with sub-themes has none of its own, and the plan's page
# shows it the sum of its sub-themes (Enabling Economic Growth 7 + 3 + 4 = 14), so nothing is counted twice.
THEMES: list[tuple[str, int | None, list[tuple[str, int]]]] = [
    ("Leadership and Transformation", 4, []),
    ("Enabling Economic Growth", None, [("Economic", 7), ("Skills", 3), ("Transport", 4)]),
    (
        "Better Care - Health and Care Integration",
        None,
        [("Integration and Adult Care", 11), ("Public health, mental health and sports", 12)],
    ),
    ("Supporting Children and Families", 14, []),
    ("Safer Communities - A Better Environment/Place", 14, []),
]
THEMES_SOURCE = (
    "A theme of the Strategic Plan 2014-18; its number of priorities is from the Cabinet report of 6 May 2014, "
    "paragraph 14 (Beacon seed 001)."
)

TRANSFORMATION_OBJECTIVES = [
    ("TO-1", "To work the Leicestershire Pound", "Reducing cost and maximising funding available to the council "
                                                 "and other bodies."),
    ("TO-2", "To manage the demand for services through increased prevention", "Reducing pressures on the front "
                                                                               "line."),
    ("TO-3", "To integrate services and pool budgets with partners wherever possible", "Creating better "
                                                                                       "experiences for service "
                                                                                       "users and staff."),
    ("TO-4", "To recognise communities and individuals", "Helping active communities deliver better results."),
    ("TO-5", "To work effectively", "In a culture that focuses on priorities, people and outcomes."),
]


def load(context: DemoContext) -> Organisation:
    organisation = context.organisation(
        slug="leicestershire", gss_code="E10000018", website="https://www.leicestershire.gov.uk/"
    )
    _strategic_plan(context, organisation)
    objectives = {
        code: context.objective(
            organisation, code=code, kind=ObjectiveKind.PROGRAMME, title=title, description=description,
            source="Leicestershire County Council, Cabinet 6 May 2014, Transformation Programme objectives "
                   "(paragraph 17) (Beacon seed 001).",
        )
        for code, title, description in TRANSFORMATION_OBJECTIVES
    }
    programme = context.upsert(
        Programme,
        {"organisation": organisation, "title": "Transformation Programme"},
        {
            "code": "TP",
            "description": (
                "Approved by Cabinet on 6 May 2014 with the Strategic Plan 2014-18, to transform services and the "
                "way the council operates. The council needed savings of £110m by 2017/18; the programme aims to "
                "achieve £40m of them over four years. Overseen by the cross-party Transformation Board: the "
                "leaders and deputy leaders of the three main political groups and the cabinet lead members for "
                "major service areas. Supported by a small Transformation Unit (programme and project management, "
                "business analysts, and coordinated access to HR, IT, finance, research and business intelligence). "
                "Refreshed in 2018 to match the Strategic Plan 2018-22."
            ),
            "start_date": dt.date(2014, 5, 6),
            "end_date": None,
            "board": "Transformation Board",
            "source": sources(
                SEED,
                "Refresh in 2018: https://democracy.leics.gov.uk/mgAi.aspx?ID=53572 (July 2018)",
                "Second annual report 'Transforming the way we work' (2015/16), which mentions community-run "
                "libraries, street lighting and waste-site changes; its attribution to Leicestershire is inferred "
                "(low confidence): https://dokumen.tips/documents/transforming-the-way-we-work-transforming-the-"
                "way-we-work-2-aoei-am-pleased-to-be.html",
            ),
            "public": True,
        },
    )
    service = context.upsert(
        Workstream,
        {"programme": programme, "title": "Service Transformation"},
        {
            "organisation": organisation,
            "code": "ST",
            "description": "Aimed at delivering £40m efficiency savings over the next four years.",
            "source": sources(SEED, "Component of the programme (paragraph 18)."),
            "order": 1,
        },
    )
    enabling = context.upsert(
        Workstream,
        {"programme": programme, "title": "Enabling Transformation"},
        {
            "organisation": organisation,
            "code": "ET",
            "description": (
                "To deliver the tools and capabilities to support the transformation and the approach to "
                "commissioning and service delivery."
            ),
            "source": sources(
                SEED,
                "Component of the programme (paragraph 18).",
                "Supporting artefact: Change Management Unit business-case template v5.0, April 2014: "
                "https://fdocuments.in/document/cmu-business-case-template-response-3-web-view8-business-case-"
                "final-template.html",
            ),
            "order": 2,
        },
    )
    _projects(context, programme, service, enabling, objectives)
    return organisation


def _strategic_plan(context: DemoContext, organisation: Organisation) -> Plan:
    plan = context.upsert(
        Plan,
        {"organisation": organisation, "title": "County Council Strategic Plan 2014-18"},
        {
            "period_start": dt.date(2014, 5, 21),
            "period_end": dt.date(2018, 5, 31),
            "status": PlanStatus.COUNCIL,
            "description": (
                "The County Council's high priorities, proposed outcomes and high-level targets to 2018: 69 priority "
                "areas under five key themes, each priority with supporting delivery plans and actions, and measures "
                "and targets to assess progress. Part of the council's Policy Framework, so approved by full Council. "
                "Supported by the Transformation Programme and aligned with the Medium Term Financial Strategy."
            ),
            "scrutiny_date": dt.date(2014, 4, 30),
            "cabinet_date": dt.date(2014, 5, 6),
            "council_date": dt.date(2014, 5, 21),
            "source": PLAN_SOURCE,
            "public": True,
        },
    )
    for order, (title, expected, children) in enumerate(THEMES, start=1):
        theme = context.upsert(
            Theme, {"plan": plan, "parent": None, "title": title},
            {"organisation": organisation, "order": order, "expected_priorities": expected,
             "description": THEMES_SOURCE},
        )
        for child_order, (child, child_expected) in enumerate(children, start=1):
            context.upsert(
                Theme, {"plan": plan, "parent": theme, "title": child},
                {"organisation": organisation, "order": child_order, "expected_priorities": child_expected,
                 "description": THEMES_SOURCE},
            )
    return plan


def _projects(
    context: DemoContext,
    programme: Programme,
    service: Workstream,
    enabling: Workstream,
    objectives: dict[str, Objective],
) -> None:
    lead = context.users["lead"]
    illustrative = (ILLUSTRATIVE_CONFIDENCE, ILLUSTRATIVE_LEAD, ILLUSTRATIVE_UPDATE_DUE)
    context.project(
        programme,
        code="LCC-SL",
        title="Street Lighting Transformation Project",
        workstream=service,
        description=(
            "Convert about 68,000 street lights to LED with central dimming and switching. Business case "
            "(November 2014) by the Engineering Design Group on the council's standard template. Investment: "
            "£20m+ (uk100) or a £25m programme (Melton Times). Saving: about £1.7m a year (uk100) or £2m a year "
            "expected (Melton Times). Energy: 26.9m kWh (2013/14), expected to fall to 10.98m kWh; reported "
            "20.8m kWh (2016/17) falling to 9.2m kWh (2019/20)."
        ),
        stage=Stage.DELIVERY,
        lead=lead,
        lead_title="Lead engineer, Engineering Design Group",
        start_date=dt.date(2016, 2, 1),
        end_date=dt.date(2018, 3, 31),
        delivery_confidence=Confidence.AMBER_GREEN,
        update_due=context.days(-9),
        status_commentary=commentary(
            "Works ran from February 2016 to March 2018 and were reported 'almost complete' on 23 February 2018. "
            "No completion date was found, so the completion milestone is not marked done and shows as late.",
            "Stage (in delivery): the demo's reading of the sources.",
            *illustrative,
        ),
        source=sources(
            "Business case: https://pdfroom.com/books/appendix-1-leicestershire-county-council-business-case-"
            "street-lighting-transformation-project/e1j5K0zZdKr (November 2014)",
            "https://uk100.gn.apc.org/projects/knowledgehub/leicestershire-led-street-lighting-project (c. 2020)",
            "https://www.meltontimes.co.uk/news/work-almost-complete-to-replace-melton-street-lights-with-"
            "controllable-led-bulbs-1-8391138 (23 February 2018)",
            "Figures as published by these secondary sources (medium confidence); they differ, and both are shown.",
            MONTH_END_NOTE,
        ),
        objectives=[objectives["TO-1"]],
        milestones=[
            ("Business case completed (Engineering Design Group)", dt.date(2014, 11, 30), dt.date(2014, 11, 30)),
            ("LED conversion works start", dt.date(2016, 2, 29), dt.date(2016, 2, 29)),
            ("LED conversion works complete (about 68,000 lights)", dt.date(2018, 3, 31), None),
        ],
    )
    context.project(
        programme,
        code="LCC-LIB",
        title="Community Libraries",
        workstream=service,
        description=(
            "Asset transfer: 36 smaller libraries offered to community groups to run; 16 market-town libraries "
            "kept council-run; Barwell library closed when no group came forward. Saving about £800,000."
        ),
        stage=Stage.DELIVERY,
        lead_title="Head of Communities and Wellbeing",
        start_date=None,
        delivery_confidence=Confidence.GREEN,
        update_due=context.days(25),
        status_commentary=commentary(
            "First library handed over (Barrow upon Soar) in July 2015; 23 transferred by about mid-2016.",
            "Stage (in delivery): the demo's reading; later progress is not in the sources found.",
            *illustrative,
        ),
        source=sources(
            "https://feeds.bbci.co.uk/news/uk-england-leicestershire-33488186 (July 2015)",
            "http://thebookseller.com/news/two-thirds-leciestershires-libraries-be-run-volunteers-341666",
            "https://democracy.leics.gov.uk/mgAi.aspx?ID=45406 (c. 2016)",
            NOT_IN_2014_LIST,
            MONTH_END_NOTE + " 'About mid-2016' is taken as 30 June 2016.",
        ),
        objectives=[objectives["TO-4"]],
        milestones=[
            ("First library handed over to a community group (Barrow upon Soar)", dt.date(2015, 7, 31),
             dt.date(2015, 7, 31)),
            ("23 libraries transferred to community groups (about mid-2016)", dt.date(2016, 6, 30),
             dt.date(2016, 6, 30)),
        ],
    )
    context.project(
        programme,
        code="LCC-SG",
        title="Shire Grants",
        workstream=service,
        description=(
            "Grants consolidation in the Chief Executive's Department: merge grant streams into one Shire Grants "
            "programme. Reduction of £430,000 in 2014/15."
        ),
        stage=Stage.CLOSED,
        lead_title="Head of Policy and Communities, Chief Executive's Department",
        start_date=dt.date(2014, 4, 1),
        end_date=dt.date(2015, 3, 31),
        delivery_confidence=Confidence.GREEN,
        update_due=context.days(90),
        status_commentary=commentary(
            "A saving of the MTFS 2014/15 to 2017/18 (proposals of 29 January 2014).",
            "Stage (closed): illustrative; the outcome is not in the sources found.",
            *illustrative,
        ),
        source=sources("https://democracy.leics.gov.uk/mgAi.aspx?ID=36855 (29 January 2014)", NOT_IN_2014_LIST),
        objectives=[objectives["TO-1"]],
    )
    context.project(
        programme,
        code="LCC-CSC",
        title="Children's social care placements",
        workstream=service,
        description="More foster care instead of costlier placements. Saving £4.3m over four years to 2020.",
        stage=Stage.DELIVERY,
        lead=lead,
        lead_title="Head of Children's Social Care",
        delivery_confidence=Confidence.AMBER_RED,
        confidential=True,
        update_due=context.days(-3),
        status_commentary=commentary(
            "Stage (in delivery): illustrative.", *illustrative, ILLUSTRATIVE_CONFIDENTIAL
        ),
        source=sources(
            "http://leicestershire.gov.uk/news/councils-significant-challenges-to-save-%C2%A368m (c. December 2016)",
            NOT_IN_2014_LIST,
        ),
        objectives=[objectives["TO-2"]],
    )
    context.project(
        programme,
        code="LCC-SMART",
        title="Smart (self-access) libraries and central museums collections hub",
        workstream=service,
        description="Self-access libraries and a central hub for museum collections. Saving £1.3m over four years "
                    "to 2020.",
        stage=Stage.APPROVED,
        lead_title="Head of Communities and Wellbeing",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(-30),
        status_commentary=commentary("Stage (approved): illustrative.", *illustrative),
        source=sources(
            "http://leicestershire.gov.uk/news/councils-significant-challenges-to-save-%C2%A368m (c. December 2016)",
            NOT_IN_2014_LIST,
        ),
        objectives=[objectives["TO-1"], objectives["TO-4"]],
    )
    context.project(
        programme,
        code="LCC-WASTE",
        title="Recycling and household waste sites review",
        workstream=service,
        description="Review of recycling and household waste sites. Saving £400,000 over four years to 2020.",
        stage=Stage.FBC,
        lead_title="Head of Waste Management",
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(12),
        status_commentary=commentary("Stage (full business case): illustrative.", *illustrative),
        source=sources(
            "http://leicestershire.gov.uk/news/councils-significant-challenges-to-save-%C2%A368m (c. December 2016)",
            NOT_IN_2014_LIST,
        ),
        objectives=[objectives["TO-1"]],
    )
    context.project(
        programme,
        code="LCC-MA",
        title="Management and administration reduction",
        workstream=enabling,
        description="Efficiency strand of the MTFS 2016/17 to 2019/20: £3m.",
        stage=Stage.DELIVERY,
        lead_title="Transformation Unit lead",
        start_date=dt.date(2016, 4, 1),
        end_date=dt.date(2020, 3, 31),
        delivery_confidence=Confidence.AMBER_GREEN,
        update_due=context.days(40),
        status_commentary=commentary("Stage (in delivery): illustrative.", *illustrative),
        source=sources(
            "http://leicestershire.gov.uk/news/council-faces-toughest-year-of-savings (c. December 2015)",
            NOT_IN_2014_LIST,
        ),
        objectives=[objectives["TO-5"]],
    )
    context.project(
        programme,
        code="LCC-PROC",
        title="Better commissioning and procurement",
        workstream=enabling,
        description="Efficiency strand of the MTFS 2016/17 to 2019/20: £9m.",
        stage=Stage.DELIVERY,
        lead_title="Head of Commissioning and Procurement",
        start_date=dt.date(2016, 4, 1),
        end_date=dt.date(2020, 3, 31),
        delivery_confidence=Confidence.RED,
        update_due=context.days(-45),
        status_commentary=commentary("Stage (in delivery): illustrative.", *illustrative),
        source=sources(
            "http://leicestershire.gov.uk/news/council-faces-toughest-year-of-savings (c. December 2015)",
            "Commissioning and Procurement Strategy progress report 2016/17: https://fdocuments.in/document/"
            "transforming-the-way-we-work-leicestershire-county-council-2017-03-22-transforming.html "
            "(22 March 2017)",
            NOT_IN_2014_LIST,
        ),
        objectives=[objectives["TO-1"], objectives["TO-3"]],
    )
