"""Chorley Council: the Transformation Strategy approved by Executive Cabinet on 21 January 2016.

From Beacon seed 000 (the Executive Cabinet report) and data/seed-councils/chorley.md. The ten initial
actions (a)-(j) of the report's paragraph 16 are the projects; its five themes are the workstreams, and the
themes of the strategy, which is also recorded as a plan (approved by Executive Cabinet).
"""

from __future__ import annotations

import datetime as dt

from beacon.core.models import Organisation
from beacon.demo.loader import (
    ILLUSTRATIVE_CONFIDENCE,
    ILLUSTRATIVE_CONFIDENTIAL,
    ILLUSTRATIVE_LEAD,
    ILLUSTRATIVE_UPDATE_DUE,
    DemoContext,
    commentary,
    sources,
)
from beacon.programmes.models import Confidence, Programme, Stage, Workstream
from beacon.strategy.models import ObjectiveKind, Plan, PlanStatus, Theme

SEED = (
    "Chorley Council, Executive Cabinet 21 January 2016, 'Transformation Strategy', report of the Chief Executive "
    "(Beacon seed 000)."
)
GOVERNANCE_MODELS = (
    "Background paper: Future Governance Models, final report to Council, 24 November 2015: "
    "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=114&MId=4469&Ver=4"
)
NO_FOLLOW_UP = (
    "Follow-up: no later report on the strategy's action plan, progress or savings was found in the public "
    "sources searched (Beacon data/seed-councils/chorley.md)."
)
START = dt.date(2016, 1, 21)
END_OF_2016_17 = dt.date(2017, 3, 31)

STRATEGIC_OBJECTIVES = [
    ("SO-1", "Involving residents in improving their local area and equality of access for all", ""),
    ("SO-2", "A strong local economy", ""),
    ("SO-3", "Clean, safe and healthy communities", ""),
    (
        "SO-4",
        "An ambitious council that does more to meet the needs of residents and the local area",
        "The strategic objective ticked on the Transformation Strategy report of 21 January 2016.",
    ),
]
PROGRAMME_OBJECTIVES = [
    (
        "TS-OBJ-1",
        "To support the council to achieve its ambitions and the recommendations of the Future Governance "
        "Models for Chorley report",
        "An objective of the Transformation Strategy (report paragraph 14).",
    ),
    (
        "TS-OBJ-2",
        "To support the delivery of the council's Medium Term Financial Strategy",
        "An objective of the Transformation Strategy (report paragraph 14).",
    ),
    (
        "TS-OBJ-3",
        "To position the borough and the council well to respond to future challenges and demands",
        "An objective of the Transformation Strategy (report paragraph 14).",
    ),
    # The four aims for public service reform that PRODUCT C1 calls "Chorley's four aims" (paragraph 13).
    (
        "TS-AIM-1",
        "A greater integration of public services, particularly around prevention and early intervention",
        "An aim of the strategy for public service reform (report paragraph 13).",
    ),
    (
        "TS-AIM-2",
        "Focus on prevention and early intervention across public services",
        "An aim of the strategy for public service reform (report paragraph 13).",
    ),
    (
        "TS-AIM-3",
        "Decision making and accountability at the lowest practical level",
        "An aim of the strategy for public service reform (report paragraph 13).",
    ),
    (
        "TS-AIM-4",
        "The system-wide sharing of responsibility for management of demand and reduction of cost shunting "
        "between organisations",
        "An aim of the strategy for public service reform (report paragraph 13).",
    ),
]

THEMES = [
    ("customers", "Customers and communities"),
    ("people", "Councillors and staff"),
    ("digital", "Digital"),
    ("governance", "Governance models"),
    ("finance", "Financial, performance management and business planning"),
]

