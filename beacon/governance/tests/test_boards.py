"""Boards, meetings and agenda items on the web: pages, forms that refuse bad input with the GOV.UK error summary
and save nothing, the route of a matter through boards (Scrutiny Commission 30 April 2014 → Cabinet 6 May 2014 →
County Council 21 May 2014) with the comments passed on, loops refused, and list pages in constant queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.governance.models import AgendaItem, Board, BoardMember, Meeting
from beacon.governance.route import previous_problem, route_items, route_words
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def leicestershire_route(world: Any) -> list[AgendaItem]:
    """The Strategic Plan's route in Leicestershire, 2014 (seed 001)."""
    home = world.home
    scrutiny = f.BoardFactory(organisation=home, title="Scrutiny Commission", kind="scrutiny")
    cabinet = f.BoardFactory(organisation=home, title="Cabinet", kind="cabinet")
    council = f.BoardFactory(organisation=home, title="County Council", kind="council")
    first = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=scrutiny, date=dt.date(2014, 4, 30)),
        title="County Council Strategic Plan 2014-18", resolution="The Commission supports the plan",
        comments_to_next="Subject to consideration of the issues highlighted above",
    )
    second = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=cabinet, date=dt.date(2014, 5, 6)),
        title="County Council Strategic Plan 2014-18", previous=first,
        resolution="Cabinet recommends the plan to the County Council",
    )
    third = AgendaItem.objects.create(
        organisation=home, meeting=f.MeetingFactory(board=council, date=dt.date(2014, 5, 21)),
        title="County Council Strategic Plan 2014-18", previous=second, resolution="Approved",
    )
    return [first, second, third]


# Boards ---------------------------------------------------------------------------------------------------------


def test_a_board_page_shows_its_terms_chair_sponsor_members_programmes_and_meetings(world, login):
    board = world.records["board"]
    board.terms_of_reference = "To oversee the transformation programme"
    board.chair_title, board.sponsor_title = "Leader of the Council", "Chief Executive"
    board.save()
    board.programmes.add(world.records["programme"])
    BoardMember.objects.create(organisation=world.home, board=board, role_title="Director of Finance",
                               kind=BoardMember.Kind.MEMBER)
    BoardMember.objects.create(organisation=world.home, board=board, role_title="Leader of the Council",
                               kind=BoardMember.Kind.CHAIR)
    text = login(world.users["viewer"]).get(f"/org/home/governance/boards/{board.pk}/").content.decode()
    for words in ("To oversee the transformation programme", "Chief Executive", "Director of Finance",
                  "Home Transformation Programme", "21 March 2024"):
        assert words in text
    assert text.index("Leader of the Council</td>") < text.index("Director of Finance")  # the chair first
    assert "Add a member" not in text


def test_a_board_is_added_and_a_member_added_to_it(world, login):
    client = login(world.users["monitoring"])
    response = client.post("/org/home/governance/boards/add/", {
        "title": "Transformation Board", "kind": "transformation", "chair_title": "Chief Executive",
        "programmes": [world.records["programme"].pk], "public": "on",
    })
    board = Board.objects.get(title="Transformation Board")
    assert response.status_code == 302 and board.organisation == world.home
    assert list(board.programmes.all()) == [world.records["programme"]]
    response = client.post(f"/org/home/governance/boards/{board.pk}/members/add/",
                           {"role_title": "Director of Finance", "kind": "member"})
    assert response.status_code == 302
    assert board.members.get().role_title == "Director of Finance"


def test_a_board_without_a_name_is_refused_with_the_error_summary(world, login):
    response = login(world.users["programme"]).post("/org/home/governance/boards/add/", {"kind": "cabinet"})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and "Enter the name of the board" in text
    assert not Board.objects.exclude(pk=world.records["board"].pk).exists()


# Meetings ------------------------------------------------------------------------------------------------------


def test_the_meeting_list_puts_upcoming_meetings_first(world, login):
    board = world.records["board"]
    today = dt.date.today()
    f.MeetingFactory(board=board, date=today + dt.timedelta(days=30), location="Council Chamber")
    f.MeetingFactory(board=board, date=today + dt.timedelta(days=7), location="Committee Room 1")
    f.MeetingFactory(board=board, date=today - dt.timedelta(days=7), location="Committee Room 2")
    text = login(world.users["viewer"]).get("/org/home/governance/meetings/").content.decode()
    assert "Upcoming meetings" in text and "Past meetings" in text
    positions = [text.index(place) for place in ("Committee Room 1", "Council Chamber", "Committee Room 2")]
    assert positions == sorted(positions)


def test_a_meeting_in_another_councils_board_is_refused_with_a_reason(world, login):
    client = login(world.users["programme"])
    other_board = f.BoardFactory(organisation=world.other)
    f.MembershipFactory(user=world.users["programme"], organisation=world.other, role="programme")
    response = client.post("/org/home/governance/meetings/add/", {
        "board": other_board.pk, "date_0": "6", "date_1": "5", "date_2": "2014", "status": "scheduled",
    })
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Meeting.objects.filter(board=other_board).exists()
    # And through the model's rule, which the API runs too:
    meeting = Meeting(organisation=world.home, board=other_board, date=dt.date(2014, 5, 6))
    with pytest.raises(Exception, match="same organisation|organisation"):
        meeting.full_clean()


