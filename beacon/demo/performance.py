"""Shared helpers for the demo councils' KPIs (PRODUCT C4): real published figures read from the small extracts in
``beacon/demo/data/`` (their provenance and licence in ``data/SOURCE.md``), turned into KPIs with observations and
targets, and saved through the demo loader's ``upsert`` so that loading twice changes nothing.

What is real and what is illustrative:

- every observation is a published figure, stored exactly as the source gives it (a value that a dataset holds as
  a binary float, such as "8.3000000000000007", is stored as the shortest decimal that is that float, "8.3": no
  other rounding); its note names the source's own period;
- the councils' own targets are not in the published data. Each target here is the England figure for the same
  measure and year (Oflog's England median, DfE's and ONS's England value): a real figure, but choosing it as the
  target is the demo's, and so is the tolerance. The KPI's description says so in ``ILLUSTRATIVE_TARGETS``;
  ``Kpi.illustrative`` stays False because the figures themselves are not made up;
- council tax KPIs have no target (a council sets its council tax to balance its budget).

Periods: a KPI here is annual, so each figure is filed under the financial year that holds the last day of the
source's period (a calendar year 2024 under 2024/25, a snapshot at 30 September 2025 under 2025/26); the note keeps
the source's own label.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.performance.comparators import ComparatorError, compute_nearest_members
from beacon.performance.models import (
    ComparatorGroup,
    GroupKind,
    Indicator,
    Kpi,
    KpiTarget,
    Observation,
    Polarity,
    Unit,
)
from beacon.performance.periods import Frequency, financial_year_label, period_start_of
from beacon.programmes.models import Project

DATA = Path(__file__).resolve().parent / "data"

ILLUSTRATIVE_TARGETS = (
    "Targets are illustrative: the council's own targets are not in the published data, so the demo sets each "
    "year's target at the England figure for the same measure and year, with an illustrative tolerance. The "
    "observations are the council's real published figures."
)
NO_TARGETS = "No target is set: the observations are the council's real published figures."

OFLOG = (
    "Office for Local Government (Oflog), Local Authority Data Explorer: adult social care measures, 2015/16 to "
    "2022/23 (file ASC_data.csv of MHCLG's oflog-automated-text repository, commit 8036fa8). Crown copyright, Open "
    "Government Licence v3.0."
)
OFLOG_URL = "https://github.com/communitiesuk/oflog-automated-text"
COUNCIL_TAX = (
    "MHCLG, Council Tax levels set by local authorities in England 2023 to 2024, Table 9, and the historic council "
    "tax requirement tables (extracted in the Em1lyK/council-tax repository, commit d81fd3a). Crown copyright, Open "
    "Government Licence v3.0."
)
COUNCIL_TAX_URL = "https://github.com/Em1lyK/council-tax"
LAIT = (
    "Department for Education, Local Authority Interactive Tool (LAIT), latest published year (repository "
    "dfe-analytical-services/local-authority-interactive-tool, commit 2e30e39). Crown copyright, Open Government "
    "Licence v3.0."
)
ONS = (
    "Office for National Statistics, Explore local statistics: the local indicators of ONS's 2025 nearest-neighbour "
    "model (ONSdigital/Subnational-Statistics-and-Analysis, commit c90f8ab). Source: Office for National "
    "Statistics, Open Government Licence v3.0."
)
ONS_URL = "https://github.com/ONSdigital/Subnational-Statistics-and-Analysis"

ENGLAND_GSS = "E92000001"
ENGLAND_LAIT = "970"


@dataclass(frozen=True)
class Point:
    """One period's figure: an observation or a target."""

    period_start: dt.date
    value: Decimal
    note: str = ""


