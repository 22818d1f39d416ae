"""Northumberland County Council's money: the Medium-Term Financial Plan 2023-27 with each year's savings, the
BEST programme's £9m budget over three years, the delivery-partner tender NCC830B, and the savings of the
business case's adult social care and home-to-school transport projects.

Sources: Beacon seed 002 (committee minute, January 2023) and data/seed-councils/northumberland.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext, sources
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
)
from beacon.demo.northumberland import GAZETTE_13_JAN, GAZETTE_18_JAN, GAZETTE_25_JAN, SEED, TENDER
from beacon.finance.models import FundingKind, FundingStatus
from beacon.programmes.models import Programme, Project

MTFP_2023 = (
    "https://northumberland.moderngov.co.uk/mgAi.aspx?ID=6649 (Budget 2023-24 and MTFP 2023-27, February 2023)"
)
ITV_2023 = (
    "https://itv.com/news/tyne-tees/2023-02-04/councils-frontline-services-will-be-protected-despite-17-million-cuts "
    "(4 February 2023: cuts of £17m over the next year)"
)
LEADER_2023 = (
    "https://www.northumberlandgazette.co.uk/news/politics/high-level-of-inflation-makes-setting-budget-difficult-"
    "admits-northumberland-council-leader-4027248 (14 February 2023: the programme will cost about £3m a year and "
    "save about £17m)"
)
BUDGET_2024 = (
    "https://www.morpethherald.co.uk/news/politics/council/deputy-council-leader-claims-front-line-services-in-"
    "northumberland-wont-be-affected-by-ps32m-savings-needed-by-2028-4477963 (January 2024)",
    "https://northumberland.moderngov.co.uk/mgAi.aspx?ID=11190 (February 2024)",
)
BUDGET_2025 = "https://www.northumberland.gov.uk/News/2025/Feb/Budget-approved-by-council.aspx (20 February 2025)"
BUDGET_2026 = (
    "https://councilgateway.poteris.co.uk/decisions/157026 (a copy of the council's decision, ID 417, c. February "
    "2026)"
)
YEAR_ONE = "Years: Year 1 is taken as 2023/24, an assumption (the programme is funded from the 2023/24 budget)."
# The programme's £17m is spread over its three years in the same proportions as the business case's adult
# social care savings (1:2:1), the only yearly profile the sources give.
PROGRAMME_SPLIT = [pence("£4.25m"), pence("£8.5m"), pence("£4.25m")]


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="northumberland")
    programme = Programme.objects.get(organisation=organisation, title="Strategic Change Programme (BEST)")
    projects = {p.code: p for p in Project.objects.filter(organisation=organisation)}
    _mtfs(context, programme)
    _costs_and_partner(context, programme)
    _savings(context, organisation, projects)
    benefit(
        context, projects["NCC-HTST"], code="NCC-HTST-B1", title="More pupils travelling with a personal travel budget",
        measure="Pupils eligible for home-to-school transport who travel with a personal travel budget", unit="pupils",
        owner_title="Head of Transport Services", baseline=Decimal(120), baseline_date=dt.date(2023, 4, 1),
        target=Decimal(300), target_date=dt.date(2027, 7, 31), illustrative=True,
        source=sources(GAZETTE_18_JAN, "Measure, baseline, target and dates: illustrative (the business case names "
                                       "wider use of personal travel budgets without figures)."),
    )
    return organisation


def _mtfs(context: DemoContext, programme: Programme) -> None:
    share = (
        "The programme's share: about £17m over its three years (the leader, February 2023), spread in the "
        "proportions of the business case's adult social care savings (1:2:1): illustrative."
    )
    mtfs(
        context, programme,
        title="Medium-Term Financial Plan 2023-27",
        description=(
            "The plan presented with the 2023-24 budget. Its own figures by year were not found, so each year holds "
            "the savings of that year's budget: 2023/24 about £17m (proposed, press); 2024/25 £10.85m (press gives "
            "£10.85m-£10.9m; £31.1m-£32m to 2028); 2025/26 £16.299m (agreed 20 February 2025); 2026/27 £18.539m. "
            "The BEST programme's ambition: about £17m over three years, more than £20m council-wide, at least "
            "£17m a year recurring (press, January-February 2023). Only two of the business case's projects have "
            "published figures, so the gap shown is mostly what the sources do not attribute to a project."
        ),
        source=sources(MTFP_2023, ITV_2023, LEADER_2023, *BUDGET_2024, BUDGET_2025, BUDGET_2026, GAZETTE_13_JAN),
        years=[
            MtfsFigures("2023/24", pence("£17m"), PROGRAMME_SPLIT[0], illustrative=True,
                        note=f"Savings of about £17m proposed for 2023/24 (press, February 2023). {share}"),
            MtfsFigures("2024/25", pence("£10.85m"), PROGRAMME_SPLIT[1], illustrative=True,
                        note=f"Savings of £10.85m in the 2024/25 budget (the lower of the figures reported). {share}"),
            MtfsFigures("2025/26", pence("£16.299m"), PROGRAMME_SPLIT[2], illustrative=True,
                        note=f"Savings of £16.299m agreed in the 2025/26 budget. {share}"),
            MtfsFigures("2026/27", pence("£18.539m"), 0, illustrative=False,
                        note="Efficiencies of £18.539m in the 2026/27 budget. The programme's three years end in "
                             "2025/26 and no share for 2026/27 is published, so none is set."),
        ],
    )


def _costs_and_partner(context: DemoContext, programme: Programme) -> None:
    budget = funding(
        context, programme, code="NCC-BEST-BUDGET", title="Ring-fenced BEST programme budget",
        kind=FundingKind.OTHER, amount=pence("£9m"), status=FundingStatus.AGREED,
        conditions="£3m a year for three years, for staff, technology, systems and external support (not all "
                   "consultancy).",
        source=sources(GAZETTE_25_JAN, GAZETTE_18_JAN, LEADER_2023),
    )
    for year in ("2023/24", "2024/25", "2025/26"):
        cost(context, programme, title="BEST programme: staff, technology, systems and external support", year=year,
             amount=pence("£3m"), paid_by=budget, source=sources(GAZETTE_25_JAN, LEADER_2023))
    contract(
        context, programme, code="NCC830B", title="NCC830B BEST Transformation Delivery Partner",
        partner="Not published", fees=pence("£3,000,000"), savings_identified=0,
        deliverables=(
            "Support a three-year BEST journey; aims: customer experience, staff experience, efficiency and best "
            "value (CPV 79400000). The winning supplier is not named in the sources found. The savings the partner "
            "has identified are not published, so none are recorded and the return on investment cannot yet be "
            "judged. The expected range (3:1 to 5:1) is Beacon's default, from Cheshire East's report; "
            "Northumberland's own is not published."
        ),
        source=sources(TENDER, SEED),
        start_date=dt.date(2023, 11, 2),
        milestones=[("Tender record: procurement complete", dt.date(2023, 11, 2), dt.date(2023, 11, 2), None)],
    )


def _savings(context: DemoContext, organisation: Organisation, p: dict[str, Project]) -> None:
    care = budget_line(context, organisation, code="ASC", title="Adult social care (2024/25 net budget)",
                       service="Adults", budget=pence("£235m"))
    transport = budget_line(context, organisation, code="HTST", title="Home-to-school transport",
                            service="Children, Young People and Education")
    corporate = budget_line(context, organisation, code="CORP", title="Corporate and enabling services",
                            service="Enabling Services")
    confirmed = f"Confirmed as delivered by the finance officer. {OUTCOME_ILLUSTRATIVE}"
    asc = sources(GAZETTE_18_JAN, "Draft strategic business case: Year 1 £960,336, Year 2 £1,920,672, Year 3 "
                                  f"£960,336. {YEAR_ONE}")
    savings_line(
        context, p["NCC-ASC"], code="NCC-ASC-2023", year="2023/24", amount=pence(960_336), budget=care,
        title="Adult social care savings (business case Year 1)", source=asc, steps=[approve(), deliver(confirmed)],
    )
    savings_line(
        context, p["NCC-ASC"], code="NCC-ASC-2024", year="2024/25", amount=pence(1_920_672), budget=care,
        title="Adult social care savings (business case Year 2)", source=asc,
        steps=[approve(), deliver(
            f"Confirmed as delivered by the finance officer, in part: care-package reviews took longer than planned, "
            f"so the rest moves to 2025/26. {OUTCOME_ILLUSTRATIVE}", pence(1_500_000), rest="carry_forward",
            to="2025/26",
            then=(carry(f"Still not made in 2025/26: carried again, to 2026/27. {OUTCOME_ILLUSTRATIVE}", "2026/27"),),
        )],
    )
    savings_line(
        context, p["NCC-ASC"], code="NCC-ASC-2025", year="2025/26", amount=pence(960_336), budget=care,
        title="Adult social care savings (business case Year 3)", source=asc, steps=[approve(), deliver(confirmed)],
    )
    savings_line(
        context, p["NCC-HTST"], code="NCC-HTST-2026", year="2026/27", amount=pence(618_613), budget=transport,
        title="Pick-up points and personal travel budgets", illustrative=True,
        source=sources(GAZETTE_18_JAN, "Illustrative year: the source gives the total without years; the project "
                                       "is still at full business case in the demo, so its saving is placed in "
                                       "2026/27."),
        steps=[forecast(f"The review of pick-up points is not finished. {OUTCOME_ILLUSTRATIVE}", pence(500_000))],
    )
    savings_line(
        context, p["NCC-COE"], code="NCC-COE-2026", year="2026/27", amount=pence("£400,000"), budget=corporate,
        title="Services streamlined into centres of excellence", illustrative=True,
        source=sources(SEED, "Illustrative amount and year: the minute gives no figure."),
    )
