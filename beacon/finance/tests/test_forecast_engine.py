"""The forecast engine (beacon.finance.forecast), without a database: certain lines, the exact probability of
independent two-outcome lines by convolution, reproducibility, correlation, slippage, the counting rule,
contributors, and the inverse-CDF tables."""

from __future__ import annotations

import math

import numpy as np
import pytest

from beacon.finance import forecast
from beacon.finance.forecast import Assumption, Lines, simulate

CERTAIN = Assumption(delivered_mean=1.0, concentration=0, slip_probability=0)


def lines(*rows: tuple) -> Lines:
    """Rows of (year, recurring, rating, expected pence[, delivered]); ids count from 1, a project per line."""
    full = [(i + 1, 100 + i, year, recurring, rating, expected, *(rest or (False,)))
            for i, (year, recurring, rating, expected, *rest) in enumerate(rows)]
    return Lines.from_rows(full)


def test_a_programme_of_certain_lines_meets_its_target_with_no_spread() -> None:
    certain = lines((0, True, "green", 600_000_00), (0, False, "green", 400_000_00), (1, True, "red", 250_000_00),
                    (1, False, "amber", 50_000_00, True))
    result = simulate(certain, [1_000_000_00, 250_000_00], assumptions={r: CERTAIN for r in forecast.RATINGS},
                      trials=2_000)
    first, second = result.years
    assert first.probability_target_met == 1.0 and second.probability_target_met == 1.0
    assert first.p10 == first.p50 == first.p90 == 1_000_000_00
    # The delivered line counts what was delivered, for certain, whatever its rating says.
    assert second.p10 == second.p50 == second.p90 == 300_000_00
    assert result.cumulative[1].p10 == result.cumulative[1].p90 == 600_000_00 + 250_000_00 + 50_000_00
    assert first.expected_shortfall == 0
    assert result.contributors == []


def exact_probability(amounts: list[int], probabilities: list[float], target: int) -> float:
    """P(sum of independent all-or-nothing lines ≥ target), by convolving their two-point distributions."""
    distribution = {0: 1.0}
    for amount, p in zip(amounts, probabilities, strict=True):
        convolved: dict[int, float] = {}
        for total, weight in distribution.items():
            convolved[total] = convolved.get(total, 0.0) + weight * (1 - p)
            convolved[total + amount] = convolved.get(total + amount, 0.0) + weight * p
        distribution = convolved
    return sum(weight for total, weight in distribution.items() if total >= target)


def table_probability(mean: float) -> float:
    """The all-or-nothing chance the table gives (its quantiles are multiples of 1/4096)."""
    return float(np.mean(forecast.quantile_table(mean, 0.0)))


def test_independent_two_outcome_lines_agree_with_the_exact_convolution() -> None:
    means = {"green": 0.9, "amber_green": 0.75, "amber": 0.6, "amber_red": 0.45, "red": 0.3}
    assumptions = {rating: Assumption(mean, 0, 0) for rating, mean in means.items()}
    ratings = list(means)
    amounts = [120_000_00, 80_000_00, 200_000_00, 55_000_00, 150_000_00, 95_000_00, 60_000_00, 175_000_00,
               40_000_00, 110_000_00, 130_000_00, 70_000_00]
    rows = [(0, True, ratings[i % 5], amount) for i, amount in enumerate(amounts)]
    target = 800_000_00
    trials = 20_000
    result = simulate(lines(*rows), [target], assumptions=assumptions, trials=trials, correlation=0, seed=7)
    exact = exact_probability(amounts, [table_probability(means[ratings[i % 5]]) for i in range(len(amounts))],
                              target)
    assert 0.2 < exact < 0.8  # a target in the middle of the distribution, where the test has power
    standard_error = math.sqrt(exact * (1 - exact) / trials)
    assert abs(result.years[0].probability_target_met - exact) <= 3 * standard_error
    # The table's chance is the rating's mean to within a quantile.
    assert abs(table_probability(0.9) - 0.9) <= 1 / forecast.TABLE_SIZE