@dataclass
class KpiSpec:
    """A demo KPI as the loader saves it."""

    code: str
    title: str
    description: str
    unit: str
    polarity: str
    owner_title: str
    data_source: str
    source_url: str
    observations: list[Point]
    targets: list[Point] = field(default_factory=list)
    tolerance: Decimal = Decimal(0)
    public: bool = True
    reporting_lag_days: int = 30
    projects: tuple[str, ...] = ()
    benchmark: str = ""  # the code of the Indicator that sets it beside comparator councils
    owned_by_lead: bool = False

    @property
    def decimal_places(self) -> int:
        """As many places as the most precise published figure, so that none is shown rounded."""
        return max((places(point.value) for point in self.observations), default=0)


# Reading the extracts --------------------------------------------------------------------------------------


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/<name>.csv``."""
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def published(text: str) -> Decimal:
    """A published figure as a Decimal, exactly: "8.3000000000000007" (a float written out in full) is 8.3."""
    value = Decimal(text.strip())
    if places(value) > 4:
        value = Decimal(repr(float(value)))
    if places(value) > 4:
        raise ValueError(f"{text!r} has more decimal places than a KPI holds (4): it would be rounded.")
    return value


def places(value: Decimal) -> int:
    """Decimal places as written: "77.0" has one."""
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def target_value(text: str) -> Decimal:
    """An England figure used as a target, held to the 4 places a target has ("78.05000000000001" is 78.05)."""
    return Decimal(text).quantize(Decimal("0.0001")).normalize()


def financial_year(start_year: int) -> dt.date:
    return dt.date(start_year, 4, 1)


def year_of(label: str) -> dt.date:
    """The financial year of a label written "2016-17", "2023/24" or "2022-2023"."""
    return financial_year(int(label[:4]))


def year_holding(day: dt.date) -> dt.date:
    return period_start_of(Frequency.ANNUAL, day)


# Sources ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A measure's figures for one council from one source: its observations and the England figures."""

    title: str
    polarity: str
    observations: list[Point]
    england: list[Point]


def oflog(gss_code: str, code: str) -> Series:
    """Oflog's adult social care measure ``code`` (ASC1 ...) for the council, by year; polarity from the
    source's rank order ("desc": the highest value ranks first, so higher is better)."""
    found = [row for row in rows("oflog_asc") if row["Local authority code"] == gss_code and row["Code"] == code]
    if not found:
        raise LookupError(f"No Oflog {code} figures for {gss_code} in data/oflog_asc.csv.")
    orders = {row["rank_order"].lower() for row in found}
    if orders != {"desc"} and orders != {"asc"}:
        raise ValueError(f"Oflog {code} has no single direction of good ({orders}).")
    observations, england = [], []
    for row in sorted(found, key=lambda row: row["Financial year"]):
        if not row["Value"].strip():
            continue  # not published that year: missing data, not zero
        start = year_of(row["Financial year"])
        observations.append(Point(start, published(row["Value"]), f"Oflog, {row['Financial year']}."))
        england.append(Point(start, target_value(row["MEDIAN"]), f"England median {row['Financial year']}"))
    return Series(
        title=found[0]["Measure"].removeprefix("Outcome, "),
        polarity=Polarity.HIGHER if orders == {"desc"} else Polarity.LOWER,
        observations=observations,
        england=england,
    )


def band_d(gss_code: str) -> list[Point]:
    """The council's average Band D council tax (its own element, with the adult social care precept where it
    levies one; no parish precepts), 2022/23 and 2023/24."""
    row = _one(rows("council_tax_band_d"), "onscode", gss_code, "council_tax_band_d")
    return [
        Point(financial_year(2022), published(row["avebandd_expp2223"]), "MHCLG, 2022-23."),
        Point(financial_year(2023), published(row["avebandd_expp2324"]), "MHCLG, 2023-24."),
    ]


