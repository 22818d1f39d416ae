"""The savings forecast engine (PRODUCT C3 "Forecast", ADR 0005): a Monte Carlo simulation of what the
programme's savings lines will deliver in each year of the MTFS, in pure NumPy.

For every trial and every open savings line, the engine draws

- the **delivered fraction** of the line's expected amount, from a Beta distribution set by the project's
  delivery confidence rating (mean ``delivered_mean``, concentration ``κ``: Beta(mean·κ, (1 − mean)·κ));
  κ = 0 means all or nothing (the whole amount with probability ``delivered_mean``, else nothing), and a
  mean of 1 means certain;
- whether the line **slips** a year (probability ``slip_probability``): what it delivers then arrives in the
  next year, or beyond the horizon, where it is lost to the forecast.

Delivered lines are certain: their delivered amount, in their year. The results per year are the target,
P10/P50/P90 of what is delivered in the year, and the probability that the target is met; the same
cumulatively under the counting rule of ADR 0003 (recurring savings stay in the base in later years, one-off
savings count in their year only). The lines that contribute most to the expected shortfall are the ones
whose loss (expected amount minus what arrived in its year) is largest in the trials where their year's
target is missed.

Correlation: one programme-wide common factor. Each line's outcome is driven by a latent value
x = √ρ·Z + √(1 − ρ)·ε, where Z ~ N(0, 1) is shared by every line in a trial (a good or a bad year for the
whole programme) and ε is the line's own, uniform with unit variance; the delivered fraction is the rating's
quantile at F(x), F being the distribution function of x, so that each line keeps its rating's distribution
exactly while any two lines' latent values have correlation ρ. With ρ = 0 the lines are independent; with
ρ = 1 they move together. (A uniform rather than normal own factor makes the correlated draw one integer
addition: the line's quantile index plus the trial's shift.) Slippage is drawn independently per line.

Speed and memory (PRODUCT section 4: 10,000 trials × 8,000 lines in ≤ 1 s and ≤ 300 MB): NumPy's Beta
sampler is far too slow at this size, so each rating's quantile function is tabulated once (4,096 quantiles,
``TABLE_SIZE``) and a draw is a table look-up indexed by 12 random bits; trials run in chunks of
``CHUNK_TRIALS`` in float32 on up to two threads (NumPy releases the GIL in every step), and within a chunk
lines are drawn ``PIECE_LINES`` at a time into reused buffers that stay in the processor's cache. Each chunk
has its own random stream, spawned from the seed, so the same seed gives the same answer however many threads
run it.
"""

from __future__ import annotations

import math
import os
import queue
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# Rating codes as the projects store them (beacon.programmes.models.Confidence); "" is "not rated".
UNRATED = ""
RATINGS = ("green", "amber_green", "amber", "amber_red", "red", UNRATED)

DEFAULT_TRIALS = 10_000
DEFAULT_SEED = 20240321
# Lines of one programme share causes (the same officers, the same market, the same budget pressure):
# treating them as independent would make 8,000 small risks cancel out and the forecast far too sure of
# itself. 0.3 is a moderate judgement, shown on the page and changed per run; calibration tests it.
DEFAULT_CORRELATION = 0.3
MAX_TRIALS = 100_000

TABLE_BITS = 12
TABLE_SIZE = 1 << TABLE_BITS
SLIP_BITS = 16
CHUNK_TRIALS = 500
PIECE_LINES = 256
CONTRIBUTORS_KEPT = 25
# Shortfalls smaller than this share of the target (float32 rounding of sums) do not count as a miss.
RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE_PENCE = 100

# The correlated draw: the common factor is clipped at ±4.5 standard deviations (a trial in 150,000 goes
# further), and a rating's table on the latent grid has at most this many entries.
Z_CLIP = 4.5
LATENT_TABLE_MAX = 1 << 16


