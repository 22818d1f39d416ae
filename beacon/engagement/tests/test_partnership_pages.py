"""Partnership pages: the list grouped by spatial level (widest first) with testbed localities, its filters and
download; a partnership's page (summary, members, localities, history, child partnerships); adding and changing a
partnership, its members (a register council or another body, not both), localities and history entries; removing
a member (kept in history); and that recording another Beacon council as a member gives its users nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.engagement.models import Locality, Partnership, PartnershipMember, PartnershipMilestone, SpatialLevel
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db
BASE = "/org/home/engagement/partnerships/"


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def partnership(world: Any, **extra: Any) -> Partnership:
    return cast(Partnership, f.PartnershipFactory(organisation=world.home, **extra))


def test_the_list_groups_partnerships_by_spatial_level_widest_first(world, login):
    home = partnership(world, title="Locality Alpha", spatial_level=SpatialLevel.LOCALITY, focus="Early help")
    Locality.objects.create(organisation=world.home, partnership=home, title="Chorley East", testbed=True)
    Locality.objects.create(organisation=world.home, partnership=home, title="Chorley West", testbed=False)
    f.PartnershipMemberFactory(partnership=home, body_name="Lancashire Police")
    f.PartnershipMemberFactory(partnership=home, body_name="NHS Trust")
    partnership(world, title="County Compact", spatial_level=SpatialLevel.PAN_COUNTY, status="proposed")
    partnership(world, title="Borough Board", spatial_level=SpatialLevel.BOROUGH)
    partnership(world, title="Central Lancashire", spatial_level=SpatialLevel.NETWORKED_BOROUGHS)
    f.PartnershipFactory(organisation=world.other, title="Other council's partnership")

    page = text(login(world.users["viewer"]).get(BASE))
    headings = re.findall(r'govuk-table__caption--m">([^<]+)<', page)
    assert headings == ["Pan-county", "Networked boroughs", "Borough", "Locality"]
    assert page.index("County Compact") < page.index("Central Lancashire") < page.index("Borough Board") \
        < page.index("Locality Alpha")
    row = page[page.index("Locality Alpha"):]
    row = row[:row.index("</tr>")]
    assert "Early help" in row and ">Active</strong>" in row and ">2</td>" in row
    assert 'Chorley East <strong class="govuk-tag govuk-tag--turquoise">Testbed</strong>' in row
    assert "Chorley West" not in row
    assert ">Proposed</strong>" in page
    assert "Other council&#x27;s partnership" not in page and "Other council's partnership" not in page
    assert "Add a partnership" not in page  # a viewer reads, does not write
    assert "Add a partnership" in text(login(world.users["programme"]).get(BASE))


def test_the_filters_by_level_and_testbed(world, login):
    with_testbed = partnership(world, title="Testbed place", spatial_level=SpatialLevel.LOCALITY)
    Locality.objects.create(organisation=world.home, partnership=with_testbed, title="Chorley East", testbed=True)
    partnership(world, title="Plain borough", spatial_level=SpatialLevel.BOROUGH)
    client = login(world.users["finance"])
    page = text(client.get(BASE + "?testbed=true"))
    assert "Testbed place" in page and "Plain borough" not in page
    page = text(client.get(BASE + "?spatial_level=borough"))
    assert "Plain borough" in page and "Testbed place" not in page


def test_the_list_downloads_as_a_spreadsheet(world, login):
    partnership(world, title="Downloaded partnership")
    response = login(world.users["viewer"]).get(BASE + "?download=csv")
    assert response.status_code == 200
    assert "home-partnerships-" in response["Content-Disposition"]
    assert "Downloaded partnership" in response.content.decode()


def test_a_partnerships_page_shows_its_summary_members_localities_history_and_children(world, login):
    council = f.CouncilFactory(name="Chorley")
    parent = partnership(world, title="Lancashire Compact", spatial_level=SpatialLevel.PAN_COUNTY)
    place = partnership(
        world, title="Chorley Public Service Reform Partnership", spatial_level=SpatialLevel.BOROUGH, parent=parent,
        focus="Early intervention", themes="Early intervention\nIntegrated working\n", chair_title="Leader",
        terms_of_reference="Agreed by the Executive", meeting_cadence="Every two months",
        start_date=dt.date(2016, 7, 1), funding="Transformation fund", source="Chorley PSR paper",
    )
    place.programmes.add(world.records["programme"])
    place.boards.add(world.records["board"])
    f.PartnershipMemberFactory(partnership=place, body_name="", council=council, sector="local_government",
                               role_title="Chair", order=1)
    f.PartnershipMemberFactory(partnership=place, body_name="Lancashire Constabulary", sector="police", order=2)
    Locality.objects.create(organisation=world.home, partnership=place, title="Chorley East", testbed=True,
                            wards="Chorley East\nChorley North East", population=12345)
    PartnershipMilestone.objects.create(organisation=world.home, partnership=place, date=dt.date(2017, 3, 21),
                                        title="Strategy approved")
    PartnershipMilestone.objects.create(organisation=world.home, partnership=place, date=dt.date(2016, 7, 1),
                                        title="Partnership formed")
    partnership(world, title="Chorley East Integrated Team", spatial_level=SpatialLevel.LOCALITY, parent=place)

    page = text(login(world.users["viewer"]).get(f"{BASE}{place.pk}/"))
    assert "<h1 class=\"govuk-heading-l\">Chorley Public Service Reform Partnership</h1>" in page
    assert "Borough partnership" in page
    assert f'href="/org/home/engagement/partnerships/{parent.pk}/">Lancashire Compact</a>' in page
    assert "<li>Early intervention</li><li>Integrated working</li>" in page
    for words in ("Agreed by the Executive", "Every two months", "Leader", "From 1 July 2016",
                  "Transformation fund", "Chorley PSR paper"):
        assert words in page, words
    assert f'href="/org/home/programmes/{world.records["programme"].pk}/">Home Transformation Programme' in page
    assert f'href="/org/home/governance/boards/{world.records["board"].pk}/">Home Cabinet' in page
    members = page[page.index("Members of the partnership"):page.index("Localities the partnership")]
    assert re.search(r"Chorley Council</td> <td[^>]*>Local government</td> <td[^>]*>Chair</td>", members)
    assert re.search(r"Lancashire Constabulary</td> <td[^>]*>Police</td>", members)
    assert 'Chorley East <strong class="govuk-tag govuk-tag--turquoise">Testbed</strong>' in page
    assert "<li>Chorley East</li><li>Chorley North East</li>" in page and "12,345" in page
    assert page.index("1 July 2016</strong>: Partnership formed") < page.index("21 March 2017</strong>: Strategy")
    assert "Chorley East Integrated Team</a> (locality)" in page
    assert "Add a member" not in page and "Remove<span" not in page  # a viewer reads only
    page = text(login(world.users["programme"]).get(f"{BASE}{place.pk}/"))
    assert "Add a member" in page and "Add a locality" in page and "Add to the history" in page
    assert "Remove<span class=\"govuk-visually-hidden\"> Lancashire Constabulary</span>" in page


def test_a_partnership_is_added_with_this_organisations_links_only(world, login):
    client = login(world.users["programme"])
    other_parent = f.PartnershipFactory(organisation=world.other, title="Other parent")
    data = {"title": "Place Board", "spatial_level": "borough", "status": "active",
            "parent": other_parent.pk, "programmes": [world.records["other_programme"].pk]}
    page = text(client.post(BASE + "add/", data))
    assert "There is a problem" in page and "Select a valid choice" in page
    assert not Partnership.objects.filter(title="Place Board").exists()
    page = text(client.get(BASE + "add/"))
    assert "Other parent" not in page and "Other Programme" not in page

    data.update(parent="", programmes=[world.records["programme"].pk], boards=[world.records["board"].pk],
                themes="Health\nHousing")
    response = client.post(BASE + "add/", data)
    created = Partnership.objects.get(title="Place Board")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{created.pk}/"
    assert created.organisation == world.home and created.created_by == world.users["programme"]
    assert list(created.programmes.all()) == [world.records["programme"]]
    assert list(created.boards.all()) == [world.records["board"]]


def test_a_partnership_is_changed_and_cannot_sit_within_itself(world, login):
    place = partnership(world, title="Place Board")
    client = login(world.users["admin"])
    page = text(client.get(f"{BASE}{place.pk}/edit/"))
    assert f'<option value="{place.pk}"' not in page  # not offered as its own parent
    data = {"title": "Place Board renamed", "spatial_level": "locality", "status": "ended",
            "start_date_0": "1", "start_date_1": "4", "start_date_2": "2024",
            "end_date_0": "1", "end_date_1": "3", "end_date_2": "2024"}
    page = text(client.post(f"{BASE}{place.pk}/edit/", data))
    assert "The end date must be on or after the start date." in page
    data.update(end_date_2="2025")
    assert client.post(f"{BASE}{place.pk}/edit/", data).status_code == 302
    place.refresh_from_db()
    assert place.title == "Place Board renamed" and place.end_date == dt.date(2025, 3, 1)
    assert login(world.users["monitoring"]).post(f"{BASE}{place.pk}/edit/", data).status_code == 403


def test_a_member_is_a_register_council_or_another_body_not_both(world, login):
    place = partnership(world)
    council = f.CouncilFactory(name="South Ribble")
    client = login(world.users["programme"])
    url = f"{BASE}{place.pk}/members/add/"
    page = text(client.get(url))
    assert f'<option value="{council.pk}">South Ribble</option>' in page
    both = {"council": council.pk, "body_name": "Lancashire Police", "sector": "police", "order": "0"}
    page = text(client.post(url, both))
    assert "Choose a council from the register or name another body (not both)." in page
    neither = {"council": "", "body_name": " ", "sector": "other", "order": "0"}
    assert "Choose a council from the register or name another body (not both)." in text(client.post(url, neither))
    assert not PartnershipMember.objects.filter(partnership=place).exists()

    assert client.post(url, {"council": council.pk, "body_name": "", "sector": "local_government",
                             "role_title": "Chair", "order": "1"}).status_code == 302
    assert client.post(url, {"council": "", "body_name": "Lancashire Police", "sector": "police",
                             "order": "2"}).status_code == 302
    page = text(client.get(f"{BASE}{place.pk}/"))
    assert "South Ribble Council</td>" in page and "Lancashire Police</td>" in page  # the register's official name
    member = PartnershipMember.objects.get(body_name="Lancashire Police")
    assert member.organisation == world.home and member.partnership == place

    response = client.post(f"{BASE}{place.pk}/members/{member.pk}/edit/",
                           {"council": "", "body_name": "Lancashire Constabulary", "sector": "police",
                            "role_title": "Member", "order": "2"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.body_name == "Lancashire Constabulary" and member.role_title == "Member"


def test_removing_a_member_asks_first_and_is_kept_in_history(world, login):
    place = partnership(world)
    member = f.PartnershipMemberFactory(partnership=place, body_name="Lancashire Police")
    url = f"{BASE}{place.pk}/members/{member.pk}/remove/"
    assert login(world.users["finance"]).post(url).status_code == 403
    assert PartnershipMember.objects.filter(pk=member.pk).exists()

    client = login(world.users["programme"])
    page = text(client.get(url))
    assert "Remove Lancashire Police from the partnership?" in page and "Remove member</button>" in page
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"{BASE}{place.pk}/"
    assert not PartnershipMember.objects.filter(pk=member.pk).exists()
    removal = PartnershipMember.history.get(id=member.pk, history_type="-")
    assert removal.body_name == "Lancashire Police" and removal.history_user == world.users["programme"]
    assert "Member removed: Lancashire Police" in text(client.get(f"{BASE}{place.pk}/"))


def test_localities_and_history_entries_are_added_and_shown(world, login):
    place = partnership(world)
    client = login(world.users["admin"])
    response = client.post(f"{BASE}{place.pk}/localities/add/", {
        "title": "Chorley East", "testbed": "on", "wards": "Chorley East\nChorley North East", "population": "9000",
    })
    assert response.status_code == 302
    locality = Locality.objects.get(partnership=place)
    assert locality.testbed and locality.organisation == world.home
    response = client.post(f"{BASE}{place.pk}/localities/{locality.pk}/edit/",
                           {"title": "Chorley East", "wards": "Chorley East", "population": "-4"})
    assert response.status_code == 200  # a negative population is refused
    response = client.post(f"{BASE}{place.pk}/localities/{locality.pk}/edit/",
                           {"title": "Chorley East", "wards": "Chorley East", "population": "9100"})
    assert response.status_code == 302
    locality.refresh_from_db()
    assert not locality.testbed and locality.population == 9100

    page = text(client.post(f"{BASE}{place.pk}/history/add/", {"title": "Formed"}))
    assert "Enter the date" in page
    response = client.post(f"{BASE}{place.pk}/history/add/", {
        "date_0": "21", "date_1": "3", "date_2": "2024", "title": "Evaluation published", "source": "Cabinet report",
    })
    assert response.status_code == 302
    page = text(client.get(f"{BASE}{place.pk}/"))
    assert "21 March 2024</strong>: Evaluation published" in page and "Source: Cabinet report" in page
    assert "9,100" in page


def test_recording_another_beacon_council_as_a_member_gives_its_users_nothing(world, login):
    """The other organisation's register council is a member body of this partnership; its users still get 404."""
    their_council = f.CouncilFactory(name="Other Borough")
    world.other.council = their_council
    world.other.save()
    place = partnership(world, title="Shared Place Partnership", public=False)
    f.PartnershipMemberFactory(partnership=place, body_name="", council=their_council, role_title="Member")
    outsider = login(world.users["outsider"])
    assert outsider.get(f"{BASE}{place.pk}/").status_code == 404
    assert outsider.get(BASE).status_code == 404
    assert outsider.get(f"/org/other/engagement/partnerships/{place.pk}/").status_code == 404
    assert outsider.get(f"/org/other/engagement/partnerships/{place.pk}/members/add/").status_code == 404
    page = text(outsider.get("/org/other/engagement/partnerships/"))
    assert "Shared Place Partnership" not in page
    # while this council's own viewer reads it, with the other council named as a member
    assert "Other Borough Council</td>" in text(login(world.users["viewer"]).get(f"{BASE}{place.pk}/"))


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_partnerships(world: Any, n: int, start: int) -> None:
    levels = list(SpatialLevel.values)
    for i in range(start, start + n):
        place = partnership(world, title=f"Partnership {i:03d}", spatial_level=levels[i % len(levels)])
        place.programmes.add(world.records["programme"])
        f.PartnershipMemberFactory(partnership=place)
        Locality.objects.create(organisation=world.home, partnership=place, title=f"Place {i}", testbed=True)


@pytest.mark.parametrize("url", [BASE, BASE + "?testbed=true&spatial_level=locality"])
def test_the_list_query_count_does_not_grow_with_the_partnerships(world, login, url):
    client = login(world.users["viewer"])
    add_partnerships(world, 4, 0)
    few = count_queries(client, url)
    add_partnerships(world, 40, 4)
    assert count_queries(client, url) == few
