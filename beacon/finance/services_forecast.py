"""Running, storing and reading the savings forecast (ADR 0005): the database side of ``beacon.finance.forecast``.

``store_forecast`` reads the organisation's savings lines and MTFS targets in two queries, runs the engine and
stores a ``ForecastRun``; ``save_assumptions`` writes an organisation's distributions per rating. The run keeps
line ids and figures only: pages and the API name a line only after ``readable_contributors`` has asked the
permission policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from beacon.core import policy
from beacon.core.models import FinancialYear, Organisation
from beacon.core.money import financial_year_label, short_pounds
from beacon.finance import calibration, forecast
from beacon.finance.forecast import UNRATED, Assumption
from beacon.finance.models import ForecastAssumption, ForecastRun, LineState, Mtfs, Recurrence, SavingsLine
from beacon.programmes.models import confidence_choices

UNRATED_KEY = "unrated"  # how "not rated" is written in the stored run (a JSON key of "" reads badly)
CONTRIBUTORS_SHOWN = 10
HEADLINE_RISKS = 3


def rating_key(rating: str) -> str:
    return rating or UNRATED_KEY


# Assumptions --------------------------------------------------------------------------------------------------


def organisation_assumptions(organisation: Organisation) -> dict[str, Assumption]:
    """The distribution per rating that the organisation's forecast uses: its own where set, else the
    documented defaults (``forecast.DEFAULT_ASSUMPTIONS``)."""
    own = {
        row.rating: Assumption(float(row.delivered_mean), float(row.concentration), float(row.slip_probability))
        for row in ForecastAssumption.objects.filter(organisation=organisation)
    }
    return forecast.resolve_assumptions(own)


def assumption_sources(organisation: Organisation) -> dict[str, str]:
    """"default" or "organisation" for each rating: whether the organisation has set its own values."""
    own = {row.rating: row for row in ForecastAssumption.objects.filter(organisation=organisation)}
    sources = {}
    for rating, default in forecast.DEFAULT_ASSUMPTIONS.items():
        row = own.get(rating)
        same = row is not None and Assumption(
            float(row.delivered_mean), float(row.concentration), float(row.slip_probability)
        ) == default
        sources[rating] = "organisation" if row is not None and not same else "default"
    return sources


def save_assumptions(organisation: Organisation, assumptions: dict[str, Assumption], *, actor: Any) -> None:
    """Write the organisation's distribution for each rating given (history keeps the old values)."""
    with transaction.atomic():
        for rating, assumption in assumptions.items():
            row = ForecastAssumption.objects.filter(organisation=organisation, rating=rating).first()
            if row is None:
                row = ForecastAssumption(organisation=organisation, rating=rating, created_by=actor)
            row.delivered_mean = Decimal(str(round(assumption.delivered_mean, 3)))
            row.concentration = Decimal(str(round(assumption.concentration, 2)))
            row.slip_probability = Decimal(str(round(assumption.slip_probability, 3)))
            row.modified_by = actor
            row.full_clean()
            row.save()


def apply_refit(organisation: Organisation, *, actor: Any) -> list[str]:
    """Refit each rating that has enough closed lines from the organisation's own history (ADR 0005) and save
    it; answers the ratings refitted."""
    ratings = [rating for rating, _ in confidence_choices(organisation)] + [UNRATED]
    history = calibration.outcomes(organisation)
    current = organisation_assumptions(organisation)
    fitted = {
        item.rating: item.fitted for item in calibration.refits(history, current, ratings) if item.fitted is not None
    }
    if fitted:
        save_assumptions(organisation, fitted, actor=actor)
    return list(fitted)


# Inputs -------------------------------------------------------------------------------------------------------


def default_mtfs(organisation: Organisation) -> Mtfs | None:
    """The MTFS the forecast measures against: the latest (by first year) that names the programme, else the
    latest of any."""
    mtfs_set = Mtfs.objects.filter(organisation=organisation).select_related("start_year", "end_year")
    ordered = mtfs_set.order_by("-start_year__start_year", "-pk")
    return ordered.filter(programme__isnull=False).first() or ordered.first()