@dataclass(frozen=True)
class Assumption:
    """How a rating's lines behave: the mean delivered fraction, the concentration κ of its Beta distribution
    (higher is tighter; 0 is all or nothing) and the probability that the line slips a year."""

    delivered_mean: float
    concentration: float
    slip_probability: float

    def __post_init__(self) -> None:
        if not 0 <= self.delivered_mean <= 1:
            raise ValueError("The delivered mean must be between 0 and 1.")
        if self.concentration < 0 or not math.isfinite(self.concentration):
            raise ValueError("The concentration must be 0 or more.")
        if not 0 <= self.slip_probability <= 1:
            raise ValueError("The slip probability must be between 0 and 1.")

    @property
    def all_or_nothing(self) -> bool:
        return self.concentration == 0 or self.delivered_mean in (0, 1)

    @property
    def on_time_mean(self) -> float:
        """The expected share of the amount delivered in the line's own year."""
        return self.delivered_mean * (1 - self.slip_probability)

    def as_dict(self) -> dict[str, float]:
        return {"delivered_mean": self.delivered_mean, "concentration": self.concentration,
                "slip_probability": self.slip_probability}


# Documented defaults, one per rating of the IPA delivery confidence assessment, read from its definitions:
# Green "successful delivery appears highly likely", Amber/Green "probable", Amber "feasible but significant
# issues", Amber/Red "in doubt", Red "appears to be unachievable". They are judgements to start from, not
# measurements: an organisation edits them, and calibration refits them from its own history (ADR 0005).
DEFAULT_ASSUMPTIONS: dict[str, Assumption] = {
    "green": Assumption(delivered_mean=0.95, concentration=20, slip_probability=0.05),
    "amber_green": Assumption(delivered_mean=0.85, concentration=10, slip_probability=0.10),
    "amber": Assumption(delivered_mean=0.70, concentration=6, slip_probability=0.20),
    "amber_red": Assumption(delivered_mean=0.50, concentration=4, slip_probability=0.30),
    "red": Assumption(delivered_mean=0.25, concentration=3, slip_probability=0.40),
    # Not rated: nobody has said; as uncertain as Amber, and wider.
    UNRATED: Assumption(delivered_mean=0.65, concentration=3, slip_probability=0.25),
}


