"""How the CSV files beside this script were made from the project's shared data folder (run once, by hand:
``python beacon/performance/data/extract.py /path/to/shared/data``; openpyxl is needed for the revenue
outturn workbook only). Beacon never reads the shared folder at run time: these small extracts ship with it.

Each extract keeps only the columns Beacon loads and changes no figure, except where its SOURCE.md says so
(period labels normalised, "0 = not applicable" cells dropped, pounds thousands rounded to £1)."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# ONS indicator titles → Beacon codes, with the polarity Beacon gives them (blank: neither direction is better).
ONS_POLARITY = {
    "4g coverage": "higher", "5g coverage": "higher", "Anxiety": "lower", "CO2 emissions per capita": "lower",
    "Children in relative poverty": "lower", "Cigarette smokers": "lower", "Economic inactivity rate": "lower",
    "Employment rate": "higher", "Feeling life is worthwhile": "higher", "Female healthy life expectancy": "higher",
    "Gigabit capable broadband": "higher", "Gross median weekly pay": "higher",
    "Gross value added per hour worked": "higher", "Happiness": "higher", "Healthy life expectancy": "higher",
    "Level 3 or above qualifications": "higher", "Life satisfaction": "higher",
    "Male healthy life expectancy": "higher", "No qualifications": "lower", "Premises below 30Mbps": "lower",
    "Voter registration": "higher",
}


# The source repeats economic inactivity's definition for the employment rate: ONS's own wording instead.
MEASURE_FIXES = {"Employment rate": "Percentage of people aged 16 to 64 who are in employment"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def ons_period(text: str) -> str:
    """ISO 8601 periods as people write them: "2023-01-01T00:00:00/P1Y" → "2023", "…/P3Y" → "2018 to 2020",
    "2021-09-30T00:00:00" → "2021-09-30"; the rest as given."""
    match = re.fullmatch(r"(\d{4})-01-01T00:00:00/P(\d+)Y", text)
    if match:
        start, years = int(match[1]), int(match[2])
        return str(start) if years == 1 else f"{start} to {start + years - 1}"
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T00:00:00", text)
    return match[1] if match else text


def financial_year(text: str) -> str:
    """ "2022-23" → "2022/23"."""
    return re.sub(r"^(\d{4})-(\d{2})$", r"\1/\2", text)


def write(name: str, header: list[str], rows: list[list[Any]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def extract_ons(shared: Path) -> None:
    source = shared / "ons-la-indicators-nearest-neighbours" / "Clustering_data.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    definitions: dict[str, dict[str, str]] = {}
    values: dict[str, dict[str, str]] = {}
    names: dict[str, str] = {}
    for row in rows:
        code, title = slug(row["Indicator"]), row["Indicator"]
        period = ons_period(row["Period"])
        seen = definitions.setdefault(code, {"title": title, "period": period, "unit": row["Unit"],
                                             "measure": MEASURE_FIXES.get(title, row["Measure"])})
        if seen["period"] != period:
            raise SystemExit(f"{title}: two periods, {seen['period']} and {period}")
        area = row["AREACD"].strip()
        if not area or row["Value"].strip() == "":
            continue
        names.setdefault(area, row["AREANM"])
        values.setdefault(area, {})[code] = row["Value"]
    codes = sorted(definitions)
    write("ons-local-indicators/definitions.csv", ["code", "title", "period", "unit", "polarity", "measure"],
          [[code, definitions[code]["title"], definitions[code]["period"], definitions[code]["unit"],
            ONS_POLARITY.get(definitions[code]["title"], ""), definitions[code]["measure"]] for code in codes])
    write("ons-local-indicators/values.csv", ["area_code", "area_name", *codes],
          [[area, names[area], *[values[area].get(code, "") for code in codes]] for area in sorted(values)])


def extract_asc(shared: Path) -> None:
    source = shared / "oflog-adult-social-care" / "ASC_data.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    measures: dict[str, dict[str, str]] = {}
    out = []
    for row in rows:
        measure = measures.setdefault(row["Code"], {"measure": row["Measure"], "rank_order": ""})
        if row["rank_order"].lower() in ("asc", "desc"):
            measure["rank_order"] = row["rank_order"].lower()
        if row["Value"].strip():
            out.append([row["Local authority code"], financial_year(row["Financial year"]), row["Code"], row["Value"]])
    out.sort()
    write("oflog-adult-social-care/measures.csv", ["code", "measure", "rank_order"],
          [[code, item["measure"], item["rank_order"]] for code, item in sorted(measures.items())])
    write("oflog-adult-social-care/values.csv", ["gss_code", "period", "measure", "value"], out)


def extract_council_tax(shared: Path) -> None:
    source = shared / "council-tax-band-d" / "bandd_ctr.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    councils = {"SD", "UA", "MD", "ILB", "OLB", "SC"}
    out = [[row["onscode"], row["authority"], row["class"], row["tstb_2223"], row["tstb_2324"],
            row["avebandd_expp2223"], row["avebandd_expp2324"]]
           for row in rows if row["class"] in councils and re.fullmatch(r"E\d{8}", row["onscode"])]
    write("council-tax-band-d/band_d.csv", ["gss_code", "authority", "class", "tax_base_2022_23", "tax_base_2023_24",
                                     "band_d_2022_23", "band_d_2023_24"], out)


OUTTURN_COLUMNS = {  # column index in the RS sheet → Beacon's column name
    5: "education", 6: "highways_transport", 7: "childrens_social_care", 8: "adult_social_care",
    9: "public_health", 10: "housing_gfra", 11: "cultural", 12: "environmental_regulatory",
    13: "planning_development", 16: "central", 18: "total_service_expenditure", 58: "net_revenue_expenditure",
    69: "council_tax_requirement",
}


def thousands(value: Any) -> str:
    """A £ thousand figure as written in the workbook, to the pound; "" where the cell holds none ("…")."""
    if isinstance(value, int | float):
        return f"{float(value):.3f}".rstrip("0").rstrip(".")
    return ""


def extract_outturn(shared: Path) -> None:
    import openpyxl

    source = shared / "mhclg-revenue-outturn-2017-18" / "RS_2017-18_data_by_LA.xlsx"
    book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    sheet = book["RS LA Data 2017-18"]
    out = []
    for row in sheet.iter_rows(min_row=8, values_only=True):
        ecode, gss, name, _, klass = row[:5]
        if klass not in {"SC", "SD", "UA", "MD", "L"} or not gss:
            continue
        figures = [row[index] for index in OUTTURN_COLUMNS]
        out.append([ecode, gss, name, klass,
                    *[thousands(value) for value in figures]])
    header = ["ecode", "gss_code", "authority", "class", *OUTTURN_COLUMNS.values()]
    write("revenue-outturn-2017-18/outturn.csv", header, out)


def extract_imd(shared: Path) -> None:
    source = shared / "la-deprivation-imd" / "la_imd.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    write("deprivation/la_imd.csv", ["register_code", "official_name", "deprivation_score"],
          [[row["local-authority-code"], row["official-name"], f"{float(row['la-deprivation-score']):.3f}"]
           for row in rows if row["la-deprivation-score"]])


if __name__ == "__main__":
    shared_data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    extract_ons(shared_data)
    extract_asc(shared_data)
    extract_council_tax(shared_data)
    extract_outturn(shared_data)
    extract_imd(shared_data)
