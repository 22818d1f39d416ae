"""Cheshire East Council's governance and risk demo data, from the Corporate Policy Committee report of 21 March 2024
(seed 004, report CP/76/23-24): the decision on the transformation approach and the procurement of a delivery
partner (all wards affected; linked to the delivery partner contract, so the key-decision test marks it key), its
options appraisal and implications, the strategic risk SR08, the boards the report names (with the in-year spend
controls: CEBERT and the Spending Review Board, and one illustrative spend request), and the January 2024
self-assessment against the LGA Transformation Capability Framework ("towards the top end of 1 (Tactical) with some
pockets in level 2 (Defined) and level 3 (Integrated)"), whose per-capability scores are illustrative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.core.models import Organisation
from beacon.demo.governance import board, decision, item, meeting
from beacon.demo.loader import MONTH_END_NOTE, DemoContext, sources
from beacon.finance.models import Contract
from beacon.governance.models import (
    AssessmentKind,
    BoardKind,
    BoardMember,
    Capability,
    DecisionStatus,
    ImprovementAction,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
    SpendRequest,
    SpendRequestStatus,
)
from beacon.programmes.models import Programme
from beacon.risks.models import Risk, RiskLevel

SEED = (
    "Cheshire East Council, Corporate Policy Committee 21 March 2024, 'Cheshire East Approach to Transformation', "
    "report CP/76/23-24 of the Chief Executive (Beacon seed 004)."
)
APPROVED = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-to-transform-for-financial-sustainability.aspx (22 March 2024: the committee approved the "
    "transformation approach and the procurement of a partner)"
)
PEER_CHALLENGE = (
    "https://www.local.gov.uk/our-support/council-assurance-and-peer-challenge/peer-challenges-we-offer/corporate-"
    "peer-22 (LGA Corporate Peer Challenge, 25-28 March 2024)"
)
TITLE = "Cheshire East Approach to Transformation"
RECOMMENDATIONS = (
    "1. To approve the transformation approach for the council.\n"
    "2. Delegate to the Chief Executive, in consultation with the Chair & Vice Chair, authority to take all necessary "
    "steps to implement a whole organisation transformation programme as outlined in sections 11-19, 24-30 of this "
    "report.\n"
    "3. To provide committee and all member briefings on progress against key milestones of the programme.\n"
    "4. To note the S151 officers' section 25 report that states that the Council must transform to create "
    "sustainable services.\n"
    "5. To note the acceptance of the Exceptional Financial Support and recognise the conditions of that support, "
    "namely a transformation plan to be provided to DLUHC by August 2024.\n"
    "6. To note the acceptance of a LGA (Local Government Association) grant by the Chief Executive and Chief "
    "Financial Officer in accordance with the rules on Supplementary Revenue Estimates set out within the Councils "
    "constitution.\n"
    "7. To note the progress to date on the formation of the transformation programme by the Chief Executive and "
    "approve the procurement of Phase 1 and Phase 2 required to facilitate the programme.\n"
    "8. To note the progress of the other work activities that are underway that are needed in support of the "
    "transformation programme which include the Decision-Making Accountability work and the LGA's Corporate Peer "
    "Challenge review."
)
REASONS = (
    "The Council must ensure that it fulfils its statutory duties in relation to the approved budget set by council "
    "on the 27th February, the only way to do this is by changing systems and process to achieve the stated savings "
    "published within the MTFS. A transformation programme is a key requirement that has been stipulated by DLUHC to "
    "access the exceptional financial support and must be provided to them within six months of acceptance of the "
    "letter from DLUHC which was sent on 29th February. (Paragraphs 17-18.)"
)
OPTIONS = [
    ("Do nothing",
     "The council would not meet the conditions for Exceptional Financial Support. There would be no access to the "
     "capitalisation of revenue expenditure that was required to manage in-year financial risks. Without the change "
     "required to create sustainable finances the council may be unable to fulfil its statutory obligations.",
     "Insufficient funding to fulfil statutory requirements of the council. This could lead to unlawful activity "
     "that required the issue of a s114 report.", False),
    ("Transformation, resourced in house",
     "Reduced costs associated with procurement of a delivery partner, development, and ownership within existing "
     "resource.",
     "Insufficient capacity and/or capability to deliver the transformation programme resulting in the required "
     "level of savings not being achieved.", False),
    ("Transformation resourced completely externally",
     "Rapid deployment of resources to achieve savings, up-front cost required and ongoing costs.",
     "This option is not sustainable in the long term", False),
    ("Hybrid of Externally support for phase 1 whilst gearing up the organisation to undertake the wider "
     "transformation programme (Phase 2)",
     "Addresses short term need around capacity and capability, Achieves the required savings and builds capacity "
     "for the future.",
     "That insufficient internal capability can be identified and reprioritised.", True),
]
IMPLICATIONS = [
    ("legal", "The council will need to procure an appropriate delivery partner in line with the contractual and "
              "procurement regulations of the council. There are no further direct legal implications of this "
              "report, the legal implications will be considered on a case-by-case basis of the individual "
              "activities.", "", "Monitoring Officer"),
    ("finance", "The council has set a balanced budget for 2024/25. The section 25 report stated that the Council "
                "must transform to create sustainable services, and that it is highly likely that the Council will "
                "require additional capacity to manage this programme, which will inevitably require additional "
                "funding, to be met from within existing resource. The Council has received a grant award from the "
                "LGA for £100,000 to support the transformation programme. Phase 1 will require further virement "
                "from reserves, which could be as much as £350,000. Any external partner will be required to "
                "identify savings that far exceed the above figure and a Return on Investment (ROI) of some were "
                "between 3:1 and 5:1 would be expected. DLUHC is minded to approve the request for exceptional "
                "financial support, subject to conditions: an external assurance review; an improvement and "
                "transformation programme within six months (August 24); and the review's recommendations in the "
                "programme. (Paragraphs 24-28.)", "", "Section 151 Officer"),
    ("hr", "When an organisation embarks on transformation of this scale, it can either have a positive or negative "
           "impact on culture depending on the approaches taken; it is critical that the transformation programme "
           "builds on the brighter futures work which is already embedded into the organisation and, alongside the "
           "decision-making accountability work, will help to stabilise the organisation. (Paragraph 29.)", "", ""),
    ("other", "Policy: the principle and themes of the Transformation programme are aligned with the Council's "
              "vision, priorities and values as outlined in the Corporate Plan 2021-2025: an open and enabling "
              "organisation; a council which empowers and cares about people; a thriving and sustainable place. "
              "(Paragraphs 30-31.)", "", ""),
    ("equality", "Equality, diversity and inclusion are a golden thread at the heart of all plans for change; the "
                 "Public Sector Equality Duty under s.149 of the Equality Act 2010 is considered at all stages. It is "
                 "expected that Equality Impact Assessments will be completed at key stages of the Transformation "
                 "programme and will ensure that the impacts of change, on both internal and external stakeholders, "
                 "will form an essential part of decision making. (Paragraphs 32-36.)", "", ""),
    ("risk", "The council's Strategic Risk Register cites red risks associated with the organisation's ability to "
             "transform: SR08 Ability to Achieve Organisation Change. To deliver the transformation programme the "
             "overall risk appetite of the organisation needs to be redefined. (Paragraphs 37-38.)", "", ""),
    ("rural", "Any impact on rural communities will be considered as part of the transformation programme. "
              "(Paragraph 39.)", "", ""),
    ("children", "Significant work reviewing SEND services has been undertaken in conjunction with the Department "
                 "of Education; a broader programme of service transformation under the banner of the Together "
                 "Strategy, a 4-year programme to excellence, is part of the MTFS. Adults, Health and Integration "
                 "have reviewed social work practice and commissioned care services. (Paragraphs 40-42.)", "", ""),
    ("public_health", "A key consideration of the transformation programme must be on addressing the large "
                      "difference in residents' health across the borough; health improvements will only be made by "
                      "embedding public health considerations across all local authority functions where "
                      "appropriate. (Paragraphs 43-44.)", "", ""),
    ("climate", "The transformation programme will focus on all aspects of the council's plan, this must include the "
                "activities that are required to achieve carbon neutrality by 2027. (Paragraph 45.)", "", ""),
]
SR08_DESCRIPTION = (
    "The council is unable to achieve organisational change due to a lack of resources and capacity to focus on "
    "transformation as people focus on the delivery of business as usual. Recently received advice from government "
    "commissioners advised that organisational change capacity is a key ingredient to support the council in "
    "delivering transformation to achieve medium to long term change that will support achievement of savings and "
    "also, in the event of a section 114 notice being issued, organisational change capacity is also essential to "
    "deliver necessary actions arising from interventions."
)
SR08_SCORES = (
    "Scores illustrative: the report calls SR08 a red risk but does not publish its likelihood and impact; the demo "
    "scores it red before and after controls."
)

# Capability maturity ------------------------------------------------------------------------------------------------

LEVELS = {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}
FINDING = (
    "The initial findings were that the Council would score towards the top end of 1 (Tactical) with some pockets "
    "in level 2 (Defined) and level 3 (Integrated). (Seed 004, paragraph 8(b).)"
)
CAPABILITY_NOTE = (
    "Illustrative capability: the seed names the LGA Transformation Capability Framework but not its capabilities; "
    "the demo uses the areas the report says the council must strengthen."
)
# (order, title, the seed's words, illustrative score, linked to SR08)
CAPABILITIES = [
    (1, "Capacity and resources for change",
     "'There is not sufficient capacity within the organisation to enable this and the council will procure a "
     "delivery partner' (paragraph 13).", Decimal("1.6"), True),
    (2, "Programme and portfolio management",
     "'We are missing opportunities to identify those changes that will deliver the greatest benefit, ensure we "
     "adopt consistent approaches to change, deploy time and resource appropriately' (paragraph 11).",
     Decimal("1.8"), False),
    (3, "Data, insight and performance management",
     "An emphasis on Digital Assurance and Performance Management (purpose of the report); 'achieving financial "
     "targets through the effective implementation of well informed and clear decisions informed by data and "
     "insight' (paragraph 7(vi)).", Decimal("1.8"), False),
    (4, "Digital and technology",
     "'Invest in digital technologies to enable services to adopt technology for various activities and processes' "
     "(paragraph 2(ii)).", Decimal("1.9"), False),
    (5, "Workforce skills and culture",
     "'The brighter futures work which is already embedded into the organisation' (paragraph 29).",
     Decimal("2.3"), False),
    (6, "Service-led change programmes",
     "'Over the past 18 months Adults, Health and Integration, Children's Services and the Place Directorate have "
     "all been undertaking bespoke, service specific programmes of improvement, change and transformation' "
     "(paragraph 10).", Decimal("3.0"), False),
]


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="cheshire-east")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    sr08 = _risk(context, programme)
    _boards_and_decision(context, organisation, programme)
    _maturity(context, organisation, sr08)
    return organisation


def _risk(context: DemoContext, programme: Programme) -> Risk:
    return context.upsert(
        Risk, {"organisation": programme.organisation, "code": "SR08"},
        {
            "title": "Ability to Achieve Organisation Change", "description": SR08_DESCRIPTION,
            "level": RiskLevel.STRATEGIC, "programme": programme,
            "inherent_likelihood": 5, "inherent_impact": 4, "residual_likelihood": 4, "residual_impact": 4,
            "controls": "In-year spend controls (CEBERT and the Spending Review Board) continue beside the "
                        "programme (paragraph 21).",
            "mitigations": "Procure a delivery partner for Phase 1 while gearing up the organisation for Phase 2 "
                           "(the hybrid option); redefine the overall risk appetite of the organisation "
                           "(paragraph 38).",
            "source": sources(SEED, "Paragraph 37: SR08 on the Strategic Risk Register, a red risk.", SR08_SCORES),
            "public": True, "illustrative": True,
        },
    )


def _boards_and_decision(context: DemoContext, organisation: Organisation, programme: Programme) -> None:
    committee = board(
        context, organisation, "Corporate Policy Committee", BoardKind.OTHER, source=SEED,
        terms_of_reference="Took the decision on the council's approach to transformation (report CP/76/23-24).",
        members=[("Chair of the Corporate Policy Committee", BoardMember.Kind.CHAIR),
                 ("Vice Chair of the Corporate Policy Committee", BoardMember.Kind.VICE_CHAIR),
                 ("Chief Executive (report author)", BoardMember.Kind.OFFICER)],
    )
    board(context, organisation, "Council", BoardKind.COUNCIL, source=SEED,
          terms_of_reference="Set the budget on 27 February 2024 (paragraph 17).")
    board(
        context, organisation, "Transformation Board", BoardKind.TRANSFORMATION, source=SEED,
        terms_of_reference="Monitors and facilitates the council's transformation, supported by the management "
                           "delivery boards, each with clear terms of reference, chaired and sponsored by a member of "
                           "the Corporate Leadership Team (paragraph 15).",
        chair_title="A member of the Corporate Leadership Team", sponsor_title="A member of the Corporate Leadership "
                                                                               "Team",
        programmes=[programme],
    )
    board(context, organisation, "Brighter Futures cultural programme", BoardKind.DELIVERY, source=SEED,
          chair_title="Chief Executive",
          terms_of_reference="The cultural programme the Chief Executive chairs (paragraph 15).")
    spending = board(
        context, organisation, "Spending Review Board", BoardKind.SPENDING, source=SEED,
        terms_of_reference="An in-year spend control, already established, to be embedded and continued beside the "
                           "transformation programme (paragraph 21).",
    )
    board(context, organisation, "CE Budget Emergency Response Team (CEBERT)", BoardKind.SPENDING, source=SEED,
          terms_of_reference="An in-year spend control, already established, to be embedded and continued beside the "
                             "transformation programme (paragraph 21).")
    contract = Contract.objects.get(organisation=organisation, code="CEC-DP")
    taken = decision(
        context, organisation, "CP/76/23-24",
        f"{TITLE}: the transformation approach and the procurement of a delivery partner",
        decision_maker=committee, decision_date=dt.date(2024, 3, 21), status=DecisionStatus.TAKEN,
        recommendation=RECOMMENDATIONS, reasons=REASONS,
        resolution="The committee approved the transformation approach and the procurement of a delivery partner "
                   "(council press release, 22 March 2024).",
        wards_affected="All wards", all_wards=True, significant_ward_impact=True,
        source=sources(SEED, APPROVED, "'All Wards are Affected.' (the report's front sheet)",
                       "Contract value: the linked delivery partner contract's fees (see the contract's sources)."),
        options=OPTIONS, implications=IMPLICATIONS, contracts=[contract],
    )
    held = meeting(context, committee, dt.date(2024, 3, 21), source=sources(SEED, APPROVED))
    item(context, held, TITLE, number="", decision=taken,
         resolution="Approved the transformation approach and the procurement of Phase 1 and Phase 2.")
    context.upsert(
        SpendRequest, {"organisation": organisation, "code": "SRB-ILL-1"},
        {
            "title": "Agency cover for a statutory service post above the spend control threshold",
            "service": "Adults, Health and Integration", "requested_by_title": "Head of Service",
            "amount_pence": 120_000_00, "board": spending, "status": SpendRequestStatus.APPROVED,
            "decided_on": dt.date(2024, 4, 9),
            "justification": "Illustrative: the sources name the Spending Review Board but publish none of its "
                             "requests. The demo shows how a request above the threshold is recorded and decided.",
            "decision_reason": "Illustrative: approved as a statutory duty with no alternative cover.",
            "illustrative": True,
        },
    )


def _maturity(context: DemoContext, organisation: Organisation, sr08: Risk) -> None:
    framework = context.upsert(
        MaturityFramework, {"organisation": organisation, "title": "LGA Transformation Capability Framework"},
        {
            "description": "The LGA's framework for a council's ability to manage and drive change, with a maturity "
                           "assessment on a scale of 1 (Tactical) to 5 (Optimised). Level 4's name is not in the "
                           "published material, so it is left blank.",
            "source": sources(SEED, "Paragraph 8: levels 1 (Tactical), 2 (Defined), 3 (Integrated) and 5 "
                                    "(Optimised).", PEER_CHALLENGE),
        },
    )
    for number, name in LEVELS.items():
        context.upsert(MaturityLevel, {"framework": framework, "number": number},
                       {"organisation": organisation, "name": name})
    capabilities = {}
    for order, title, _, _, _ in CAPABILITIES:
        capabilities[order] = context.upsert(
            Capability, {"framework": framework, "title": title},
            {"organisation": organisation, "order": order, "description": CAPABILITY_NOTE},
        )
    assessment = context.upsert(
        MaturityAssessment,
        {"organisation": organisation, "framework": framework, "kind": AssessmentKind.SELF,
         "date": dt.date(2024, 1, 31)},
        {
            "assessor_title": "The council (self-assessment in preparation for the LGA Corporate Peer Challenge)",
            "summary": FINDING,
            "source": sources(SEED, "Paragraph 8(a): a self-assessment was undertaken in January 2024.", MONTH_END_NOTE,
                              "Scores per capability: illustrative, chosen to match the finding (top end of level 1, "
                              "pockets of 2 and 3)."),
            "illustrative": True,
        },
    )
    for order, _, evidence, score, linked in CAPABILITIES:
        context.upsert(
            MaturityScore, {"assessment": assessment, "capability": capabilities[order]},
            {"organisation": organisation, "score": score, "evidence": f"{evidence} {FINDING}",
             "risk": sr08 if linked else None},
        )
    context.upsert(
        ImprovementAction, {"capability": capabilities[1], "title": "Procure a delivery partner for Phase 1 and "
                                                                    "Phase 2"},
        {"organisation": organisation, "owner_title": "Chief Executive", "due_date": dt.date(2024, 10, 31),
         "done": True},
    )
    context.upsert(
        ImprovementAction,
        {"capability": capabilities[2], "title": "Produce the improvement plan from the LGA peer review's "
                                                 "recommendations"},
        {"organisation": organisation, "owner_title": "Chief Executive", "due_date": None, "done": False},
    )