def test_the_same_seed_gives_the_same_answer_and_another_seed_other_draws() -> None:
    book = lines(*[(i % 3, i % 2 == 0, forecast.RATINGS[i % 6], 10_000_00 * (1 + i % 7)) for i in range(300)])
    targets = [1_000_000_00, 900_000_00, None]
    first = simulate(book, targets, trials=3_001, seed=42, correlation=0.4)
    again = simulate(book, targets, trials=3_001, seed=42, correlation=0.4)
    other = simulate(book, targets, trials=3_001, seed=43, correlation=0.4)
    assert np.array_equal(first.samples_in_year, again.samples_in_year)
    assert first.years == again.years and first.cumulative == again.cumulative
    assert first.contributors == again.contributors
    assert not np.array_equal(first.samples_in_year, other.samples_in_year)
    # One thread or two: the chunks' streams come from the seed, not from the scheduling (and a last, short
    # chunk of one trial reads its part of the reused buffers).
    single = simulate(book, targets, trials=3_001, seed=42, correlation=0.4, workers=1)
    assert np.array_equal(first.samples_in_year, single.samples_in_year)
    last = first.samples_in_year[:, -1].sum()
    assert 0.5 < last / first.samples_in_year[:, :-1].sum(axis=0).mean() < 1.5


def test_correlation_widens_the_spread() -> None:
    book = lines(*[(0, True, "amber", 10_000_00) for _ in range(400)])
    independent = simulate(book, [None], trials=4_000, correlation=0).years[0]
    together = simulate(book, [None], trials=4_000, correlation=1).years[0]
    assert together.p90 - together.p10 > 5 * (independent.p90 - independent.p10)
    # The common factor moves lines together; it does not change what each delivers on average.
    assert together.mean == pytest.approx(independent.mean, rel=0.03)
    expected_mean = 400 * 10_000_00 * forecast.DEFAULT_ASSUMPTIONS["amber"].on_time_mean
    assert independent.mean == pytest.approx(expected_mean, rel=0.01)


def test_correlated_draws_keep_each_ratings_distribution() -> None:
    book = lines(*[(0, True, rating, 1_000_00) for rating in ("green", "red") for _ in range(200)])
    assumptions = {"green": Assumption(0.9, 8, 0), "red": Assumption(0.3, 2, 0)}
    result = simulate(book, [None], assumptions=assumptions, trials=4_000, correlation=0.6)
    assert result.years[0].mean == pytest.approx(200 * 1_000_00 * (0.9 + 0.3), rel=0.02)


@pytest.mark.parametrize("correlation", [0.0, 0.05, 0.5, 0.99, 1.0])
def test_a_line_keeps_its_ratings_distribution_at_any_correlation(correlation: float) -> None:
    amber = Assumption(0.7, 6, 0)
    result = simulate(lines((0, True, "amber", 1_000_000)), [None], assumptions={"amber": amber},
                      trials=20_000, correlation=correlation, seed=11)
    drawn = result.samples_in_year[0] / 1_000_000
    exact = forecast.beta_quantiles(0.7 * 6, 0.3 * 6, np.array([0.1, 0.5, 0.9]))
    assert np.allclose(np.percentile(drawn, [10, 50, 90]), exact, atol=0.012)


def test_slippage_moves_money_to_the_next_year_and_past_the_horizon_loses_it() -> None:
    always_late = {"amber": Assumption(1.0, 0, 1.0)}
    book = lines((0, True, "amber", 100_000_00), (1, False, "amber", 30_000_00))
    result = simulate(book, [None, None], assumptions=always_late, trials=500)
    assert result.years[0].p50 == 0
    assert result.years[1].p10 == result.years[1].p90 == 100_000_00  # the second line slipped out of the horizon

    sometimes_late = {"amber": Assumption(1.0, 0, 0.3)}
    book = lines((0, False, "amber", 100_000_00))
    result = simulate(book, [100_000_00, None], assumptions=sometimes_late, trials=10_000)
    assert result.years[0].probability_target_met == pytest.approx(0.7, abs=0.02)
    assert result.years[1].mean == pytest.approx(30_000_00, rel=0.07)
    # A slipped line is a loss to its year: it contributes to that year's shortfall.
    assert result.contributors[0].line_id == 1
    assert result.contributors[0].expected_shortfall == pytest.approx(0.3 * 100_000_00, rel=0.07)


