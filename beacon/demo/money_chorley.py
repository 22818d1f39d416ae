"""Chorley Council's money: the MTFS 2016/17 to 2018/19 around the Transformation Strategy, the £1.4m of the
2016/17 budget for corporate-priority projects, and illustrative savings of the strategy's initial actions.

Sources: Beacon seed 000 (Executive Cabinet, 21 January 2016) and data/seed-councils/chorley.md. No savings
schedule for the strategy was found, so every savings line here is illustrative, at the scale the sources suggest
for a district council (£0.1m-£1.5m a year).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.core.models import Organisation
from beacon.demo.chorley import NO_FOLLOW_UP, SEED
from beacon.demo.loader import DemoContext, sources
from beacon.demo.money import (
    OUTCOME_ILLUSTRATIVE,
    MtfsFigures,
    approve,
    benefit,
    budget_line,
    carry,
    cost,
    deliver,
    funding,
    mtfs,
    pence,
    savings_line,
)
from beacon.finance.models import FundingKind, FundingStatus
from beacon.programmes.models import Programme, Project

BUDGET_2016 = "https://democracy.chorley.gov.uk/mgAi.aspx?ID=44000 (budget 2016/17, c. February-March 2016)"
MTFS_2017 = "https://democracy.chorley.gov.uk/mgAi.aspx?ID=49400 (January 2017)"
BUDGET_2017 = "http://chorley.gov.uk/news/Pages/Budget-agreed.aspx (28 February - 2 March 2017)"
ILLUSTRATIVE_LINE = sources(
    "Illustrative: no savings schedule for the Transformation Strategy was found; the amount and year are the "
    "demo's, at the scale the sources suggest for a district council (£0.1m-£1.5m a year).",
    NO_FOLLOW_UP,
)


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="chorley")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Strategy 2016")
    projects = {p.code: p for p in Project.objects.filter(organisation=organisation)}
    _mtfs(context, programme)
    _investment(context, programme, projects)
    _savings(context, organisation, projects)
    benefit(
        context, projects["TS-G"], code="TS-G-B1", title="More customer contacts completed online",
        measure="Share of customer contacts with the council completed online", unit="%",
        owner_title="Head of Customer Services", baseline=Decimal(20), baseline_date=dt.date(2016, 1, 21),
        target=Decimal(40), target_date=dt.date(2018, 3, 31), illustrative=True,
        source=sources(SEED, "Measure, baseline, target and profile: illustrative (the report names the customer "
                             "services strategy without measures)."),
        profile=[(dt.date(2017, 3, 31), Decimal(30), Decimal(27)), (dt.date(2018, 3, 31), Decimal(40), Decimal(36))],
    )
    return organisation


def _mtfs(context: DemoContext, programme: Programme) -> None:
    share = "The strategy's share is not published (it is to 'support the delivery of the MTFS'): illustrative."
    mtfs(
        context, programme,
        title="Medium Term Financial Strategy 2016/17 to 2018/19",
        description=(
            "The MTFS around the Transformation Strategy. 2016/17: £1.167m of budget efficiencies, council tax "
            "frozen for the fourth year, no front-line cuts, £1.4m for corporate-priority projects. From January "
            "2017: government settlement down from £8.5m (2010/11) to £5.7m (2016/17), New Homes Bonus cut by "
            "about £1.6m a year from 2018/19, efficiency strands of staffing reviews, contract savings and "
            "base-budget reviews."
        ),
        source=sources(SEED, BUDGET_2016, MTFS_2017, BUDGET_2017),
        years=[
            MtfsFigures("2016/17", pence("£1.167m"), pence("£300,000"), illustrative=True,
                        note=f"£1.167m of budget efficiencies in the 2016/17 budget. {share}"),
            MtfsFigures("2017/18", pence("£1m"), pence("£450,000"), illustrative=True,
                        note="Illustrative: no figure for 2017/18 was found; the demo sizes it on the county's "
                             f"recycling subsidy of about £1m a year, withdrawn that year. {share}"),
            MtfsFigures("2018/19", pence("£1.6m"), pence("£200,000"), illustrative=True,
                        note="Illustrative: no figure for 2018/19 was found (a later report gives £3.5m over the "
                             "years of austerity); the demo sizes it on the New Homes Bonus cut of about £1.6m a "
                             f"year from 2018/19. {share}"),
        ],
    )


def _investment(context: DemoContext, programme: Programme, p: dict[str, Project]) -> None:
    priorities = funding(
        context, programme, code="CBC-PRIORITY-2016", title="Budget 2016/17: corporate-priority projects",
        kind=FundingKind.REVENUE, amount=pence("£1.4m"), status=FundingStatus.AGREED, year="2016/17",
        conditions="Part of £3.167m of new revenue and capital investment in the 2016/17 budget.",
        source=BUDGET_2016,
    )
    for project, title, amount in (
        (p["TS-D"], "Work smart programme: ICT for flexible working", pence("£150,000")),
        (p["TS-G"], "Customer services strategy: customer relationship system changes", pence("£60,000")),
    ):
        cost(context, programme, project=project, title=title, year="2016/17", amount=amount, paid_by=priorities,
             illustrative=True,
             source=sources(BUDGET_2016, "Illustrative: the amount, and that it came from the corporate-priority "
                                         "money, are the demo's."))


def _savings(context: DemoContext, organisation: Organisation, p: dict[str, Project]) -> None:
    lines = {
        code: budget_line(context, organisation, code=code, title=title, service=service)
        for code, title, service in [
            ("MGMT", "Management team", "Chief Executive's"),
            ("ICT", "ICT and office accommodation", "Customer and Digital"),
            ("SFO", "Single Front Office (contact centre)", "Customer and Digital"),
            ("ICWS", "Integrated community wellbeing service", "Early Intervention and Support"),
        ]
    }
    done = f"Confirmed as delivered by the finance officer. {OUTCOME_ILLUSTRATIVE}"
    savings_line(
        context, p["TS-B"], code="TS-B-2016", year="2016/17", amount=pence("£250,000"), budget=lines["MGMT"],
        title="Smaller management structure", illustrative=True, source=ILLUSTRATIVE_LINE,
        steps=[approve(), deliver(done)],
    )
    savings_line(
        context, p["TS-D"], code="TS-D-2016", year="2016/17", amount=pence("£100,000"), budget=lines["ICT"],
        title="Less office space through flexible working", illustrative=True, source=ILLUSTRATIVE_LINE,
        steps=[approve(), deliver(done)],
    )
    savings_line(
        context, p["TS-D"], code="TS-D-2017", year="2017/18", amount=pence("£150,000"), budget=lines["ICT"],
        title="Less office space through flexible working", illustrative=True, source=ILLUSTRATIVE_LINE,
        steps=[approve(), deliver(f"Confirmed as delivered in part; an office floor could not be let, so the rest "
                                  f"is written off. {OUTCOME_ILLUSTRATIVE}", pence("£100,000"), rest="write_off")],
    )
    savings_line(
        context, p["TS-G"], code="TS-G-2017", year="2017/18", amount=pence("£120,000"), budget=lines["SFO"],
        title="Customer contact moved online", illustrative=True, source=ILLUSTRATIVE_LINE,
        steps=[approve(), carry(f"The new online forms went live late, so the saving moves to 2018/19. "
                                f"{OUTCOME_ILLUSTRATIVE}", "2018/19", then=(deliver(done),))],
    )
    savings_line(
        context, p["TS-A"], code="TS-A-2017", year="2017/18", amount=pence("£200,000"), budget=lines["ICWS"],
        title="Integrated community wellbeing service", illustrative=True, source=ILLUSTRATIVE_LINE,
        steps=[approve(), deliver(done)],
    )
    savings_line(
        context, p["TS-I"], code="TS-I-2018", year="2018/19", amount=pence("£80,000"), cashable=False,
        title="Community action in place of council-run activities (volunteer time)", illustrative=True,
        source=ILLUSTRATIVE_LINE, steps=[approve()],
    )
