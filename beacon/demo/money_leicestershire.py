"""Leicestershire County Council's money: the MTFS 2014/15 to 2017/18 (£110m by 2017/18, of which the
Transformation Programme £40m over four years), the savings of the named transformation-era projects, the LED
street lighting investment against its yearly saving, and the benefits the sources measure.

Sources: Beacon seed 001 (Cabinet, 6 May 2014) and data/seed-councils/leicestershire.md. The programme's own
project list and a per-project savings table towards the £40m were not found, so the named projects cover only
part of it: the gap the MTFS page shows is the part of the £40m that the sources do not attribute to a project,
not a shortfall the council reported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from beacon.core.models import Organisation
from beacon.demo.leicestershire import SEED
from beacon.demo.loader import DemoContext, sources
from beacon.demo.money import (
    OUTCOME_ILLUSTRATIVE,
    MtfsFigures,
    approve,
    benefit,
    budget_line,
    cost,
    deliver,
    forecast,
    mtfs,
    pence,
    savings_line,
    spread,
    write_off,
)
from beacon.finance.models import BenefitKind
from beacon.programmes.models import Programme, Project

ITV = (
    "http://www.itv.com/news/central/2014-01-07/full-scale-of-leicestershire-county-councils-110m-budget-cuts-"
    "revealed/ (7 January 2014)"
)
BUSINESS_CASE = (
    "https://pdfroom.com/books/appendix-1-leicestershire-county-council-business-case-street-lighting-"
    "transformation-project/e1j5K0zZdKr (business case, November 2014)"
)
UK100 = "https://uk100.gn.apc.org/projects/knowledgehub/leicestershire-led-street-lighting-project (c. 2020)"
MELTON = (
    "https://www.meltontimes.co.uk/news/work-almost-complete-to-replace-melton-street-lights-with-controllable-led-"
    "bulbs-1-8391138 (23 February 2018)"
)
LIBRARIES = (
    "https://feeds.bbci.co.uk/news/uk-england-leicestershire-33488186 (July 2015)",
    "https://democracy.leics.gov.uk/mgAi.aspx?ID=45406 (c. 2016)",
)
SHIRE_GRANTS = "https://democracy.leics.gov.uk/mgAi.aspx?ID=36855 (29 January 2014)"
TO_2020 = "http://leicestershire.gov.uk/news/councils-significant-challenges-to-save-%C2%A368m (c. December 2016)"
EFFICIENCY = "http://leicestershire.gov.uk/news/council-faces-toughest-year-of-savings (c. December 2015)"
YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]
BEYOND = (
    "Illustrative split: the source gives the total over four years to 2019/20 without years; the demo spreads it "
    "evenly and loads the two years inside this MTFS (2016/17 and 2017/18). The other half falls beyond it."
)
# The saving chosen for street lighting: uk100's £1.7m a year was reported after the works were done (c. 2020),
# where the Melton Times's £2m a year was still an expectation (February 2018).
LIGHTING_SAVING = pence("£1.7m")
LIGHTING_SOURCES = sources(
    BUSINESS_CASE, UK100, MELTON,
    "The demo uses uk100's saving of about £1.7m a year, reported after the works; the Melton Times expected £2m a "
    "year. Investment: uk100 gives £20m+, the Melton Times a £25m programme; the demo uses £20m, from the same "
    "source as the saving.",
)


def load(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="leicestershire")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    projects = {p.code: p for p in Project.objects.filter(organisation=organisation)}
    _mtfs(context, programme)
    _savings(context, organisation, projects)
    _street_lighting_costs(context, programme, projects["LCC-SL"])
    _benefits(context, projects)
    return organisation


def _mtfs(context: DemoContext, programme: Programme) -> None:
    note = (
        "Illustrative: the MTFS's split of the £110m by year and the programme's split of its £40m are not "
        "published, so the demo spreads both evenly over the four years."
    )
    mtfs(
        context, programme,
        title="Medium Term Financial Strategy 2014/15 to 2017/18",
        description=(
            "Savings of £110m needed by 2017/18, about a third of the budget, with more in later years; the "
            "Transformation Programme aims to achieve £40m of them over four years (its Service Transformation "
            "component). When the budget was proposed in January 2014, £68.4m had been found and £12.5m for 2017/18 "
            "was still to be identified (press). The programme's project list was not found: the named projects "
            "below cover only part of the £40m."
        ),
        source=sources(f"{SEED} Paragraphs 8, 11 and 18.", ITV),
        years=[
            MtfsFigures(year, required, share, illustrative=True, note=note)
            for year, required, share in zip(YEARS, spread(pence("£110m"), 4), spread(pence("£40m"), 4), strict=True)
        ],
    )


def _savings(context: DemoContext, organisation: Organisation, p: dict[str, Project]) -> None:
    lines = {
        code: budget_line(context, organisation, code=code, title=title, service=service)
        for code, title, service in [
            ("ENV-LIGHT", "Street lighting: energy and maintenance", "Environment and Transport"),
            ("ENV-WASTE", "Recycling and household waste sites", "Environment and Transport"),
            ("CW-LIB", "Libraries", "Adults and Communities"),
            ("CW-MUS", "Museums and collections", "Adults and Communities"),
            ("CE-GRANTS", "Grants to communities and the voluntary sector", "Chief Executive's"),
            ("CYP-PLACE", "Children's placements", "Children and Family Services"),
            ("CR-MGMT", "Management and administration", "Corporate Resources"),
            ("CR-PROC", "Third-party spend", "Corporate Resources"),
        ]
    }
    confirmed = "Confirmed as delivered by the finance officer."
    done = f"{confirmed} {OUTCOME_ILLUSTRATIVE}"
    savings_line(
        context, p["LCC-SG"], code="LCC-SG-2014", year="2014/15", amount=pence("£430,000"), budget=lines["CE-GRANTS"],
        title="One Shire Grants programme in place of separate grant streams", source=SHIRE_GRANTS,
        steps=[approve(), deliver(done)],
    )
    library = sources(
        *LIBRARIES, "Illustrative split: about £800,000 in all; the demo spreads it over 2015/16 and 2016/17, the "
                    "years of the handovers (July 2015 to mid-2016).",
    )
    savings_line(
        context, p["LCC-LIB"], code="LCC-LIB-2015", year="2015/16", amount=pence("£400,000"), budget=lines["CW-LIB"],
        title="Libraries run by community groups", illustrative=True, source=library,
        steps=[approve(), deliver(done)],
    )
    savings_line(
        context, p["LCC-LIB"], code="LCC-LIB-2016", year="2016/17", amount=pence("£400,000"), budget=lines["CW-LIB"],
        title="Libraries run by community groups", illustrative=True, source=library,
        steps=[approve(), deliver(f"{confirmed} Fewer libraries had transferred by the year end than planned; the "
                                  f"rest follows in 2017/18. {OUTCOME_ILLUSTRATIVE}", pence("£300,000"),
                                  rest="carry_forward", to="2017/18", then=(deliver(done),))],
    )
    lighting = sources(LIGHTING_SOURCES, "Illustrative split: £1.7m a year in all by the end of the works (March "
                                         "2018); the demo builds it up over 2016/17 and 2017/18 as lights convert.")
    for year, amount in (("2016/17", pence("£700,000")), ("2017/18", LIGHTING_SAVING - pence("£700,000"))):
        savings_line(
            context, p["LCC-SL"], code=f"LCC-SL-{year[:4]}", year=year, amount=amount, budget=lines["ENV-LIGHT"],
            title="Lower energy and maintenance costs of LED street lights", illustrative=True, source=lighting,
            steps=[approve(), deliver(done)],
        )
    placements = sources(TO_2020, BEYOND)
    first, second = spread(pence("£4.3m"), 4)[:2]
    savings_line(
        context, p["LCC-CSC"], code="LCC-CSC-2016", year="2016/17", amount=first, budget=lines["CYP-PLACE"],
        title="More foster care instead of costlier placements", illustrative=True, source=placements,
        steps=[approve(), deliver(
            f"{confirmed} Fewer foster carers were recruited than planned; the rest is carried to 2017/18. "
            f"{OUTCOME_ILLUSTRATIVE}", pence("£800,000"), rest="carry_forward", to="2017/18",
            then=(write_off(f"Written off: the placements did not move. {OUTCOME_ILLUSTRATIVE}"),),
        )],
    )
    savings_line(
        context, p["LCC-CSC"], code="LCC-CSC-2017", year="2017/18", amount=second, budget=lines["CYP-PLACE"],
        title="More foster care instead of costlier placements", illustrative=True, source=placements,
        steps=[approve(), deliver(f"{confirmed} Part delivered; the rest is written off. {OUTCOME_ILLUSTRATIVE}",
                                  pence("£600,000"), rest="write_off")],
    )
    for code, project, total, budget, title, outcome in [
        ("LCC-SMART", p["LCC-SMART"], pence("£1.3m"), lines["CW-MUS"],
         "Self-access libraries and a central collections hub", [approve()]),
        ("LCC-WASTE", p["LCC-WASTE"], pence("£400,000"), lines["ENV-WASTE"], "Review of waste sites", []),
    ]:
        for year, amount in zip(["2016/17", "2017/18"], spread(total, 4)[:2], strict=True):
            savings_line(
                context, project, code=f"{code}-{year[:4]}", year=year, amount=amount, budget=budget, title=title,
                illustrative=True, source=sources(TO_2020, BEYOND), steps=outcome,
            )
    efficiency = sources(EFFICIENCY, "Illustrative split: the source gives the total over the MTFS 2016/17 to "
                                     "2019/20; the demo spreads it evenly and loads the two years inside this MTFS.")
    management = spread(pence("£3m"), 4)
    savings_line(
        context, p["LCC-MA"], code="LCC-MA-2016", year="2016/17", amount=management[0], budget=lines["CR-MGMT"],
        title="Fewer management and administration posts", illustrative=True, source=efficiency,
        steps=[approve(), deliver(done)],
    )
    savings_line(
        context, p["LCC-MA"], code="LCC-MA-2017", year="2017/18", amount=management[1], budget=lines["CR-MGMT"],
        title="Fewer management and administration posts", illustrative=True, source=efficiency, steps=[approve()],
    )
    procurement = spread(pence("£9m"), 4)
    savings_line(
        context, p["LCC-PROC"], code="LCC-PROC-2016", year="2016/17", amount=procurement[0], budget=lines["CR-PROC"],
        title="Better commissioning and procurement", illustrative=True, source=efficiency,
        steps=[approve(), deliver(f"{confirmed} Contracts were let later than planned; the rest is written off. "
                                  f"{OUTCOME_ILLUSTRATIVE}", pence("£1.5m"), rest="write_off")],
    )
    savings_line(
        context, p["LCC-PROC"], code="LCC-PROC-2017", year="2017/18", amount=procurement[1], budget=lines["CR-PROC"],
        title="Better commissioning and procurement", illustrative=True, source=efficiency,
        steps=[approve(), forecast(f"Forecast lowered after 2016/17's shortfall. {OUTCOME_ILLUSTRATIVE}",
                                   pence("£1.2m"))],
    )


def _street_lighting_costs(context: DemoContext, programme: Programme, project: Project) -> None:
    """The LED investment (one-off) by year across the works, February 2016 to March 2018."""
    split = sources(LIGHTING_SOURCES, "Illustrative split: the sources give the total, not the years; the demo "
                                      "spreads it over the works, February 2016 to March 2018.")
    for year, amount in (("2015/16", pence("£1.5m")), ("2016/17", pence("£10m")), ("2017/18", pence("£8.5m"))):
        cost(context, programme, project=project, title="LED conversion and central management system",
             year=year, amount=amount, illustrative=True, source=split)


def _benefits(context: DemoContext, p: dict[str, Project]) -> None:
    benefit(
        context, p["LCC-SL"], code="LCC-SL-B1", title="Less electricity used by street lights",
        kind=BenefitKind.NON_FINANCIAL, measure="Electricity used by the council's street lights in a year",
        unit="kWh a year", owner_title="Lead engineer, Engineering Design Group",
        baseline=Decimal(26_900_000), baseline_date=dt.date(2014, 3, 31), target=Decimal(10_980_000),
        target_date=dt.date(2018, 3, 31), illustrative=False,
        description="Baseline 26.9m kWh (2013/14); expected 10.98m kWh once converted. Reported: 20.8m kWh in "
                    "2016/17, 9.2m kWh in 2019/20.",
        source=sources(BUSINESS_CASE, UK100, "Target date: the end of the works (March 2018)."),
        profile=[
            (dt.date(2018, 3, 31), Decimal(10_980_000), None),
            (dt.date(2020, 3, 31), Decimal(10_980_000), Decimal(9_200_000)),
        ],
    )
    benefit(
        context, p["LCC-LIB"], code="LCC-LIB-B1", title="Libraries kept open, run by community groups",
        measure="Smaller libraries handed over to community groups", unit="libraries",
        owner_title="Head of Communities and Wellbeing", baseline=Decimal(0), baseline_date=dt.date(2015, 6, 30),
        target=Decimal(35), target_date=dt.date(2017, 3, 31), illustrative=True,
        description="36 smaller libraries offered to community groups; Barwell closed when no group came forward.",
        source=sources(
            *LIBRARIES,
            "Target: the 36 offered less Barwell (the demo's reading); the target date and the expected figures: "
            "illustrative. Actuals: the first handover in July 2015, 23 by about mid-2016.",
        ),
        profile=[(dt.date(2015, 7, 31), Decimal(1), Decimal(1)), (dt.date(2016, 6, 30), Decimal(25), Decimal(23)),
                 (dt.date(2017, 3, 31), Decimal(35), None)],
    )
