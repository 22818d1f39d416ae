"""Calibration of delivery confidence ratings (ADR 0005): once savings lines close, how well did their ratings
predict what they delivered, and what distributions does the organisation's own history suggest?

**What is scored.** A closed line (delivered, written off, or carried forward to a later year; a replaced line
is not an outcome, its money moved) has an *on-time fraction*: what it delivered in its own year over its
amount (0 when written off or carried forward). Its rating predicted ``delivered_mean × (1 − slip_probability)``
of that under the organisation's assumptions. The **Brier score** is the mean squared difference between
prediction and outcome (for all-or-nothing lines it is the classic Brier score of a yes/no forecast; for a
part-delivered line it scores the fraction). Lower is better: 0 is perfect. It is shown beside the score of
the *reference* forecast that gives every line the same, average, prediction, so that a reader can see
whether the ratings told anything apart (the Brier skill score, 1 − score ÷ reference, above 0 when they did).

**Which rating.** The one the line carried when its year began: the confidence recorded with the line's
latest ledger event on or before 1 April of its year; failing that, its earliest event (the line entered the
ledger later); failing that (a line with no history), the project's current rating.

**Refit.** With at least ``MIN_LINES_FOR_REFIT`` closed lines of a rating, its distribution can be refitted
from them: the slip probability is the share of lines that were carried forward (in whole or in part); the
delivered mean is the mean fraction they delivered in the end, following carried-forward money to the lines
it went to (lines whose money is still open are left out); the concentration comes from the method of
moments, κ = m(1 − m)/v − 1 for mean m and variance v of those fractions (0, all or nothing, when the
outcomes were all or nothing; at most ``MAX_CONCENTRATION``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.finance.forecast import UNRATED, Assumption
from beacon.finance.models import OPEN_STATES, LineState, SavingsEvent, SavingsLine

MIN_LINES_FOR_REFIT = 20
MAX_CONCENTRATION = 1000.0
SCORED_STATES = (LineState.DELIVERED, LineState.WRITTEN_OFF, LineState.CARRIED_FORWARD)
NO_LEAD = "No lead recorded"
UNNAMED_LEAD = "A project lead with no role title"


@dataclass(frozen=True)
class Outcome:
    """One closed line: its rating when its year began, its lead, and what happened."""

    line_id: int
    rating: str
    lead: str
    on_time_fraction: float
    slipped: bool
    final_fraction: float | None  # what it delivered in the end, following carried-forward money


@dataclass(frozen=True)
class Score:
    lines: int
    brier: float
    reference: float
    mean_predicted: float
    mean_observed: float

    @property
    def skill(self) -> float | None:
        """1 − score ÷ reference: above 0 when the ratings told outcomes apart better than one average."""
        return None if self.reference == 0 else 1 - self.brier / self.reference


@dataclass(frozen=True)
class Refit:
    rating: str
    lines: int
    current: Assumption
    fitted: Assumption | None  # None while there is not enough history

    @property
    def needed(self) -> int:
        return max(0, MIN_LINES_FOR_REFIT - self.lines)


# Pure rules ---------------------------------------------------------------------------------------------------


def brier_score(predictions: Sequence[float], outcomes: Sequence[float]) -> float:
    """The mean squared difference between predicted and observed fractions."""
    if not predictions:
        raise ValueError("A Brier score needs at least one outcome.")
    return sum((p - o) ** 2 for p, o in zip(predictions, outcomes, strict=True)) / len(predictions)


def score(outcomes: Sequence[Outcome], assumptions: Mapping[str, Assumption]) -> Score | None:
    """The Brier score of ``outcomes`` with each rating's prediction from ``assumptions``, and the reference."""
    if not outcomes:
        return None
    predicted = [prediction(item.rating, assumptions) for item in outcomes]
    observed = [item.on_time_fraction for item in outcomes]
    average = sum(observed) / len(observed)
    return Score(
        lines=len(outcomes), brier=brier_score(predicted, observed),
        reference=brier_score([average] * len(observed), observed),
        mean_predicted=sum(predicted) / len(predicted), mean_observed=average,
    )


def prediction(rating: str, assumptions: Mapping[str, Assumption]) -> float:
    """What a rating predicts of the line's amount in its own year."""
    return assumptions.get(rating, assumptions[UNRATED]).on_time_mean


def scores_by(
    outcomes: Iterable[Outcome], key: str, assumptions: Mapping[str, Assumption]
) -> dict[str, Score]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for item in outcomes:
        groups[getattr(item, key)].append(item)
    return {name: result for name, items in groups.items() if (result := score(items, assumptions)) is not None}


