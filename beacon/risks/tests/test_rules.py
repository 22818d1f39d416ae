"""Risk scores, bands and the heat map; review dates; the equality assessment stage rule; cumulative impact."""

from __future__ import annotations

import datetime as dt

import pytest

from beacon.risks.rules import (
    AssessmentFact,
    band,
    cumulative_impact,
    current_assessment_missing,
    heat_map,
    review_overdue,
    score,
)

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(("likelihood", "impact", "expected", "words"), [
    (1, 1, 1, "Low"), (2, 2, 4, "Low"), (1, 5, 5, "Medium"), (3, 3, 9, "Medium"), (2, 5, 10, "High"),
    (4, 3, 12, "High"), (3, 5, 15, "Very high"), (5, 5, 25, "Very high"),
])
def test_scores_and_bands(likelihood, impact, expected, words):
    assert score(likelihood, impact) == expected
    assert band(expected)[0] == words


@pytest.mark.parametrize(("likelihood", "impact"), [(6, 1), (0, 3), (3, 6)])
def test_a_score_outside_one_to_five_is_refused(likelihood, impact):
    with pytest.raises(ValueError, match="from 1 to 5"):
        score(likelihood, impact)


def test_the_heat_map_counts_each_cell_and_puts_likelihood_five_on_top():
    grid = heat_map([(4, 4), (4, 4), (1, 5), (5, 1)])
    assert grid.cells[4][4] == 2 and grid.cells[1][5] == 1 and grid.cells[5][1] == 1 and grid.total == 4
    rows = grid.rows()
    assert rows[0][0] == 5 and rows[-1][0] == 1
    assert rows[1][1][3] == (4, 2, "Very high")


def test_a_review_is_overdue_only_when_past_and_open():
    assert review_overdue(dt.date(2024, 5, 31), "open", TODAY)
    assert not review_overdue(TODAY, "open", TODAY)
    assert not review_overdue(dt.date(2024, 5, 31), "closed", TODAY)
    assert not review_overdue(None, "open", TODAY)


def test_an_idea_needs_no_assessment_but_a_business_case_does():
    assert current_assessment_missing("idea", [], TODAY) is None
    assert current_assessment_missing("hlbc", [], TODAY) == (
        "No signed-off equality impact assessment covers the project's stage (High-level business case).")


def test_moving_to_a_new_stage_needs_an_assessment_of_that_stage():
    screening = AssessmentFact(signed_off=True, project_stage="hlbc")
    assert current_assessment_missing("hlbc", [screening], TODAY) is None
    assert "Full business case" in current_assessment_missing("fbc", [screening], TODAY)
    later = AssessmentFact(signed_off=True, project_stage="approved")
    assert current_assessment_missing("fbc", [screening, later], TODAY) is None


def test_a_draft_or_expired_assessment_is_not_current():
    assert current_assessment_missing("fbc", [AssessmentFact(False, "fbc")], TODAY) is not None
    expired = AssessmentFact(True, "fbc", review_date=dt.date(2024, 5, 1))
    assert "past its review date" in current_assessment_missing("fbc", [expired], TODAY)


def test_cumulative_impact_adds_up_the_assessments_for_each_group():
    rows = cumulative_impact(["Age", "Disability", "Rural"], [
        ("Age", "negative"), ("Age", "negative"), ("Age", "positive"), ("Disability", "neutral"),
        ("Rural", "unknown"), ("Age", "negative"),
    ])
    age, disability, rural = rows
    assert (age.negative, age.positive, age.assessed) == (3, 1, 4)
    assert (disability.neutral, disability.assessed) == (1, 1)
    assert rural.unknown == 1
