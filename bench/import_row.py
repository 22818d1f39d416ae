"""The ``import-observations`` row of ``make bench`` (PRODUCT section 4: 100,000 KPI observations from CSV in at
most 5 s and 400 MB). A scratch database gets a council with 200 monthly KPIs; a CSV of 200 × 500 months is
written; then ``beacon import observations`` runs as its own process, as an officer would run it, and the row
records its wall time (start-up, reading, checking every row and writing each with its history) and its peak
resident memory. The same file is imported a second time: matched by KPI and period, it changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KPIS, MONTHS = 200, 500
SLUG = "bench-import"


def month_label(index: int) -> str:
    year, month = divmod(index, 12)
    return dt.date(1985 + year, month + 1, 1).strftime("%B %Y")


def write_csv(path: Path) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["KPI code", "Period", "Value", "Note"])
        rows = 0
        for kpi in range(KPIS):
            for month in range(MONTHS):
                writer.writerow([f"BK-{kpi:03d}", month_label(month), f"{(kpi * 7 + month * 13) % 1000 / 10:.1f}", ""])
                rows += 1
    return rows


# Runs the beacon command and then reports the process's own peak resident memory (kB on Linux) on stderr.
PEAK = (
    "import resource, sys\n"
    "from beacon.__main__ import main\n"
    "sys.argv = ['beacon', *sys.argv[1:]]\n"
    "try:\n    main()\n"
    "finally:\n    print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def beacon(env: dict[str, str], *args: str) -> tuple[float, str, float]:
    """(seconds, stdout, peak MB) of ``beacon <args>`` run as its own process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"beacon {' '.join(args[:2])} exited {done.returncode}: {done.stderr[-2000:]}")
    peak = next((int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB")), 0)
    return elapsed, done.stdout.strip(), peak / 1024


def measure_import_observations() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'import.sqlite3'}", "DEBUG": "false",
               "BEACON_ENV": "development", "DJANGO_SETTINGS_MODULE": "beacon.settings"}
        env.pop("TASK_BACKEND", None)
        beacon(env, "migrate", "--no-input", "--verbosity", "0")
        setup = (
            "from beacon.core.models import Organisation\n"
            "from beacon.performance.models import Kpi\n"
            f"o = Organisation.objects.create(name='Bench import council', slug='{SLUG}')\n"
            f"Kpi.objects.bulk_create([Kpi(organisation=o, code=f'BK-{{i:03d}}', title=f'Bench KPI {{i}}', "
            f"frequency='monthly') for i in range({KPIS})])\n"
        )
        beacon(env, "shell", "-c", setup)
        path = folder / "observations.csv"
        rows = write_csv(path)
        size_mb = path.stat().st_size / 1024 / 1024
        seconds, output, peak_mb = beacon(env, "import", "observations", str(path), "--organisation", SLUG)
        if f"{rows:,} created" not in output:
            raise RuntimeError(f"unexpected import output: {output}")
        again, second, _ = beacon(env, "import", "observations", str(path), "--organisation", SLUG)
        if f"{rows:,} unchanged" not in second:
            raise RuntimeError(f"a second import changed something: {second}")
    return {
        "name": "import-observations", "n": rows, "median_ms": round(seconds * 1000, 1), "peak_mb": round(peak_mb, 1),
        "again_ms": round(again * 1000, 1), "file_mb": round(size_mb, 1),
    }