def test_a_meeting_with_an_impossible_date_is_refused(world, login):
    response = login(world.users["programme"]).post("/org/home/governance/meetings/add/", {
        "board": world.records["board"].pk, "date_0": "31", "date_1": "2", "date_2": "2024", "status": "scheduled",
    })
    assert "Enter a real date" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_meeting_page_shows_items_resolutions_comments_passed_on_and_minutes(world, login):
    first, second, _ = leicestershire_route(world)
    first.meeting.minutes = "Members discussed the plan at length."
    first.meeting.save()
    text = login(world.users["viewer"]).get(f"/org/home/governance/meetings/{first.meeting_id}/").content.decode()
    assert "The Commission supports the plan" in text
    assert "Subject to consideration of the issues highlighted above" in text
    assert "Members discussed the plan at length." in text
    assert "Cabinet, 6 May 2014" in text  # where it went on to


def test_an_agenda_item_is_added_and_linked_to_the_board_before(world, login):
    first, _, _ = leicestershire_route(world)
    cabinet_meeting = f.MeetingFactory(board=world.records["board"], date=dt.date(2014, 6, 10))
    response = login(world.users["monitoring"]).post(
        f"/org/home/governance/meetings/{cabinet_meeting.pk}/items/add/",
        {"number": "5", "title": "Strategic Plan", "previous": first.pk,
         "decision": world.records["public_decision"].pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=cabinet_meeting)
    assert item.previous == first and item.decision == world.records["public_decision"]


def test_the_previous_item_must_be_of_an_earlier_meeting(world, login):
    first, second, third = leicestershire_route(world)
    response = login(world.users["programme"]).post(
        f"/org/home/governance/meetings/{first.meeting_id}/items/add/", {"title": "Backwards", "previous": third.pk}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert not AgendaItem.objects.filter(title="Backwards").exists()


def test_a_loop_in_the_route_is_refused_with_a_clear_message(world):
    first, second, third = leicestershire_route(world)
    # Move the first item's meeting after the last one so that only the loop rule can refuse it.
    first.meeting.date = dt.date(2014, 6, 1)
    first.meeting.save()
    problem = previous_problem(first, third)
    assert problem is not None and "loop" in problem and "already comes after this item" in problem
    assert previous_problem(first, first) == "An item cannot come before itself."
    assert previous_problem(third, second) is None


def test_the_loop_is_refused_by_the_edit_form_and_nothing_is_saved(world, login):
    first, second, third = leicestershire_route(world)
    first.meeting.date = dt.date(2014, 6, 1)
    first.meeting.save()
    response = login(world.users["programme"]).post(
        f"/org/home/governance/agenda-items/{first.pk}/edit/", {"title": first.title, "previous": third.pk}
    )
    assert response.status_code == 200 and "loop" in response.content.decode()
    first.refresh_from_db()
    assert first.previous is None


# The route ------------------------------------------------------------------------------------------------------


def test_the_route_runs_through_the_boards_in_date_order(world):
    first, second, third = leicestershire_route(world)
    route = route_items([second], world.users["viewer"])
    assert route == [first, second, third]
    assert route_words(route) == ("Scrutiny Commission 30 April 2014 → Cabinet 6 May 2014 → "
                                  "County Council 21 May 2014")


def test_the_route_page_shows_each_board_and_the_comments_passed_on(world, login):
    first, second, third = leicestershire_route(world)
    text = login(world.users["viewer"]).get(f"/org/home/governance/agenda-items/{third.pk}/").content.decode()
    assert "Scrutiny Commission 30 April 2014 → Cabinet 6 May 2014 → County Council 21 May 2014" in text
    assert "Subject to consideration of the issues highlighted above" in text


def test_a_confidential_step_of_a_route_is_hidden_from_the_viewer(world, login):
    first, second, third = leicestershire_route(world)
    second.confidential, second.title = True, "Secret cabinet item"
    second.save()
    viewer_route = route_items([third], world.users["viewer"])
    assert second not in viewer_route
    text = login(world.users["viewer"]).get(f"/org/home/governance/agenda-items/{third.pk}/").content.decode()
    assert "Secret cabinet item" not in text
    assert second in route_items([third], world.users["member"])


# Query counts ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["boards", "meetings"])
def test_list_pages_cost_the_same_queries_at_any_size(world, login, page):
    client = login(world.users["viewer"])

    def add(n: int) -> None:
        for _ in range(n):
            board = f.BoardFactory(organisation=world.home)
            f.MeetingFactory(board=board, date=dt.date.today() + dt.timedelta(days=3))
            f.MeetingFactory(board=board, date=dt.date(2020, 1, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/org/home/governance/{page}/").status_code == 200
        return len(queries)

    add(3)
    few = count()
    add(20)
    assert count() == few


def test_the_meeting_page_costs_the_same_queries_with_more_items(world, login):
    client = login(world.users["viewer"])
    meeting = world.records["meeting"]
    earlier = f.MeetingFactory(board=world.records["board"], date=dt.date(2024, 1, 1))

    def add(n: int) -> None:
        for i in range(n):
            before = AgendaItem.objects.create(organisation=world.home, meeting=earlier, title=f"Earlier {i}")
            AgendaItem.objects.create(organisation=world.home, meeting=meeting, title=f"Item {i}", previous=before,
                                      decision=world.records["public_decision"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/org/home/governance/meetings/{meeting.pk}/").status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(10)
    assert count() == few
