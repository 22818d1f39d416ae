"""The status roll-up rule (ADR 0004) on hand-built cases, on both scales: it never hides red, it explains
itself, and it flags a reported status better than the projects allow."""

from __future__ import annotations

import pytest

from beacon.core.models import ConfidenceScale
from beacon.programmes.rollup import ORDER, expand_scale, on_scale, roll_up
from beacon.testing import factories as f

FIVE = ORDER
THREE = ("green", "amber", "red")
G, AG, A, AR, R = "green", "amber_green", "amber", "amber_red", "red"


def ratings(**counts: int) -> list[str]:
    names = {"g": G, "ag": AG, "a": A, "ar": AR, "r": R, "none": ""}
    return [names[key] for key, n in counts.items() for _ in range(n)]


# Nothing rated --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [FIVE, THREE])
def test_nothing_rated_has_no_status(scale):
    result = roll_up(ratings(none=3), scale=scale, reported=G)
    assert (result.status, result.label) == ("", "Not rated")
    assert result.explanation == "Not rated: none of its 3 projects are rated"
    assert result.not_rated == 3 and result.contradiction == ""


def test_no_projects_at_all():
    result = roll_up([], scale=FIVE)
    assert result.status == "" and result.explanation == "Not rated: it has no open projects"


# All green, and mostly green ------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [FIVE, THREE])
def test_all_green_with_some_not_rated(scale):
    result = roll_up(ratings(g=5, none=2), scale=scale)
    assert result.status == G and result.label == "Green"
    assert result.explanation == "Green: all 5 rated projects are Green (2 not rated)"
    assert result.counts[G] == 5 and result.not_rated == 2


def test_fewer_than_a_quarter_amber_green_stays_green():
    result = roll_up(ratings(g=9, ag=1), scale=FIVE)
    assert result.status == G
    assert result.explanation == "Green: 9 of 10 rated projects are Green, and fewer than a quarter are rated lower"


# One red among many: never green ----------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [FIVE, THREE])
def test_one_red_among_many_is_at_least_amber(scale):
    result = roll_up(ratings(g=99, r=1), scale=scale)
    assert result.status == A
    assert result.explanation == (
        "Amber because 1 of 100 rated projects is Red: any Red project makes the status at least Amber"
    )


def test_one_amber_red_among_many_is_at_least_amber_green_on_five_points():
    result = roll_up(ratings(g=8, ar=2), scale=FIVE)
    assert result.status == AG
    assert "any Amber/Red project makes the status at least Amber/Green" in result.explanation


# A quarter or more ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [FIVE, THREE])
def test_a_quarter_red_is_red(scale):
    result = roll_up(ratings(g=6, r=2), scale=scale)  # exactly a quarter
    assert result.status == R
    assert result.explanation == "Red because 2 of 8 rated projects are Red, a quarter or more"


def test_just_under_a_quarter_red_is_amber():
    assert roll_up(ratings(g=7, r=2), scale=FIVE).status == A  # 2 of 9 < 25 %: the floor gives Amber


def test_three_of_nine_red():
    assert roll_up(ratings(g=6, r=3), scale=FIVE).explanation == (
        "Red because 3 of 9 rated projects are Red, a quarter or more"
    )


def test_quarter_counts_each_project_at_its_rating_or_worse_on_five_points():
    assert roll_up(ratings(g=7, r=2, ar=1), scale=FIVE).status == AR
    result = roll_up(ratings(g=7, a=2, ar=1), scale=FIVE)
    assert result.status == A
    assert result.explanation == "Amber because 3 of 10 rated projects are Amber or worse, a quarter or more"
    assert roll_up(ratings(g=7, ag=3), scale=FIVE).status == AG


def test_three_point_quarter_of_amber_or_worse_is_amber():
    result = roll_up(ratings(g=7, a=1, r=2), scale=THREE)
    assert result.status == A
    assert result.counts == {G: 7, A: 1, R: 2}


def test_all_amber():
    assert roll_up(ratings(a=4), scale=THREE).explanation == "Amber because all 4 rated projects are Amber"


