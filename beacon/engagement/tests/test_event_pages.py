"""Event pages: the list (date or "Not yet set", status in words, participants, ideas produced, illustrative
records marked), its filters and download, adding and changing an event (the model's rules refuse bad input with
a reason and save nothing), an event's page with its outcomes, source and the ideas it produced, and a query count
that does not grow with the list."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement.models import Event, EventStatus
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db
LIST = "/org/home/engagement/events/"


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def valid_event(**extra: Any) -> dict[str, Any]:
    return {"title": "Digital hackathon", "kind": "hackathon", "status": "held", "date_0": "21", "date_1": "3",
            "date_2": "2024", "participants": "45", "outcomes": "Twelve ideas, three taken forward.", **extra}


def test_the_list_shows_dates_statuses_participants_and_ideas(world, login):
    held = f.EventFactory(organisation=world.home, title="Staff hackathon", status=EventStatus.HELD,
                          date=dt.date(2024, 3, 21), participants=45, illustrative=True)
    f.EventFactory(organisation=world.home, title="Budget consultation", kind="consultation", date=None)
    f.EventFactory(organisation=world.other, title="Other council's workshop")
    for _ in range(3):
        f.IdeaFactory(organisation=world.home, event=held)
    page = text(login(world.users["viewer"]).get(LIST))
    assert "Staff hackathon" in page and "21 March 2024" in page and "Hackathon" in page
    assert '<strong class="govuk-tag govuk-tag--green">Held</strong>' in page
    assert 'numeric">45</td>' in page and 'numeric">3</td>' in page
    assert "Budget consultation" in page and "Not yet set" in page
    assert page.index("Budget consultation") < page.index("Staff hackathon")  # undated (still to come) first
    assert "Illustrative</strong>" in page
    assert "Other council" not in page
    assert "Add an event" not in page
    assert "Add an event</a>" in text(login(world.users["programme"]).get(LIST))


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("kind=consultation", {"Budget consultation"}, {"Staff hackathon"}),
    ("status=held", {"Staff hackathon"}, {"Budget consultation"}),
    ("date_from=2024-01-01", {"Staff hackathon"}, {"Old workshop"}),
])
def test_filters(world, login, query, shown, hidden):
    f.EventFactory(organisation=world.home, title="Staff hackathon", status=EventStatus.HELD, date=dt.date(2024, 3, 1))
    f.EventFactory(organisation=world.home, title="Budget consultation", kind="consultation", date=None)
    f.EventFactory(organisation=world.home, title="Old workshop", kind="workshop", date=dt.date(2019, 5, 1))
    page = text(login(world.users["member"]).get(f"{LIST}?{query}"))
    for title in shown:
        assert f">{title}<" in page, title
    for title in hidden:
        assert f">{title}<" not in page, title


def test_the_download(world, login):
    event = f.EventFactory(organisation=world.home, title="Staff hackathon", status=EventStatus.HELD, participants=9)
    f.IdeaFactory(organisation=world.home, event=event)
    response = login(world.users["viewer"]).get(f"{LIST}?download=csv")
    assert response.status_code == 200 and "events" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Title"], row["Kind"], row["Status"], row["Participants"], row["Ideas produced"]) for row in rows] \
        == [("Staff hackathon", "Hackathon", "Held", "9", "1")]


def test_adding_an_event(world, login):
    client = login(world.users["programme"])
    response = client.post(f"{LIST}add/", valid_event(programme=world.records["programme"].pk,
                                                      source="Council report, para 12", illustrative="on"))
    event = Event.objects.get(title="Digital hackathon")
    assert response.status_code == 302 and response["Location"] == f"{LIST}{event.pk}/"
    assert event.date == dt.date(2024, 3, 21) and event.participants == 45 and event.organisation == world.home
    assert event.created_by == world.users["programme"]
    page = text(client.get(response["Location"]))
    assert "Event added: Digital hackathon" in page
    assert "Twelve ideas, three taken forward." in page and "Council report, para 12" in page
    assert "Home Transformation Programme" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", "Enter the title"),
    ({"date_0": "", "date_1": "", "date_2": ""}, "date", "An event that was held has a date."),
    ({"status": "proposed"}, "participants", "Count participants once the event has been held."),
    ({"end_date_0": "1", "end_date_1": "3", "end_date_2": "2024"}, "end_date", "The end date must be on or after"),
    ({"date_1": "13"}, "date", "Enter a real date"),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_saved(world, login, change, field, message):
    response = login(world.users["admin"]).post(f"{LIST}add/", valid_event(**change))
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert "There is a problem" in text(response)
    assert not Event.objects.exists()


def test_a_viewer_may_not_add_or_change_an_event(world, login):
    event = f.EventFactory(organisation=world.home, title="Staff hackathon")
    client = login(world.users["viewer"])
    assert client.post(f"{LIST}add/", valid_event()).status_code == 403
    assert client.post(f"{LIST}{event.pk}/edit/", valid_event(title="Renamed")).status_code == 403
    assert not Event.objects.filter(title__in=["Digital hackathon", "Renamed"]).exists()


def test_changing_an_event(world, login):
    event = f.EventFactory(organisation=world.home, title="Staff hackathon", status=EventStatus.PLANNED)
    client = login(world.users["programme"])
    response = client.post(f"{LIST}{event.pk}/edit/", valid_event(title="Staff hackathon 2024"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Staff hackathon 2024" and event.status == EventStatus.HELD


def test_the_event_page_lists_the_ideas_it_produced(world, login):
    event = f.EventFactory(organisation=world.home, title="Staff hackathon", outcomes="Three ideas taken forward",
                           source="Illustrative record", illustrative=True)
    idea = f.IdeaFactory(organisation=world.home, event=event, code="IDEA-0009", title="Pool the vans")
    f.IdeaFactory(organisation=world.home, title="Unrelated idea")
    page = text(login(world.users["viewer"]).get(f"{LIST}{event.pk}/"))
    assert "Three ideas taken forward" in page
    assert f'href="/org/home/engagement/ideas/{idea.pk}/">IDEA-0009 Pool the vans</a>' in page
    assert "Unrelated idea" not in page
    assert "Illustrative record" in page and "Illustrative</strong>" in page
    assert f"/org/home/engagement/ideas/new/?event={event.pk}" in page
    assert "Change<span" not in page  # a viewer may not change it


def test_another_councils_event_is_not_found(world, login):
    event = f.EventFactory(organisation=world.other)
    assert login(world.users["admin"]).get(f"{LIST}{event.pk}/").status_code == 404


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LIST, f"{LIST}?download=csv"])
def test_query_counts_do_not_grow_with_the_list(world, login, url):
    client = login(world.users["viewer"])

    def add(n: int) -> None:
        for _ in range(n):
            event = f.EventFactory(organisation=world.home, programme=world.records["programme"],
                                   workstream=world.records["workstream"])
            f.IdeaFactory(organisation=world.home, event=event)

    add(2)
    small = count_queries(client, url)
    add(20)
    assert count_queries(client, url) == small