def target_of(savings_required_pence: int, programme_target_pence: int | None) -> int:
    """The programme's share where the MTFS sets one, else the whole saving required."""
    return savings_required_pence if programme_target_pence is None else programme_target_pence


@dataclass
class Inputs:
    """What the engine needs, read from the database: the horizon's years (start years), the target of each
    (pence, None where the MTFS has no row for it) and the lines."""

    years: list[int]
    targets: list[int | None]
    lines: forecast.Lines
    mtfs: Mtfs | None


COUNTED_STATES = (LineState.APPROVED, LineState.DELIVERED)
HORIZON_LIMIT = 10


def forecast_inputs(organisation: Organisation, mtfs: Mtfs | None, *, include_proposed: bool = False) -> Inputs:
    """The lines that count (approved and delivered; proposed only when asked) of the MTFS's programme (or the
    organisation's, for an MTFS of no programme or no MTFS) in the MTFS's years, and its targets. Carried
    forward, written off and replaced lines are closed: their money has moved to another line, or gone."""
    states = [*COUNTED_STATES, LineState.PROPOSED] if include_proposed else list(COUNTED_STATES)
    lines = SavingsLine.objects.filter(organisation=organisation, state__in=states)
    targets: dict[int, int] = {}
    if mtfs is not None:
        first, last = mtfs.start_year.start_year, mtfs.end_year.start_year
        if mtfs.programme_id:
            lines = lines.filter(project__programme_id=mtfs.programme_id)
        targets = {
            year: target_of(required, share)
            for year, required, share in mtfs.years.values_list(
                "financial_year__start_year", "savings_required_pence", "programme_target_pence"
            )
        }
    else:
        span = list(lines.order_by("financial_year__start_year").values_list("financial_year__start_year", flat=True)
                    .distinct())
        if not span:
            return Inputs(years=[], targets=[], lines=forecast.Lines.from_rows([]), mtfs=None)
        first, last = span[0], min(span[-1], span[0] + HORIZON_LIMIT - 1)
    years = list(range(first, last + 1))
    rows = lines.filter(financial_year__start_year__gte=first, financial_year__start_year__lte=last).values_list(
        "pk", "project_id", "financial_year__start_year", "recurrence", "state", "amount_pence", "forecast_pence",
        "delivered_pence", "project__delivery_confidence",
    )
    engine_rows = []
    for pk, project, year, recurrence, state, amount, forecast_pence, delivered, rating in rows.iterator(
        chunk_size=4000
    ):
        delivered_line = state == LineState.DELIVERED
        if delivered_line:
            expected = delivered
        else:
            expected = amount if forecast_pence is None else forecast_pence
        engine_rows.append(
            (pk, project, year - first, recurrence == Recurrence.RECURRING, rating or UNRATED, expected, delivered_line)
        )
    return Inputs(years=years, targets=[targets.get(year) for year in years],
                  lines=forecast.Lines.from_rows(engine_rows), mtfs=mtfs)


# Running and storing --------------------------------------------------------------------------------------------


def whole_pounds(pence: int | None) -> int | None:
    """Simulated figures to the nearest pound (pennies would be false precision), still in pence."""
    return None if pence is None else int(round(pence / 100)) * 100


def _distribution_json(label: str, distribution: forecast.Distribution) -> dict[str, Any]:
    return {
        "financial_year": label,
        "target_pence": distribution.target,
        "p10_pence": whole_pounds(distribution.p10),
        "p50_pence": whole_pounds(distribution.p50),
        "p90_pence": whole_pounds(distribution.p90),
        "mean_pence": whole_pounds(distribution.mean),
        "probability_target_met": distribution.probability_target_met,
        "expected_shortfall_pence": whole_pounds(distribution.expected_shortfall),
    }


