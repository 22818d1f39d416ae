"""Cheshire East Council's money: the MTFS 2024/25 to 2027/28 (£100m over four years, £30m in 2024/25), the
funding of the change (LGA grant, reserves virement, Exceptional Financial Support and its conditions), the
delivery partner, and the savings lines of the projects that the sources give figures for.

Sources: Beacon seed 004 (Corporate Policy Committee, 21 March 2024) and data/seed-councils/cheshire-east.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.core.models import Organisation
from beacon.demo.cheshire_east import BUDGET_CONSULTATION, PHASE_1_COMPLETE, PLACE_PAGE, PLAN_APPROVED, PLAN_PRESS, SEED
from beacon.demo.loader import (
    ILLUSTRATIVE_CONFIDENCE,
    ILLUSTRATIVE_LEAD,
    ILLUSTRATIVE_UPDATE_DUE,
    DemoContext,
    commentary,
    sources,
)
from beacon.demo.money import (
    OUTCOME_ILLUSTRATIVE,
    MtfsFigures,
    approve,
    benefit,
    budget_line,
    carry,
    contract,
    cost,
    deliver,
    forecast,
    funding,
    mtfs,
    pence,
    savings_line,
    spread,
)
from beacon.finance.models import BenefitKind, FundingKind, FundingStatus, Recurrence
from beacon.programmes.models import Confidence, Phase, Programme, Project, Stage, Workstream

BUDGET_AGREED = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-agrees-budget-plans-to-protect-vital-services.aspx (1 March 2024)"
)
BUDGET_PAGE = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/your_council/council_finance_and_governance/"
    "cheshire_east_budget/cheshire-east-budget.aspx (budget and MTFS agreed 27 February 2024)"
)
MARCH_2024 = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-to-transform-for-financial-sustainability.aspx (22 March 2024)"
)
GAP_FORECAST = (
    "https://silk1069.com/news/local-news/cheshire-east-seeks-residents-feedback-on-budget-planning (c. October-"
    "November 2024)"
)
NO_PLAN_SAVINGS_2024 = (
    "https://sandbach.nub.news/news/local-news/councillors-promised-full-update-on-plan-to-transform-cheshire-east-"
    "and-save-up-to-ps91-million-268010 (7 August 2025)"
)
MTFS_2025 = "https://moderngov.cheshireeast.gov.uk/ecMinutes/mgAi.aspx?ID=76434 (6 February 2025)"
EFS_BBC = "https://snackydog.com/news/articles/c3rnl0yqx49o (a copy of a BBC report, February 2025)"
EFS_2025 = (
    "https://thenantwichnews.co.uk/2025/02/21/cec-to-receive-25-3m-exceptional-financial-help-from-government/ "
    "(21 February 2025)"
)
PHASE_1_ESTIMATE = (
    "https://www.knutsfordguardian.co.uk/news/24203954.cheshire-east-embarks-shake-up-plan-ensure-financial-"
    "stability/ (22 March 2024)"
)
FEES_QUERIED = "https://moderngov.cheshireeast.gov.uk/ecminutes/mgAi.aspx?ID=77948 (c. October 2025)"
INVESTMENT_2026 = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-puts-forward-plans-to-protect-services-and-work-towards-financial-sustainability.aspx "
    "(24 February 2026)"
)
RIGHT_CHILD = (
    "https://www.silk1069.com/news/local-news/cheshire-east-council-sets-out-transformation-vision (c. May 2025)"
)
DIGITAL_PRESS = (
    "https://prolificnorth.co.uk/news/artificial-intelligence-could-save-north-west-council-60-million (c. spring "
    "2025)"
)
TATTON_SUBSIDY = "https://feeds.bbci.co.uk/news/uk-england-manchester-63756006 (2022)"
FOUR_YEARS_OF_PROPOSALS = (
    "Illustrative split: the source gives the total over the four years of the budget proposals (2026/27 to "
    "2029/30) without years; the demo spreads it evenly and loads the two years inside this MTFS (2026/27 and "
    "2027/28). The other half falls beyond it."
)
EFS_CONDITIONS = (
    "Conditions of DLUHC's letter of 29 February 2024 (seed 004, paragraphs 18 and 28): undergo an external "
    "assurance review of the council's financial position and financial management, and of its work to improve "
    "productivity and efficiency; produce an improvement and transformation programme within six months (by "
    "August 2024), focused on the council's key objectives and the medium-term financial position; include in it "
    "the recommendations of the external review. Met: the Transformation Plan was approved on 21 August 2024 and "
    "sent to MHCLG by 27 August 2024."
)

# The plan's range is £59m-£91m over four years; the demo holds the programme to the bottom of it, the figure a
# section 151 officer would plan on. It is placed in 2025/26-2027/28 because the plan's savings start in 2025/26.
PROGRAMME_SHARE = pence("£59m")
SAVINGS_REQUIRED = pence("£100m")
FIRST_YEAR = pence("£30m")
LATER_YEARS = ["2025/26", "2026/27", "2027/28"]
LATER_SPLIT = [pence("£24m"), pence("£23m"), pence("£23m")]
PROGRAMME_SPLIT = [pence("£17m"), pence("£21m"), pence("£21m")]


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="cheshire-east")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    _mtfs(context, programme)
    _funding_and_partner(context, programme)
    projects = _new_projects(context, programme)
    projects.update({p.code: p for p in Project.objects.filter(organisation=organisation)})
    _savings(context, organisation, projects)
    _benefits(context, projects)
    return organisation


def _mtfs(context: DemoContext, programme: Programme) -> None:
    assert FIRST_YEAR + sum(LATER_SPLIT) == SAVINGS_REQUIRED and sum(PROGRAMME_SPLIT) == PROGRAMME_SHARE
    later_note = (
        "Illustrative: the MTFS's split of the £70m still required after 2024/25 is not published, so the demo "
        "spreads it over 2025/26 to 2027/28. The programme's share is the bottom of the Transformation Plan's "
        "£59m-£91m (August 2024), the figure the demo holds the programme to, spread over the years in which the "
        "plan's savings fall (none were expected in 2024/25); its split is illustrative too."
    )
    # The press reported other gap forecasts; they are on a different basis from the £100m, so they are notes.
    compare = {
        "2025/26": " For comparison: the press reported a forecast gap of £41.9m for 2025/26 in the February 2024 "
                   "MTFS, revised to £31.4m in autumn 2024 (Exceptional Financial Support of £31.4m was asked for "
                   "and £25.3m granted). It is a later forecast on a different basis from the £100m, so it is not "
                   "used as this year's figure.",
        "2027/28": " The press also reported a forecast gap of £81.5m by 2027/28 in the February 2024 MTFS; the "
                   "demo reads it as cumulative from 2025/26 (an inference) and does not use it as this year's "
                   "figure.",
    }
    years = [
        MtfsFigures(
            "2024/25", FIRST_YEAR, 0, illustrative=False,
            note="£30m of savings agreed in the 2024/25 budget (1 March 2024). The programme's share is nil: the "
                 "Transformation Plan expected no savings in 2024/25; they start in 2025/26 (press, 7 August 2025).",
        ),
        *(
            MtfsFigures(year, required, share, illustrative=True, note=later_note + compare.get(year, ""))
            for year, required, share in zip(LATER_YEARS, LATER_SPLIT, PROGRAMME_SPLIT, strict=True)
        ),
    ]
    mtfs(
        context, programme,
        title="Medium-Term Financial Strategy 2024/25 to 2027/28",
        description=(
            "The MTFS agreed with the 2024/25 budget on 27 February 2024: a funding gap of £100m over the four "
            "years 2024/25 to 2027/28, to be closed by savings, of which £30m were agreed in the 2024/25 budget. "
            "The transformation programme is measured against £59m (the bottom of the Transformation Plan's "
            "£59m-£91m range over four years, plus about £14m from digital projects). The next MTFS (2025/26 to "
            "2028/29, approved 26 February 2025) holds about £72m of gross transformation savings, not split by "
            "year in the source. The plan's per-project savings were not published: the projects below are those "
            "the sources give figures for (and a few illustrative ones), so the gap shown is mostly what the "
            "sources do not attribute to a project, not a shortfall the council reported."
        ),
        approved_date=dt.date(2024, 2, 27),
        source=sources(SEED, MARCH_2024, BUDGET_AGREED, BUDGET_PAGE, *PLAN_PRESS, GAP_FORECAST,
                       NO_PLAN_SAVINGS_2024, MTFS_2025),
        years=years,
    )


def _funding_and_partner(context: DemoContext, programme: Programme) -> None:
    lga = funding(
        context, programme, code="CEC-LGA", title="LGA grant to support the transformation programme",
        kind=FundingKind.GRANT, amount=pence("£100,000"), status=FundingStatus.RECEIVED, year="2024/25",
        conditions="To support the transformation programme; the Chief Executive approved the supplementary "
                   "estimate under the constitution.",
        source=sources(
            f"{SEED} Paragraph 25: £100,000.",
            f"A press report gives £105,000: {PHASE_1_ESTIMATE}. The demo keeps the council report's £100,000.",
        ),
    )
    reserves = funding(
        context, programme, code="CEC-RES", title="Virement from reserves for Phase 1",
        kind=FundingKind.RESERVES, amount=pence("£350,000"), up_to=True, status=FundingStatus.AGREED,
        year="2024/25",
        conditions="Within the scheme of delegation of the Chief Finance Officer, in consultation with the Chief "
                   "Executive.",
        source=f"{SEED} Paragraph 26: 'could be as much as £350,000'.",
    )
    funding(
        context, programme, code="CEC-EFS-2024", title="Exceptional Financial Support 2024/25 (capitalisation)",
        kind=FundingKind.EFS, amount=pence("£17.6m"), status=FundingStatus.AGREED, year="2024/25",
        conditions=EFS_CONDITIONS, deadline=dt.date(2024, 8, 31),
        source=sources(
            f"{SEED} Paragraphs 5, 18 and 28 (conditions; deadline 'August 24', taken as 31 August 2024).",
            f"£17.6m sought with the budget of 27 February 2024: {BUDGET_PAGE}",
            f"Granted, and not drawn by early 2025: {EFS_BBC}",
        ),
    )
    funding(
        context, programme, code="CEC-EFS-2025", title="Exceptional Financial Support 2025/26",
        kind=FundingKind.EFS, amount=pence("£25.3m"), status=FundingStatus.AGREED, year="2025/26",
        conditions="£31.4m was asked for in December 2024; £25.3m was granted. Its conditions are not in the "
                   "sources found.",
        source=sources(EFS_2025, EFS_BBC),
    )
    funding(
        context, programme, code="CEC-EFS-2026", title="Exceptional Financial Support 2026/27 (requested)",
        kind=FundingKind.EFS, amount=pence("£23.7m"), status=FundingStatus.EXPECTED, year="2026/27",
        conditions="Asked for in December 2024; whether it was granted is not in the sources found.",
        source=EFS_BBC,
    )
    funding(
        context, programme, code="CEC-FUND", title="Money set aside in the Transformation Plan to fund the change",
        kind=FundingKind.OTHER, amount=pence("£3m"), status=FundingStatus.AGREED,
        source="https://chronicleseries.com/once-in-a-generation-plans-are-sent-to-govt (August 2024)",
    )
    funding(
        context, programme, code="CEC-INV-2026", title="Transformation investment 2026/27 to 2028/29 (proposed)",
        kind=FundingKind.OTHER, amount=pence("£20m"), status=FundingStatus.EXPECTED,
        conditions="Proposed with the 2026/27 budget, over three years, beside £20m for children's services "
                   "improvement.",
        source=INVESTMENT_2026,
    )
    phase_1_project = Project.objects.get(organisation=programme.organisation, code="CEC-P1")
    estimate = sources(
        f"Early estimate of the Phase 1 cost, about £450,000: {PHASE_1_ESTIMATE}",
        f"{SEED} Paragraphs 25-26 (the LGA grant and the reserves virement, which add up to the estimate; "
        "matching the cost to them is the demo's reading).",
    )
    cost(context, programme, project=phase_1_project, title="Phase 1 delivery partner: paid by the LGA grant",
         year="2024/25", amount=pence("£100,000"), paid_by=lga, source=estimate)
    cost(context, programme, project=phase_1_project, title="Phase 1 delivery partner: paid by the reserves virement",
         year="2024/25", amount=pence("£350,000"), paid_by=reserves, source=estimate)
    digital = Project.objects.get(organisation=programme.organisation, code="CEC-DAP")
    for year, amount in zip(["2025/26", "2026/27", "2027/28", "2028/29"], spread(pence("£10.8m"), 4), strict=True):
        cost(context, programme, project=digital, title="Digital programmes: investment", year=year, amount=amount,
             illustrative=True,
             source=sources(f"£10.8m over 2025/26 to 2028/29: {MTFS_2025}",
                            "Illustrative split: the source gives no years, so the demo spreads it evenly."))
    contract(
        context, programme, code="CEC-DP", title="Transformation delivery partner (Phases 1 and 2)",
        partner="Inner Circle Consulting", fees=pence("£5m"), savings_identified=PROGRAMME_SHARE,
        deliverables=(
            "Phase 1 (3-6 months): benchmarking against comparator authorities; deep-dive reviews of all service "
            "areas including zero-based budgets; a workforce development strategy; a whole-organisation "
            "transformation programme to present to DLUHC by August 2024. Phase 2 (6-36 months): support to "
            "implement the programme. Fees: members queried about £5m of partner fees over 2024/25 and 2025/26; "
            "Phase 1 was first estimated at about £450,000. Savings identified: the bottom of the Transformation "
            "Plan's £59m-£91m over four years (plus about £14m from digital projects, not counted here), which "
            "officers and the partner drew up."
        ),
        source=sources(
            f"{SEED} Paragraphs 14 (phases and outputs) and 27 (a return of 3:1 to 5:1 expected of any external "
            "partner).",
            f"Partner named: {PHASE_1_COMPLETE}",
            "https://www.placenorthwest.co.uk/cheshire-east-outlines-strategy-to-resolve-100m-budget-gap/ "
            "(August 2024)",
            f"Fees of about £5m queried by members: {FEES_QUERIED}",
            f"Phase 1 estimate: {PHASE_1_ESTIMATE}",
            *PLAN_APPROVED[:1],
        ),
        # The contract spans both phases, so it names neither; its start is the committee's approval.
        start_date=dt.date(2024, 3, 21),
        roi_low=Decimal(3), roi_high=Decimal(5),
        milestones=[
            ("Phase 1: whole-organisation transformation plan for DLUHC/MHCLG (fee: the early estimate of Phase 1)",
             dt.date(2024, 8, 31), dt.date(2024, 8, 21), pence("£450,000")),
            ("Phase 1 complete; Phase 2 implementation starts (c. October 2024)", dt.date(2024, 10, 31),
             dt.date(2024, 10, 31), None),
            ("Phase 2 implementation support to the end of 2025/26 (illustrative: the fee is the rest of the "
             "~£5m and the dates are the demo's)", dt.date(2026, 3, 31), dt.date(2026, 3, 31), pence("£4,550,000")),
        ],
    )


def _new_projects(context: DemoContext, programme: Programme) -> dict[str, Project]:
    """Projects in the plan's programme areas that the press names without figures; their savings are
    illustrative, so that the programme's position is not made of a handful of lines."""
    areas = {w.title: w for w in Workstream.objects.filter(programme=programme)}
    phase_2 = Phase.objects.get(programme=programme, title="Phase 2")
    illustrative = (ILLUSTRATIVE_CONFIDENCE, ILLUSTRATIVE_LEAD, ILLUSTRATIVE_UPDATE_DUE)
    named = "Named in the Transformation Plan's programme areas (press, August 2024); no figure was published."
    specs = [
        ("CEC-WF", "Sickness absence and agency use", "Workplace / Workforce", "Head of HR", Confidence.AMBER, -8,
         "Cut sickness absence and the use of agency staff."),
        ("CEC-ANPR", "ANPR enforcement income", "Place", "Head of Highways", Confidence.GREEN, 16,
         "Income from automatic number plate recognition (ANPR) enforcement."),
        ("CEC-WASTE", "Waste collection changes", "Place", "Head of Environmental Services", Confidence.RED, -19,
         "Changes to waste collection, such as three-weekly collection."),
    ]
    projects = {}
    for code, title, area, lead_title, rating, due_in, what in specs:
        projects[code] = context.project(
            programme, code=code, title=title, workstream=areas[area], phase=phase_2,
            description=f"{what} {named}", stage=Stage.DELIVERY if rating != Confidence.RED else Stage.HLBC,
            lead_title=lead_title, delivery_confidence=rating, update_due=context.days(due_in),
            status_commentary=commentary("Stage: illustrative. Savings: illustrative.", *illustrative),
            source=sources(*PLAN_PRESS),
        )
    return projects