def fit_assumption(slipped: Sequence[bool], final_fractions: Sequence[float]) -> Assumption:
    """A rating's distribution from its closed lines (the module's "Refit")."""
    slip = sum(slipped) / len(slipped) if slipped else 0.0
    if not final_fractions:
        raise ValueError("Refitting needs lines whose outcome is final.")
    n = len(final_fractions)
    mean = sum(final_fractions) / n
    variance = sum((x - mean) ** 2 for x in final_fractions) / n
    spread = mean * (1 - mean)
    if spread == 0 or variance >= spread:
        concentration = 0.0  # all or nothing (or more spread than a Beta allows)
    elif variance == 0:
        concentration = MAX_CONCENTRATION
    else:
        concentration = min(MAX_CONCENTRATION, spread / variance - 1)
    return Assumption(delivered_mean=round(min(1.0, max(0.0, mean)), 3), concentration=round(concentration, 2),
                      slip_probability=round(slip, 3))


def refits(outcomes: Sequence[Outcome], current: Mapping[str, Assumption], ratings: Iterable[str]) -> list[Refit]:
    """For each rating: how many closed lines it has, and the refitted distribution when there are enough."""
    by_rating: dict[str, list[Outcome]] = defaultdict(list)
    for item in outcomes:
        by_rating[item.rating].append(item)
    result = []
    for rating in ratings:
        items = by_rating.get(rating, [])
        finals = [item.final_fraction for item in items if item.final_fraction is not None]
        fitted = None
        if len(items) >= MIN_LINES_FOR_REFIT and finals:
            fitted = fit_assumption([item.slipped for item in items], finals)
        result.append(Refit(rating=rating, lines=len(items), current=current.get(rating, current[UNRATED]),
                            fitted=fitted))
    return result


def lead_label(lead_title: str, first_name: str | None, last_name: str | None, username: str | None) -> str:
    """A lead by role title, else by name; never by an e-mail address (some usernames are one)."""
    if lead_title.strip():
        return lead_title.strip()
    if username is None:
        return NO_LEAD
    name = f"{first_name or ''} {last_name or ''}".strip()
    if name:
        return name
    return username if "@" not in username else UNNAMED_LEAD


def rating_when_year_began(
    events: Sequence[tuple[dt.datetime, str]], year_start: dt.date, current: str
) -> str:
    """The rating the module's "Which rating" rule picks from a line's events (oldest first)."""
    before = [confidence for at, confidence in events if at.date() <= year_start]
    if before:
        return before[-1]
    if events:
        return events[0][1]
    return current


# Reading the history ----------------------------------------------------------------------------------------------


def _final_fractions(organisation: Organisation) -> dict[int, float | None]:
    """For each line of the organisation: what it delivered in the end over its amount, following carried-
    forward money to the lines it went to; None while any of that money is still open."""
    rows = list(SavingsLine.objects.filter(organisation=organisation).values_list(
        "pk", "carried_from_id", "state", "amount_pence", "delivered_pence"
    ))
    children: dict[int, list[int]] = defaultdict(list)
    info = {}
    for pk, parent, state, amount, delivered in rows:
        info[pk] = (state, amount, delivered)
        if parent is not None:
            children[parent].append(pk)

    def delivered_in_the_end(pk: int, seen: frozenset[int]) -> int | None:
        state, _, delivered = info[pk]
        if state in OPEN_STATES:
            return None
        total = delivered
        for child in children.get(pk, []):
            if child in seen:
                continue
            part = delivered_in_the_end(child, seen | {child})
            if part is None:
                return None
            total += part
        return total

    result: dict[int, float | None] = {}
    for pk, (_, amount, _) in info.items():
        end = delivered_in_the_end(pk, frozenset({pk}))
        result[pk] = None if end is None or not amount else min(1.0, end / amount)
    return result


def outcomes(organisation: Organisation, user: Any = None) -> list[Outcome]:
    """The organisation's closed lines as outcomes: those ``user`` may read, or all of them without a user
    (the refit, which only the programme office and finance apply)."""
    lines: QuerySet[SavingsLine] = SavingsLine.objects.filter(
        organisation=organisation, state__in=SCORED_STATES, amount_pence__gt=0
    )
    if user is not None:
        lines = policy.readable(lines, user)
    rows = list(lines.values_list(
        "pk", "state", "amount_pence", "delivered_pence", "carried_forward_pence", "financial_year__start_year",
        "project__delivery_confidence", "project__lead_title", "project__lead__first_name",
        "project__lead__last_name", "project__lead__username",
    ))
    if not rows:
        return []
    events: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    history = SavingsEvent.objects.filter(organisation=organisation, line__state__in=SCORED_STATES)
    for line_id, at, confidence in history.order_by("at", "pk").values_list("line_id", "at", "confidence"):
        events[line_id].append((at, confidence))
    finals = _final_fractions(organisation)
    result = []
    for pk, state, amount, delivered, carried, start_year, current, title, first, last, username in rows:
        on_time = delivered / amount if state == LineState.DELIVERED else 0.0
        result.append(Outcome(
            line_id=pk,
            rating=rating_when_year_began(events.get(pk, []), dt.date(start_year, 4, 1), current or UNRATED),
            lead=lead_label(title or "", first, last, username),
            on_time_fraction=min(1.0, on_time),
            slipped=state == LineState.CARRIED_FORWARD or carried > 0,
            final_fraction=finals.get(pk),
        ))
    return result
