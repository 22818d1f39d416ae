"""Loaders that fill ``Indicator`` and ``IndicatorValue`` with real published figures for every council, from the
small extracts in ``beacon/performance/data/`` (each folder's SOURCE.md says where they come from and under
which licence). The council register must be loaded first (its migration does it).

Every loader is idempotent: it updates its indicators in place and replaces their values in one transaction,
with ``bulk_create``, so that a second run leaves the same rows (and a changed extract leaves no stale ones).

An area is loaded only if it is a current council of the register; the rest is counted, not loaded:
``skipped_not_in_register`` (regions, countries, codes the register lacks), ``skipped_not_a_council`` (combined
authorities, the GLA) and ``skipped_former_council`` (councils abolished in a reorganisation), each counted once
per dataset and area; ``skipped_blank`` counts cells with no figure (blank, or 0 where 0 means "not
applicable").
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from beacon.core.models import Council, CouncilType
from beacon.performance.models import Indicator, IndicatorValue, Polarity

DATA = Path(__file__).resolve().parent / "data"
OGL = "Open Government Licence v3.0"

# The register's council types that are councils of a local authority area (never regions, combined
# authorities or the GLA).
COUNCIL_TYPES = frozenset({
    CouncilType.DISTRICT, CouncilType.UNITARY, CouncilType.METROPOLITAN, CouncilType.LONDON_BOROUGH,
    CouncilType.COUNTY, CouncilType.SCOTTISH, CouncilType.WELSH, CouncilType.NORTHERN_IRISH,
    CouncilType.CITY_OF_LONDON,
})

PLACE_CAVEAT = (
    "Describes the council's area (the place and its people), not the council's own performance. A county's "
    "figure covers the whole county, districts included."
)


@dataclass
class Batch:
    """What one dataset's loader gathered: its indicators and their values by (code, council id, period)."""

    dataset: str
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[tuple[str, int, str], float] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)


class Councils:
    """The register, keyed as the datasets key it: by GSS code and by mySociety's register code."""

    def __init__(self) -> None:
        rows = list(Council.objects.values_list("pk", "gss_code", "register_code", "council_type", "current",
                                                "population_2020"))
        self.by_gss = {gss: row for row in rows if (gss := row[1])}
        self.by_register = {row[2]: row for row in rows}

    def council_id(self, row: tuple | None, batch: Batch, area: str) -> int | None:
        """The council's id, or None with the reason counted (once per dataset and area)."""
        reason = None
        if row is None:
            reason = "skipped_not_in_register"
        elif row[3] not in COUNCIL_TYPES:
            reason = "skipped_not_a_council"
        elif not row[4]:
            reason = "skipped_former_council"
        if reason is None:
            return row[0]  # type: ignore[index]
        key = f"{reason}:{area}"
        if key not in batch.skipped:
            batch.skipped[key] = 1
        return None


def number(text: str, *, zero_is_missing: bool = False) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or (zero_is_missing and value == 0):
        return None
    return value


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def add_value(batch: Batch, code: str, council: int | None, period: str, value: float | None) -> None:
    if council is None:
        return
    if value is None:
        batch.skipped["skipped_blank"] += 1
        return
    batch.values[(code, council, period)] = value


# The datasets --------------------------------------------------------------------------------------------------


def ons_local_indicators(councils: Councils) -> Batch:
    """ONS's 48 local indicator series (one period each), keyed by area GSS code."""
    batch = Batch("ons-local-indicators")
    folder = DATA / "ons-local-indicators"
    definitions = read_csv(folder / "definitions.csv")
    for item in definitions:
        batch.indicators[f"ons-{item['code']}"] = {
            "title": item["title"][:1].upper() + item["title"][1:], "description": item["measure"],
            "unit": item["unit"], "polarity": item["polarity"], "publisher": "Office for National Statistics",
            "source_url": "https://www.ons.gov.uk/explore-local-statistics/", "licence": OGL,
            "caveats": f"{PLACE_CAVEAT} Period: {item['period']}.", "period": item["period"],
        }
    for row in read_csv(folder / "values.csv"):
        area = row["area_code"]
        council = councils.council_id(councils.by_gss.get(area), batch, area)
        for item in definitions:
            add_value(batch, f"ons-{item['code']}", council, item["period"], number(row[item["code"]]))
    return batch


ASC_TITLES = {
    "ASC1": "carers' quality of life", "ASC2": "quality of life (impact of services)",
    "ASC3": "ease of finding information (service users)", "ASC4": "ease of finding information (carers)",
    "ASC5": "outcome of short-term services", "ASC6": "requests resulting in a service",
    "ASC7": "workforce turnover rate",
}
ASC_UNITS = {"ASC1": "score (0 to 12)", "ASC2": "score", "ASC6": "per 100,000 adults"}