def _savings(context: DemoContext, organisation: Organisation, p: dict[str, Project]) -> None:
    lines = {
        code: budget_line(context, organisation, code=code, title=title, service=service, budget=budget)
        for code, title, service, budget in [
            ("CF-PLACE", "Children's placements", "Children and Families", None),
            ("AH-CARE", "Adult social care: commissioned care", "Adults and Health", None),
            ("PL-ESTATE", "Corporate estate and facilities", "Place", None),
            ("PL-TATTON", "Tatton Park: council subsidy (2022 figure)", "Place", pence("£849,000")),
            ("PL-HIGH", "Highways and parking", "Place", None),
            ("PL-WASTE", "Waste collection", "Place", None),
            ("CR-POST", "Post and print", "Corporate Services", None),
            ("CR-PAY", "Pay and agency staff", "Corporate Services", None),
            ("CR-FEES", "Fees and charges income", "Corporate Services", None),
            ("DG-CONTACT", "Customer contact and case work", "Digital", None),
        ]
    }
    confirmed = "Confirmed as delivered by the finance officer."
    savings_line(
        context, p["CEC-RCRH"], code="CEC-RCRH-2024", year="2024/25", amount=pence("£2.18m"),
        title="Placement step-down and better-matched homes", budget=lines["CF-PLACE"],
        source=sources(f"£2.18m saved in 2024/25, reported in the 2024-25 end-of-year report: {RIGHT_CHILD}",
                       "Recurring: the demo's reading (placements that cost less go on costing less)."),
        steps=[approve(), deliver(f"{confirmed} Reported as saved in the 2024-25 end-of-year report.")],
    )
    savings_line(
        context, p["CEC-CL"], code="CEC-CL-2025", year="2025/26", amount=pence("£50k"), budget=lines["PL-ESTATE"],
        title="Corporate landlord model", source=PLACE_PAGE,
        steps=[approve(), carry(f"Asset mapping is late, so the saving moves to 2026/27. {OUTCOME_ILLUSTRATIVE}",
                                to="2026/27")],
    )
    savings_line(
        context, p["CEC-OM"], code="CEC-OM-2025", year="2025/26", amount=pence("£300k"), budget=lines["CR-POST"],
        title="Consolidated outgoing post", source=PLACE_PAGE,
        steps=[approve(), deliver(f"{confirmed} {OUTCOME_ILLUSTRATIVE}")],
    )
    savings_line(
        context, p["CEC-TP"], code="CEC-TP-2026", year="2026/27", amount=pence("£250k"), budget=lines["PL-TATTON"],
        title="Lower council subsidy", illustrative=True,
        source=sources(PLACE_PAGE, f"Subsidy of £849K a year in 2022: {TATTON_SUBSIDY}",
                       "Illustrative amount and year: the source gives the 2025/26 saving as 'TBC'."),
        steps=[forecast("The National Trust arrangement is still under review. Illustrative forecast.",
                        pence("£150k"))],
    )
    savings_line(
        context, p["CEC-EHC"], code="CEC-EHC-2026", year="2026/27", amount=pence("£1m"),
        recurrence=Recurrence.ONE_OFF, title="Sale of habitat credits",
        source=sources(BUDGET_CONSULTATION[0], "One-off: the demo's reading (a sale of credits)."),
        steps=[approve()],
    )
    for code, project, total, budget, steps in [
        ("CEC-AH", p["CEC-AH"], pence("£11.8m"), lines["AH-CARE"], [approve()]),
        ("CEC-CF", p["CEC-CF"], pence("£3.8m"), lines["CF-PLACE"], []),
        ("CEC-VM", p["CEC-VM"], pence("£8.3m"), lines["CR-PAY"], [approve()]),
    ]:
        for year, amount in zip(["2026/27", "2027/28"], spread(total, 4)[:2], strict=True):
            savings_line(
                context, project, code=f"{code}-{year[:4]}", year=year, amount=amount, budget=budget,
                illustrative=True, source=sources(*BUDGET_CONSULTATION, FOUR_YEARS_OF_PROPOSALS), steps=steps,
            )
    savings_line(
        context, p["CEC-FEES"], code="CEC-FEES-2027", year="2027/28", amount=pence("£1.25m"), budget=lines["CR-FEES"],
        title="Full-cost recovery on fees and charges", illustrative=True,
        source=sources(BUDGET_CONSULTATION[0], "Illustrative year: the source gives no years; the demo places it in "
                                               "2027/28, the first year after the first January price setting."),
        steps=[approve()],
    )
    digital = sources(
        DIGITAL_PRESS, "https://rg-cs.co.uk/tech-news-council-says-ai-could-save-them-60m (c. spring 2025)",
        "Illustrative split: the sources give £40m-£60m over three years, then up to £14m a year, and the plan about "
        "£14m from digital projects; the demo builds up to £14m a year of recurring saving by 2027/28.",
    )
    savings_line(
        context, p["CEC-DAP"], code="CEC-DAP-2025", year="2025/26", amount=pence("£4m"), budget=lines["DG-CONTACT"],
        title="AI assistant and digital case work", illustrative=True, source=digital,
        steps=[approve(), deliver(f"{confirmed} Part delivered; the rest will not be made this year and is written "
                                  f"off. {OUTCOME_ILLUSTRATIVE}", pence("£3m"), rest="write_off")],
    )
    for year in ("2026/27", "2027/28"):
        savings_line(
            context, p["CEC-DAP"], code=f"CEC-DAP-{year[:4]}", year=year, amount=pence("£5m"),
            budget=lines["DG-CONTACT"], title="AI assistant and digital case work", illustrative=True, source=digital,
            steps=[approve()],
        )
    named = sources(*PLAN_PRESS, "Illustrative amount: no figure was published for this project.")
    savings_line(
        context, p["CEC-WF"], code="CEC-WF-2025", year="2025/26", amount=pence("£1.5m"), budget=lines["CR-PAY"],
        title="Less sickness absence and agency use", illustrative=True, source=named,
        steps=[approve(), deliver(f"{confirmed} {OUTCOME_ILLUSTRATIVE}", pence("£1.2m"), rest="carry_forward",
                                  to="2026/27")],
    )
    savings_line(
        context, p["CEC-ANPR"], code="CEC-ANPR-2025", year="2025/26", amount=pence("£500k"), budget=lines["PL-HIGH"],
        title="ANPR enforcement income", illustrative=True, source=named,
        steps=[approve(), deliver(f"{confirmed} {OUTCOME_ILLUSTRATIVE}")],
    )
    savings_line(
        context, p["CEC-WASTE"], code="CEC-WASTE-2026", year="2026/27", amount=pence("£1.5m"),
        budget=lines["PL-WASTE"], title="Waste collection changes", illustrative=True, source=named,
    )


