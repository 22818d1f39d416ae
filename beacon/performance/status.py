"""A KPI's status in a period, and its direction of travel (PRODUCT C4).

Status compares the period's observation with the period's target:

- on target: the value meets or beats the target (at or above it when higher is better, at or below it when
  lower is better);
- within tolerance: it misses the target by no more than the tolerance (the edge counts as within);
- off target: it misses by more than the tolerance;
- no target, or no data, when either figure is missing: a missing figure is never shown as a good one.

Direction of travel compares the value with the previous period's and with the same period a year before:
improving, getting worse or no change, read through the KPI's polarity; "not known" when the earlier
figure is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from beacon.performance.periods import period_label, previous_period, year_before


class Status(models.TextChoices):
    ON_TARGET = "on_target", "On target"
    WITHIN_TOLERANCE = "within_tolerance", "Within tolerance"
    OFF_TARGET = "off_target", "Off target"
    NO_TARGET = "no_target", "No target set"
    NO_DATA = "no_data", "No data"


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Getting worse"
    NO_CHANGE = "no_change", "No change"
    NOT_KNOWN = "not_known", "Not known"


# GOV.UK tag colours; the words above always go with them, never colour alone.
STATUS_TAG = {
    Status.ON_TARGET: "govuk-tag--green",
    Status.WITHIN_TOLERANCE: "govuk-tag--yellow",
    Status.OFF_TARGET: "govuk-tag--red",
    Status.NO_TARGET: "govuk-tag--grey",
    Status.NO_DATA: "govuk-tag--grey",
}
DIRECTION_TAG = {
    Direction.IMPROVING: "govuk-tag--green",
    Direction.WORSENING: "govuk-tag--red",
    Direction.NO_CHANGE: "govuk-tag--blue",
    Direction.NOT_KNOWN: "govuk-tag--grey",
}


def status_of(value: Decimal | None, target: Decimal | None, tolerance: Decimal | None, polarity: str) -> Status:
    """The status of ``value`` against ``target`` for a KPI of ``polarity`` ("higher" or "lower")."""
    if value is None:
        return Status.NO_DATA
    if target is None:
        return Status.NO_TARGET
    shortfall = target - value if polarity == "higher" else value - target
    if shortfall <= 0:
        return Status.ON_TARGET
    if shortfall <= (tolerance or 0):
        return Status.WITHIN_TOLERANCE
    return Status.OFF_TARGET


def direction_of(value: Decimal | None, earlier: Decimal | None, polarity: str) -> Direction:
    """Whether ``value`` is better or worse than ``earlier`` for a KPI of ``polarity``."""
    if value is None or earlier is None:
        return Direction.NOT_KNOWN
    if value == earlier:
        return Direction.NO_CHANGE
    better = value > earlier if polarity == "higher" else value < earlier
    return Direction.IMPROVING if better else Direction.WORSENING


@dataclass(frozen=True)
class PeriodResult:
    """One period of a KPI, as a reader sees it."""

    period_start: dt.date
    label: str
    value: Decimal | None
    target: Decimal | None
    tolerance: Decimal | None
    note: str
    status: Status
    since_previous: Direction
    since_year_before: Direction

    @property
    def status_tag(self) -> str:
        return STATUS_TAG[self.status]

    @property
    def previous_tag(self) -> str:
        return DIRECTION_TAG[self.since_previous]

    @property
    def year_before_tag(self) -> str:
        return DIRECTION_TAG[self.since_year_before]


def series(
    *,
    frequency: str,
    polarity: str,
    values: Mapping[dt.date, Decimal],
    targets: Mapping[dt.date, tuple[Decimal, Decimal]],
    notes: Mapping[dt.date, str] | None = None,
    periods: Iterable[dt.date] | None = None,
) -> list[PeriodResult]:
    """Every period of a KPI (those with an observation or a target, or ``periods`` if given), oldest first.

    ``values`` maps a period's start to its observed value; ``targets`` maps it to (target, tolerance).
    """
    notes = notes or {}
    starts = sorted(set(periods) if periods is not None else set(values) | set(targets))
    results = []
    for start in starts:
        value = values.get(start)
        target, tolerance = targets.get(start, (None, None))
        results.append(
            PeriodResult(
                period_start=start,
                label=period_label(frequency, start),
                value=value,
                target=target,
                tolerance=tolerance,
                note=notes.get(start, ""),
                status=status_of(value, target, tolerance, polarity),
                since_previous=direction_of(value, values.get(previous_period(frequency, start)), polarity),
                since_year_before=direction_of(value, values.get(year_before(start)), polarity),
            )
        )
    return results
