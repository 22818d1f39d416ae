"""Rules about many savings lines at once.

Double counting (PRODUCT C3): scrutiny committees worry that two projects claim the same money. A budget line
(a service budget or cost centre) can give up at most its annual budget; when two or more live lines in one
financial year claim more than that from it between them, the claim is flagged. A live line claims its amount
while it is proposed or approved, and what was delivered once confirmed (the rest has moved to another line or
been written off). Lines carried forward, written off or replaced claim nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, QuerySet, Sum, When

from beacon.core.money import financial_year_label
from beacon.finance.models import LineState, SavingsLine, SavingsLineQuerySet

MIN_LINES = 2
LIVE_STATES = (LineState.PROPOSED, LineState.APPROVED, LineState.DELIVERED)


@dataclass(frozen=True)
class ClaimingLine:
    id: int
    code: str
    title: str
    project_id: int
    project: str
    claimed_pence: int


@dataclass
class DoubleCount:
    """Two or more lines of one year claiming more than one budget line's budget."""

    budget_line_id: int
    budget_line: str
    start_year: int
    budget_pence: int
    claimed_pence: int
    lines: list[ClaimingLine] = field(default_factory=list)

    @property
    def financial_year(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def excess_pence(self) -> int:
        return self.claimed_pence - self.budget_pence


def claim_expression() -> Case:
    return Case(When(state=LineState.DELIVERED, then=F("delivered_pence")), default=F("amount_pence"))


def double_counting(
    lines: SavingsLineQuerySet | QuerySet[SavingsLine], limit: int | None = None
) -> tuple[list[DoubleCount], int]:
    """The double counts among ``lines`` (narrow them to what the reader may see first), largest excess first,
    at most ``limit`` of them with their lines; and how many there are in all. Two queries, whatever the size."""
    live = lines.filter(state__in=LIVE_STATES)
    # Keyed by the year's id rather than its start year: no join over every line; the few flags shown are
    # given their year's label afterwards.
    over = list(
        live
        .filter(budget_line__budget_pence__isnull=False)
        .order_by()
        .values("budget_line_id", "financial_year_id", "budget_line__budget_pence")
        .annotate(lines=Count("pk"), claimed=Sum(claim_expression()))
        .filter(lines__gte=MIN_LINES, claimed__gt=F("budget_line__budget_pence"))
    )
    over.sort(key=lambda row: (row["budget_line__budget_pence"] - row["claimed"], row["budget_line_id"],
                               row["financial_year_id"]))
    total = len(over)
    shown = over if limit is None else over[:limit]
    if not shown:
        return [], total
    flags = {
        (row["budget_line_id"], row["financial_year_id"]): DoubleCount(
            budget_line_id=row["budget_line_id"], budget_line="", start_year=0,
            budget_pence=row["budget_line__budget_pence"], claimed_pence=row["claimed"],
        )
        for row in shown
    }
    # The lines of the flagged budget lines, narrowed to the flagged years here: a disjunction of every pair
    # costs more to build than the few other years' lines cost to skip.
    claiming = (
        live
        .filter(budget_line_id__in={key[0] for key in flags}, financial_year_id__in={key[1] for key in flags})
        .annotate(claimed=claim_expression())
        .order_by("project__code", "pk")
        .values_list("pk", "code", "title", "project_id", "project__code", "project__title", "claimed",
                     "budget_line_id", "budget_line__code", "budget_line__title", "financial_year_id",
                     "financial_year__start_year")
    )
    by_key: dict[tuple[int, int], list[ClaimingLine]] = defaultdict(list)
    for pk, code, title, project_id, project_code, project_title, claimed, budget_id, b_code, b_title, year_id, \
            start_year in claiming:
        flag = flags.get((budget_id, year_id))
        if flag is None:
            continue
        flag.budget_line = f"{b_code} {b_title}".strip()
        flag.start_year = start_year
        by_key[(budget_id, year_id)].append(ClaimingLine(
            id=pk, code=code, title=title, project_id=project_id,
            project=f"{project_code} {project_title}".strip(), claimed_pence=claimed,
        ))
    for key, flag in flags.items():
        flag.lines = by_key[key]
    return list(flags.values()), total
