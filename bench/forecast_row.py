"""The ``forecast`` row of ``make bench`` (PRODUCT section 4: 10,000 trials × all savings lines in ≤ 1 s and
≤ 300 MB peak): ``store_forecast`` over the synthetic council as a page would run it (read the lines, simulate,
store the run), and the engine alone over every one of the council's savings lines treated as open (the worst
case: 8,000 lines at n = 2,000), each timed over several runs, with the peak memory of one run measured apart
(tracemalloc sees NumPy's allocations, and slows what it watches)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.core.models import Organisation
from beacon.finance import forecast
from beacon.finance.models import Recurrence, SavingsLine
from beacon.finance.services_forecast import organisation_assumptions, store_forecast

REPEATS = 5
TRIALS = forecast.DEFAULT_TRIALS


def timed(run: Callable[[], Any], repeats: int = REPEATS) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run (CPU over every thread: the engine uses two)."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def peak_mb(run: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        run()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def every_line_as_open(organisation: Organisation) -> tuple[forecast.Lines, list[int | None]]:
    """All the organisation's savings lines, whatever their state, as open lines over the years they span,
    with targets at 90% of what they expect (so that the shortfall's contributors are worked out too)."""
    rows = list(SavingsLine.objects.filter(organisation=organisation).values_list(
        "pk", "project_id", "financial_year__start_year", "recurrence", "project__delivery_confidence",
        "amount_pence",
    ))
    first = min(row[2] for row in rows)
    years = max(row[2] for row in rows) - first + 1
    lines = forecast.Lines.from_rows([
        (pk, project, year - first, recurrence == Recurrence.RECURRING, rating or "", amount, False)
        for pk, project, year, recurrence, rating, amount in rows
    ])
    expected = [0] * years
    for year, amount in zip(lines.year, lines.expected, strict=True):
        expected[int(year)] += int(amount)
    return lines, [int(total * 0.9) for total in expected]


def measure_forecast(slug: str, n: int) -> dict[str, Any]:
    organisation = Organisation.objects.get(slug=slug)
    if not SavingsLine.objects.filter(organisation=organisation).exists():
        return {"name": "forecast", "n": n, "skipped": "the synthetic council has no savings lines"}
    store_forecast(organisation)  # the first run pays for imports and the quantile tables
    with CaptureQueriesContext(connection) as captured:
        run = store_forecast(organisation)
    wall, cpu = timed(lambda: store_forecast(organisation))

    lines, targets = every_line_as_open(organisation)
    assumptions = organisation_assumptions(organisation)

    def engine() -> forecast.ForecastResult:
        return forecast.simulate(lines, targets, assumptions=assumptions, trials=TRIALS)

    engine_wall, engine_cpu = timed(engine)
    return {
        "name": "forecast", "n": n,
        "median_ms": round(statistics.median(wall), 1),
        "p95_ms": round(max(wall), 1),  # of five runs, the slowest
        "median_cpu_ms": round(statistics.median(cpu), 1),
        "queries": len(captured),
        "peak_mb": peak_mb(lambda: store_forecast(organisation)),
        "trials": TRIALS,
        "lines_counted": run.lines_counted,
        "all_lines": len(lines),
        "all_lines_median_ms": round(statistics.median(engine_wall), 1),
        "all_lines_median_cpu_ms": round(statistics.median(engine_cpu), 1),
        "all_lines_peak_mb": peak_mb(engine),
    }