def tax_base(gss_code: str) -> list[Point]:
    """The council tax base (Band D equivalent dwellings): 2015/16 to 2023/24 for a billing authority (rebased to
    2023 boundaries), 2022/23 and 2023/24 for a county's precept."""
    historic = [row for row in rows("council_tax_base") if row["onscode"] == gss_code]
    if historic:
        return [
            Point(financial_year(2000 + int(column[5:7])), published(historic[0][column]),
                  f"MHCLG, 20{column[5:7]}-{column[7:9]} (rebased to 2023 boundaries).")
            for column in historic[0] if column.startswith("tstb_")
        ]
    row = _one(rows("council_tax_band_d"), "onscode", gss_code, "council_tax_band_d")
    return [
        Point(financial_year(2022), published(row["tstb_2223"]), "MHCLG, 2022-23 (precept tax base)."),
        Point(financial_year(2023), published(row["tstb_2324"]), "MHCLG, 2023-24 (precept tax base)."),
    ]


def _one(table: Sequence[dict[str, str]], column: str, key: str, name: str) -> dict[str, str]:
    for row in table:
        if row[column] == key:
            return row
    raise LookupError(f"No row with {column} {key} in data/{name}.csv.")


def lait(la_number: str, measure: str) -> tuple[Series, str]:
    """DfE LAIT's latest published figure of ``measure`` for the council (by DfE LA number), the England figure,
    and the statistics page that publishes it. Polarity from LAIT's data dictionary."""
    entry = _one(rows("dfe_lait_dictionary"), "Measure_short", measure, "dfe_lait_dictionary")
    polarity = {"High": Polarity.HIGHER, "Low": Polarity.LOWER}[entry["Polarity"]]
    values = {row["LA Number"]: row for row in rows("dfe_lait") if row["Short Desc"] == measure}
    row, england = values[la_number], values[ENGLAND_LAIT]
    start, period = lait_period(row["Years"], entry["Year_Type"])
    note = f"DfE LAIT, {period}. England: {published(england['Values'])}."
    return (
        Series(
            title=entry["Measure"], polarity=polarity,
            observations=[Point(start, published(row["Values"]), note)],
            england=[Point(start, target_value(england["Values"]), "England")],
        ),
        entry["Hyperlink(s)"].split()[0],
    )


def lait_period(years: str, year_type: str) -> tuple[dt.date, str]:
    """The financial year under which a LAIT figure is filed, and the period in words."""
    year = int(years[:4])
    if year_type == "Financial Year":
        return financial_year(year - 1), f"year ending 31 March {year}"
    if year_type.startswith("Annual (end of Sept)"):
        return year_holding(dt.date(year, 9, 30)), f"as at 30 September {year}"
    if year_type == "Calendar Year":
        return year_holding(dt.date(year, 12, 31)), f"calendar year {year}"
    raise ValueError(f"LAIT year type {year_type!r} is not mapped to a financial year.")


def ons(gss_code: str, indicator: str, polarity: str) -> Series:
    """ONS's figure of ``indicator`` for the area, with England's where ONS gives one. ONS gives no direction of
    good, so the caller says which."""
    found = {row["AREACD"]: row for row in rows("ons_indicators") if row["Indicator"] == indicator}
    row = found[gss_code]
    start, period = ons_period(row["Period"])
    england = found.get(ENGLAND_GSS)
    note = f"ONS, {period}." + (f" England: {published(england['Value'])}." if england else "")
    return Series(
        title=indicator,
        polarity=polarity,
        observations=[Point(start, published(row["Value"]), note)],
        england=[Point(start, target_value(england["Value"]), "England")] if england else [],
    )


def ons_period(text: str) -> tuple[dt.date, str]:
    """ONS writes periods as "2023-01-01T00:00:00/P1Y", "2023", "2024-04", "2023/24" or "2022-2023"."""
    if text.endswith("/P1Y") or len(text) == 4:
        year = int(text[:4])
        return year_holding(dt.date(year, 12, 31)), f"calendar year {year}"
    if len(text) == 7 and text[4] == "-":
        day = dt.date(int(text[:4]), int(text[5:]), 1)
        return year_holding(day), f"{day:%B %Y}"
    start = year_of(text)
    return start, f"{financial_year_label(start.year)} (April to March)"


