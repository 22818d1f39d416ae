"""The strategy rules (approval route, status, theme tree) and the plan's priority counts."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.strategy import rules, selectors
from beacon.strategy.selectors import ThemeCount
from beacon.testing import factories as f

D = dt.date


# Approval route ------------------------------------------------------------------------------------------------


def test_an_approval_route_in_order_has_no_error():
    assert rules.approval_route_errors(scrutiny_date=D(2014, 4, 30), cabinet_date=D(2014, 5, 6),
                                       council_date=D(2014, 5, 21)) == {}
    assert rules.approval_route_errors(scrutiny_date=None, cabinet_date=None, council_date=None) == {}
    same_day = D(2016, 1, 21)
    assert rules.approval_route_errors(scrutiny_date=same_day, cabinet_date=same_day, council_date=same_day) == {}


def test_cabinet_before_scrutiny_is_an_error_on_the_cabinet_date():
    errors = rules.approval_route_errors(scrutiny_date=D(2014, 4, 30), cabinet_date=D(2014, 4, 1), council_date=None)
    assert errors == {"cabinet_date": "The Cabinet date must be the same as or after the scrutiny date "
                                      "(30 April 2014)."}


def test_council_before_cabinet_is_an_error_on_the_council_date():
    errors = rules.approval_route_errors(scrutiny_date=None, cabinet_date=D(2014, 5, 6), council_date=D(2014, 5, 1))
    assert set(errors) == {"council_date"}
    assert "Cabinet date (6 May 2014)" in errors["council_date"]


def test_without_a_cabinet_date_council_is_compared_with_scrutiny():
    errors = rules.approval_route_errors(scrutiny_date=D(2014, 4, 30), cabinet_date=None, council_date=D(2014, 4, 1))
    assert set(errors) == {"council_date"}
    assert "scrutiny date" in errors["council_date"]


def test_council_approved_needs_a_council_date():
    assert set(rules.status_errors(status="council", council_date=None)) == {"council_date"}
    assert rules.status_errors(status="council", council_date=D(2014, 5, 21)) == {}
    assert rules.status_errors(status="cabinet", council_date=None) == {}


def test_plan_errors_gathers_both_rules():
    errors = rules.plan_errors({"status": "council", "scrutiny_date": D(2014, 5, 1), "cabinet_date": D(2014, 4, 1)})
    assert set(errors) == {"cabinet_date", "council_date"}


# Theme tree ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_theme_cannot_be_its_own_ancestor():
    top = f.ThemeFactory(title="Top")
    middle = f.ThemeFactory(plan=top.plan, parent=top, title="Middle")
    bottom = f.ThemeFactory(plan=top.plan, parent=middle, title="Bottom")
    assert rules.is_own_ancestor(top.pk, top)
    assert rules.is_own_ancestor(top.pk, middle)
    assert rules.is_own_ancestor(top.pk, bottom)
    assert not rules.is_own_ancestor(bottom.pk, top)
    assert not rules.is_own_ancestor(None, top)
    assert not rules.is_own_ancestor(top.pk, None)
    assert set(rules.theme_errors(theme_pk=top.pk, plan_id=top.plan_id, parent=bottom)) == {"parent"}
    assert rules.theme_errors(theme_pk=bottom.pk, plan_id=top.plan_id, parent=top) == {}


@pytest.mark.django_db
def test_a_theme_with_sub_themes_keeps_its_plan():
    top = f.ThemeFactory()
    f.ThemeFactory(plan=top.plan, parent=top)
    other_plan = f.PlanFactory(organisation=top.organisation)
    assert set(rules.theme_errors(theme_pk=top.pk, plan_id=other_plan.pk, parent=None)) == {"plan"}
    assert rules.theme_errors(theme_pk=top.pk, plan_id=top.plan_id, parent=None) == {}


@pytest.mark.django_db
def test_ancestors_stop_at_a_loop_already_stored():
    first = f.ThemeFactory()
    second = f.ThemeFactory(plan=first.plan, parent=first)
    type(first).objects.filter(pk=first.pk).update(parent=second)  # a loop written behind the rules' back
    first.refresh_from_db()
    assert [theme.pk for theme in rules.ancestors(first)] == [first.pk, second.pk]


# Counting priorities ------------------------------------------------------------------------------------------------


LEICESTERSHIRE = [
    ThemeCount(1, None, 4, 0),
    ThemeCount(2, None, None, 0), ThemeCount(21, 2, 7, 0), ThemeCount(22, 2, 3, 0), ThemeCount(23, 2, 4, 0),
    ThemeCount(3, None, None, 0), ThemeCount(31, 3, 11, 0), ThemeCount(32, 3, 12, 0),
    ThemeCount(4, None, 14, 0),
    ThemeCount(5, None, 14, 0),
]


def test_leicestershire_counts_on_the_leaves_add_up_to_69():
    totals = selectors.theme_totals(LEICESTERSHIRE)
    assert totals[2] == 14
    assert totals[3] == 23
    assert selectors.plan_total(LEICESTERSHIRE) == 69


def test_a_count_on_the_parent_as_well_is_not_added_twice():
    rows = [ThemeCount(2, None, 14, 0), ThemeCount(21, 2, 7, 0), ThemeCount(22, 2, 3, 0), ThemeCount(23, 2, 4, 0)]
    assert selectors.plan_total(rows) == 14


def test_recorded_priorities_count_and_an_expected_count_is_a_floor():
    assert selectors.plan_total([ThemeCount(1, None, 4, 2)]) == 4
    assert selectors.plan_total([ThemeCount(1, None, 4, 6)]) == 6
    assert selectors.plan_total([ThemeCount(1, None, None, 3), ThemeCount(2, 1, None, 2)]) == 5


@pytest.mark.django_db
def test_the_plan_tree_says_how_many_titles_are_not_recorded():
    plan = f.PlanFactory()
    growth = f.ThemeFactory(plan=plan, title="Growth", order=1)
    f.ThemeFactory(plan=plan, parent=growth, title="Economic", expected_priorities=7, order=1)
    skills = f.ThemeFactory(plan=plan, parent=growth, title="Skills", expected_priorities=3, order=2)
    f.PriorityFactory(theme=skills, title="Apprenticeships")
    f.ThemeFactory(plan=plan, title="Leadership", expected_priorities=4, order=2)
    empty = f.ThemeFactory(plan=plan, title="Empty", order=3)
    reader = f.UserFactory()
    f.MembershipFactory(user=reader, organisation=plan.organisation, role="viewer")

    tree = selectors.plan_tree(plan, reader)
    assert tree.total == 14
    assert [node.theme.title for node in tree.themes] == ["Growth", "Leadership", "Empty"]
    growth_node, leadership, empty_node = tree.themes
    assert growth_node.summary == "10 priorities across its 2 sub-themes"
    assert [child.summary for child in growth_node.children] == [
        "7 priorities (titles not recorded)", "3 priorities (2 of them with titles not recorded)"]
    assert [child.heading_level for child in growth_node.children] == [4, 4]
    assert leadership.summary == "4 priorities (titles not recorded)"
    assert empty_node.summary == "No priorities recorded"
    assert empty_node.theme == empty
    assert selectors.plan_counts([plan], reader) == {plan.pk: (3, 14)}
    assert selectors.plan_tree(plan, f.UserFactory()).total == 0  # no role: nothing to read
