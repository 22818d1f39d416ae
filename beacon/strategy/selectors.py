"""Reading a plan as its tree of themes, sub-themes and priorities, and counting its priorities.

A theme's ``expected_priorities`` says how many priorities the plan gives under it where their titles are not
recorded (Leicestershire's 69). The counts go on the leaves; a parent's total is what its sub-themes and its own
recorded priorities add up to, so a parent and its sub-themes are never counted twice. A count set on a parent as
well is read as the parent's whole total: it is used only where it is larger than what lies below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count

from beacon.core import policy
from beacon.strategy.models import Plan, Priority, Theme


def plural(count: int) -> str:
    return "priority" if count == 1 else "priorities"


class ThemeCount(NamedTuple):
    pk: int
    parent_id: int | None
    expected: int | None
    recorded: int


def theme_totals(rows: Iterable[ThemeCount]) -> dict[int, int]:
    """Each theme's number of priorities: the larger of its expected count and what it and its sub-themes hold."""
    rows = list(rows)
    children: dict[int | None, list[ThemeCount]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    totals: dict[int, int] = {}

    def total(row: ThemeCount, seen: frozenset[int]) -> int:
        if row.pk in totals:
            return totals[row.pk]
        below = sum(total(child, seen | {row.pk}) for child in children[row.pk] if child.pk not in seen)
        totals[row.pk] = max(row.recorded + below, row.expected or 0)
        return totals[row.pk]

    for row in rows:
        total(row, frozenset())
    return totals


def plan_total(rows: Iterable[ThemeCount]) -> int:
    """The plan's number of priorities: the sum over its top-level themes."""
    rows = list(rows)
    totals = theme_totals(rows)
    known = {row.pk for row in rows}
    return sum(totals[row.pk] for row in rows if row.parent_id is None or row.parent_id not in known)


@dataclass
class ThemeNode:
    """One theme of the tree, with its recorded priorities, its sub-themes and its count."""

    theme: Theme
    priorities: list[Priority]
    children: list[ThemeNode] = field(default_factory=list)
    total: int = 0
    depth: int = 0

    @property
    def heading_level(self) -> int:
        """h3 for a theme (under the page's h2), h4 for its sub-themes, and so on down to h6."""
        return min(3 + self.depth, 6)

    @property
    def summary(self) -> str:
        """The theme's count in words, e.g. "7 priorities (titles not recorded)"."""
        if self.total == 0:
            return "No priorities recorded"
        words = f"{self.total} {plural(self.total)}"
        if self.unrecorded and self.unrecorded == self.total:
            return f"{words} (titles not recorded)"
        if self.unrecorded:
            return f"{words} ({self.unrecorded} of them with titles not recorded)"
        if self.children and not self.priorities:
            count = len(self.children)
            return f"{words} across its {count} sub-theme{'' if count == 1 else 's'}"
        return words

    @property
    def unrecorded(self) -> int:
        """Priorities the plan gives here whose titles are not recorded (beyond those of the sub-themes)."""
        below = sum(child.total for child in self.children)
        return max(0, self.total - len(self.priorities) - below)


@dataclass
class PlanTree:
    themes: list[ThemeNode]
    total: int
    theme_count: int


def plan_tree(plan: Plan, user: Any) -> PlanTree:
    """The plan's themes as a tree (in their order), each with the priorities ``user`` may read: two queries."""
    themes = list(policy.readable(Theme.objects.filter(plan=plan), user).order_by("order", "title", "pk"))
    priorities: dict[int, list[Priority]] = defaultdict(list)
    for priority in policy.readable(Priority.objects.filter(theme__plan=plan), user).order_by("code", "title", "pk"):
        priorities[priority.theme_id].append(priority)
    rows = [ThemeCount(t.pk, t.parent_id, t.expected_priorities, len(priorities[t.pk])) for t in themes]
    totals = theme_totals(rows)
    nodes = {t.pk: ThemeNode(t, priorities[t.pk], total=totals[t.pk]) for t in themes}
    roots: list[ThemeNode] = []
    for theme in themes:
        parent = nodes.get(theme.parent_id) if theme.parent_id else None
        (parent.children if parent else roots).append(nodes[theme.pk])
    set_depths(roots, 0)
    return PlanTree(themes=roots, total=plan_total(rows), theme_count=len(themes))


def set_depths(nodes: list[ThemeNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        set_depths(node.children, depth + 1)


def plan_counts(plans: Iterable[Plan], user: Any) -> dict[int, tuple[int, int]]:
    """``{plan id: (number of top-level themes, number of priorities)}`` for a page of plans, in one query."""
    ids = [plan.pk for plan in plans]
    rows: dict[int, list[ThemeCount]] = defaultdict(list)
    themes = policy.readable(Theme.objects.filter(plan_id__in=ids), user).order_by().annotate(
        recorded=Count("priorities")
    ).values_list("plan_id", "pk", "parent_id", "expected_priorities", "recorded")
    for plan_id, pk, parent_id, expected, recorded in themes:
        rows[plan_id].append(ThemeCount(pk, parent_id, expected, recorded))
    return {
        plan_id: (sum(1 for row in rows[plan_id] if row.parent_id is None), plan_total(rows[plan_id]))
        for plan_id in ids
    }