# KPIs from the sources ---------------------------------------------------------------------------------------

# Oflog's adult social care measures: (title, unit, what it measures).
ASC = {
    "ASC1": ("Carer-reported quality of life", Unit.NUMBER,
             "The quality of life that unpaid carers report in the biennial survey of adult carers (a score out of "
             "12). Published for the survey years only."),
    "ASC2": ("Social care-related quality of life", Unit.NUMBER,
             "Oflog's measure of the quality of life that people who use adult social care services report in the "
             "annual survey of service users (a score)."),
    "ASC3": ("Service users who find it easy to find information about services", Unit.PERCENT,
             "The share of people who use adult social care services who say that information and advice about "
             "services is easy to find."),
    "ASC4": ("Carers who find it easy to find information about support", Unit.PERCENT,
             "The share of unpaid carers who say that information and advice about support is easy to find. "
             "Published for the survey years only."),
    "ASC5": ("People needing no further support after short-term services", Unit.PERCENT,
             "The share of people who finished short-term support, such as reablement, with no request for "
             "ongoing support."),
}
# DfE LAIT measures: (title, unit).
LAIT_TITLES = {
    "CareLeaverEET": "Care leavers in education, employment or training",
    "CareLeaverAcc": "Care leavers in suitable accommodation",
    "Work_Force_Agecy_Rate": "Children's social workers who are agency workers",
    "Work_Force_TO_Rate": "Children's social worker turnover",
    "SEN_EHC_Excpt_20wks": "New education, health and care plans issued within 20 weeks",
    "ReReferral": "Re-referrals to children's social care within 12 months",
    "LAC_LongStable%": "Children looked after in long-term stable placements",
    "16-17 NEET": "16 and 17 year olds not in education, employment or training",
}
# ONS local indicators: (unit, what it measures); for each of these, higher is better.
ONS_ABOUT = {
    "Employment rate": (Unit.PERCENT, "The percentage of people aged 16 to 64 in employment (Annual Population "
                                      "Survey)."),
    "Gross median weekly pay": (Unit.POUNDS, "Median gross weekly pay of full-time employees (Annual Survey of "
                                             "Hours and Earnings, April)."),
    "Gigabit capable broadband": (Unit.PERCENT, "The percentage of premises with a gigabit-capable broadband "
                                                "service available (Ofcom)."),
    "Housing completions": (Unit.NUMBER, "New homes completed per 10,000 population."),
    "Level 3 or above qualifications": (Unit.PERCENT, "The percentage of people aged 16 to 64 with a level 3 "
                                                      "qualification or above."),
    "Life satisfaction": (Unit.NUMBER, "Average rating of life satisfaction, out of 10, for people aged 16 and "
                                       "over (Annual Population Survey)."),
}


def describe(*sentences: str) -> str:
    return " ".join(sentence.strip() for sentence in sentences if sentence and sentence.strip())


def supporting(supports: str) -> str:
    return f"Supports: {supports}." if supports else ""


def asc_kpi(
    gss_code: str, measure: str, *, code: str, owner_title: str, supports: str, tolerance: str,
    public: bool = True, projects: tuple[str, ...] = (), owned_by_lead: bool = False,
) -> KpiSpec:
    """An annual KPI from Oflog's adult social care measure ``measure``, targeted at each year's England median."""
    series = oflog(gss_code, measure)
    title, unit, about = ASC[measure]
    return KpiSpec(
        code=code, title=title, unit=unit, polarity=series.polarity, owner_title=owner_title,
        description=describe(about, f"Oflog measure {measure}, '{series.title}'.", supporting(supports),
                             ILLUSTRATIVE_TARGETS.replace("England figure", "England median")),
        data_source=OFLOG, source_url=OFLOG_URL, observations=series.observations, targets=series.england,
        tolerance=Decimal(tolerance), public=public, reporting_lag_days=240, projects=projects,
        benchmark=f"oflog-{measure.lower()}",
        owned_by_lead=owned_by_lead,
    )