def oflog_adult_social_care(councils: Councils) -> Batch:
    """Oflog's adult social care measures for upper-tier councils, 2015/16 to 2022/23."""
    batch = Batch("oflog-adult-social-care")
    folder = DATA / "oflog-adult-social-care"
    polarity = {"desc": Polarity.HIGHER, "asc": Polarity.LOWER}
    for item in read_csv(folder / "measures.csv"):
        batch.indicators[f"oflog-{item['code'].lower()}"] = {
            "title": f"Adult social care: {ASC_TITLES[item['code']]}",
            "description": f"Oflog measure {item['code']} ({item['measure']}), from the Adult Social Care Outcomes "
                           "Framework.",
            "unit": ASC_UNITS.get(item["code"], "%"), "polarity": polarity.get(item["rank_order"], ""),
            "publisher": "Office for Local Government (Oflog)",
            "source_url": "https://oflog.data.gov.uk/", "licence": OGL,
            "caveats": (
                "Upper-tier councils only (counties, unitaries, metropolitan and London boroughs). Survey-based "
                "measures carry sampling error: small differences between councils may not be real."
            ),
        }
    for row in read_csv(folder / "values.csv"):
        area = row["gss_code"]
        council = councils.council_id(councils.by_gss.get(area), batch, area)
        add_value(batch, f"oflog-{row['measure'].lower()}", council, row["period"], number(row["value"]))
    return batch


def council_tax(councils: Councils) -> Batch:
    """Average Band D council tax and the tax base, 2022/23 and 2023/24 (0 in the source means missing)."""
    batch = Batch("council-tax-band-d")
    common = {"publisher": "Ministry of Housing, Communities and Local Government",
              "source_url": "https://www.gov.uk/government/statistics/council-tax-levels-set-by-local-authorities"
                            "-in-england-2023-to-2024",
              "licence": OGL, "polarity": ""}
    batch.indicators["council-tax-band-d"] = {
        **common, "title": "Average Band D council tax", "unit": "£",
        "description": "Average Band D council tax (two adults), including the adult social care precept and "
                       "excluding parish precepts.",
        "caveats": "A district's figure is its own element only and a county's its precept: compare councils of "
                   "the same tier.",
    }
    batch.indicators["council-tax-base"] = {
        **common, "title": "Council tax base", "unit": "Band D equivalent dwellings",
        "description": "The council tax base for tax-setting purposes, in Band D equivalent dwellings.",
        "caveats": "Grows with the number of homes: compare it per head, or with councils of a similar size.",
    }
    for row in read_csv(DATA / "council-tax-band-d" / "band_d.csv"):
        area = row["gss_code"]
        council = councils.council_id(councils.by_gss.get(area), batch, area)
        for start, period in (("2022_23", "2022/23"), ("2023_24", "2023/24")):
            add_value(batch, "council-tax-band-d", council, period,
                      number(row[f"band_d_{start}"], zero_is_missing=True))
            add_value(batch, "council-tax-base", council, period,
                      number(row[f"tax_base_{start}"], zero_is_missing=True))
    return batch


OUTTURN_LINES = {
    "education": "education", "highways_transport": "highways and transport",
    "childrens_social_care": "children's social care", "adult_social_care": "adult social care",
    "public_health": "public health", "housing_gfra": "housing (general fund)", "cultural": "cultural services",
    "environmental_regulatory": "environmental and regulatory services",
    "planning_development": "planning and development", "central": "central services",
    "total_service_expenditure": "all services", "net_revenue_expenditure": "net revenue expenditure",
    "council_tax_requirement": "council tax requirement",
}


def revenue_outturn(councils: Councils) -> Batch:
    """Net current expenditure per head in 2017/18: £ thousand × 1,000 ÷ the register's mid-2020 population."""
    batch = Batch("revenue-outturn-2017-18")
    for column, label in OUTTURN_LINES.items():
        title = (f"Spending per head: {label}" if column not in ("net_revenue_expenditure", "council_tax_requirement")
                 else f"{label[:1].upper() + label[1:]} per head")
        batch.indicators[f"outturn-{column.replace('_', '-')}-per-head"] = {
            "title": title, "unit": "£ per head", "polarity": "",
            "description": f"Revenue outturn 2017/18, {label}: net current expenditure in £ thousand × 1,000, "
                           "divided by the council's mid-2020 population (ONS estimate, from the council register).",
            "publisher": "Ministry of Housing, Communities and Local Government",
            "source_url": "https://www.gov.uk/government/statistics/local-authority-revenue-expenditure-and-"
                          "financing-england-2017-to-2018-individual-local-authority-data-outturn",
            "licence": OGL,
            "caveats": (
                "Spending is neither good nor bad in itself. Councils of different tiers run different services "
                "(a district runs no social care): compare within a tier. The population is from 2020, the "
                "spending from 2017/18; councils formed since 2019 have no figures."
            ),
        }
    for row in read_csv(DATA / "revenue-outturn-2017-18" / "outturn.csv"):
        area = row["gss_code"]
        register_row = councils.by_gss.get(area)
        council = councils.council_id(register_row, batch, area)
        population = register_row[5] if register_row else None
        for column in OUTTURN_LINES:
            thousands = number(row[column])
            per_head = thousands * 1000 / population if thousands is not None and population else None
            add_value(batch, f"outturn-{column.replace('_', '-')}-per-head", council, "2017/18", per_head)
    return batch


