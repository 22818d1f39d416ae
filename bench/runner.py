"""Builds a synthetic council at each size, measures every page row as its programme manager (or
anonymously), and reports: a table on stdout and ``bench/results.json``. Imported after Django is set up."""

from __future__ import annotations

import json
import time
import traceback
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from beacon.demo.synthetic import build_synthetic_council
from bench.environment import RESULTS
from bench.forecast_row import measure_forecast
from bench.measure import time_get
from bench.rows import NOT_BUILT, ONCE_ROWS, PAGE_ROWS, ROW_NAMES, SIZES

Row = dict[str, Any]


def measure_size(n: int) -> tuple[list[Row], list[str]]:
    """Build ``bench-<n>`` and measure each page row on it; returns the rows and any failures."""
    slug = f"bench-{n}"
    started = time.perf_counter()
    build_synthetic_council(slug, n)
    print(f"Built synthetic council {slug} ({n} projects) in {time.perf_counter() - started:.1f} s")
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username=f"{slug}-programme"))
    anonymous = Client()
    rows, failures = [], []
    for page in PAGE_ROWS:
        url = page.url(slug)
        try:
            timing = time_get(signed_in if page.signed_in else anonymous, url)
        except Exception as error:  # any error in a page is a real failure: report it and carry on
            traceback.print_exc()
            failures.append(f"{page.name} at n={n}: {error}")
            rows.append({"name": page.name, "n": n, "error": str(error)})
            continue
        rows.append({"name": page.name, "n": n, **vars(timing)})
    try:
        rows.append(measure_forecast(slug, n))
    except Exception as error:  # a failing forecast is a real failure: report it and carry on
        traceback.print_exc()
        failures.append(f"forecast at n={n}: {error}")
        rows.append({"name": "forecast", "n": n, "error": str(error)})
    return rows, failures


def check_query_counts(rows: list[Row]) -> list[str]:
    """PRODUCT requires the same query count at every size; mark each row and warn where it differs."""
    warnings = []
    for name in ROW_NAMES:
        measured = [row for row in rows if row["name"] == name and "queries" in row]
        if len(measured) < 2:
            continue
        constant = len({row["queries"] for row in measured}) == 1
        for row in measured:
            row["query_count_constant"] = constant
        if not constant:
            counts = ", ".join(f"{row['queries']} at n={row['n']}" for row in measured)
            warnings.append(f"WARNING: {name}: query count differs with size ({counts}); it must be constant")
    return warnings


def ordered(rows: list[Row]) -> list[Row]:
    """Every row name of PRODUCT section 3, in its order; a row not built yet says so."""
    result = []
    for name in ROW_NAMES:
        result += [row for row in rows if row["name"] == name] or [{"name": name, "skipped": NOT_BUILT[name]}]
    return result


def table(rows: list[Row]) -> str:
    lines = [f"{'name':<22}{'n':>6}{'median_ms':>11}{'p95_ms':>9}{'queries':>9}{'cpu_ms':>8}  notes"]
    for row in rows:
        if "skipped" in row:
            lines.append(f"{row['name']:<22}{'':>6}{'':>11}{'':>9}{'':>9}{'':>8}  skipped: {row['skipped']}")
        elif "error" in row:
            lines.append(f"{row['name']:<22}{row['n']:>6}{'':>11}{'':>9}{'':>9}{'':>8}  FAILED: {row['error']}")
        else:
            note = "" if row.get("query_count_constant", True) else "query count not constant"
            if "peak_mb" in row:
                note = f"peak {row['peak_mb']} MB; {note}".rstrip("; ")
            # A row measured once (the import) has no p95, CPU time or query count: leave those cells blank.
            p95, queries, cpu = row.get("p95_ms"), row.get("queries"), row.get("median_cpu_ms")
            lines.append(
                f"{row['name']:<22}{row['n']:>6}{row['median_ms']:>11.1f}"
                f"{'' if p95 is None else f'{p95:.1f}':>9}{'' if queries is None else queries:>9}"
                f"{'' if cpu is None else f'{cpu:.1f}':>8}  {note}"
            )
    return "\n".join(lines)


def run() -> int:
    started = time.perf_counter()
    rows: list[Row] = []
    failures: list[str] = []
    for n in SIZES:
        try:
            size_rows, size_failures = measure_size(n)
        except Exception as error:  # building the council failed: nothing at this size can be measured
            traceback.print_exc()
            failures.append(f"building the synthetic council at n={n}: {error}")
            continue
        rows += size_rows
        failures += size_failures
    for name, measure in ONCE_ROWS.items():
        try:
            rows.append(measure())
        except Exception as error:  # a failing row is a real failure: report it and carry on
            traceback.print_exc()
            failures.append(f"{name}: {error}")
            rows.append({"name": name, "n": 0, "error": str(error)})
    warnings = check_query_counts(rows)
    results = ordered(rows)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print()
    for line in warnings:
        print(line)
    for line in failures:
        print(f"FAILED: {line}")
    print(f"Wrote {RESULTS} in {time.perf_counter() - started:.0f} s.")
    return 1 if failures else 0
