"""``beacon forecast --organisation <slug> [--trials N] [--seed S] [--correlation R] [--include-proposed]``: run
the savings forecast, store it as the organisation's latest run, and print a summary table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.core.models import Organisation
from beacon.finance import forecast
from beacon.finance.services_forecast import money_words, store_forecast


def chance_text(probability: float | None) -> str:
    return "no target" if probability is None else f"{probability * 100:.1f}%"


class Command(BaseCommand):
    help = "Run the Monte Carlo savings forecast for an organisation and store it as its latest run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug, e.g. cheshire-east")
        parser.add_argument(
            "--trials", type=int, default=forecast.DEFAULT_TRIALS,
            help=f"Number of trials, 1 to {forecast.MAX_TRIALS:,} (default {forecast.DEFAULT_TRIALS:,})",
        )
        parser.add_argument("--seed", type=int, default=forecast.DEFAULT_SEED,
                            help=f"Random seed: the same seed gives the same answer (default {forecast.DEFAULT_SEED})")
        parser.add_argument("--correlation", type=float, default=None,
                            help=f"Correlation between lines, 0 to 1 (default {forecast.DEFAULT_CORRELATION})")
        parser.add_argument("--include-proposed", action="store_true",
                            help="Count proposed lines as well as approved and delivered ones")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise CommandError(f"No organisation has the slug {slug!r}." + (f" Known: {known}." if known else ""))
        trials, seed, correlation = options["trials"], options["seed"], options["correlation"]
        if not 1 <= trials <= forecast.MAX_TRIALS:
            raise CommandError(f"--trials must be from 1 to {forecast.MAX_TRIALS:,}; {trials:,} is not.")
        if seed < 0 or seed >= 2**63:
            raise CommandError("--seed must be a whole number from 0 to 2**63 - 1.")
        if correlation is not None and not 0 <= correlation <= 1:
            raise CommandError(f"--correlation must be from 0 to 1; {correlation} is not.")
        run = store_forecast(organisation, trials=trials, seed=seed, correlation=correlation,
                             include_proposed=options["include_proposed"])
        self.stdout.write(
            f"Forecast for {organisation.name}: {run.lines_counted:,} lines, {run.trials:,} trials, seed {run.seed}, "
            f"correlation {float(run.correlation):g}, {run.duration_ms:,} ms"
            + (f", against {run.mtfs}" if run.mtfs_id else ", no MTFS (no targets)")
        )
        if not run.years:
            self.stdout.write("There are no savings lines in the MTFS years to forecast.")
            return
        header = f"{'year':<9}{'target':>12}{'P10':>12}{'P50':>12}{'P90':>12}{'P(met)':>11}"
        for title, rows in (("In-year", run.years), ("Cumulative", run.cumulative)):
            self.stdout.write(f"\n{title}\n{header}")
            for row in rows:
                self.stdout.write(
                    f"{row['financial_year']:<9}{money_words(row['target_pence']) or '-':>12}"
                    f"{money_words(row['p10_pence']):>12}{money_words(row['p50_pence']):>12}"
                    f"{money_words(row['p90_pence']):>12}{chance_text(row['probability_target_met']):>11}"
                )
        self.stdout.write(self.style.SUCCESS(f"\nStored as forecast run {run.pk}."))
