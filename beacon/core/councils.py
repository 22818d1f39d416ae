"""The register of UK councils, loaded from mySociety's uk_local_authorities_current.csv (CC-BY-4.0),
which ships with Beacon in beacon/core/data/."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

REGISTER_CSV = Path(__file__).resolve().parent / "data" / "uk_local_authorities_current.csv"
KNOWN_TYPES = {"CTY", "NMD", "UA", "MD", "LBO", "SCO", "WPA", "NID", "COMB", "SRA", "CC"}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def register_rows(path: Path = REGISTER_CSV) -> list[dict[str, Any]]:
    """One dict of Council fields per row of the register."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    councils = []
    for row in rows:
        population = _number(row["pop-2020"])
        council_type = row["local-authority-type"]
        councils.append(
            {
                "register_code": row["local-authority-code"],
                "gss_code": row["gss-code"],
                "name": row["nice-name"],
                "official_name": row["official-name"],
                "council_type": council_type if council_type in KNOWN_TYPES else "OTHER",
                "nation": row["nation"],
                "region": row["region"],
                "county_code": row["county-la"],
                "current": row["current-authority"] == "True",
                "ecode": row["ecode"],
                "population_2020": int(population) if population is not None else None,
                "area_km2": _number(row["area"]),
            }
        )
    return councils


def load_register(council_model: Any) -> int:
    """Create or update every council of the register; returns how many rows it holds."""
    rows = register_rows()
    existing = {c.register_code: c for c in council_model.objects.all()}
    new = []
    for row in rows:
        council = existing.get(row["register_code"])
        if council is None:
            new.append(council_model(**row))
        else:
            for key, value in row.items():
                setattr(council, key, value)
            council.save()
    council_model.objects.bulk_create(new)
    return len(rows)