def test_the_cumulative_figures_follow_the_counting_rule() -> None:
    # £10m required in each of two years. A one-off £10m in year 1 and a recurring £10m in year 2 meet each
    # year's target, but the cumulative base by year 2 is only £10m lower against £20m required (ADR 0003).
    target = 10_000_000_00
    one_off_first = lines((0, False, "green", target), (1, True, "green", target))
    result = simulate(one_off_first, [target, target], assumptions={"green": CERTAIN}, trials=100)
    assert [y.probability_target_met for y in result.years] == [1.0, 1.0]
    assert [c.p50 for c in result.cumulative] == [target, target]
    assert [c.target for c in result.cumulative] == [target, 2 * target]
    assert result.cumulative[1].probability_target_met == 0.0

    recurring_first = lines((0, True, "green", target), (1, False, "green", target))
    result = simulate(recurring_first, [target, target], assumptions={"green": CERTAIN}, trials=100)
    assert [c.p50 for c in result.cumulative] == [target, 2 * target]
    assert result.cumulative[1].probability_target_met == 1.0

    # A recurring line that slips still joins the base, a year late; a slipped one-off counts once.
    late = {"amber": Assumption(1.0, 0, 1.0)}
    result = simulate(lines((0, True, "amber", target)), [None, None, None], assumptions=late, trials=100)
    assert [c.p50 for c in result.cumulative] == [0, target, target]
    result = simulate(lines((0, False, "amber", target)), [None, None, None], assumptions=late, trials=100)
    assert [c.p50 for c in result.cumulative] == [0, target, 0]


def test_contributors_rank_the_lines_that_cause_the_shortfall() -> None:
    assumptions = {"green": CERTAIN, "red": Assumption(0.3, 0, 0), "amber": Assumption(0.8, 0, 0)}
    book = lines((0, True, "green", 500_000_00), (0, True, "red", 400_000_00), (0, True, "amber", 100_000_00))
    result = simulate(book, [1_000_000_00], assumptions=assumptions, trials=5_000, correlation=0)
    ids = [c.line_id for c in result.contributors]
    assert ids[:2] == [2, 3]
    assert 1 not in ids  # a certain line loses nothing
    # Every trial that loses either risky line misses the target: each contributes its expected loss.
    assert result.contributors[0].expected_shortfall == pytest.approx(0.7 * 400_000_00, rel=0.05)
    assert result.contributors[1].expected_shortfall == pytest.approx(0.2 * 100_000_00, rel=0.15)
    assert len(simulate(lines(*[(0, True, "red", 1_000_00)] * 40), [10**12], trials=200).contributors) == \
        forecast.CONTRIBUTORS_KEPT


def test_a_year_without_a_target_has_no_probability() -> None:
    result = simulate(lines((0, True, "amber", 1_000_00)), [None], trials=100)
    assert result.years[0].probability_target_met is None
    assert result.years[0].expected_shortfall is None
    assert result.contributors == []


def test_no_lines_at_all() -> None:
    result = simulate(Lines.from_rows([]), [5_000_00, 5_000_00], trials=100)
    assert [y.probability_target_met for y in result.years] == [0.0, 0.0]
    assert result.years[0].p50 == 0 and result.lines_counted == 0


@pytest.mark.parametrize(("a", "b", "exact"), [
    (1.0, 1.0, lambda u: u),
    (2.0, 1.0, np.sqrt),
    (1.0, 2.0, lambda u: 1 - np.sqrt(1 - u)),
    (0.5, 0.5, lambda u: np.sin(np.pi * u / 2) ** 2),
])
def test_beta_quantiles_match_closed_forms(a: float, b: float, exact) -> None:
    levels = forecast.LEVELS
    assert np.max(np.abs(forecast.beta_quantiles(a, b, levels) - exact(levels))) < 1e-4


@pytest.mark.parametrize("assumption", list(forecast.DEFAULT_ASSUMPTIONS.values()) + [Assumption(0.99, 0.5, 0),
                                                                                     Assumption(0.05, 800, 0)])
def test_each_table_has_its_ratings_mean(assumption: Assumption) -> None:
    table = forecast.quantile_table(assumption.delivered_mean, assumption.concentration)
    assert np.all(np.diff(table) >= 0) and table.min() >= 0 and table.max() <= 1
    assert float(table.mean()) == pytest.approx(assumption.delivered_mean, abs=2e-3)


def test_every_rating_has_a_documented_default_and_bad_values_are_refused() -> None:
    assert set(forecast.DEFAULT_ASSUMPTIONS) == set(forecast.RATINGS)
    with pytest.raises(ValueError, match="delivered mean"):
        Assumption(1.2, 5, 0)
    with pytest.raises(ValueError, match="slip"):
        Assumption(0.5, 5, -0.1)
    with pytest.raises(ValueError, match="trials"):
        simulate(lines((0, True, "amber", 1)), [None], trials=0)
    with pytest.raises(ValueError, match="correlation"):
        simulate(lines((0, True, "amber", 1)), [None], correlation=1.5)
    with pytest.raises(ValueError, match="horizon"):
        simulate(lines((2, True, "amber", 1)), [None])