def test_not_rated_projects_do_not_dilute_red():
    # 2 Red of 6 rated (a third), with 10 unrated: still Red.
    result = roll_up(ratings(g=4, r=2, none=10), scale=FIVE)
    assert result.status == R and result.explanation.endswith("(10 not rated)")


# Contradictions ---------------------------------------------------------------------------------------------


def test_green_reported_holding_red_projects_is_a_contradiction():
    result = roll_up(ratings(g=7, r=2), scale=FIVE, reported=G)
    assert result.contradiction == "Reported Green, but 2 of its projects are Red: its projects roll up to Amber"
    assert result.reported == G and result.reported_label == "Green"


def test_reported_as_good_as_the_roll_up_or_worse_is_no_contradiction():
    assert roll_up(ratings(g=7, r=2), scale=FIVE, reported=A).contradiction == ""
    assert roll_up(ratings(g=7, r=2), scale=FIVE, reported=R).contradiction == ""
    assert roll_up(ratings(g=5), scale=FIVE, reported=R).contradiction == ""


def test_three_point_contradiction():
    result = roll_up(ratings(g=1, a=1), scale=THREE, reported=G)
    assert result.status == A
    assert result.contradiction == "Reported Green, but 1 of its projects is Amber: its projects roll up to Amber"


# Scales -----------------------------------------------------------------------------------------------------


def test_off_scale_ratings_count_as_the_nearest_worse_rating():
    assert on_scale(AG, THREE) == A
    assert on_scale(AR, THREE) == R
    assert on_scale(G, THREE) == G and on_scale("", THREE) == ""
    result = roll_up(ratings(g=9, ar=1), scale=THREE, reported=AG)
    assert result.status == A and result.counts == {G: 9, A: 0, R: 1}
    assert result.reported == A and result.contradiction == ""


def test_the_scale_may_be_given_by_name():
    assert expand_scale(ConfidenceScale.THREE_POINT.value) == THREE
    assert expand_scale("five") == FIVE
    assert roll_up(ratings(g=3, r=1), scale="three") == roll_up(ratings(g=3, r=1), scale=THREE)
    with pytest.raises(ValueError):
        expand_scale(["purple"])


def test_status_is_a_plain_string_for_json_snapshots():
    result = roll_up(ratings(g=9, r=1), scale=FIVE)
    assert type(result.status) is str and type(next(iter(result.counts))) is str


# The organisation's roll-ups from the database ----------------------------------------------------------------


@pytest.mark.django_db
def test_organisation_roll_ups_in_a_constant_number_of_queries(django_assert_num_queries):
    from beacon.programmes.rollup import organisation_roll_ups

    organisation = f.OrganisationFactory(slug="rollup")
    user = f.UserFactory(username="rollup-pm")
    f.MembershipFactory(user=user, organisation=organisation, role="programme")
    programme = f.ProgrammeFactory(organisation=organisation, reported_confidence=G)
    green_ws = f.WorkstreamFactory(programme=programme, reported_confidence=G)
    quiet_ws = f.WorkstreamFactory(programme=programme)
    for rating in (G, G, G, R):
        f.ProjectFactory(programme=programme, workstream=green_ws, delivery_confidence=rating, stage="delivery")
    f.ProjectFactory(programme=programme, workstream=green_ws, delivery_confidence=R, stage="closed")  # left out
    f.ProjectFactory(programme=programme, delivery_confidence=G)  # no workstream
    with django_assert_num_queries(4):  # roles, the grouped count, programmes, workstreams
        result = organisation_roll_ups(organisation, user)
    # The programme: 1 Red of 5 rated open projects (the closed one is left out), under a quarter: Amber.
    assert result.programmes[programme.pk].status == A
    assert result.programmes[programme.pk].counts[R] == 1 and result.programmes[programme.pk].rated == 5
    # Its workstream: 1 Red of 4, a quarter: Red, and reported Green.
    workstream = result.workstreams[green_ws.pk]
    assert workstream.status == R and workstream.contradiction.startswith("Reported Green, but 1 of its")
    assert result.workstreams[quiet_ws.pk].status == ""
