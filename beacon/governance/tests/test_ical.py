"""The iCalendar feeds parse with a real iCalendar parser (the icalendar library) and hold the meetings (with
board and location), decision dates and milestones they should, and nothing confidential to those who may not
read it; the public feed holds only public, non-confidential records."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


@pytest.fixture
def dated(world):
    r = world.records
    meeting = r["meeting"]
    meeting.location, meeting.start_time = "Council Chamber, Town Hall", dt.time(14, 0)
    meeting.save()
    r["public_decision"].decision_date = dt.date(2024, 3, 21)
    r["public_decision"].save()
    r["secret_decision"].decision_date = dt.date(2024, 4, 2)
    r["secret_decision"].save()
    secret_board = f.BoardFactory(organisation=world.home, title="Private working group", public=False)
    f.MeetingFactory(board=secret_board, date=dt.date(2024, 5, 1))
    f.MeetingFactory(board=f.BoardFactory(organisation=world.other, title="Other Cabinet"))
    return world


def test_the_signed_in_feed_holds_meetings_decisions_and_milestones(dated, login):
    calendar = parse(login(dated.users["member"]).get("/org/home/governance/calendar.ics"))
    names = summaries(calendar)
    assert {"Home Cabinet meeting", "Decision: Adopt the transformation strategy", "Decision: Secret depot sale",
            "Milestone: Ordinary milestone", "Milestone: Secret milestone", "Private working group meeting"} <= names
    assert "Other Cabinet meeting" not in names
    meeting = next(event for event in calendar.walk("VEVENT") if event["SUMMARY"] == "Home Cabinet meeting")
    assert str(meeting["LOCATION"]) == "Council Chamber, Town Hall"
    start = meeting.decoded("DTSTART")
    assert start.hour == 14 and str(start.tzinfo) == "Europe/London"
    assert "Board: Home Cabinet" in str(meeting["DESCRIPTION"])
    decision = next(event for event in calendar.walk("VEVENT") if "Adopt" in str(event["SUMMARY"]))
    assert decision.decoded("DTSTART") == dt.date(2024, 3, 21)
    assert str(decision["URL"]).endswith(f"/org/home/governance/decisions/{dated.records['public_decision'].pk}/")
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert calendar.walk("VTIMEZONE")  # the London zone travels with the file


def test_the_viewer_feed_leaves_out_what_the_viewer_may_not_read(dated, login):
    text = login(dated.users["viewer"]).get("/org/home/governance/calendar.ics").content.decode()
    names = summaries(Calendar.from_ical(text))
    assert "Decision: Adopt the transformation strategy" in names
    assert "Secret depot sale" not in text and "Secret milestone" not in text


def test_the_feed_needs_a_role_in_the_organisation(dated, client, login):
    assert client.get("/org/home/governance/calendar.ics").status_code == 302
    assert login(dated.users["outsider"]).get("/org/home/governance/calendar.ics").status_code == 404


def test_the_public_feed_holds_only_public_records(dated, client):
    response = client.get("/public/home/calendar.ics")
    text = response.content.decode()
    names = summaries(parse(response))
    assert "Home Cabinet meeting" in names and "Decision: Adopt the transformation strategy" in names
    assert "Milestone: Ordinary milestone" not in names  # its project is not public
    for secret in ("Secret depot sale", "Secret milestone", "Private working group", "Other Cabinet"):
        assert secret not in text
    assert "/org/home/" not in text  # no links into the signed-in pages
    assert client.get("/public/nowhere/calendar.ics").status_code == 404


def test_a_cancelled_meeting_is_marked_so(dated, login):
    meeting = dated.records["meeting"]
    meeting.status = "cancelled"
    meeting.save()
    calendar = parse(login(dated.users["viewer"]).get("/org/home/governance/calendar.ics"))
    event = next(event for event in calendar.walk("VEVENT") if event["SUMMARY"] == "Home Cabinet meeting")
    assert str(event["STATUS"]) == "CANCELLED"
