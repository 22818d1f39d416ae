"""The comparator engine: distances worked out by hand on four councils and two variables, the missing-value
rule, rank and quartile, a group's values, and the engine on the real published data."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance.comparators import Preset, nearest, rank_and_quartile
from beacon.performance.indicators import load_indicators
from beacon.performance.models import ComparatorGroup, ComparatorMember, Indicator, IndicatorValue
from beacon.testing import factories as f

# Four Lancashire districts standing in for councils A, B, C and D.
A, B, C, D = "E07000118", "E07000126", "E07000123", "E07000127"  # Chorley, South Ribble, Preston, West Lancs

TWO = Preset(key="test-two", title="Test", description="", indicators=("t-a", "t-b"), weights=(1.0, 1.0),
             standardisation="zscore", scope="all")


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    comparators.clear_cache()
    yield
    comparators.clear_cache()


def put(values: dict[str, tuple[float | None, ...]], codes: tuple[str, ...] = ("t-a", "t-b")) -> None:
    councils = {c.gss_code: c for c in Council.objects.filter(gss_code__in=values)}
    for j, code in enumerate(codes):
        indicator, _ = Indicator.objects.get_or_create(code=code, defaults={"title": code, "dataset": "test",
                                                                            "publisher": "Test"})
        for gss, row in values.items():
            if row[j] is not None:
                IndicatorValue.objects.create(indicator=indicator, council=councils[gss], period="2023", value=row[j])


@pytest.mark.django_db
def test_distances_worked_out_by_hand() -> None:
    # a = 0, 1, 0, 3: mean 1, standard deviation √1.5; b = 0, 0, 2, 2: mean 1, standard deviation 1.
    # From A, in z-scores: B differs by 1/√1.5 on a only → √(2/3); C by 2 on b only → 2; D by 3/√1.5 and 2 → √10.
    put({A: (0, 0), B: (1, 0), C: (0, 2), D: (3, 2)})
    found = nearest(TWO, A, 3)
    assert [n.gss_code for n in found] == [B, C, D]
    assert [n.rank for n in found] == [1, 2, 3]
    assert [n.name for n in found] == ["South Ribble", "Preston", "West Lancashire"]
    assert found[0].distance == pytest.approx(math.sqrt(2 / 3), abs=1e-6)
    assert found[1].distance == pytest.approx(2.0, abs=1e-6)
    assert found[2].distance == pytest.approx(math.sqrt(10), abs=1e-6)
    assert all(n.variables == 2 for n in found)
    assert [n.gss_code for n in nearest(TWO, A, 1)] == [B]  # k limits the answer; A is never its own neighbour


@pytest.mark.django_db
def test_weights_multiply_the_squared_differences() -> None:
    put({A: (0, 0), B: (1, 0), C: (0, 2), D: (3, 2)})
    heavy_b = Preset(key="test-weighted", title="Test", description="", indicators=("t-a", "t-b"),
                     weights=(1.0, 4.0), standardisation="zscore", scope="all")
    found = nearest(heavy_b, A, 3)
    assert [round(n.distance, 4) for n in found] == [round(math.sqrt(2 / 3), 4), 4.0, round(math.sqrt(22), 4)]


@pytest.mark.django_db
def test_a_council_missing_a_variable_is_still_answered() -> None:
    # D has no b. Over a alone D differs from A and C by 3/√1.5 (squared: 6) and from B by 2/√1.5 (squared 8/3);
    # rescaled to both variables (× 2/1): √12 for A and C, √(16/3) for B. A and C tie: by name, Chorley first.
    put({A: (0, 0), B: (1, 0), C: (0, 2), D: (3, None)})
    found = nearest(TWO, D, 3)
    assert [n.name for n in found] == ["South Ribble", "Chorley", "Preston"]
    assert [round(n.distance, 4) for n in found] == [round(math.sqrt(16 / 3), 4), round(math.sqrt(12), 4),
                                                     round(math.sqrt(12), 4)]
    assert all(n.variables == 1 for n in found)
    assert [n.gss_code for n in nearest(TWO, A, 3)][-1] == D  # and A is answered with D among its neighbours


def test_a_candidate_sharing_under_half_the_weight_is_not_compared() -> None:
    values = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, np.nan, np.nan, np.nan], [1.0, 1.0, np.nan, np.nan]])
    present = ~np.isnan(values)
    found, shared = comparators.distances(np.nan_to_num(values), present, np.ones(4), 0)
    assert math.isinf(found[1])  # shares 1 of 4
    assert found[2] == pytest.approx(math.sqrt(2 * 4 / 2))  # shares 2 of 4: rescaled
    assert list(shared) == [4, 1, 2]


def test_winsorise_minmax_clips_at_the_1st_and_99th_percentiles() -> None:
    column = np.array([*range(101), np.nan], dtype=float)  # 0..100: percentiles 1 and 99
    scaled = comparators.winsorise_minmax(column)
    assert scaled[0] == 0 and scaled[1] == 0 and scaled[100] == 1 and scaled[50] == pytest.approx(0.5)
    assert np.isnan(scaled[101])


@pytest.mark.django_db
def test_questions_it_cannot_answer_say_why() -> None:
    put({A: (0, 0), B: (1, 0)})
    with pytest.raises(comparators.UnknownPreset, match="no preset called 'nope'"):
        nearest("nope", A, 3)
    with pytest.raises(comparators.UnknownCouncil, match="not the GSS code of a council"):
        nearest(TWO, "E99999999", 3)
    with pytest.raises(comparators.NotCompared, match="Preston is not among the areas"):
        nearest(TWO, C, 3)  # in the register, but no figures
    with pytest.raises(comparators.ComparatorError, match="from 1 to 50"):
        nearest(TWO, A, 0)


@pytest.mark.django_db
def test_the_matrix_is_rebuilt_when_values_are_loaded_again() -> None:
    put({A: (0, 0), B: (1, 0), C: (0, 2), D: (3, 2)})
    assert [n.gss_code for n in nearest(TWO, C, 1)] == [A]
    with CaptureQueriesContext(connection) as warm:
        nearest(TWO, C, 1)
    assert len(warm) == 1  # the data version only
    IndicatorValue.objects.filter(council__gss_code=B).delete()
    put({B: (0, 2)})  # B now has C's figures
    found = nearest(TWO, C, 1)
    assert [n.gss_code for n in found] == [B] and found[0].distance == 0


# Rank and quartile -------------------------------------------------------------------------------------------


def test_rank_one_is_the_best_for_either_polarity_and_ties_share_the_best_rank() -> None:
    values = {"a": 10.0, "b": 20.0, "c": 20.0, "d": 5.0}
    assert rank_and_quartile(values, "b", "higher") == comparators.Ranking(rank=1, of=4, quartile=1, tied=True)
    assert rank_and_quartile(values, "c", "higher").rank == 1
    assert rank_and_quartile(values, "a", "higher") == comparators.Ranking(rank=3, of=4, quartile=3)
    assert rank_and_quartile(values, "d", "higher").quartile == 4
    assert rank_and_quartile(values, "d", "lower") == comparators.Ranking(rank=1, of=4, quartile=1)
    assert rank_and_quartile(values, "b", "lower").rank == 3


def test_quartiles_of_fifteen_councils() -> None:
    values = {str(i): float(i) for i in range(1, 16)}
    quartiles = [rank_and_quartile(values, str(i), "lower").quartile for i in range(1, 16)]
    assert quartiles == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4]


def test_rank_words_and_bad_input() -> None:
    values = {"a": 1.0, "b": 2.0, "c": float("nan")}
    ranking = rank_and_quartile(values, "b", "higher")
    assert ranking.of == 2  # NaN is left out
    assert ranking.words("higher") == "1st of 2, in the top quarter"
    joint = rank_and_quartile({"a": 1.0, "b": 1.0}, "a", "higher")
    assert joint.words("higher") == "1st of 2 (joint), in the top quarter"
    assert rank_and_quartile(values, "a", "").words("") == "2nd highest of 2"
    with pytest.raises(KeyError):
        rank_and_quartile(values, "c", "higher")
    with pytest.raises(ValueError, match="Polarity"):
        rank_and_quartile(values, "a", "up")


# A group's values --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_group_values_take_the_latest_period_most_of_the_group_shares() -> None:
    councils = {c.gss_code: c for c in Council.objects.filter(gss_code__in=[A, B, C, D])}
    organisation = f.OrganisationFactory()
    group = ComparatorGroup.objects.create(organisation=organisation, title="Lancashire", council=councils[A])
    for gss in (B, C):
        ComparatorMember.objects.create(group=group, council=councils[gss])
    indicator = Indicator.objects.create(code="t-x", title="X", dataset="test", publisher="Test")
    for gss, value in ((A, 1.0), (B, 2.0), (C, 3.0), (D, 9.0)):
        IndicatorValue.objects.create(indicator=indicator, council=councils[gss], period="2021/22", value=value)
    IndicatorValue.objects.create(indicator=indicator, council=councils[A], period="2022/23", value=5.0)
    with CaptureQueriesContext(connection) as queries:
        found = comparators.group_values(group, indicator)
    assert len(queries) == 2
    assert found.period == "2021/22"
    assert found.values == {A: 1.0, B: 2.0, C: 3.0}  # D is not in the group
    assert found.names[A] == "Chorley"
    later = comparators.group_values(group, indicator.pk, "2022/23")
    assert later.values == {A: 5.0} and later.missing == sorted([B, C])


# The real data ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_real_data_chorley_and_the_presets() -> None:
    counts = load_indicators()
    assert counts["indicators"] > 60 and counts["values"] > 25_000
    like = nearest("like-for-like", "E07000118", 15)
    assert len(like) == 15
    assert {n.council_type for n in like} == {"NMD"}  # Chorley's like-for-like neighbours are all districts
    assert "E07000118" not in {n.gss_code for n in like}

    ons = nearest("ons-2025", "E07000118", 15)
    assert len(ons) == 15
    assert [n.distance for n in ons] == sorted(n.distance for n in ons)
    assert [n.rank for n in ons] == list(range(1, 16))
    types = dict(Council.objects.filter(gss_code__in=[n.gss_code for n in ons])
                 .values_list("gss_code", "council_type"))
    assert not {"COMB", "SRA", "OTHER"} & set(types.values())
    assert all(not n.gss_code.startswith(("E12", "E47", "E92", "K0")) for n in ons)  # no regions or countries

    # Leicestershire, a county, is compared with counties only under like-for-like
    assert {n.council_type for n in nearest("like-for-like", "E10000018", 10)} == {"CTY"}
    # Cumberland (formed 2023) lacks some of the 31 variables and is still answered
    cumberland = nearest("ons-2025", "E06000063", 15)
    assert len(cumberland) == 15 and cumberland[0].variables < 31
    with pytest.raises(comparators.NotCompared):
        nearest("ons-2025", "E47000001", 5)  # Greater Manchester Combined Authority
    with CaptureQueriesContext(connection) as warm:
        nearest("ons-2025", "E07000118", 15)
    assert len(warm) == 1