# (letter, title as in paragraph 16, theme key, extra objective codes, lead title, illustrative rating, update-due
# offset in days, extra source lines)
ACTIONS = [
    (
        "a",
        "Develop governance arrangements, structures and approach to the integrated community wellbeing service",
        "governance",
        ["TS-AIM-1", "TS-AIM-2"],
        "Director responsible for community wellbeing",
        Confidence.AMBER_GREEN,
        -12,
        [
            "By 19 November 2019 the multi-agency locality team 'PIVOT' was business as usual in the council's "
            "Integrated Community Wellbeing service: "
            "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MId=7825&Ver=4 (19 November 2019)"
        ],
    ),
    (
        "b",
        "Implement changed management structure – including subsequent changes to decision making and "
        "information sharing arrangements",
        "people",
        ["TS-AIM-3"],
        "Project Director (Transformation)",
        Confidence.AMBER,
        -4,
        [],
    ),
    (
        "c",
        "Work to develop and implement the combined authority for Lancashire",
        "governance",
        ["TS-OBJ-3", "TS-AIM-4"],
        "Chief Executive",
        Confidence.AMBER_RED,
        9,
        [
            "Chorley Public Service Reform Executive, 'Moving towards a place-based system of public services' "
            "(Beacon seed 003), refers to 'the emerging Combined Authority (overseen by the Lancashire local "
            "authority Leaders' group)'."
        ],
    ),
    (
        "d",
        "Develop and implement a work smart programme, to maximise the use of digital information management and "
        "make more flexible working practises",
        "digital",
        ["TS-OBJ-2"],
        "Project Director (Transformation)",
        Confidence.GREEN,
        21,
        [],
    ),
    (
        "e",
        "Develop a Member support programme for changing governance, service delivery and decision making "
        "arrangements",
        "people",
        ["TS-OBJ-3"],
        "Head of Democratic Services",
        Confidence.AMBER_GREEN,
        30,
        [],
    ),
    (
        "f",
        "Develop a new organisational development plan identifying the skill requirements – including for a new "
        "management team, frontline workers, and partnership working",
        "people",
        ["TS-OBJ-3"],
        "Head of HR and Organisational Development",
        Confidence.AMBER,
        -20,
        [],
    ),
    (
        "g",
        "Develop a customer services strategy to include implementation of the service design principles across "
        "the organisation and integration of customer-related functions",
        "customers",
        ["TS-AIM-1"],
        "Head of Customer Services",
        Confidence.AMBER_GREEN,
        14,
        [
            "Related: the Single Front Office (the council's contact centre since 2001/02) was reviewed by a "
            "scrutiny task group, 10 August 2015: https://democracy.chorley.gov.uk/mgAi.aspx?ID=40186 ; final "
            "report to Executive Cabinet 18 February 2016: "
            "https://docslib.org/doc/2531116/public-pack-agenda-document-for-executive-cabinet-18-02-2016-18-00"
        ],
    ),
    (
        "h",
        "Refresh the council's performance management and business planning frameworks to reflect the changing "
        "governance models",
        "finance",
        ["TS-OBJ-2"],
        "Head of Performance and Partnerships",
        Confidence.GREEN,
        45,
        [
            "Budget 2016/17: £1.167m budget efficiencies, council tax frozen for the fourth year: "
            "https://democracy.chorley.gov.uk/mgAi.aspx?ID=44000 (c. February–March 2016)"
        ],
    ),
    (
        "i",
        "Develop a strategy for the implementation of a council-wide approach to encouraging community-action and "
        "coproduction",
        "customers",
        ["SO-1", "TS-AIM-2"],
        "Head of Communities",
        Confidence.AMBER,
        -1,
        [],
    ),
    (
        "j",
        "Refresh the council's internal communications strategy",
        "people",
        [],
        "Head of Communications",
        Confidence.GREEN,
        60,
        [],
    ),
]
LEAD_USER_ACTIONS = {"b", "d"}
CONFIDENTIAL_ACTIONS = {"b"}