def deprivation(councils: Councils) -> Batch:
    """mySociety's composite UK deprivation score per council (keyed by the register's own code)."""
    batch = Batch("deprivation")
    batch.indicators["imd-score"] = {
        "title": "Deprivation score (composite UK index)", "unit": "score", "polarity": "",
        "description": "The council area's composite index of multiple deprivation score, comparable across the UK "
                       "(higher is more deprived), built from the English IMD 2019 and the devolved indices.",
        "publisher": "mySociety", "source_url": "https://github.com/mysociety/composite_uk_imd",
        "licence": "CC-BY-4.0 (mySociety); underlying indices Open Government Licence v3.0",
        "caveats": f"{PLACE_CAVEAT} Not MHCLG's official IoD2019 local authority summary.",
    }
    for row in read_csv(DATA / "deprivation" / "la_imd.csv"):
        area = row["register_code"]
        council = councils.council_id(councils.by_register.get(area), batch, area)
        add_value(batch, "imd-score", council, "2019", number(row["deprivation_score"]))
    return batch


def population(councils: Councils) -> Batch:
    """Each council's mid-2020 population, from the register itself (so that presets can use it)."""
    batch = Batch("council-register")
    batch.indicators["population"] = {
        "title": "Population (mid-2020 estimate)", "unit": "people", "polarity": "",
        "description": "ONS mid-2020 population estimate for the council's area, from mySociety's council register.",
        "publisher": "Office for National Statistics, via mySociety", "licence": "CC-BY-4.0 (mySociety); ONS "
        "figures Open Government Licence v3.0",
        "source_url": "https://github.com/mysociety/uk_local_authority_names_and_codes",
        "caveats": "Estimated before the 2021 Census; a county's figure covers its districts too.",
    }
    for gss, row in councils.by_gss.items():
        council = councils.council_id(row, batch, gss)
        if council is not None and row[5]:
            add_value(batch, "population", council, "2020", float(row[5]))
    return batch


LOADERS = (ons_local_indicators, oflog_adult_social_care, council_tax, revenue_outturn, deprivation, population)


# Writing -------------------------------------------------------------------------------------------------------


@transaction.atomic
def store(batches: Iterable[Batch]) -> dict[str, int]:
    """Upsert each batch's indicators and replace their values; returns the counts."""
    counts: Counter[str] = Counter()
    for batch in batches:
        existing = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=batch.indicators)}
        ids: dict[str, int] = {}
        for code, fields in batch.indicators.items():
            values = {key: value for key, value in fields.items() if key != "period"}
            values["dataset"] = batch.dataset
            indicator = existing.get(code)
            if indicator is None:
                indicator = Indicator.objects.create(code=code, **values)
            elif any(getattr(indicator, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(indicator, key, value)
                indicator.save()
            ids[code] = indicator.pk
        IndicatorValue.objects.filter(indicator_id__in=ids.values()).delete()
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(indicator_id=ids[code], council_id=council, period=period, value=value)
             for (code, council, period), value in batch.values.items()],
            batch_size=2000,
        )
        counts["indicators"] += len(ids)
        counts["values"] += len(batch.values)
        for key, count in batch.skipped.items():
            counts[key.split(":", 1)[0]] += count
    return dict(counts)


def load_indicators() -> dict[str, int]:
    """Load every dataset; returns how many indicators and values were loaded and how many areas (or cells)
    were skipped, by reason. Safe to run again."""
    councils = Councils()
    if not councils.by_gss:
        raise LookupError("The council register is empty: run the migrations first (they load it).")
    counts = {"indicators": 0, "values": 0, "skipped_not_in_register": 0, "skipped_not_a_council": 0,
              "skipped_former_council": 0, "skipped_blank": 0}
    counts.update(store(loader(councils) for loader in LOADERS))
    return counts
