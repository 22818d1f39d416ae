"""The ``neighbours`` row of ``make bench`` (PRODUCT section 4: nearest neighbours of one council over all ~400
councils and the 31 indicators of ONS's 2025 model in ≤ 50 ms): ``nearest("ons-2025", Chorley, k=15)`` as the
API calls it, data-version query included, timed after a warm-up that builds the standardised matrix (the first,
cold call is reported apart as ``cold_ms``). ``n`` is the number of councils compared."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.performance import comparators
from beacon.performance.indicators import load_indicators
from beacon.performance.models import IndicatorValue

COUNCIL = "E07000118"  # Chorley
REPEATS = 50


def measure_neighbours() -> dict[str, Any]:
    if not IndicatorValue.objects.exists():
        load_indicators()
    comparators.clear_cache()
    started = time.perf_counter()
    comparators.nearest("ons-2025", COUNCIL, 15)
    cold_ms = (time.perf_counter() - started) * 1000
    comparators.nearest("ons-2025", COUNCIL, 15)
    with CaptureQueriesContext(connection) as captured:
        found = comparators.nearest("ons-2025", COUNCIL, 15)
    if len(found) != 15:
        raise RuntimeError(f"nearest answered {len(found)} neighbours, not 15")
    wall, cpu = [], []
    for _ in range(REPEATS):
        started, cpu_started = time.perf_counter(), time.thread_time()
        comparators.nearest("ons-2025", COUNCIL, 15)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - cpu_started) * 1000)
    return {
        "name": "neighbours", "n": comparators.matrix_for("ons-2025").size,
        "median_ms": round(statistics.median(wall), 2),
        "p95_ms": round(statistics.quantiles(wall, n=20, method="inclusive")[-1], 2),
        "median_cpu_ms": round(statistics.median(cpu), 2), "queries": len(captured),
        "indicators": len(comparators.PRESETS["ons-2025"].indicators), "k": 15, "cold_ms": round(cold_ms, 1),
    }
