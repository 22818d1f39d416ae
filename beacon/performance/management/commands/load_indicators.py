"""``beacon load_indicators``: load (or refresh) the published indicators of every council that ship with Beacon."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from beacon.performance.indicators import load_indicators


class Command(BaseCommand):
    help = (
        "Load the benchmarking indicators for every UK council from beacon/performance/data/ (ONS local indicators, "
        "Oflog adult social care, council tax, revenue outturn per head, deprivation). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            counts = load_indicators()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Loaded {counts['indicators']} indicators and {counts['values']:,} values "
            f"in {time.perf_counter() - started:.1f} s."
        )
        self.stdout.write(
            f"Skipped: {counts['skipped_not_in_register']} areas not in the council register (regions, countries), "
            f"{counts['skipped_not_a_council']} combined or regional authorities, "
            f"{counts['skipped_former_council']} former councils, {counts['skipped_blank']} cells with no figure."
        )
