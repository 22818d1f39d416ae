"""The iCalendar feed (RFC 5545) of an organisation: board meetings (with the board and where they meet),
decision dates and project milestones, so that officers and members see them in their own calendar.

What goes in is chosen by the caller through the permission policy (``policy.readable`` for a signed-in
user, ``policy.public`` for the public feed): this module only writes the calendar. Each event's UID is stable
(the record's kind and id), so a calendar that subscribes updates the event rather than adding it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from beacon.core.models import Organisation
from beacon.governance.models import Decision, Meeting, MeetingStatus
from beacon.programmes.models import Milestone

LONDON = ZoneInfo("Europe/London")
MEETING_HOURS = 2  # a meeting with a start time is shown as two hours long: the papers rarely give an end

# ``link(kind, pk)`` answers the absolute URL of the record's page ("" for none).
Linker = Callable[[str, int], str]


def _stamp(record: Meeting | Decision | Milestone) -> dt.datetime:
    stamp = getattr(record, "modified_at", None) or dt.datetime.now(dt.UTC)
    return stamp.astimezone(dt.UTC)


def _uid(kind: str, pk: int, organisation: Organisation) -> str:
    return f"{kind}-{pk}@{organisation.slug}.beacon"


def _all_day(event: Event, day: dt.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def meeting_event(meeting: Meeting, organisation: Organisation, link: Linker) -> Event:
    event = Event()
    event.add("uid", _uid("meeting", meeting.pk, organisation))
    event.add("dtstamp", _stamp(meeting))
    event.add("summary", f"{meeting.board.title} meeting")
    if meeting.start_time is not None:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=MEETING_HOURS))
    else:
        _all_day(event, meeting.date)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("categories", ["Meeting"])
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    lines = [f"Board: {meeting.board.title}", f"Status: {meeting.get_status_display()}"]
    url = link("meeting", meeting.pk)
    if url:
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def decision_event(decision: Decision, organisation: Organisation, link: Linker) -> Event:
    assert decision.decision_date is not None
    event = Event()
    event.add("uid", _uid("decision", decision.pk, organisation))
    event.add("dtstamp", _stamp(decision))
    event.add("summary", f"Decision: {decision.title}")
    _all_day(event, decision.decision_date)
    event.add("categories", ["Decision"])
    maker = decision.decision_maker.title if decision.decision_maker_id and decision.decision_maker else ""
    lines = [f"Decision maker: {maker or decision.decision_maker_title or 'not recorded'}",
             f"Status: {decision.get_status_display()}"]
    url = link("decision", decision.pk)
    if url:
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def milestone_event(milestone: Milestone, organisation: Organisation, link: Linker) -> Event:
    event = Event()
    event.add("uid", _uid("milestone", milestone.pk, organisation))
    event.add("dtstamp", _stamp(milestone))
    event.add("summary", f"Milestone: {milestone.title}")
    _all_day(event, milestone.due_date)
    event.add("categories", ["Milestone"])
    lines = [f"Project: {milestone.project.title}",
             "Done" if milestone.actual_date else "Not done yet"]
    url = link("project", milestone.project_id)
    if url:
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def build_calendar(
    organisation: Organisation, *, name: str, meetings: Iterable[Meeting], decisions: Iterable[Decision],
    milestones: Iterable[Milestone], link: Linker,
) -> bytes:
    """The calendar of the given records, as the bytes of a text/calendar file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Beacon//Transformation programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, organisation, link))
    for decision in decisions:
        if decision.decision_date is not None:
            calendar.add_component(decision_event(decision, organisation, link))
    for milestone in milestones:
        calendar.add_component(milestone_event(milestone, organisation, link))
    calendar.add_missing_timezones()
    return calendar.to_ical()