def load(context: DemoContext) -> Organisation:
    organisation = context.organisation(slug="chorley", gss_code="E07000118", website="https://chorley.gov.uk/")
    objectives = {
        code: context.objective(
            organisation, code=code, kind=ObjectiveKind.STRATEGIC, title=title, description=description,
            source="Chorley Council, Executive Cabinet 21 January 2016, Transformation Strategy report, "
                   "Corporate Priorities (paragraph 7) (Beacon seed 000).",
        )
        for code, title, description in STRATEGIC_OBJECTIVES
    }
    objectives.update(
        {
            code: context.objective(
                organisation, code=code, kind=ObjectiveKind.PROGRAMME, title=title, description=description,
                source="Chorley Council, Executive Cabinet 21 January 2016, Transformation Strategy report "
                       "(Beacon seed 000).",
            )
            for code, title, description in PROGRAMME_OBJECTIVES
        }
    )
    programme = context.upsert(
        Programme,
        {"organisation": organisation, "title": "Transformation Strategy 2016"},
        {
            "code": "TS",
            "description": (
                "A framework to support the council through the change needed to reach the ambitions of the "
                "Future Governance Models report approved by Council in November 2015. Approved by Executive "
                "Cabinet on 21 January 2016; the work is overseen by an all-party working group, and an overview "
                "action plan was to be developed alongside a new management structure. Challenges named: a growing "
                "and changing population; an economic area spanning administrative boundaries; pockets of "
                "deprivation; a changing legislative and policy context; budgetary pressures. Resources: existing "
                "budgets and the budget agreed at full council (statutory finance officer's comments)."
            ),
            "start_date": START,
            "end_date": END_OF_2016_17,
            "board": "All-party working group",
            "source": sources(SEED, GOVERNANCE_MODELS, NO_FOLLOW_UP),
            "public": True,
        },
    )
    _strategy(context, organisation)
    workstreams = {
        key: context.upsert(
            Workstream,
            {"programme": programme, "title": title},
            {
                "organisation": organisation,
                "code": f"T{order}",
                "description": "A key theme of the Transformation Strategy (report paragraph 15).",
                "source": SEED,
                "order": order,
            },
        )
        for order, (key, title) in enumerate(THEMES, start=1)
    }
    for letter, title, theme, extra, lead_title, rating, due_in, extra_sources in ACTIONS:
        confidential = letter in CONFIDENTIAL_ACTIONS
        context.project(
            programme,
            code=f"TS-{letter.upper()}",
            title=title,
            workstream=workstreams[theme],
            description=(
                f"Initial action ({letter}) of the Transformation Strategy (report paragraph 16), to be delivered "
                "between January 2016 and the end of the 2016/17 financial year (paragraph 17)."
            ),
            stage=Stage.DELIVERY,
            lead=context.users["lead"] if letter in LEAD_USER_ACTIONS else None,
            lead_title=lead_title,
            start_date=START,
            end_date=END_OF_2016_17,
            delivery_confidence=rating,
            confidential=confidential,
            update_due=context.days(due_in),
            status_commentary=commentary(
                "The strategy planned this work for January 2016 to the end of 2016/17. No follow-up report was "
                "found in the public sources, so no completion date is recorded and the milestone shows as late "
                "until one is entered.",
                "Stage (in delivery): illustrative.",
                ILLUSTRATIVE_CONFIDENCE,
                ILLUSTRATIVE_LEAD,
                ILLUSTRATIVE_UPDATE_DUE,
                ILLUSTRATIVE_CONFIDENTIAL if confidential else "",
            ),
            source=sources(
                SEED,
                *extra_sources,
                "Theme: the demo's reading (the report lists the actions without themes). Links to objectives "
                "other than the ticked strategic objective are also the demo's reading.",
                NO_FOLLOW_UP,
            ),
            objectives=[objectives["SO-4"], objectives["TS-OBJ-1"], *(objectives[code] for code in extra)],
            milestones=[(f"Action ({letter}) delivered: by the end of 2016/17", END_OF_2016_17, None)],
        )
    return organisation


def _strategy(context: DemoContext, organisation: Organisation) -> Plan:
    """The Transformation Strategy as a plan: approved by Executive Cabinet, its five key themes as themes. The
    report gives no priorities under the themes, and names but does not list its service design principles, so
    neither is created."""
    plan = context.upsert(
        Plan,
        {"organisation": organisation, "title": "Transformation Strategy 2016"},
        {
            "description": (
                "A framework to support the council in the change needed to respond to the challenges of the coming "
                "years and to reach the ambitions of the Future Governance Models report approved by Council in "
                "November 2015. It sets out the challenges facing public services, the recommendations and service "
                "design principles of that report, the aims for public service reform, the strategy's objectives "
                "and its five key themes (report paragraphs 3-5, 11-15)."
            ),
            "status": PlanStatus.CABINET,
            "cabinet_date": START,
            "source": sources(SEED, GOVERNANCE_MODELS),
            "public": True,
        },
    )
    for order, (_key, title) in enumerate(THEMES, start=1):
        context.upsert(
            Theme, {"plan": plan, "parent": None, "title": title},
            {"organisation": organisation, "order": order,
             "description": "A key theme of the Transformation Strategy (report paragraph 15)."},
        )
    return plan
