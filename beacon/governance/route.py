"""The route of a matter through boards (PRODUCT C6): an agenda item points at the same matter's item at the
board that considered it before (``AgendaItem.previous``), e.g. Scrutiny Commission 30 April 2014 → Cabinet
6 May 2014 → County Council 21 May 2014, each passing its comments to the next.

Two rules keep a route a route, checked by forms and the API alike (``previous_problem``): the previous item
belongs to an earlier meeting of the same organisation, and following ``previous`` from it never comes back
to the item itself (no loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from beacon.core import policy
from beacon.core.policy import AnyUser
from beacon.governance.models import AgendaItem

# A route longer than this is a data error, not a real one: stop walking rather than loop forever.
MAX_STEPS = 200


def previous_problem(item: AgendaItem, previous: AgendaItem | None) -> str | None:
    """Why ``previous`` cannot come before ``item`` on a route, or None when it can."""
    if previous is None:
        return None
    if item.organisation_id and previous.organisation_id != item.organisation_id:
        return "Choose an item of this organisation."
    if item.pk and previous.pk == item.pk:
        return "An item cannot come before itself."
    meeting = item.meeting if item.meeting_id else None
    if meeting is not None and previous.meeting.date >= meeting.date:
        return (f"Choose an item of an earlier meeting: “{previous.title}” was at "
                f"{previous.meeting}, not before this meeting on {meeting.date.day} {meeting.date:%B %Y}.")
    if item.pk:
        seen: set[int] = set()
        step: AgendaItem | None = previous
        while step is not None and step.pk not in seen and len(seen) < MAX_STEPS:
            if step.previous_id == item.pk:
                return (f"That would make a loop: “{previous.title}” ({previous.meeting}) already comes after "
                        f"this item on its route.")
            seen.add(step.pk)
            step = step.previous if step.previous_id else None
    return None


def route_items(start: Iterable[AgendaItem], user: AnyUser) -> list[AgendaItem]:
    """Every item on the routes through ``start`` (earlier and later boards, and branches), that ``user`` may
    read, in date order. One query per step of the route, however many items each step holds."""
    base: QuerySet[AgendaItem] = policy.readable(AgendaItem.objects.all(), user).select_related(
        "meeting__board", "decision"
    )
    found: dict[int, AgendaItem] = {item.pk: item for item in start}
    frontier = set(found)
    steps = 0
    while frontier and steps < MAX_STEPS:
        steps += 1
        previous_ids: set[int] = set()
        for pk in frontier:
            previous_id = found[pk].previous_id
            if previous_id is not None:
                previous_ids.add(previous_id)
        linked = base.filter(pk__in=previous_ids) | base.filter(previous_id__in=frontier)
        fresh = [item for item in linked if item.pk not in found]
        for item in fresh:
            found[item.pk] = item
        frontier = {item.pk for item in fresh}
    return sorted(found.values(), key=lambda item: (item.meeting.date, item.meeting.start_time or dt.time.max,
                                                    item.pk))


def route_words(items: list[AgendaItem]) -> str:
    """The route in one line: "Scrutiny Commission 30 April 2014 → Cabinet 6 May 2014 → County Council ..."."""
    return " → ".join(f"{item.meeting.board.title} {item.meeting.date.day} {item.meeting.date:%B %Y}"
                      for item in items)
