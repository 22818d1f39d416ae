"""Builds a synthetic council at each size, measures every page row as its programme manager (or
anonymously), and reports: a table on stdout and ``bench/results.json``. Imported after Django is set up."""

from __future__ import annotations

import json
import os
import time
import traceback
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from beacon.demo.synthetic import build_synthetic_council
from bench.environment import RESULTS
from bench.forecast_row import measure_forecast
from bench.measure import time_get
from bench.rows import NOT_BUILT, ONCE_ROWS, PAGE_ROWS, ROW_NAMES, SIZES, STANDALONE_ROWS

Row = dict[str, Any]


def selected_rows() -> set[str]:
    """BENCH_ROWS (``BENCH_ROWS=load-public,fault-postgres make bench``): only these rows; unset, every row."""
    names = {name.strip() for name in os.environ.get("BENCH_ROWS", "").split(",") if name.strip()}
    unknown = names - set(ROW_NAMES)
    if unknown:
        raise SystemExit(f"BENCH_ROWS names unknown rows: {', '.join(sorted(unknown))} (rows: {', '.join(ROW_NAMES)})")
    return names or set(ROW_NAMES)


def previous_rows(selected: set[str]) -> list[Row]:
    """The last results of the rows not selected this time, so that results.json keeps the whole table."""
    try:
        rows = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return []
    return [{**row, "previous_run": True} for row in rows if row.get("name") not in selected and "skipped" not in row]


def measure_size(n: int, selected: set[str] | None = None) -> tuple[list[Row], list[str]]:
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
        if selected is not None and page.name not in selected:
            continue
        url = page.url(slug)
        client = signed_in if page.signed_in else anonymous
        try:
            timing = time_get(client, url, before_each=cache.clear if page.kept else None)
            kept = {"kept_ms": time_get(client, url).median_ms} if page.kept else {}
        except Exception as error:  # any error in a page is a real failure: report it and carry on
            traceback.print_exc()
            failures.append(f"{page.name} at n={n}: {error}")
            rows.append({"name": page.name, "n": n, "error": str(error)})
            continue
        rows.append({"name": page.name, "n": n, **vars(timing), **kept})
    if selected is not None and "forecast" not in selected:
        return rows, failures
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
    """Every row name of PRODUCT section 3, in its order; a row not built yet, or not in BENCH_ROWS, says so."""
    result = []
    for name in ROW_NAMES:
        result += [row for row in rows if row["name"] == name] or [
            {"name": name, "skipped": NOT_BUILT.get(name, "not in BENCH_ROWS and no earlier result")}
        ]
    return result


def table(rows: list[Row]) -> str:
    lines = [f"{'name':<22}{'n':>6}{'median_ms':>11}{'p95_ms':>9}{'queries':>9}{'cpu_ms':>8}  notes"]
    for row in rows:
        if "skipped" in row:
            lines.append(f"{row['name']:<22}{'':>6}{'':>11}{'':>9}{'':>9}{'':>8}  skipped: {row['skipped']}")
        elif row["name"] in SERVED_ROWS and "error" not in row:
            lines.append(served_line(row))
        elif "error" in row:
            lines.append(f"{row['name']:<22}{row['n']:>6}{'':>11}{'':>9}{'':>9}{'':>8}  FAILED: {row['error']}")
        else:
            note = "" if row.get("query_count_constant", True) else "query count not constant"
            if "peak_mb" in row:
                note = f"peak {row['peak_mb']} MB; {note}".rstrip("; ")
            if "kept_ms" in row:
                note = f"rendered; {row['kept_ms']} ms from the kept rendering; {note}".rstrip("; ")
            # A row measured once (the import) has no p95, CPU time or query count: leave those cells blank.
            p95, queries, cpu = row.get("p95_ms"), row.get("queries"), row.get("median_cpu_ms")
            lines.append(
                f"{row['name']:<22}{row['n']:>6}{row['median_ms']:>11.1f}"
                f"{'' if p95 is None else f'{p95:.1f}':>9}{'' if queries is None else queries:>9}"
                f"{'' if cpu is None else f'{cpu:.1f}':>8}  {note}"
            )
    return "\n".join(lines)


SERVED_ROWS = ("load-public", "fault-postgres")


def served_line(row: Row) -> str:
    """The gunicorn rows: figures of their own in the notes (requests/s, errors, memory, recovery)."""
    verdict = "passed" if row.get("passed") else "FAILED the bar"
    again = " (previous run)" if row.get("previous_run") else ""
    rss = "/".join(f"{mb:.0f}" for mb in row.get("worker_rss_mb", []))
    if row["name"] == "load-public":
        note = (f"{row['requests_per_s']} req/s, p99 {row['p99_ms']} ms, {row['non_2xx_3xx']} non-2xx/3xx, "
                f"{row['socket_errors']} socket errors, workers {rss} MB; {verdict}{again}")
        p95 = f"{row['p95_ms']:.1f}"
    else:
        note = (f"outage {row['outage_s']} s: {row['outage']}, {row['unclear_503_pages']} unclear 503 pages, "
                f"5xx other than 503: {row['server_errors'] or 'none'}; first 200 after {row['first_200_after_s']} s, "
                f"all 200 after {row['all_200_after_s']} s, no gunicorn restart; {verdict}{again}")
        p95 = ""
    median = row.get("median_ms")
    return (f"{row['name']:<22}{row['n']:>6}{'' if median is None else f'{median:.1f}':>11}{p95:>9}"
            f"{'':>9}{'':>8}  {note}")


def run() -> int:
    started = time.perf_counter()
    selected = selected_rows()
    rows: list[Row] = previous_rows(selected)
    failures: list[str] = []
    for n in SIZES if selected - STANDALONE_ROWS else ():
        try:
            size_rows, size_failures = measure_size(n, selected)
        except Exception as error:  # building the council failed: nothing at this size can be measured
            traceback.print_exc()
            failures.append(f"building the synthetic council at n={n}: {error}")
            continue
        rows += size_rows
        failures += size_failures
    for name, measure in ONCE_ROWS.items():
        if name not in selected:
            continue
        try:
            rows.append(measure())
        except Exception as error:  # a failing row is a real failure: report it and carry on
            traceback.print_exc()
            failures.append(f"{name}: {error}")
            rows.append({"name": name, "n": 0, "error": str(error)})
            continue
        if name in SERVED_ROWS and not rows[-1].get("passed"):
            failures.append(f"{name}: missed PRODUCT section 4's bar (see its row)")
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