@dataclass
class Lines:
    """The savings lines of a forecast as arrays, one entry per line. ``year`` is the position of the line's
    financial year in the horizon (0 for the first year); ``expected`` is in pence (the lead's forecast,
    else the amount; for a delivered line, what was delivered); a ``delivered`` line is certain."""

    ids: Ints
    project_ids: Ints
    year: Ints
    recurring: npt.NDArray[np.bool_]
    rating: npt.NDArray[np.str_]
    expected: Ints
    delivered: npt.NDArray[np.bool_]

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[int, int, int, bool, str, int, bool]]) -> Lines:
        """From ``(id, project_id, year, recurring, rating, expected_pence, delivered)`` tuples."""
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        return cls(
            ids=np.asarray(columns[0], dtype=np.int64), project_ids=np.asarray(columns[1], dtype=np.int64),
            year=np.asarray(columns[2], dtype=np.int64), recurring=np.asarray(columns[3], dtype=bool),
            rating=np.asarray(columns[4], dtype=str), expected=np.asarray(columns[5], dtype=np.int64),
            delivered=np.asarray(columns[6], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Distribution:
    """The simulated distribution of delivered savings in one year (in-year or cumulative), in pence."""

    target: int | None
    p10: int
    p50: int
    p90: int
    mean: int
    probability_target_met: float | None
    expected_shortfall: int | None


@dataclass
class Contributor:
    """A line's expected loss in the trials where its year's target is missed (pence, averaged over all
    trials): the sum over lines is the expected shortfall of the expected amounts."""

    line_id: int
    project_id: int
    year: int
    expected_shortfall: int


@dataclass
class ForecastResult:
    years: list[Distribution]
    cumulative: list[Distribution]
    contributors: list[Contributor]
    trials: int
    seed: int
    correlation: float
    lines_counted: int
    duration_ms: int
    samples_in_year: Floats = field(repr=False)


# Inverse-CDF tables ------------------------------------------------------------------------------------------

LEVELS = (np.arange(TABLE_SIZE, dtype=np.float64) + 0.5) / TABLE_SIZE


def _continued_fraction(a: float, b: float, x: Floats) -> Floats:
    """The continued fraction of the regularised incomplete beta function (modified Lentz), for every x."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
    h = d.copy()
    for m in range(1, 2000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        delta = d * c
        h *= delta
        if np.max(np.abs(delta - 1.0)) < 1e-13:
            break
    return h


def beta_cdf(a: float, b: float, x: npt.ArrayLike) -> Floats:
    """The regularised incomplete beta function I_x(a, b): the CDF of Beta(a, b) at x."""
    x = np.clip(np.asarray(x, dtype=np.float64), 0.0, 1.0)
    result = np.where(x >= 1.0, 1.0, 0.0)
    inside = (x > 0) & (x < 1)
    if not inside.any():
        return result
    xi = x[inside]
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    front = np.exp(a * np.log(xi) + b * np.log1p(-xi) - log_beta)
    # The continued fraction converges fast below the mean-ish point; above it, use the symmetry
    # I_x(a, b) = 1 − I_{1−x}(b, a).
    direct = xi < (a + 1.0) / (a + b + 2.0)
    values = np.empty_like(xi)
    if direct.any():
        values[direct] = front[direct] * _continued_fraction(a, b, xi[direct]) / a
    if (~direct).any():
        values[~direct] = 1.0 - front[~direct] * _continued_fraction(b, a, 1.0 - xi[~direct]) / b
    result[inside] = np.clip(values, 0.0, 1.0)
    return result


def beta_quantiles(a: float, b: float, levels: Floats) -> Floats:
    """Quantiles of Beta(a, b) at ``levels``: the CDF on a grid dense in the body and geometric towards both
    ends (where a or b below 1 makes the density infinite), inverted by interpolation, with the power-law
    tails F(x) ∝ x^a near 0 and 1 − F(x) ∝ (1 − x)^b near 1 beyond the grid."""
    tail = np.logspace(-12, -2, 121)
    grid = np.unique(np.concatenate([tail, np.linspace(0.0, 1.0, 1025)[1:-1], 1.0 - tail]))
    cdf = np.maximum.accumulate(beta_cdf(a, b, grid))
    low_x, low_f = grid[0], cdf[0]
    high_y = 1.0 - grid[-1]
    high_s = float(beta_cdf(b, a, np.array([high_y]))[0])  # the upper tail mass, without cancellation
    result = np.interp(levels, cdf, grid)
    below = levels < low_f
    if below.any() and low_f > 0:
        result[below] = low_x * (levels[below] / low_f) ** (1.0 / a)
    above = (1.0 - levels) < high_s
    if above.any() and high_s > 0:
        result[above] = 1.0 - high_y * ((1.0 - levels[above]) / high_s) ** (1.0 / b)
    return np.clip(result, 0.0, 1.0)


@lru_cache(maxsize=64)
def quantile_table(delivered_mean: float, concentration: float) -> npt.NDArray[np.float32]:
    """The delivered fraction at each of ``TABLE_SIZE`` equally likely quantiles of a rating's distribution,
    in increasing order (so that a higher latent value means more delivered)."""
    if concentration == 0 or delivered_mean in (0.0, 1.0):
        # All or nothing: nothing in the lowest (1 − mean) of the quantiles, everything above.
        table = (LEVELS >= 1.0 - delivered_mean).astype(np.float32)
    else:
        a, b = delivered_mean * concentration, (1.0 - delivered_mean) * concentration
        table = beta_quantiles(a, b, LEVELS).astype(np.float32)
    table.setflags(write=False)
    return table


def normal_cdf(z: npt.ArrayLike) -> Floats:
    """Φ(z), through math.erfc (NumPy has no erf; the tables need it at a few thousand points only)."""
    values = np.frompyfunc(math.erfc, 1, 1)(-np.asarray(z, dtype=np.float64) / math.sqrt(2.0))
    return 0.5 * np.asarray(values, dtype=np.float64)


def normal_density(y: Floats) -> Floats:
    return np.exp(-0.5 * y * y) / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class LatentGrid:
    """The correlated draw as integer arithmetic. A line's own factor ε takes ``2**own_bits`` equally likely
    values a grid step ``step`` apart (the top ``own_bits`` of its random bits); the trial's common factor
    √ρ·Z is rounded to the same grid; so the latent value's grid index is the line's index plus the trial's
    shift, and each rating's table on the grid gives the delivered fraction at F(x)."""

    own_bits: int
    step: float
    reach: int  # the largest shift either way, in grid steps
    weight: float  # √ρ
    cdf: Floats  # F at each grid point

    @classmethod
    def build(cls, correlation: float) -> LatentGrid:
        return _latent_grid(round(correlation, 6))

    @property
    def size(self) -> int:
        return (1 << self.own_bits) + 2 * self.reach

    def shifts(self, draws: Floats) -> Ints:
        """Each trial's shift of the grid index: its common factor in grid steps, from 0 to 2·reach."""
        scaled = self.weight * np.clip(draws, -Z_CLIP, Z_CLIP) / self.step
        return np.clip(np.rint(scaled).astype(np.int64) + self.reach, 0, 2 * self.reach)

    def table(self, quantiles: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The delivered fraction at each grid point: the quantile at F(x)."""
        index = np.clip((self.cdf * TABLE_SIZE).astype(np.int64), 0, TABLE_SIZE - 1)
        return quantiles[index]


@lru_cache(maxsize=8)
def _latent_grid(correlation: float) -> LatentGrid:
    weight = math.sqrt(correlation)
    half_width = math.sqrt(3.0 * (1.0 - correlation))  # a uniform on ±half_width has unit variance
    own_bits = TABLE_BITS
    while True:
        # Near ρ = 1 the own factor is narrow and the grid fine: fewer own values keep the table small.
        step = 2 * half_width / (1 << own_bits) if half_width > 0 else 1 / 512
        reach = int(math.ceil(weight * Z_CLIP / step))
        if half_width == 0:
            own_bits = 0
        if (1 << own_bits) + 2 * reach <= LATENT_TABLE_MAX or own_bits == 0:
            break
        own_bits -= 1
    positions = np.arange((1 << own_bits) + 2 * reach, dtype=np.float64)
    x = (positions - reach + 0.5 - (1 << own_bits) / 2) * step
    if half_width == 0:
        cdf = normal_cdf(x / weight)
    else:
        # P(√ρ·Z + U ≤ x) for U uniform on ±a: (σ / 2a)·[G((x + a)/σ) − G((x − a)/σ)], G(y) = yΦ(y) + φ(y).
        sigma, a = weight, half_width
        upper, lower = (x + a) / sigma, (x - a) / sigma
        cdf = sigma / (2 * a) * (upper * normal_cdf(upper) + normal_density(upper)
                                 - lower * normal_cdf(lower) - normal_density(lower))
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    cdf.setflags(write=False)
    return LatentGrid(own_bits=own_bits, step=step, reach=reach, weight=weight, cdf=cdf)


# The simulation ------------------------------------------------------------------------------------------


@dataclass
class _Block:
    """Lines of one rating, year and recurrence, contiguous in the sampled arrays, with their rating's table
    and slip threshold (out of 2**16)."""

    start: int
    end: int
    year: int
    recurring: bool
    table: npt.NDArray[np.float32]
    slip_threshold: int


@dataclass
class _Plan:
    """Everything the chunks share: the sampled lines sorted into blocks, their tables and the constants."""

    years: int
    targets: list[int | None]
    thresholds: Floats  # in-year target minus the tolerance, or −inf where a year has no target
    base: npt.NDArray[np.float32]  # expected pence of each sampled line, as a column
    blocks: list[_Block]
    certain_recurring: Floats  # per year: delivered for certain, recurring
    certain_one_off: Floats
    latent: LatentGrid | None


@dataclass
class _Buffers:
    """One worker's arrays, reused from chunk to chunk (allocating them afresh would cost a page fault per
    4 KiB each time): a piece's working arrays, small enough to stay in the processor's cache while the draw
    goes through its steps, and the chunk's on-time pence, which the contributors need once every line of the
    chunk is drawn."""

    index: Ints
    delivered: npt.NDArray[np.float32]
    on_time: npt.NDArray[np.bool_]
    on_time_amount: npt.NDArray[np.float32]

    @classmethod
    def make(cls, lines: int, trials: int) -> _Buffers:
        piece = min(lines, PIECE_LINES) * trials
        return cls(
            index=np.empty(piece, dtype=np.intp),
            delivered=np.empty(piece, dtype=np.float32),
            on_time=np.empty(piece, dtype=bool),
            on_time_amount=np.empty(lines * trials, dtype=np.float32),
        )


@dataclass
class _ChunkResult:
    in_year: Floats  # (years, trials)
    cumulative: Floats
    misses: Ints  # per year, the trials that missed the target
    on_time_when_missed: Floats  # per sampled line: Σ over the trials missing its year's target of its on-time pence


def _arrivals(plan: _Plan, totals: Floats, on_time: Floats, trials: int) -> tuple[Floats, Floats]:
    """What arrives in each year, recurring and one-off, from the block sums of one chunk: a block's on-time
    money in its year, the rest (what slipped) in the next year, if the horizon has one."""
    recurring = np.zeros((plan.years, trials))
    one_off = np.zeros((plan.years, trials))
    for index, block in enumerate(plan.blocks):
        target = recurring if block.recurring else one_off
        target[block.year] += on_time[index]
        if block.year + 1 < plan.years:
            target[block.year + 1] += totals[index] - on_time[index]
    recurring += plan.certain_recurring[:, None]
    one_off += plan.certain_one_off[:, None]
    return recurring, one_off


def _draw_piece(
    plan: _Plan, block: _Block, start: int, end: int, trials: int, bit_generator: np.random.SFC64,
    shifts: Ints | None, buffers: _Buffers, on_time_amount: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Lines ``start:end`` of one block for every trial of the chunk: their delivered pence (whenever it
    arrives) and their on-time pence, each summed over the lines."""
    size = (end - start) * trials
    # 16 random bits per draw, four draws to a 64-bit word: the top bits of one pick the quantile (or the own
    # factor), another decides the slip.
    bits = bit_generator.random_raw((2 * size + 3) // 4).view(np.uint16)
    fraction_bits = bits[:size].reshape(end - start, trials)
    slip_bits = bits[size: 2 * size].reshape(end - start, trials)
    index = buffers.index[:size].reshape(end - start, trials)
    delivered = buffers.delivered[:size].reshape(end - start, trials)
    on_time = buffers.on_time[:size].reshape(end - start, trials)
    own_bits = TABLE_BITS if plan.latent is None else plan.latent.own_bits
    if own_bits:
        np.right_shift(fraction_bits, SLIP_BITS - own_bits, out=index)
    else:
        index.fill(0)
    if shifts is not None:
        np.add(index, shifts, out=index)
    # Every index is in the table by construction: "wrap" is the cheapest mode that needs no check.
    np.take(block.table, index, out=delivered, mode="wrap")
    np.multiply(delivered, plan.base[start:end], out=delivered)  # the fraction becomes pence
    on_time_part = on_time_amount[start:end]
    if block.slip_threshold <= 0:
        on_time_part[...] = delivered
    elif block.slip_threshold >= 1 << SLIP_BITS:
        on_time_part.fill(0)
    else:
        np.greater_equal(slip_bits, block.slip_threshold, out=on_time)
        np.multiply(delivered, on_time, out=on_time_part)
    return delivered.sum(axis=0), on_time_part.sum(axis=0)


def _run_chunk(plan: _Plan, seed: np.random.SeedSequence, trials: int, buffers: _Buffers) -> _ChunkResult:
    """One chunk of trials: every sampled line's delivered pence and whether it arrives on time, summed per
    block into what arrives in each year, and the on-time pence of each line in the trials that miss. Lines
    are drawn a piece of ``PIECE_LINES`` at a time, so that a piece's steps run in the processor's cache."""
    lines = len(plan.base)
    bit_generator = np.random.SFC64(seed)
    shifts = None
    if plan.latent is not None:
        shifts = plan.latent.shifts(np.random.Generator(bit_generator).standard_normal(trials))[None, :]
    on_time_amount = buffers.on_time_amount[: lines * trials].reshape(lines, trials)
    # float32 sums over a piece's lines (a relative error near 1e-6), then float64 from here on.
    totals = np.zeros((len(plan.blocks), trials))
    on_time_sums = np.zeros((len(plan.blocks), trials))
    for number, block in enumerate(plan.blocks):
        for start in range(block.start, block.end, PIECE_LINES):
            end = min(block.end, start + PIECE_LINES)
            delivered, on_time = _draw_piece(plan, block, start, end, trials, bit_generator, shifts, buffers,
                                             on_time_amount)
            totals[number] += delivered
            on_time_sums[number] += on_time
    recurring, one_off = _arrivals(plan, totals, on_time_sums, trials)
    in_year = recurring + one_off
    cumulative = np.cumsum(recurring, axis=0) + one_off
    missed = in_year < plan.thresholds[:, None]

    on_time_when_missed = np.zeros(lines)
    weights = missed.astype(np.float32)
    for block in plan.blocks:
        if missed[block.year].any():
            rows = slice(block.start, block.end)
            on_time_when_missed[rows] = np.einsum("lt,t->l", on_time_amount[rows], weights[block.year])
    return _ChunkResult(in_year=in_year, cumulative=cumulative, misses=missed.sum(axis=1),
                        on_time_when_missed=on_time_when_missed)


def _distribution(samples: Floats, target: int | None, threshold: float) -> Distribution:
    p10, p50, p90 = np.percentile(samples, [10, 50, 90])
    met = shortfall = None
    if target is not None:
        met = float(np.mean(samples >= threshold))
        shortfall = int(round(float(np.mean(np.maximum(target - samples, 0.0)))))
    return Distribution(
        target=target, p10=int(round(p10)), p50=int(round(p50)), p90=int(round(p90)),
        mean=int(round(float(samples.mean()))), probability_target_met=met, expected_shortfall=shortfall,
    )


def _tolerance(target: int) -> float:
    return max(ABSOLUTE_TOLERANCE_PENCE, RELATIVE_TOLERANCE * target)


def _thresholds(targets: Sequence[int | None]) -> Floats:
    return np.array([-np.inf if t is None else t - _tolerance(t) for t in targets], dtype=np.float64)


def cumulative_targets(targets: Sequence[int | None]) -> list[int | None]:
    """The sum of the targets to each year (None until the first year that has one), as counting.py sums."""
    result: list[int | None] = []
    running: int | None = None
    for target in targets:
        if target is not None:
            running = (running or 0) + target
        result.append(running)
    return result


def resolve_assumptions(overrides: Mapping[str, Assumption] | None = None) -> dict[str, Assumption]:
    """The defaults, with an organisation's own assumptions in their place where it has set them."""
    return {**DEFAULT_ASSUMPTIONS, **(overrides or {})}


def simulate(
    lines: Lines,
    targets: Sequence[int | None],
    *,
    assumptions: Mapping[str, Assumption] | None = None,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
    correlation: float = DEFAULT_CORRELATION,
    workers: int | None = None,
) -> ForecastResult:
    """Simulate ``trials`` outcomes of ``lines`` over a horizon of ``len(targets)`` years (``targets`` in
    pence, None where a year has no target). ``lines.year`` must lie in the horizon."""
    started = time.perf_counter()
    if trials < 1 or trials > MAX_TRIALS:
        raise ValueError(f"The number of trials must be between 1 and {MAX_TRIALS:,}.")
    if not 0 <= correlation <= 1:
        raise ValueError("The correlation must be between 0 and 1.")
    years = len(targets)
    if len(lines) and (lines.year.min() < 0 or lines.year.max() >= years):
        raise ValueError("Every line's year must lie in the horizon.")
    table_of = resolve_assumptions(assumptions)
    plan, sampled, certain_losses = _plan(lines, list(targets), table_of, correlation)

    in_year = np.zeros((years, trials))
    cumulative = np.zeros((years, trials))
    misses = np.zeros(years, dtype=np.int64)
    on_time_when_missed = np.zeros(len(plan.base))
    if len(plan.base):
        chunk_sizes = [min(CHUNK_TRIALS, trials - start) for start in range(0, trials, CHUNK_TRIALS)]
        seeds = np.random.SeedSequence(seed).spawn(len(chunk_sizes))
        workers = max(1, min(workers or min(2, os.cpu_count() or 1), len(chunk_sizes)))
        pool: queue.SimpleQueue[_Buffers] = queue.SimpleQueue()
        for _ in range(workers):
            pool.put(_Buffers.make(len(plan.base), min(CHUNK_TRIALS, trials)))

        def run(number: int) -> _ChunkResult:
            buffers = pool.get()
            try:
                return _run_chunk(plan, seeds[number], chunk_sizes[number], buffers)
            finally:
                pool.put(buffers)

        if workers == 1:
            results = [run(number) for number in range(len(chunk_sizes))]
        else:
            with ThreadPoolExecutor(max_workers=workers) as executor:
                results = list(executor.map(run, range(len(chunk_sizes))))
        start = 0
        for size, chunk in zip(chunk_sizes, results, strict=True):  # in chunk order, so the sums never vary
            in_year[:, start:start + size] = chunk.in_year
            cumulative[:, start:start + size] = chunk.cumulative
            misses += chunk.misses
            on_time_when_missed += chunk.on_time_when_missed
            start += size
    else:
        in_year += (plan.certain_recurring + plan.certain_one_off)[:, None]
        cumulative += (np.cumsum(plan.certain_recurring) + plan.certain_one_off)[:, None]
        misses = (in_year < plan.thresholds[:, None]).sum(axis=1)

    cumulative_target = cumulative_targets(targets)
    cumulative_thresholds = _thresholds(cumulative_target)
    result = ForecastResult(
        years=[_distribution(in_year[y], targets[y], plan.thresholds[y]) for y in range(years)],
        cumulative=[_distribution(cumulative[y], cumulative_target[y], cumulative_thresholds[y])
                    for y in range(years)],
        contributors=_contributors(plan, sampled, lines, misses, on_time_when_missed, certain_losses, trials),
        trials=trials, seed=seed, correlation=correlation, lines_counted=len(lines),
        duration_ms=0, samples_in_year=in_year,
    )
    result.duration_ms = int(round((time.perf_counter() - started) * 1000))
    return result


def _plan(
    lines: Lines, targets: list[int | None], table_of: Mapping[str, Assumption], correlation: float
) -> tuple[_Plan, Ints, Floats]:
    """Split the lines into certain ones (summed as constants) and sampled ones (sorted into blocks)."""
    years = len(targets)
    names, rating_codes = np.unique(lines.rating.astype(str), return_inverse=True)
    rating_codes = rating_codes.astype(np.int64).reshape(-1)
    of_code = [table_of.get(str(name), table_of[UNRATED]) for name in names]
    means = np.array([a.delivered_mean for a in of_code], dtype=np.float64)[rating_codes]
    slips = np.array([a.slip_probability for a in of_code], dtype=np.float64)[rating_codes]
    expected = lines.expected.astype(np.float64)
    # Certain: delivered lines; lines expected to deliver nothing; lines sure to deliver all, on time.
    certain = lines.delivered | (lines.expected <= 0) | (means == 0) | ((means == 1) & (slips == 0))
    certain_delivered = np.where(lines.delivered | (means == 1), expected, 0.0) * certain
    certain_recurring = np.zeros(years)
    certain_one_off = np.zeros(years)
    np.add.at(certain_recurring, lines.year[certain & lines.recurring], certain_delivered[certain & lines.recurring])
    np.add.at(certain_one_off, lines.year[certain & ~lines.recurring], certain_delivered[certain & ~lines.recurring])
    certain_losses = np.where(certain, expected - certain_delivered, 0.0)

    sampled = np.flatnonzero(~certain)
    order = np.lexsort((~lines.recurring[sampled], lines.year[sampled], rating_codes[sampled]))
    sampled = sampled[order]
    latent = LatentGrid.build(correlation) if correlation > 0 and len(sampled) else None
    tables: dict[int, tuple[npt.NDArray[np.float32], int]] = {}
    for code in np.unique(rating_codes[sampled]):
        rating = of_code[int(code)]
        table = quantile_table(rating.delivered_mean, rating.concentration)
        tables[int(code)] = (table if latent is None else latent.table(table),
                             int(round(rating.slip_probability * (1 << SLIP_BITS))))
    # A block starts wherever the rating, year or recurrence changes along the sorted lines.
    keys = np.stack([rating_codes[sampled], lines.year[sampled], lines.recurring[sampled].astype(np.int64)])
    blocks: list[_Block] = []
    if len(sampled):
        starts = np.flatnonzero(np.concatenate([[True], np.any(keys[:, 1:] != keys[:, :-1], axis=0)]))
        ends = np.append(starts[1:], len(sampled))
        blocks = [
            _Block(int(start), int(end), int(keys[1, start]), bool(keys[2, start]), *tables[int(keys[0, start])])
            for start, end in zip(starts, ends, strict=True)
        ]
    plan = _Plan(
        years=years, targets=targets, thresholds=_thresholds(targets),
        base=expected[sampled].astype(np.float32)[:, None], blocks=blocks,
        certain_recurring=certain_recurring, certain_one_off=certain_one_off, latent=latent,
    )
    return plan, sampled, certain_losses


def _contributors(
    plan: _Plan, sampled: Ints, lines: Lines, misses: Ints, on_time_when_missed: Floats, certain_losses: Floats,
    trials: int,
) -> list[Contributor]:
    """Each line's expected loss in the trials where its year's target is missed: Σ over those trials of
    (expected − what arrived in its year), over all trials; the largest ``CONTRIBUTORS_KEPT``."""
    if not len(lines):
        return []
    miss_share = misses / trials
    shortfall = certain_losses * miss_share[lines.year]
    if len(sampled):
        base = plan.base[:, 0].astype(np.float64)
        year = lines.year[sampled]
        shortfall[sampled] = (misses[year] * base - on_time_when_missed) / trials
    order = np.argsort(-shortfall, kind="stable")[:CONTRIBUTORS_KEPT]
    return [
        Contributor(line_id=int(lines.ids[i]), project_id=int(lines.project_ids[i]), year=int(lines.year[i]),
                    expected_shortfall=int(round(shortfall[i])))
        for i in order if shortfall[i] >= 0.5
    ]

