"""The comparator engine: which councils are most like a council, over published indicators (PRODUCT C4).

Method (docs/adr/0006-comparators.md; the method page shows the same):
1. Take each council's latest value of each of the preset's indicators (``IndicatorValue``), current councils of
   a local authority area only (never regions, countries, combined authorities or the GLA). Some variables are
   logged first (population and density, whose spread is a few huge cities).
2. Standardise each variable over the councils compared: ``winsorise-minmax`` clips it at its 1st and 99th
   percentiles and scales it to 0..1 (ONS 2025); ``zscore`` subtracts the mean and divides by the standard
   deviation. A preset whose scope is ``same-type`` standardises within each type group, since it only ever
   compares councils of one group.
3. Distance: weighted Euclidean, d(a, b) = sqrt(Σ w_j (a_j − b_j)²).
4. Missing values: a council missing some variables is still answered. The distance is taken over the variables
   both councils have and rescaled to the full weight, d = sqrt(W / W_shared × Σ_shared w_j (a_j − b_j)²), as
   scikit-learn's ``nan_euclidean_distances`` does; a candidate must share at least half of the weight that the
   council itself has, or it is not compared (too little in common for a fair distance).
5. The k nearest, nearest first (ties by name); the council itself is never its own neighbour.

The standardised matrix of each preset is held in process memory, keyed by a data version (how many
``IndicatorValue`` rows there are, and the highest id), so that loading indicators again rebuilds it at the next
call and a warm call costs one small query.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from beacon.core.models import Council, CouncilType
from beacon.performance.indicators import COUNCIL_TYPES
from beacon.performance.models import (
    ComparatorGroup,
    ComparatorMember,
    GroupKind,
    Indicator,
    IndicatorValue,
    Polarity,
)

Standardisation = Literal["winsorise-minmax", "zscore"]
Scope = Literal["all", "same-type"]


@dataclass(frozen=True)
class Preset:
    """A named way of finding comparators: which indicators, their weights, how they are standardised, and
    whether councils are compared with all others or with councils of the same type only."""

    key: str
    title: str
    description: str
    indicators: tuple[str, ...]
    weights: tuple[float, ...]
    standardisation: Standardisation
    scope: Scope
    logged: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if len(self.indicators) != len(self.weights):
            raise ValueError(f"{self.key}: one weight per indicator")


# ONS's 2025 global model: its 31 variables (ONS's names → the codes Beacon loads them under).
ONS_2025_VARIABLES = {
    "Employment rate": "ons-employment-rate",
    "GVA per hour worked": "ons-gross-value-added-per-hour-worked",
    "Business births": "ons-business-births",
    "High growth businesses": "ons-high-growth-businesses",
    "Median house price": "ons-median-house-price",
    "Level 3+ qualifications": "ons-level-3-or-above-qualifications",
    "Cigarette smokers": "ons-cigarette-smokers",
    "Healthy life expectancy": "ons-healthy-life-expectancy",
    "Anxiety": "ons-anxiety",
    "Happiness": "ons-happiness",
    "Life satisfaction": "ons-life-satisfaction",
    "Gigabit broadband": "ons-gigabit-capable-broadband",
    "4G coverage": "ons-4g-coverage",
    "5G coverage": "ons-5g-coverage",
    "Supermarkets": "ons-supermarkets",
    "Museums": "ons-museums",
    "CO2 per capita": "ons-co2-emissions-per-capita",
    "Not religious": "ons-not-religious",
    "White ethnicity": "ons-white-ethnicity-population",
    "No qualifications": "ons-no-qualifications",
    "Population density": "ons-population-density",
    "Dependency ratio": "ons-dependency-ratio",
    "Mean domestic electricity consumption": "ons-mean-domestic-electricity-consumption",
    "Population change": "ons-population-change",
    "Private renters": "ons-private-renters",
    "Children in relative poverty": "ons-children-in-relative-poverty",
    "Employment in construction": "ons-employment-in-construction",
    "Employment in manufacturing": "ons-employment-in-manufacturing",
    "Housing completions": "ons-housing-completions",
    "Guest nights": "ons-guest-nights",
    "Gross median weekly pay": "ons-gross-median-weekly-pay",
}

LIKE_FOR_LIKE_VARIABLES = {
    "Population (mid-2020, logged)": "population",
    "Population density (logged)": "ons-population-density",
    "Deprivation score": "imd-score",
    "Population over 65 (%)": "ons-population-over-65",
    "Population under 16 (%)": "ons-population-under-16",
}

PRESETS: dict[str, Preset] = {
    preset.key: preset
    for preset in (
        Preset(
            key="ons-2025",
            title="ONS 2025 statistical nearest neighbours",
            description=(
                "The Office for National Statistics' 2025 global model: 31 variables describing the place "
                "(economy, skills, health, wellbeing, connectivity, population, housing), equally weighted, "
                "winsorised at the 1st and 99th percentiles and scaled to 0 to 1, Euclidean distance, over every "
                "UK local authority area of every type."
            ),
            indicators=tuple(ONS_2025_VARIABLES.values()),
            weights=(1.0,) * len(ONS_2025_VARIABLES),
            standardisation="winsorise-minmax",
            scope="all",
        ),
        Preset(
            key="like-for-like",
            title="Like-for-like councils of the same type",
            description=(
                "Councils of the same type only (districts with districts, counties with counties, English "
                "unitary, metropolitan and London boroughs together; Scottish, Welsh and Northern Irish councils "
                "each with their own), over size, density, deprivation and age: population and density logged, "
                "each variable z-scored within the type, equally weighted, Euclidean distance."
            ),
            indicators=tuple(LIKE_FOR_LIKE_VARIABLES.values()),
            weights=(1.0,) * len(LIKE_FOR_LIKE_VARIABLES),
            standardisation="zscore",
            scope="same-type",
            logged=frozenset({"population", "ons-population-density"}),
        ),
    )
}

# How ``same-type`` presets group the register's council types.
TYPE_GROUPS: dict[str, str] = {
    CouncilType.DISTRICT: "English districts",
    CouncilType.COUNTY: "English counties",
    CouncilType.UNITARY: "English single-tier councils",
    CouncilType.METROPOLITAN: "English single-tier councils",
    CouncilType.LONDON_BOROUGH: "English single-tier councils",
    CouncilType.CITY_OF_LONDON: "English single-tier councils",
    CouncilType.SCOTTISH: "Scottish councils",
    CouncilType.WELSH: "Welsh councils",
    CouncilType.NORTHERN_IRISH: "Northern Irish councils",
}

MIN_SHARED_SHARE = 0.5
MAX_K = 50


class ComparatorError(ValueError):
    """A question the engine cannot answer, with the reason in words."""


class UnknownPreset(ComparatorError):
    pass


class UnknownCouncil(ComparatorError):
    pass


class NotCompared(ComparatorError):
    """The council is in the register but not among the areas a preset compares."""


@dataclass(frozen=True)
class Neighbour:
    gss_code: str
    name: str
    council_type: str
    distance: float
    rank: int = 0
    variables: int = 0  # how many of the preset's variables the distance was taken over


@dataclass
class Matrix:
    """A preset's standardised values: one row per council compared, one column per variable (NaN: missing)."""

    version: tuple[int, int]
    gss_codes: list[str]
    names: list[str]
    council_types: list[str]
    groups: np.ndarray
    values: np.ndarray
    present: np.ndarray
    weights: np.ndarray
    index: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.gss_codes)


