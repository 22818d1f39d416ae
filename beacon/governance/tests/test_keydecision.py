"""The key-decision test at each criterion and threshold edge, and the forward plan's clear days."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.governance.keydecision import (
    Figures,
    Thresholds,
    clear_days,
    count_wards,
    earliest_decision_date,
    forward_plan_notice,
    key_decision_test,
)

CHORLEY = Thresholds()
HIGHER = Thresholds(revenue_pence=500_000_00, contract_pence=250_000_00, capital_pence=250_000_00, wards=3)


@pytest.mark.parametrize(("pence", "key"), [(99_999_99, False), (100_000_00, True), (100_000_01, True)])
def test_revenue_impact_is_key_at_the_threshold_and_above(pence, key):
    result = key_decision_test(Figures(revenue_pence=pence), CHORLEY)
    assert result.key is key
    assert (result.criteria == ["Revenue budget impact of £" + f"{pence / 100:,.2f}".replace(".00", "")
                                + " (threshold £100,000)"]) is key


@pytest.mark.parametrize(("pence", "key"), [(99_999_99, False), (100_000_00, True)])
def test_a_contract_is_key_at_the_threshold(pence, key):
    result = key_decision_test(Figures(contract_pence=pence), CHORLEY)
    assert result.key is key
    assert any(c.startswith("Contract worth") for c in result.criteria) is key


@pytest.mark.parametrize(("pence", "key"), [(99_999_99, False), (100_000_00, True)])
def test_a_new_capital_scheme_is_key_at_the_threshold(pence, key):
    result = key_decision_test(Figures(capital_pence=pence), CHORLEY)
    assert result.key is key
    assert any(c.startswith("New or unprogrammed capital scheme") for c in result.criteria) is key


@pytest.mark.parametrize(("wards", "significant", "key"), [
    (1, True, False), (2, True, True), (5, True, True), (2, False, False),
])
def test_wards_count_only_when_the_impact_is_significant(wards, significant, key):
    result = key_decision_test(Figures(wards=wards, significant_ward_impact=significant), CHORLEY)
    assert result.key is key


def test_all_wards_with_significant_impact_meets_the_ward_criterion_whatever_the_threshold():
    result = key_decision_test(Figures(all_wards=True, significant_ward_impact=True), HIGHER)
    assert result.criteria == ["Significant impact in all wards (threshold 3 or more wards)"]


def test_a_councils_own_thresholds_are_used():
    figures = Figures(revenue_pence=300_000_00, contract_pence=300_000_00, wards=2, significant_ward_impact=True)
    assert len(key_decision_test(figures, CHORLEY).criteria) == 3
    assert key_decision_test(figures, HIGHER).criteria == ["Contract worth £300,000 (threshold £250,000)"]


def test_no_criterion_met_says_so():
    result = key_decision_test(Figures(), CHORLEY)
    assert not result.key and result.words == "No criterion is met"


def test_wards_are_counted_one_a_line_or_by_commas_once_each():
    assert count_wards("Chorley East\nChorley North West, Clayton West\n\nchorley east") == (3, False)
    assert count_wards("All Wards are Affected.") == (0, True)
    assert count_wards("") == (0, False)


def test_clear_days_count_neither_the_day_of_publication_nor_the_day_of_decision():
    assert clear_days(dt.date(2024, 3, 1), dt.date(2024, 3, 30)) == 28
    assert clear_days(dt.date(2024, 3, 1), dt.date(2024, 3, 2)) == 0
    assert clear_days(dt.date(2024, 3, 1), dt.date(2024, 3, 1)) == -1


def test_weekends_and_bank_holidays_count_as_clear_days():
    # Published Thursday 21 March 2024; Good Friday, Easter Monday and four weekend days fall in between.
    published = dt.date(2024, 3, 21)
    assert earliest_decision_date(published) == dt.date(2024, 4, 19)
    assert clear_days(published, dt.date(2024, 4, 19)) == 28


def test_a_key_decision_with_full_notice_is_not_flagged():
    notice = forward_plan_notice(key=True, published=dt.date(2024, 3, 1), decision_date=dt.date(2024, 3, 30))
    assert not notice.flagged and notice.clear_days == 28


def test_a_key_decision_one_day_short_is_flagged_and_says_when_it_could_be_taken():
    notice = forward_plan_notice(key=True, published=dt.date(2024, 3, 1), decision_date=dt.date(2024, 3, 29))
    assert notice.flagged
    assert notice.words == ("Only 27 clear days' notice: 28 are needed (the earliest date with full notice is "
                            "30 March 2024)")


def test_a_key_decision_not_on_the_forward_plan_is_flagged():
    notice = forward_plan_notice(key=True, published=None, decision_date=dt.date(2024, 3, 29))
    assert notice.flagged and notice.words == "Not published on the forward plan"


@pytest.mark.parametrize(("general", "urgent", "words"), [
    (True, False, "Taken under the general exception (regulation 10)"),
    (False, True, "Taken under special urgency (regulation 11)"),
])
def test_an_exception_recorded_lifts_the_flag(general, urgent, words):
    notice = forward_plan_notice(key=True, published=None, decision_date=dt.date(2024, 3, 29),
                                 general_exception=general, special_urgency=urgent)
    assert not notice.flagged and notice.words == words


def test_a_decision_that_is_not_key_needs_no_notice():
    assert not forward_plan_notice(key=False, published=None, decision_date=dt.date(2024, 3, 29)).flagged