def store_forecast(
    organisation: Organisation,
    *,
    trials: int = 10_000,
    seed: int = 20240321,
    correlation: float | None = None,
    mtfs: Mtfs | None = None,
    actor: Any = None,
    include_proposed: bool = False,
) -> ForecastRun:
    """Run the savings forecast for ``organisation`` against ``mtfs`` (default: ``default_mtfs``) and store
    it. ``correlation`` None means the documented default (``forecast.DEFAULT_CORRELATION``)."""
    if correlation is None:
        correlation = forecast.DEFAULT_CORRELATION
    if mtfs is None:
        mtfs = default_mtfs(organisation)
    elif mtfs.organisation_id != organisation.pk:
        raise ValueError("The MTFS belongs to another organisation.")
    inputs = forecast_inputs(organisation, mtfs, include_proposed=include_proposed)
    assumptions = organisation_assumptions(organisation)
    sources = assumption_sources(organisation)
    result = forecast.simulate(inputs.lines, inputs.targets, assumptions=assumptions, trials=trials, seed=seed,
                               correlation=correlation)
    labels = [financial_year_label(year) for year in inputs.years]
    run = ForecastRun(
        organisation=organisation, mtfs=inputs.mtfs, trials=trials, seed=seed,
        correlation=Decimal(str(round(correlation, 3))),
        assumptions={
            "ratings": {
                rating_key(rating): {**assumption.as_dict(), "source": sources.get(rating, "default")}
                for rating, assumption in assumptions.items()
            },
            "include_proposed": include_proposed,
            "horizon": labels,
        },
        years=[_distribution_json(labels[y], result.years[y]) for y in range(len(labels))],
        cumulative=[_distribution_json(labels[y], result.cumulative[y]) for y in range(len(labels))],
        contributors=[
            {"line": item.line_id, "project": item.project_id, "financial_year": labels[item.year],
             "expected_shortfall_pence": whole_pounds(item.expected_shortfall)}
            for item in result.contributors
        ],
        lines_counted=result.lines_counted, duration_ms=result.duration_ms, created_by=actor, modified_by=actor,
    )
    # An empty list is "blank" to a JSONField's validation, and a run of no lines is still a run.
    run.full_clean(exclude=["assumptions", "years", "cumulative", "contributors"])
    run.save()
    return run


def latest_run(organisation: Organisation) -> ForecastRun | None:
    return (ForecastRun.objects.filter(organisation=organisation).select_related("mtfs", "created_by")
            .order_by("-created_at", "-pk").first())


# Reading a run ------------------------------------------------------------------------------------------------


@dataclass
class VisibleContributor:
    line: SavingsLine
    financial_year: str
    expected_shortfall_pence: int


def readable_line_ids(line_ids: list[int], user: Any) -> set[int]:
    """Which of ``line_ids`` the user may read (one query)."""
    if not line_ids:
        return set()
    lines = policy.readable(SavingsLine.objects.filter(pk__in=line_ids), user)
    return set(lines.values_list("pk", flat=True))


def readable_contributors(run: ForecastRun, user: Any, limit: int = CONTRIBUTORS_SHOWN) -> list[VisibleContributor]:
    """The run's largest contributors to the expected shortfall that ``user`` may read, largest first: a line
    of a project the user may not read is never named, nor counted in its place."""
    ids = [item["line"] for item in run.contributors]
    if not ids:
        return []
    lines = policy.readable(SavingsLine.objects.filter(pk__in=ids, organisation_id=run.organisation_id), user)
    by_id = {line.pk: line for line in lines.select_related("project", "financial_year")}
    visible = [
        VisibleContributor(line=by_id[item["line"]], financial_year=item["financial_year"],
                           expected_shortfall_pence=item["expected_shortfall_pence"])
        for item in run.contributors if item["line"] in by_id
    ]
    return visible[:limit]