def get_preset(preset: Preset | str) -> Preset:
    if isinstance(preset, Preset):
        return preset
    try:
        return PRESETS[preset]
    except KeyError:
        raise UnknownPreset(f"There is no preset called {preset!r}: choose one of {', '.join(PRESETS)}.") from None


# Standardisation ---------------------------------------------------------------------------------------------


def winsorise_minmax(column: np.ndarray) -> np.ndarray:
    """Clip at the 1st and 99th percentiles of the values present, then scale to 0..1 (NaN stays NaN)."""
    present = column[~np.isnan(column)]
    if present.size == 0:
        return column
    low, high = np.percentile(present, [1, 99])
    clipped = np.clip(column, low, high)
    return (clipped - low) / (high - low) if high > low else np.where(np.isnan(column), np.nan, 0.0)


def zscore(column: np.ndarray) -> np.ndarray:
    """Subtract the mean and divide by the (population) standard deviation of the values present."""
    present = column[~np.isnan(column)]
    if present.size == 0:
        return column
    spread = present.std()
    centred = column - present.mean()
    return centred / spread if spread > 0 else np.where(np.isnan(column), np.nan, 0.0)


STANDARDISE = {"winsorise-minmax": winsorise_minmax, "zscore": zscore}


def standardise(raw: np.ndarray, groups: np.ndarray, preset: Preset) -> np.ndarray:
    """Each column standardised over all rows, or within each group for a ``same-type`` preset."""
    result = np.full_like(raw, np.nan)
    scale = STANDARDISE[preset.standardisation]
    blocks = [np.ones(len(raw), dtype=bool)] if preset.scope == "all" else [groups == g for g in np.unique(groups)]
    for rows in blocks:
        for j in range(raw.shape[1]):
            result[rows, j] = scale(raw[rows, j])
    return result