def band_d_kpi(gss_code: str, *, code: str, owner_title: str, supports: str, county: bool = False) -> KpiSpec:
    whose = ("the county council's precept (with the adult social care precept), without district, police, "
             "fire or parish amounts" if county else "the council's own amount (with the adult social care precept "
             "where it levies one), without parish, police or fire precepts")
    return KpiSpec(
        code=code, title="Average Band D council tax", unit=Unit.POUNDS, polarity=Polarity.LOWER,
        owner_title=owner_title,
        description=describe(
            f"The average Band D council tax set for the year: {whose}. Lower is better for the council-tax payer; "
            "the council sets it to balance its budget within the referendum limit.", supporting(supports),
            NO_TARGETS,
        ),
        data_source=COUNCIL_TAX, source_url=COUNCIL_TAX_URL, observations=band_d(gss_code), reporting_lag_days=0,
        benchmark="council-tax-band-d",
    )


def tax_base_kpi(
    gss_code: str, *, code: str, owner_title: str, supports: str, public: bool = True, county: bool = False,
) -> KpiSpec:
    return KpiSpec(
        code=code, title="Council tax base (Band D equivalent dwellings)", unit=Unit.NUMBER, polarity=Polarity.HIGHER,
        owner_title=owner_title,
        description=describe(
            "The number of dwellings that pay council tax, expressed as Band D equivalents after discounts, "
            "exemptions and the collection rate" + (" (the county's precept tax base)." if county else "."),
            "A growing base raises income without raising the rate.", supporting(supports), NO_TARGETS,
        ),
        data_source=COUNCIL_TAX, source_url=COUNCIL_TAX_URL, observations=tax_base(gss_code), public=public,
        reporting_lag_days=0, benchmark="council-tax-base",
    )


def lait_kpi(
    la_number: str, measure: str, *, code: str, owner_title: str, supports: str, tolerance: str,
    public: bool = True, projects: tuple[str, ...] = (), owned_by_lead: bool = False,
) -> KpiSpec:
    """An annual KPI from DfE LAIT's latest published figure (LAIT holds one year here), targeted at England's."""
    series, url = lait(la_number, measure)
    return KpiSpec(
        code=code, title=LAIT_TITLES[measure], unit=Unit.PERCENT, polarity=series.polarity, owner_title=owner_title,
        description=describe(f"DfE measure '{series.title}', latest published year.", supporting(supports),
                             ILLUSTRATIVE_TARGETS),
        data_source=LAIT, source_url=url, observations=series.observations, targets=series.england,
        tolerance=Decimal(tolerance), public=public, reporting_lag_days=240, projects=projects,
        owned_by_lead=owned_by_lead,
    )


