"""The key-decision test and the forward plan's notice (PRODUCT C6).

The Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012
make a decision "key" when it is likely to result in spending or savings that are significant for the budget
of the service or function, or to be significant in its effects on communities living or working in two or
more wards (regulation 8). Each council's constitution sets what "significant" means. The defaults are
Chorley's (its committee report's key-decision box):

1. a change in service provision that impacts upon the service revenue budget by £100,000 or more;
2. a contract worth £100,000 or more;
3. a new or unprogrammed capital scheme of £100,000 or more;
4. significant impact in environmental, social or physical terms in two or more wards.

A threshold is met at the threshold itself ("or more"). The figures come from the decision and its links, and
the larger of the two is used, so that a figure typed too low can never hide a key decision:

- revenue impact: the figure entered, or the linked projects' savings in their largest year (the savings
  lines proposed, approved or delivered, summed per year across the linked projects);
- contract value: the figure entered, or the fees of the linked delivery partner contracts;
- capital: the figure entered (Beacon holds no capital programme);
- wards: "all wards", or the number of wards listed, when the impact there is recorded as significant.

Notice (regulation 9): a key decision must be on the forward plan at least 28 clear days before it is taken.
Clear days are calendar days (weekends and bank holidays count) that exclude both the day of publication and
the day of the decision: published on 1 March, a decision on 30 March has 28 clear days' notice. Without that
notice the decision may still be taken under the general exception (regulation 10) or special urgency
(regulation 11), when it is recorded with its reason; otherwise Beacon flags it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from beacon.core.money import pounds_text

WARD_ALL = "all wards"


@dataclass(frozen=True)
class Thresholds:
    revenue_pence: int = 100_000_00
    contract_pence: int = 100_000_00
    capital_pence: int = 100_000_00
    wards: int = 2
    notice_days: int = 28


@dataclass(frozen=True)
class Figures:
    """What the test reads about one decision."""

    revenue_pence: int = 0
    contract_pence: int = 0
    capital_pence: int = 0
    wards: int = 0
    all_wards: bool = False
    significant_ward_impact: bool = False


@dataclass(frozen=True)
class Result:
    key: bool
    criteria: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        return "; ".join(self.criteria) if self.criteria else "No criterion is met"


def key_decision_test(figures: Figures, thresholds: Thresholds) -> Result:
    """Which of the key-decision criteria ``figures`` meet under ``thresholds``, in words."""
    met = []
    if figures.revenue_pence >= thresholds.revenue_pence:
        met.append(f"Revenue budget impact of {pounds_text(figures.revenue_pence)} "
                   f"(threshold {pounds_text(thresholds.revenue_pence)})")
    if figures.contract_pence >= thresholds.contract_pence:
        met.append(f"Contract worth {pounds_text(figures.contract_pence)} "
                   f"(threshold {pounds_text(thresholds.contract_pence)})")
    if figures.capital_pence >= thresholds.capital_pence:
        met.append(f"New or unprogrammed capital scheme of {pounds_text(figures.capital_pence)} "
                   f"(threshold {pounds_text(thresholds.capital_pence)})")
    if figures.significant_ward_impact and (figures.all_wards or figures.wards >= thresholds.wards):
        where = "all wards" if figures.all_wards else f"{figures.wards} wards"
        met.append(f"Significant impact in {where} (threshold {thresholds.wards} or more wards)")
    return Result(key=bool(met), criteria=met)


def count_wards(text: str) -> tuple[int, bool]:
    """The wards listed one a line (or separated by commas), and whether the text says "all wards"."""
    if WARD_ALL in text.lower():
        return 0, True
    names = {part.strip().lower() for line in text.splitlines() for part in line.split(",") if part.strip()}
    return len(names), False


def clear_days(published: dt.date, decision: dt.date) -> int:
    """Clear days between publication and decision: calendar days, neither end counted (may be negative)."""
    return (decision - published).days - 1


def earliest_decision_date(published: dt.date, notice_days: int = 28) -> dt.date:
    """The first day a key decision published on ``published`` may be taken with full notice."""
    return published + dt.timedelta(days=notice_days + 1)


@dataclass(frozen=True)
class Notice:
    """Whether a key decision had its notice on the forward plan."""

    flagged: bool
    words: str
    clear_days: int | None = None


def forward_plan_notice(
    *, key: bool, published: dt.date | None, decision_date: dt.date | None, notice_days: int = 28,
    general_exception: bool = False, special_urgency: bool = False,
) -> Notice:
    """Flag a key decision that is not on the forward plan ``notice_days`` clear days before it is taken,
    unless the general exception or special urgency is recorded."""
    if not key:
        return Notice(False, "Not a key decision: no forward plan notice is needed")
    days = clear_days(published, decision_date) if published and decision_date else None
    if days is not None and days >= notice_days:
        return Notice(False, f"On the forward plan {days} clear days before the decision", days)
    if special_urgency:
        return Notice(False, "Taken under special urgency (regulation 11)", days)
    if general_exception:
        return Notice(False, "Taken under the general exception (regulation 10)", days)
    if published is None:
        return Notice(True, "Not published on the forward plan", None)
    if decision_date is None:
        return Notice(False, "On the forward plan; no decision date set yet", None)
    return Notice(True, f"Only {max(days or 0, 0)} clear days' notice: {notice_days} are needed "
                        f"(the earliest date with full notice is "
                        f"{earliest_decision_date(published, notice_days):%-d %B %Y})", days)