# Distances -----------------------------------------------------------------------------------------------------


def distances(values: np.ndarray, present: np.ndarray, weights: np.ndarray, target: int) -> tuple[
        np.ndarray, np.ndarray]:
    """Every row's distance from row ``target`` under the missing-value rule, and the weight shared with it
    (rows that may not be compared get ``inf``)."""
    both = present & present[target]
    diff = np.where(both, values - np.where(present[target], values[target], 0.0), 0.0)
    squared = (diff * diff) @ weights
    shared = both.astype(float) @ weights
    total = weights.sum()
    own = float(present[target].astype(float) @ weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.sqrt(squared * total / shared)
    result[(shared <= 0) | (shared < MIN_SHARED_SHARE * own)] = np.inf
    return result, both.sum(axis=1)


# The matrix, per preset and data version -----------------------------------------------------------------------

_cache: dict[str, Matrix] = {}
_lock = threading.Lock()


def data_version() -> tuple[int, int]:
    """Changes whenever indicator values are loaded: (how many rows, the highest id)."""
    summary = IndicatorValue.objects.aggregate(count=Count("pk"), last=Max("pk"))
    return summary["count"], summary["last"] or 0


def build_matrix(preset: Preset, version: tuple[int, int]) -> Matrix:
    """Read the preset's indicator values (the latest period of each, per council) and standardise them."""
    councils = list(
        Council.objects.filter(current=True, council_type__in=COUNCIL_TYPES).exclude(gss_code="")
        .order_by("gss_code").values_list("pk", "gss_code", "name", "council_type")
    )
    column = {code: j for j, code in enumerate(preset.indicators)}
    row_of = {pk: i for i, (pk, *_rest) in enumerate(councils)}
    raw = np.full((len(councils), len(column)), np.nan)
    rows = (
        IndicatorValue.objects.filter(indicator__code__in=preset.indicators, council_id__in=list(row_of))
        .order_by("period").values_list("indicator__code", "council_id", "value")
    )
    for code, council, value in rows:  # ordered by period: the latest period wins
        raw[row_of[council], column[code]] = value
    for code in preset.logged:
        j = column[code]
        with np.errstate(invalid="ignore", divide="ignore"):
            raw[:, j] = np.where(raw[:, j] > 0, np.log10(np.where(raw[:, j] > 0, raw[:, j], 1.0)), np.nan)
    keep = ~np.isnan(raw).all(axis=1)
    councils = [council for council, kept in zip(councils, keep, strict=True) if kept]
    raw = raw[keep]
    groups = np.array([TYPE_GROUPS.get(c[3], c[3]) for c in councils] or [], dtype=object)
    values = standardise(raw, groups, preset)
    matrix = Matrix(
        version=version, gss_codes=[c[1] for c in councils], names=[c[2] for c in councils],
        council_types=[c[3] for c in councils], groups=groups, values=values, present=~np.isnan(values),
        weights=np.asarray(preset.weights, dtype=float),
    )
    matrix.index = {code: i for i, code in enumerate(matrix.gss_codes)}
    return matrix


def matrix_for(preset: Preset | str) -> Matrix:
    """The preset's standardised matrix, rebuilt when indicator data has changed since it was built."""
    preset = get_preset(preset)
    version = data_version()
    matrix = _cache.get(preset.key)
    if matrix is None or matrix.version != version:
        with _lock:
            matrix = _cache.get(preset.key)
            if matrix is None or matrix.version != version:
                matrix = _cache[preset.key] = build_matrix(preset, version)
    return matrix


def clear_cache() -> None:
    _cache.clear()


# The questions -------------------------------------------------------------------------------------------------


def check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ComparatorError(f"k must be a whole number from 1 to {MAX_K}.")
    return k


def nearest(preset: Preset | str, gss_code: str, k: int) -> list[Neighbour]:
    """The ``k`` councils nearest to the council with ``gss_code`` under ``preset``, nearest first (ties by
    name), the council itself excluded. Fewer than ``k`` when fewer councils may be compared with it.

    Raises ``UnknownPreset``, ``UnknownCouncil`` (not in the register), ``NotCompared`` (in the register, but
    not an area the preset compares, or with no data) or ``ComparatorError`` (k not 1 to 50), each with a reason
    to show.
    """
    preset = get_preset(preset)
    k = check_k(k)
    matrix = matrix_for(preset)
    target = matrix.index.get(gss_code)
    if target is None:
        council = Council.objects.filter(gss_code=gss_code).first() if gss_code else None
        if council is None:
            raise UnknownCouncil(f"{gss_code!r} is not the GSS code of a council in the register.")
        raise NotCompared(
            f"{council.name} is not among the areas that {preset.title} compares: it covers current councils of "
            "local authority areas with published figures, never regions or combined authorities."
        )
    found, shared = distances(matrix.values, matrix.present, matrix.weights, target)
    found[target] = np.inf
    if preset.scope == "same-type":
        found[matrix.groups != matrix.groups[target]] = np.inf
    candidates = np.flatnonzero(np.isfinite(found))
    if candidates.size > k:
        cut = np.partition(found[candidates], k - 1)[k - 1]
        candidates = candidates[found[candidates] <= cut]
    ordered = sorted(candidates.tolist(), key=lambda i: (found[i], matrix.names[i]))[:k]
    return [
        Neighbour(gss_code=matrix.gss_codes[i], name=matrix.names[i], council_type=matrix.council_types[i],
                  distance=round(float(found[i]), 6), rank=rank, variables=int(shared[i]))
        for rank, i in enumerate(ordered, start=1)
    ]


@dataclass(frozen=True)
class Ranking:
    """Where a council stands in its group on one indicator: ``rank`` of ``of`` (1 = best) and its quartile
    (1 = the best quarter). ``tied`` says that another council has the same value."""

    rank: int
    of: int
    quartile: int
    tied: bool = False

    def words(self, polarity: str = Polarity.HIGHER) -> str:
        """E.g. "3rd of 16 (joint), in the top quarter"; with no polarity, "3rd highest of 16"."""
        place = f"{ordinal(self.rank)}{'' if polarity else ' highest'} of {self.of}"
        if self.tied:
            place += " (joint)"
        if not polarity:
            return place
        quarter = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}[self.quartile]
        return f"{place}, in the {quarter}"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_and_quartile(values: Mapping[str, float], gss_code: str, polarity: str) -> Ranking:
    """The rank and quartile of the council ``gss_code`` among ``values`` (GSS code → value; NaN values are left
    out), given ``polarity`` ("higher" or "lower" is better; "" ranks the highest first).

    Rank 1 is the best. Ties share the best rank they cover (standard competition ranking: 1, 2, 2, 4), so a
    tied council is never ranked below a council with the same value. The quartile is worked out from the rank:
    ``floor(4 × (rank − 1) / of) + 1``, so that quartile 1 is the best quarter, and with 15 councils ranks 1–4
    are quartile 1, 5–8 quartile 2, 9–12 quartile 3 and 13–15 quartile 4.

    Raises ``KeyError`` if the council has no value among ``values``, ``ValueError`` for another polarity.
    """
    if polarity not in ("higher", "lower", ""):
        raise ValueError(f"Polarity must be 'higher', 'lower' or '': not {polarity!r}.")
    present = {code: float(value) for code, value in values.items()
               if value is not None and math.isfinite(float(value))}
    if gss_code not in present:
        raise KeyError(f"{gss_code} has no value to rank.")
    own = present[gss_code]
    if polarity == "lower":
        better = sum(1 for value in present.values() if value < own)
    else:
        better = sum(1 for value in present.values() if value > own)
    tied = sum(1 for value in present.values() if value == own) > 1
    of = len(present)
    rank = better + 1
    return Ranking(rank=rank, of=of, quartile=4 * (rank - 1) // of + 1, tied=tied)


@dataclass
class GroupValues:
    """An indicator's values for a comparator group's councils (its own council and its members) in one
    period: ``values`` by GSS code, ``names`` by GSS code for every council of the group, and ``missing``, the
    GSS codes of councils with no value in that period."""

    period: str | None
    values: dict[str, float]
    names: dict[str, str]
    missing: list[str]


def group_values(group: ComparatorGroup, indicator: Indicator | int, period: str | None = None) -> GroupValues:
    """The values of ``indicator`` for the group's own council and its members, in ``period``; with no period,
    the latest period in which the group's own council and at least half of the group's councils have a value
    (else the latest in which its own council has one, else the latest with any value). Two queries."""
    indicator_id = indicator.pk if isinstance(indicator, Indicator) else indicator
    member_ids = ComparatorMember.objects.filter(group_id=group.pk).values("council_id")
    councils: dict[str, str] = {}
    own = ""
    for pk, gss, name in Council.objects.filter(Q(pk=group.council_id) | Q(pk__in=member_ids)).values_list(
        "pk", "gss_code", "name"
    ):
        councils[gss] = name
        if pk == group.council_id:
            own = gss
    rows = list(
        IndicatorValue.objects.filter(indicator_id=indicator_id, council__gss_code__in=list(councils))
        .values_list("council__gss_code", "period", "value")
    )
    by_period: dict[str, dict[str, float]] = {}
    for gss, row_period, value in rows:
        by_period.setdefault(row_period, {})[gss] = value
    if period is None and by_period:
        latest_first = sorted(by_period, reverse=True)
        owned = [p for p in latest_first if own in by_period[p]]
        common = [p for p in owned if len(by_period[p]) * 2 >= len(councils)]
        period = (common or owned or latest_first)[0]
    values = by_period.get(period or "", {})
    return GroupValues(period=period, values=values, names=councils,
                       missing=sorted(code for code in councils if code not in values))


# Writing groups --------------------------------------------------------------------------------------------------


@transaction.atomic
def compute_nearest_members(group: ComparatorGroup) -> list[Neighbour]:
    """Store the nearest neighbours of the group's council under its preset and size as its members (rank and
    distance), replacing the members it had; the group records when. Raises ``ComparatorError`` with a reason."""
    neighbours = nearest(group.preset, group.council.gss_code, group.size)
    ids = dict(Council.objects.filter(gss_code__in=[n.gss_code for n in neighbours]).values_list("gss_code", "pk"))
    ComparatorMember.objects.filter(group=group).delete()
    ComparatorMember.objects.bulk_create([
        ComparatorMember(group=group, council_id=ids[n.gss_code], rank=n.rank, distance=n.distance)
        for n in neighbours
    ])
    group.kind = GroupKind.NEAREST
    group.computed_at = timezone.now()
    group.save(update_fields=["kind", "computed_at", "modified_at"])
    return neighbours


@transaction.atomic
def set_manual_members(group: ComparatorGroup, councils: Sequence[Council]) -> None:
    """Make ``councils`` the members of a group chosen by hand (in the order given; no rank or distance)."""
    ComparatorMember.objects.filter(group=group).delete()
    ComparatorMember.objects.bulk_create([
        ComparatorMember(group=group, council=council) for council in councils if council.pk != group.council_id
    ])