def _benefits(context: DemoContext, p: dict[str, Project]) -> None:
    benefit(
        context, p["CEC-TP"], code="CEC-TP-B1", title="A smaller council subsidy to Tatton Park",
        kind=BenefitKind.FINANCIAL, measure="The council's yearly subsidy towards Tatton Park's running costs",
        unit="£ a year", owner_title="Head of Visitor Economy", baseline=Decimal(849_000),
        target=Decimal(600_000), target_date=dt.date(2027, 3, 31), illustrative=True,
        source=sources(f"Baseline: £849K a year towards running costs of about £5m (2022): {TATTON_SUBSIDY}",
                       "Target and date: illustrative (the place programme page gives the saving as 'TBC')."),
    )
    benefit(
        context, p["CEC-DAP"], code="CEC-DAP-B1", title="Customer contacts resolved by the AI assistant",
        measure="Share of customer contacts resolved without being passed to an officer", unit="%",
        owner_title="Head of Digital", baseline=Decimal(0), baseline_date=dt.date(2025, 4, 1),
        target=Decimal(30), target_date=dt.date(2028, 3, 31), illustrative=True,
        source=sources(DIGITAL_PRESS, "Measure, baseline and target: illustrative."),
        profile=[(dt.date(2026, 3, 31), Decimal(10), Decimal(8)), (dt.date(2027, 3, 31), Decimal(20), None),
                 (dt.date(2028, 3, 31), Decimal(30), None)],
    )