def ons_kpi(
    gss_code: str, indicator: str, *, code: str, owner_title: str, supports: str, tolerance: str,
    public: bool = True, projects: tuple[str, ...] = (),
) -> KpiSpec:
    """An annual KPI from ONS's local indicator (one period), targeted at England's figure where ONS gives one."""
    series = ons(gss_code, indicator, Polarity.HIGHER)
    unit, about = ONS_ABOUT[indicator]
    return KpiSpec(
        code=code, title=indicator, unit=unit, polarity=series.polarity, owner_title=owner_title,
        description=describe(about, "Latest period in ONS's data.", supporting(supports),
                             ILLUSTRATIVE_TARGETS if series.england else NO_TARGETS),
        data_source=ONS, source_url=ONS_URL, observations=series.observations, targets=series.england,
        tolerance=Decimal(tolerance), public=public, reporting_lag_days=365, projects=projects,
        benchmark=f"ons-{slug(indicator)}",
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Saving ------------------------------------------------------------------------------------------------------


def save_kpis(context: DemoContext, organisation: Organisation, specs: Sequence[KpiSpec]) -> list[Kpi]:
    """Upsert each KPI with its observations, targets and project links; a KPI, observation or target that the
    demo no longer holds is left alone (nothing is deleted)."""
    projects = {project.code: project for project in Project.objects.filter(organisation=organisation)}
    saved = []
    for spec in specs:
        kpi = context.upsert(
            Kpi,
            {"organisation": organisation, "code": spec.code},
            {
                "title": spec.title, "description": spec.description, "unit": spec.unit,
                "decimal_places": spec.decimal_places, "polarity": spec.polarity, "frequency": Frequency.ANNUAL,
                "owner": context.users.get("lead") if spec.owned_by_lead else None,
                "owner_title": spec.owner_title, "data_source": spec.data_source, "source_url": spec.source_url,
                "benchmark": benchmark(spec.benchmark), "reporting_lag_days": spec.reporting_lag_days,
                "public": spec.public, "confidential": False, "illustrative": False, "archived": False,
            },
        )
        wanted = {projects[code].pk for code in spec.projects}
        if set(kpi.projects.values_list("pk", flat=True)) != wanted:
            kpi.projects.set(wanted)
        for point in spec.observations:
            context.upsert(
                Observation, {"kpi": kpi, "period_start": point.period_start},
                {"organisation": organisation, "value": point.value, "note": point.note},
            )
        for point in spec.targets:
            context.upsert(
                KpiTarget, {"kpi": kpi, "period_start": point.period_start},
                {"organisation": organisation, "value": point.value, "tolerance": spec.tolerance},
            )
        saved.append(kpi)
    return saved


def benchmark(code: str) -> Indicator | None:
    """The reference indicator ``code`` (``beacon.performance.indicators`` loads them, before the KPIs); none if
    it is not loaded."""
    return Indicator.objects.filter(code=code).first() if code else None


def summary(organisation: Organisation) -> str:
    """A one-line count of an organisation's KPIs, for the progress output."""
    kpis = Kpi.objects.filter(organisation=organisation)
    return (
        f"KPIs {kpis.count()} ({kpis.filter(public=True).count()} public), "
        f"observations {Observation.objects.filter(organisation=organisation).count()}, "
        f"targets {KpiTarget.objects.filter(organisation=organisation).count()}"
    )


# Comparator groups ---------------------------------------------------------------------------------------------

DEMO_GROUPS = (
    ("like-for-like", "Nearest neighbours: councils of the same type",
     "The 15 councils of the same type most like this one in population, density, deprivation and age "
     "profile (Beacon's like-for-like preset)."),
    ("ons-2025", "Nearest neighbours: ONS 2025 model",
     "The 15 areas most like this one on the 31 variables of ONS's 2025 statistical nearest neighbours model; "
     "it compares places, across tiers."),
)


def load_comparator_groups(context: DemoContext, organisation: Organisation) -> list[ComparatorGroup]:
    """Each demo council's nearest-neighbour groups, computed from the published indicators, so that a KPI
    with a benchmark shows the council's rank and quartile among its neighbours. Computed once: a group that
    exists keeps its members (recompute it from its page)."""
    if organisation.council_id is None:
        return []
    groups = []
    for preset, title, description in DEMO_GROUPS:
        group = context.upsert(
            ComparatorGroup,
            {"organisation": organisation, "title": title},
            {"council_id": organisation.council_id, "kind": GroupKind.NEAREST, "preset": preset, "size": 15,
             "description": description, "public": True},
        )
        if group.computed_at is None:
            try:
                compute_nearest_members(group)
            except ComparatorError as error:  # indicators not loaded: the group stays empty, and says so
                context.say(f"  {organisation.name}: {title} not computed ({error})")
        groups.append(group)
    return groups