def money_words(pence: int | None) -> str:
    """£25.0m for millions (one decimal, as budget reports write them), else £250k or £950."""
    if pence is None:
        return ""
    if abs(pence) >= 100_000_000:
        return f"£{pence / 100_000_000:,.1f}m"
    return short_pounds(pence)


def chance_words(probability: float) -> str:
    """"a 62%"; "a less than 1%" and "a more than 99%" near the ends, so that a simulation never claims a
    certainty it did not see (the callers word 0 and 1 themselves)."""
    percent = probability * 100
    if percent < 1:
        return "a less than 1%"
    if percent > 99:
        return "a more than 99%"
    figure = f"{percent:.0f}"
    article = "an" if figure.startswith("8") or figure in ("11", "18") else "a"  # an 8%, an 11%, an 80%
    return f"{article} {figure}%"


def target_met_words(probability: float, what: str, trials: int) -> str:
    """"There is a 62% chance that <what> is met", or what the trials showed when all or none met it."""
    if probability >= 1:
        return f"In every one of the {trials:,} trials, {what} is met"
    if probability <= 0:
        return f"There is almost no chance that {what} is met (none of the {trials:,} trials met it)"
    return f"There is {chance_words(probability)} chance that {what} is met"


def headline_year(run: ForecastRun) -> dict[str, Any] | None:
    """The year the explanation leads with: this financial year if the run covers it, else the next one it
    covers, else its last."""
    if not run.years:
        return None
    current = FinancialYear.objects.current()
    start_years = [int(item["financial_year"][:4]) for item in run.years]
    if current is not None:
        for item, start in zip(run.years, start_years, strict=True):
            if start >= current.start_year:
                return item
        return run.years[-1]
    return run.years[0]


def risk_names(contributors: list[VisibleContributor], label: str) -> list[str]:
    """The projects of the largest risks to ``label``'s target (or, if none of the reader's are in that year,
    to any year's, with the year), each named once."""
    in_year = [item for item in contributors if item.financial_year == label]
    chosen = in_year or contributors
    names: list[str] = []
    for item in chosen:
        name = str(item.line.project) + ("" if in_year else f" ({item.financial_year})")
        if name not in names:
            names.append(name)
    return names[:HEADLINE_RISKS]


def explanation(run: ForecastRun, contributors: list[VisibleContributor]) -> list[str]:
    """The forecast in plain words: the headline year's chance of meeting its target, the largest risks the
    reader may see, and the whole MTFS cumulatively."""
    year = headline_year(run)
    if year is None:
        return ["There are no savings lines in the MTFS years to forecast."]
    label = year["financial_year"]
    spread = (f"between {money_words(year['p10_pence'])} and {money_words(year['p90_pence'])} "
              f"in eight trials out of ten")
    sentences = []
    if not year["target_pence"]:
        why = "has no target" if year["target_pence"] is None else "has a target of £0"
        sentences.append(
            f"{label} {why}: the programme is likely to deliver {money_words(year['p50_pence'])} "
            f"of new savings ({spread})."
        )
    else:
        sentence = target_met_words(
            year["probability_target_met"], f"{label}'s {money_words(year['target_pence'])} target", run.trials
        )
        named = risk_names(contributors, label)
        if named:
            listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
            sentence += f"; the largest risks are {listed}" if len(named) > 1 else f"; the largest risk is {listed}"
        sentences.append(sentence + ".")
        sentences.append(
            f"The programme is likely to deliver {money_words(year['p50_pence'])} of new savings in {label} "
            f"({spread})."
        )
    final = run.cumulative[-1] if run.cumulative else None
    if final is not None and final["target_pence"] and len(run.cumulative) > 1:
        met = target_met_words(final["probability_target_met"],
                               f"the cumulative {money_words(final['target_pence'])}", run.trials)
        sentences.append(
            f"Over the whole MTFS to {final['financial_year']}, counting recurring savings in every later year, "
            f"{met[0].lower()}{met[1:]}."
        )
    return sentences

