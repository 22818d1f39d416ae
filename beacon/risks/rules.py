"""The rules of risk and equality (PRODUCT C5), each a small named function.

Risk scores are likelihood × impact, each 1-5, so a score is one of 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16,
20 or 25. Bands, as most council registers draw them on the 5 × 5 grid:

- 1-4 low, 5-9 medium, 10-14 high, 15-25 very high.

A risk's review is overdue when its review date has passed and it is still open.

Equality impact assessments are completed at key stages: from the high-level business case on, a project
needs a signed-off assessment that covers its current stage (an assessment of a later stage also covers it)
and whose review date, if any, has not passed. Otherwise Beacon warns, on the project's assessments and on
the dashboard, that the project is at a stage without a current assessment.

The programme's cumulative impact on each group counts the impacts of the current assessments of every open
project, so that many small negative impacts on one group show as one large one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from beacon.programmes.models import Stage

BANDS = ((4, "Low", "govuk-tag--green"), (9, "Medium", "govuk-tag--yellow"), (14, "High", "govuk-tag--orange"),
         (25, "Very high", "govuk-tag--red"))

STAGE_ORDER: list[str] = [Stage.IDEA, Stage.HLBC, Stage.FBC, Stage.APPROVED, Stage.DELIVERY, Stage.CLOSED]
# The stages at which an assessment is expected (an idea need not have one; a closed or stopped project is done).
KEY_STAGES = (Stage.HLBC, Stage.FBC, Stage.APPROVED, Stage.DELIVERY)


def score(likelihood: int, impact: int) -> int:
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise ValueError("Likelihood and impact are each scored from 1 to 5.")
    return likelihood * impact


def band(value: int) -> tuple[str, str]:
    """The band of a score, in words, and its GOV.UK tag class."""
    for upper, words, tag in BANDS:
        if value <= upper:
            return words, tag
    raise ValueError(f"{value} is not a risk score (1 to 25).")


def review_overdue(review_date: dt.date | None, status: str, today: dt.date) -> bool:
    return bool(review_date and review_date < today and status == "open")


@dataclass
class HeatMap:
    """Counts of risks per cell: ``cells[likelihood][impact]`` (1-5 each)."""

    cells: dict[int, dict[int, int]] = field(
        default_factory=lambda: {likelihood: dict.fromkeys(range(1, 6), 0) for likelihood in range(1, 6)}
    )

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.cells.values())

    def rows(self) -> list[tuple[int, list[tuple[int, int, str]]]]:
        """For display, likelihood 5 at the top: (likelihood, [(impact, count, band words), ...])."""
        return [
            (likelihood, [(impact, self.cells[likelihood][impact], band(likelihood * impact)[0])
                          for impact in range(1, 6)])
            for likelihood in range(5, 0, -1)
        ]


def heat_map(pairs: Iterable[tuple[int, int]]) -> HeatMap:
    """The 5 × 5 heat map of (likelihood, impact) pairs."""
    grid = HeatMap()
    for likelihood, impact in pairs:
        grid.cells[likelihood][impact] += 1
    return grid


@dataclass(frozen=True)
class AssessmentFact:
    """What the stage rule needs to know of an assessment."""

    signed_off: bool
    project_stage: str
    review_date: dt.date | None = None


def covers(assessment_stage: str, project_stage: str) -> bool:
    if assessment_stage not in STAGE_ORDER or project_stage not in STAGE_ORDER:
        return False
    return STAGE_ORDER.index(assessment_stage) >= STAGE_ORDER.index(project_stage)


def current_assessment_missing(
    project_stage: str, assessments: Iterable[AssessmentFact], today: dt.date
) -> str | None:
    """Why a project at ``project_stage`` lacks a current equality impact assessment, or None if it has one
    (or needs none at this stage)."""
    if project_stage not in KEY_STAGES:
        return None
    label = Stage(project_stage).label
    facts = list(assessments)
    signed = [fact for fact in facts if fact.signed_off and covers(fact.project_stage, project_stage)]
    if not signed:
        return f"No signed-off equality impact assessment covers the project's stage ({label})."
    if all(fact.review_date is not None and fact.review_date < today for fact in signed):
        return f"The equality impact assessment for this stage ({label}) is past its review date."
    return None


@dataclass(frozen=True)
class GroupImpact:
    group: str
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    unknown: int = 0

    @property
    def assessed(self) -> int:
        return self.positive + self.neutral + self.negative + self.unknown


def cumulative_impact(groups: Iterable[str], impacts: Iterable[tuple[str, str]]) -> list[GroupImpact]:
    """Per group (in the order given), how many current assessments find each impact. ``impacts`` are
    (group, impact) pairs with impact one of positive, neutral, negative, unknown."""
    counts: Counter[tuple[str, str]] = Counter(impacts)
    return [
        GroupImpact(group, counts[(group, "positive")], counts[(group, "neutral")], counts[(group, "negative")],
                    counts[(group, "unknown")])
        for group in groups
    ]
