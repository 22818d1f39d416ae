"""Northumberland County Council: the Strategic Change Programme, branded BEST.

From Beacon seed 002 (the committee minute on the Strategic Change Business Plan, January 2023) and
data/seed-councils/northumberland.md.
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
from beacon.programmes.models import Confidence, Programme, Stage, WorkforceApproach, Workstream
from beacon.strategy.models import ObjectiveKind

SEED = (
    "Northumberland County Council, committee minute on the Strategic Change Business Plan, January 2023 "
    "(Beacon seed 002)."
)
GAZETTE_13_JAN = (
    "https://www.northumberlandgazette.co.uk/news/politics/council/northumberland-council-looking-to-modernise-"
    "the-way-services-are-delivered-3986684 (13 January 2023)"
)
GAZETTE_18_JAN = (
    "https://www.northumberlandgazette.co.uk/news/politics/council/northumberland-council-to-spend-ps9m-on-"
    "consultants-as-part-of-modernisation-plan-to-achieve-ps17m-savings-3991654 (January 2023)"
)
GAZETTE_25_JAN = (
    "https://www.northumberlandgazette.co.uk/news/politics/northumberland-county-council-rows-back-on-comments-"
    "regarding-ps9m-consultancy-fee-costs-4000386 (25 January 2023)"
)
TENDER = "https://d3tenders.com/contract/download.php?ocid=ocds-h6vhtk-03c34c (record of 2 November 2023)"
PEER_REVIEW = (
    "https://www.local.gov.uk/our-support/council-assurance-and-peer-challenge/peer-challenges-we-offer/"
    "corporate-peer-78 (2 October 2024)"
)
UNCERTAIN_WORKSTREAM = (
    "Workstream: the source table gives it only as 'likely'; the mapping is uncertain (low confidence)."
)

WORKSTREAMS = [
    "Best Services to Customers",
    "Best Value for Money",
    "Best in Class Commissioning",
    "Best Use of Resources",
    "Best use of Assets",
    "Best Use of Technology",
    "Best Talent and Opportunities",
]
PRIORITIES = [
    ("P-1", "Economic growth", ""),
    ("P-2", "Addressing inequalities", "Also reported as 'tackling inequalities' (Northumberland Gazette, "
                                       "13 January 2023)."),
    ("P-3", "Value for money", ""),
]
NATURAL_WASTAGE_QUOTE = (
    "Workforce impact, from the committee minute: 'any impact on jobs would be dealt with by the management of "
    "change process. It was hoped that compulsory redundancies would be avoided and the downsizing of teams would "
    "be through natural wastage.' The FTE change is not stated in the source."
)


def load(context: DemoContext) -> Organisation:
    organisation = context.organisation(
        slug="northumberland", gss_code="E06000057", website="https://www.northumberland.gov.uk/"
    )
    priorities = {
        code: context.objective(
            organisation, code=code, kind=ObjectiveKind.STRATEGIC, title=title, description=description,
            source="Northumberland County Council: the council's three priorities, which the Strategic Change "
                   "Programme supports (Beacon seed 002).",
        )
        for code, title, description in PRIORITIES
    }
    programme = context.upsert(
        Programme,
        {"organisation": organisation, "title": "Strategic Change Programme (BEST)"},
        {
            "code": "BEST",
            "description": (
                "Redesign how the council delivers local public services so that they are more cost-effective and "
                "sustainable: how services reach customers, how the council is run, and how it uses resources, "
                "technology, assets and people. Strategic business case to Cabinet on 17 January 2023; branded "
                "BEST and launched in autumn 2023. Savings ambition: more than £20m council-wide over three years, "
                "at least £17m a year recurring. Programme budget: £9m ring-fenced over three years (£3m a year) "
                "for staff, technology, systems and external support. Overseen by the Strategic Change Board, "
                "chaired by the council leader; progress monitored by the council's improvement and innovation "
                "service and the delivery partner. LGA Corporate Peer Review 15-19 January 2024, progress review "
                "2 October 2024."
            ),
            "start_date": dt.date(2023, 1, 17),
            "end_date": None,
            "board": "Strategic Change Board",
            "source": sources(SEED, GAZETTE_13_JAN, GAZETTE_18_JAN, GAZETTE_25_JAN, PEER_REVIEW),
            "public": True,
        },
    )
    workstreams = {
        title: context.upsert(
            Workstream,
            {"programme": programme, "title": title},
            {
                "organisation": organisation,
                "code": f"BEST-{order}",
                "description": "One of the seven workstreams defined by the strategic business case.",
                "source": sources(SEED, GAZETTE_13_JAN),
                "order": order,
            },
        )
        for order, title in enumerate(WORKSTREAMS, start=1)
    }
    lead = context.users["lead"]
    illustrative = (ILLUSTRATIVE_CONFIDENCE, ILLUSTRATIVE_LEAD, ILLUSTRATIVE_UPDATE_DUE)
    context.project(
        programme,
        code="NCC-ASC",
        title="Adult social care savings",
        workstream=workstreams["Best in Class Commissioning"],
        description=(
            "Adult social care savings in the draft strategic business case: Year 1 £960,336; Year 2 £1,920,672; "
            "Year 3 £960,336; total £3,841,344. Year 1 is taken to be 2023/24, an assumption (the programme is "
            "funded from the 2023/24 budget)."
        ),
        stage=Stage.DELIVERY,
        lead_title="Director of Adult Social Care",
        start_date=dt.date(2023, 4, 1),
        end_date=dt.date(2026, 3, 31),
        delivery_confidence=Confidence.AMBER,
        update_due=context.days(-6),
        status_commentary=commentary(
            "Stage (in delivery): illustrative. Dates: three years from 2023/24, an assumption.", *illustrative
        ),
        source=sources(GAZETTE_18_JAN, UNCERTAIN_WORKSTREAM),
        objectives=[priorities["P-3"]],
    )
    context.project(
        programme,
        code="NCC-HTST",
        title="Home-to-school transport",
        workstream=workstreams["Best Value for Money"],
        description=(
            "Review pick-up points and make wider use of personal travel budgets. Saving £618,613 in total (the "
            "year split is not given)."
        ),
        stage=Stage.FBC,
        lead=lead,
        lead_title="Head of Transport Services",
        delivery_confidence=Confidence.AMBER_GREEN,
        update_due=context.days(18),
        status_commentary=commentary("Stage (full business case): illustrative.", *illustrative),
        source=sources(GAZETTE_18_JAN, UNCERTAIN_WORKSTREAM),
        objectives=[priorities["P-3"]],
        milestones=[("Review of pick-up points complete (illustrative date)", context.days(75), None)],
    )
    context.project(
        programme,
        code="NCC830B",
        title="BEST Transformation Delivery Partner procurement",
        workstream=None,
        description=(
            "Tender NCC830B 'BEST Transformation Delivery Partner' (CPV 79400000), value £3,000,000, to support a "
            "three-year BEST journey; its aims: customer experience, staff experience, efficiency and best value. "
            "Members were told that a delivery partner and consultants would add specialism and capacity and make "
            "the programme more accountable. The winning supplier's name was not found in the sources."
        ),
        stage=Stage.CLOSED,
        lead_title="Senior Service Director, Improvement and Innovation",
        start_date=dt.date(2023, 1, 17),
        end_date=dt.date(2023, 11, 2),
        delivery_confidence="",
        update_due=context.days(120),
        status_commentary=commentary(
            "Closed: the tender record shows the procurement complete (record of 2 November 2023). Start date: "
            "the business case to Cabinet.",
            ILLUSTRATIVE_UPDATE_DUE,
        ),
        source=sources(TENDER, SEED, "Workstream: none; the sources do not place the procurement in one."),
        objectives=[priorities["P-3"]],
        milestones=[("Tender record: procurement complete", dt.date(2023, 11, 2), dt.date(2023, 11, 2))],
    )
    context.project(
        programme,
        code="NCC-COE",
        title="Centres of excellence",
        workstream=workstreams["Best Use of Resources"],
        description=(
            "Services streamlined internally into centres of excellence once overlaps in work have been "
            "identified; existing staff to be upskilled."
        ),
        stage=Stage.HLBC,
        lead=lead,
        lead_title="Head of Organisational Change",
        delivery_confidence=Confidence.AMBER_RED,
        confidential=True,
        workforce_approach=WorkforceApproach.NATURAL_WASTAGE,
        update_due=context.days(-15),
        status_commentary=commentary(
            NATURAL_WASTAGE_QUOTE,
            "Stage (high-level business case): illustrative.",
            *illustrative,
            ILLUSTRATIVE_CONFIDENTIAL,
        ),
        source=sources(SEED, "Workstream: the demo's reading; the minute does not name one."),
        objectives=[priorities["P-3"]],
        milestones=[("Centres of excellence design agreed (illustrative date)", context.days(-30), None)],
    )
    return organisation
