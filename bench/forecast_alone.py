"""``python -m bench.forecast_alone [n]``: the ``forecast`` row of ``make bench`` on its own, over a synthetic
council of n projects (default 2,000: 8,000 savings lines) in a scratch database of its own, so that it can run
beside ``make run`` and ``make bench``. Prints the row as JSON."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path


def main(argv: list[str]) -> int:
    projects = int(argv[1]) if len(argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'forecast.sqlite3'}"
        os.environ["DEBUG"] = "false"
        os.environ["BEACON_ENV"] = "development"
        os.environ["DJANGO_SETTINGS_MODULE"] = "beacon.settings"
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from beacon.demo.synthetic import build_synthetic_council
        from bench.forecast_row import measure_forecast

        started = time.perf_counter()
        build_synthetic_council(f"bench-{projects}", projects)
        print(f"Built synthetic council bench-{projects} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        print(json.dumps(measure_forecast(f"bench-{projects}", projects), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
