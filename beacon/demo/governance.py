"""Governance and risk demo data for the four seed councils (PRODUCT C5, C6): their boards, the route of each
council's transformation report through its boards with the comments one passes to the next, decisions with their
options and implications, Chorley's key-decision thresholds, and (``governance_cheshire_east``) Cheshire East's
decision of 21 March 2024, its strategic risk SR08, its Spending Review Board and its January 2024 capability
maturity self-assessment.

Figures and words are the seeds'; anything the seeds do not give is labelled illustrative on the record. People are
named by their role titles only. Every record is matched on a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext, sources
from beacon.governance.models import (
    AgendaItem,
    Board,
    BoardKind,
    BoardMember,
    Decision,
    DecisionOption,
    DecisionStatus,
    Implication,
    KeyDecisionThresholds,
    Meeting,
    MeetingStatus,
)
from beacon.programmes.models import Programme

LEICS_SEED = (
    "Leicestershire County Council, Cabinet 6 May 2014, 'County Council Strategic Plan and Transformation "
    "Programme', joint report of the Chief Executive and Director of Corporate Resources (Beacon seed 001)."
)
LEICS_ROUTE = "https://democracy.leics.gov.uk/mgAi.aspx?ID=37968 (Strategic Plan to full Council, 21 May 2014)"
NORTH_SEED = (
    "Northumberland County Council, committee minute on the Strategic Change Business Plan, January 2023 "
    "(Beacon seed 002)."
)
NORTH_CABINET = (
    "https://www.northumberlandgazette.co.uk/news/politics/council/northumberland-council-looking-to-modernise-"
    "the-way-services-are-delivered-3986684 (13 January 2023: business case to Cabinet on 17 January 2023)"
)
NORTH_BOARD = (
    "https://www.northumberlandgazette.co.uk/news/politics/northumberland-county-council-rows-back-on-comments-"
    "regarding-ps9m-consultancy-fee-costs-4000386 (25 January 2023; press report, medium confidence)"
)
CHORLEY_SEED = (
    "Chorley Council, Executive Cabinet 21 January 2016, 'Transformation Strategy', report of the Chief Executive "
    "(Beacon seed 000)."
)
CHORLEY_PSR_SEED = (
    "Chorley Public Service Reform Executive, 'Moving towards a place-based system of public services' (Beacon "
    "seed 003)."
)
CHORLEY_GOVERNANCE_MODELS = (
    "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=114&MId=4469&Ver=4 (Future Governance Models: "
    "final report to Council, 24 November 2015)"
)


# Helpers ---------------------------------------------------------------------------------------------------------


def board(context: DemoContext, organisation: Organisation, title: str, kind: str, *, source: str,
          members: list[tuple[str, str]] = (),  # type: ignore[assignment]
          programmes: list[Programme] = (),  # type: ignore[assignment]
          **values: Any) -> Board:
    """A board with its members by role title (``(role title, kind)``) and the programmes it oversees."""
    record = context.upsert(Board, {"organisation": organisation, "title": title},
                            {"kind": kind, "source": source, **values})
    for role_title, member_kind in members:
        context.upsert(BoardMember, {"board": record, "role_title": role_title},
                       {"organisation": organisation, "kind": member_kind})
    wanted = {programme.pk for programme in programmes}
    if wanted and set(record.programmes.values_list("pk", flat=True)) != wanted:
        record.programmes.set(wanted)
    return record


def meeting(context: DemoContext, board_: Board, date: dt.date, *, source: str, **values: Any) -> Meeting:
    values.setdefault("status", MeetingStatus.HELD)
    return context.upsert(Meeting, {"board": board_, "date": date},
                          {"organisation": board_.organisation, "source": source, **values})


def item(context: DemoContext, meeting_: Meeting, title: str, **values: Any) -> AgendaItem:
    return context.upsert(AgendaItem, {"meeting": meeting_, "title": title},
                          {"organisation": meeting_.organisation, **values})


def decision(context: DemoContext, organisation: Organisation, code: str, title: str, *,
             options: list[tuple[str, str, str, bool]] = (),  # type: ignore[assignment]
             implications: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
             contracts: list[Any] = (),  # type: ignore[assignment]
             **values: Any) -> Decision:
    """A decision with its options (option, impact, risk, recommended) and implications (kind, text, officer's
    comments, officer's role title), matched on its code."""
    record = context.upsert(Decision, {"organisation": organisation, "code": code}, {"title": title, **values})
    for order, (option, impact, risk, recommended) in enumerate(options, start=1):
        context.upsert(DecisionOption, {"decision": record, "order": order},
                       {"organisation": organisation, "option": option, "impact": impact, "risk": risk,
                        "recommended": recommended})
    for kind, text, comments, officer in implications:
        context.upsert(Implication, {"decision": record, "kind": kind},
                       {"organisation": organisation, "text": text, "officer_comments": comments,
                        "officer_title": officer})
    wanted = {contract.pk for contract in contracts}
    if wanted and set(record.contracts.values_list("pk", flat=True)) != wanted:
        record.contracts.set(wanted)
    return record


def load(context: DemoContext) -> None:
    """Every council's governance and risk records (run after their programmes and money exist)."""
    from beacon.demo import governance_cheshire_east

    for loader in (leicestershire, northumberland, chorley, governance_cheshire_east.load):
        organisation = loader(context)
        context.say(f"  {organisation.name} governance: {summary(organisation)}")


def summary(organisation: Organisation) -> str:
    from beacon.governance.models import MaturityAssessment, SpendRequest
    from beacon.risks.models import Risk

    counts = {
        "boards": Board.objects.filter(organisation=organisation).count(),
        "meetings": Meeting.objects.filter(organisation=organisation).count(),
        "decisions": Decision.objects.filter(organisation=organisation).count(),
        "risks": Risk.objects.filter(organisation=organisation).count(),
        "maturity assessments": MaturityAssessment.objects.filter(organisation=organisation).count(),
        "spend requests": SpendRequest.objects.filter(organisation=organisation).count(),
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count)


# Leicestershire: Scrutiny Commission 30 April → Cabinet 6 May → County Council 21 May 2014 -----------------------

LEICS_ITEM = "County Council Strategic Plan 2014-18 and Transformation Programme"
LEICS_RECOMMENDATIONS = (
    "(a) That the comments of the Scrutiny Commission arising from the meeting on 30 April be considered;\n"
    "(b) That the draft County Council Strategic Plan 2014-18 attached as Appendix 1 to this report be approved for "
    "submission to the County Council at its meeting on 21 May 2014; and\n"
    "(c) That the Transformation Programme attached as Appendix 2 to this report be approved."
)
LEICS_REASONS = (
    "To enable the Strategic Plan to be considered by the Council at its meeting on 21 May 2014. The Plan sets out "
    "high priorities and supporting actions and targets for the Council over the next four years which will then be "
    "subject to suitable delivery support and monitoring. The Plan aligns with the recently agreed Medium Term "
    "Financial Strategy."
)


def leicestershire(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="leicestershire")
    programme = Programme.objects.filter(organisation=organisation, title="Transformation Programme").first()
    scrutiny = board(
        context, organisation, "Scrutiny Commission", BoardKind.SCRUTINY, source=LEICS_SEED,
        terms_of_reference="Considers the draft Strategic Plan and Transformation Programme before the Cabinet, "
                           "and comments on them (Cabinet report, paragraphs 2 and 5).",
    )
    cabinet = board(context, organisation, "Cabinet", BoardKind.CABINET, source=LEICS_SEED,
                    terms_of_reference="Submits the draft Strategic Plan to the County Council and agrees the "
                                       "Transformation Programme.")
    council = board(
        context, organisation, "County Council", BoardKind.COUNCIL, source=LEICS_SEED,
        terms_of_reference="Approves the Strategic Plan: the Constitution makes it one of the plans of the "
                           "Council's Policy Framework, which requires the approval of the full Council "
                           "(paragraph 13).",
    )
    board(
        context, organisation, "Transformation Board", BoardKind.TRANSFORMATION, source=LEICS_SEED,
        terms_of_reference="Oversees the overall approach to the new governance arrangements the transformation "
                           "needs; receives regular performance reports (paragraphs 20 and 22).",
        members=[("Leaders of the three main political groups", BoardMember.Kind.MEMBER),
                 ("Deputy leaders of the three main political groups", BoardMember.Kind.MEMBER),
                 ("Cabinet lead members for major service areas", BoardMember.Kind.MEMBER)],
        programmes=[programme] if programme else [],
        chair_title="", sponsor_title="",
    )
    for title in ("Health and Wellbeing Board", "Integration Executive"):
        board(context, organisation, title, BoardKind.PARTNERSHIP, source=LEICS_SEED,
              terms_of_reference="Supports the delivery of a number of the Strategic Plan's priorities "
                                 "(paragraph 21).")
    held_scrutiny = meeting(context, scrutiny, dt.date(2014, 4, 30), source=LEICS_SEED)
    held_cabinet = meeting(context, cabinet, dt.date(2014, 5, 6), source=LEICS_SEED)
    held_council = meeting(context, council, dt.date(2014, 5, 21), source=sources(LEICS_SEED, LEICS_ROUTE))
    cabinet_decision = decision(
        context, organisation, "LCC-CAB-2014-05-06", LEICS_ITEM,
        decision_maker=cabinet, decision_date=dt.date(2014, 5, 6), status=DecisionStatus.TAKEN,
        recommendation=LEICS_RECOMMENDATIONS, reasons=LEICS_REASONS,
        resolution="The minutes of 6 May 2014 are not among the sources; the Plan went on to the County Council "
                   "on 21 May 2014.",
        source=sources(LEICS_SEED, LEICS_ROUTE),
        implications=[
            ("finance", "Implementation of the Transformation Programme will aim to achieve £40m of savings "
                        "required to ensure delivery of part of the MTFS, supported by a small coordinating "
                        "Transformation Unit and project resources; an indicative budget has been set aside "
                        "(paragraph 8).", "", "Director of Corporate Resources"),
            ("equality", "The Strategic Plan includes specific priorities aimed at ensuring that the Council "
                         "maintains its excellent performance in equality and diversity practice and ensuring the "
                         "delivery of outcomes for particular groups (paragraph 25).", "", ""),
            ("risk", "The current state of the public finances and likelihood that the Government will need to "
                     "reduce other funding streams means that there is a higher risk to full delivery than with "
                     "previous plans (paragraph 9).", "", ""),
        ],
    )
    first = item(
        context, held_scrutiny, LEICS_ITEM, number="",
        resolution="",
        comments_to_next="The Cabinet report records that the Scrutiny Commission's comments 'will be circulated "
                         "as soon these are as available' (paragraph 5); their wording is not in the seed.",
    )
    second = item(
        context, held_cabinet, LEICS_ITEM, previous=first, decision=cabinet_decision,
        resolution="Recommended: " + LEICS_RECOMMENDATIONS,
        comments_to_next="Subject to approval by the Cabinet the Strategic Plan will be submitted to Council at its "
                         "meeting on 21 May 2014 for final approval (paragraph 6).",
    )
    item(context, held_council, "County Council Strategic Plan 2014-18", previous=second,
         resolution="For final approval (Cabinet report, paragraph 6); the Council's minutes are not among the "
                    "sources.")
    return organisation


# Northumberland: the scrutiny resolution on the Strategic Change Business Plan ---------------------------------

NORTH_COMMENTS = (
    "The following comments were made in response to members' questions (the minute's words; names replaced by role "
    "titles):\n"
    "- the Programme was not just about saving money, but also about improving services whilst providing value for "
    "money;\n"
    "- engagement was key to the success of the initiative through consultations with the public, elected members "
    "and staff, and in particular, front-line staff who actually deliver services and can best identify what the "
    "Council is doing right and where it can be better;\n"
    "- the Council would continually look to how it could be more innovative in dealing with problem issues and how "
    "data could be used to best effect to inform that process;\n"
    "- Members were assured appropriate consideration had been taken towards the plan. The need for change was "
    "identified over 12 months ago and careful and measured approach had been taken. The work was a programme and "
    "would therefore be phased;\n"
    "- Outside partners were involved in the process to bring specialism within the team and to add additional "
    "capacity. Transformation programmes had been implemented before and had not been successful. It was hoped with "
    "a delivery partner and consultants there would be more accountability in the programme;\n"
    "- More detailed proposals would be brought to committees for members to comment on. Members welcomed the "
    "opportunity for further scrutiny as the programme developed;\n"
    "- Members were assured there was dedicated funding set aside for the programme;\n"
    "- The workstreams within the programme would have key outcomes which could be measured to the progress being "
    "made. The progress would be monitored by the Senior Service Director (Improvement and Innovation)'s team and "
    "the delivery partner;\n"
    "- Officers were keen to explore innovation within the Council and took on board Members' suggestions of "
    "'hackathons' to engage with stakeholders over certain issues;\n"
    "- any impact on jobs would be dealt with by the management of change process. It was hoped that compulsory "
    "redundancies would be avoided and the downsizing of teams would be through natural wastage."
)
NORTH_RESOLUTION = (
    "RESOLVED to advise the Cabinet that it supported the recommendations contained in the report, subject to "
    "consideration of the issues highlighted above."
)
NORTH_DATE_NOTE = (
    "Date illustrative: the seed's minute is undated. The committee met before the business case went to Cabinet on "
    "17 January 2023, so the demo dates it 10 January 2023."
)


def northumberland(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="northumberland")
    programme = Programme.objects.filter(organisation=organisation, title="Strategic Change Programme (BEST)").first()
    committee = board(
        context, organisation, "Overview and Scrutiny Committee", BoardKind.SCRUTINY,
        source=sources(NORTH_SEED, "The seed's minute does not give the committee's full name; the demo names it by "
                                   "what it does."),
        terms_of_reference="Scrutinised the Strategic Change Business Plan and advised the Cabinet.",
        members=[("Leader of the Council (attending for the item)", BoardMember.Kind.OFFICER),
                 ("Executive Director of Finance and Section 151 Officer", BoardMember.Kind.OFFICER),
                 ("Senior Service Director: Improvement and Innovation Service", BoardMember.Kind.OFFICER)],
    )
    cabinet = board(context, organisation, "Cabinet", BoardKind.CABINET, source=sources(NORTH_SEED, NORTH_CABINET),
                    terms_of_reference="Approves the business case of the Strategic Change Programme.")
    board(context, organisation, "Strategic Change Board", BoardKind.TRANSFORMATION,
          source=NORTH_BOARD, chair_title="Leader of the Council",
          terms_of_reference="Oversees the Strategic Change Programme (BEST).",
          programmes=[programme] if programme else [])
    scrutiny_meeting = meeting(context, committee, dt.date(2023, 1, 10), illustrative=True,
                               source=sources(NORTH_SEED, NORTH_DATE_NOTE))
    cabinet_meeting = meeting(context, cabinet, dt.date(2023, 1, 17), source=NORTH_CABINET)
    first = item(
        context, scrutiny_meeting, "Strategic Change Business Plan",
        resolution=NORTH_RESOLUTION, comments_to_next=NORTH_COMMENTS,
    )
    item(context, cabinet_meeting, "Strategic Change Business Plan", previous=first,
         resolution="The Cabinet's resolution is not among the sources.")
    return organisation


# Chorley: key-decision thresholds and the Transformation Strategy (Executive Cabinet 21 January 2016) -----------

CHORLEY_KEY_BOX = (
    "Key decision box (seed 000): 'Key Decision? Please bold as appropriate: Yes / No'. The copy held does not show "
    "which answer was bolded. The criteria it lists are Chorley's thresholds: 1, a change in service provision that "
    "impacts upon the service revenue budget by £100,000 or more; 2, a contract worth £100,000 or more; 3, a new or "
    "unprogrammed capital scheme of £100,000 or more; 4, significant impact in environmental, social or physical "
    "terms in two or more wards. The report gives no figure for any of them (the strategy 'would be resourced "
    "through existing budgets'), so Beacon's test finds no criterion met."
)


def chorley(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="chorley")
    programme = Programme.objects.filter(organisation=organisation, title="Transformation Strategy 2016").first()
    context.upsert(KeyDecisionThresholds, {"organisation": organisation},
                   {"revenue_pence": 100_000_00, "contract_pence": 100_000_00, "capital_pence": 100_000_00,
                    "wards": 2, "notice_days": 28})
    cabinet = board(context, organisation, "Executive Cabinet", BoardKind.CABINET, source=CHORLEY_SEED,
                    terms_of_reference="Approves the Transformation Strategy.")
    council = board(context, organisation, "Council", BoardKind.COUNCIL,
                    source=sources(CHORLEY_SEED, CHORLEY_GOVERNANCE_MODELS),
                    terms_of_reference="Approved the final report on future governance models in November 2015.")
    board(context, organisation, "All-party working group", BoardKind.WORKING_GROUP, source=CHORLEY_SEED,
          terms_of_reference="Oversees the work of the Transformation Strategy (paragraph 16).",
          programmes=[programme] if programme else [])
    board(context, organisation, "Chorley Public Service Reform Executive", BoardKind.PARTNERSHIP,
          source=CHORLEY_PSR_SEED,
          terms_of_reference="Provides clear and strong leadership to the Implementation Group and, more widely, to "
                             "local public services in Chorley; the key partnership for the borough as a strong "
                             "advocate and collective driver for change.")
    board(context, organisation, "Public Service Reform Implementation Group", BoardKind.IMPLEMENTATION,
          source=CHORLEY_PSR_SEED,
          terms_of_reference="Builds the capacity to support the work of the system and act on behalf of leaders "
                             "implementing decisions, with the mandate and capacity to implement the programme agreed "
                             "by the Executive (paragraphs 13-14).",
          members=[("Chair of the Implementation Group", BoardMember.Kind.CHAIR)])
    strategy = decision(
        context, organisation, "CBC-EC-2016-01-21", "Transformation Strategy",
        decision_maker=cabinet, decision_date=dt.date(2016, 1, 21), status=DecisionStatus.TAKEN,
        recommendation="That the Transformation Strategy is approved.",
        reasons="The Transformation Strategy has been developed following the council's consideration of the future "
                "governance models overview report and supporting evidence. It provides a framework to support the "
                "organisation in the change that will be required to respond to the challenges in the coming years "
                "and to reach the ambitions set out in the November council reports.",
        resolution="Approved by Executive Cabinet on 21 January 2016.",
        source=sources(CHORLEY_SEED, CHORLEY_KEY_BOX),
        options=[("To not produce a transformation strategy.",
                  "This would mean the council would not have a clear framework to manage the implementation of a "
                  "major change programme.", "", False)],
        implications=[
            ("finance", "The Transformation Strategy at this point would be resourced through existing budgets and "
                        "the budget agreed at full council. Further costs that may be incurred in the implementation "
                        "of the strategy will be subject to further reports to Council or Executive Cabinet, where "
                        "consideration of financial implications will be made.",
             "Comments of the statutory finance officer (paragraph 19).", "Statutory Finance Officer"),
            ("legal", "No comments.", "Comments of the monitoring officer (paragraph 20).", "Monitoring Officer"),
        ],
    )
    november = meeting(context, council, dt.date(2015, 11, 24), source=CHORLEY_GOVERNANCE_MODELS)
    january = meeting(context, cabinet, dt.date(2016, 1, 21), source=CHORLEY_SEED)
    first = item(
        context, november, "Future Governance Models: final report",
        resolution="The council considered and approved the final report on future governance models for the council "
                   "and public services in Chorley (seed 000, paragraph 8).",
        comments_to_next="The covering report presented to council also proposed developing a Transformation "
                         "Strategy that would be considered by Executive Cabinet (paragraph 9).",
    )
    item(context, january, "Transformation Strategy", previous=first, decision=strategy,
         resolution="That the Transformation Strategy is approved.")
    return organisation
