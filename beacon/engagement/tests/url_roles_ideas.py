"""URL × role rows (beacon/core/tests/test_url_roles.py) for the idea and event pages. Every role reads ideas and
events, submits an idea and votes; only the programme office (administrator, programme manager) edits, reviews
and moderates ideas and adds or changes events; another council's user gets 404, and so does a user of this
council asking for another council's idea through this council's URLs."""

from __future__ import annotations

from beacon.engagement.models import IdeaStatus, Moderation
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, WRITERS, Row, org_page, url
from beacon.testing.world import World

NOBODY = org_page(refused=404, allowed=set())
REDIRECTED = {**org_page(), **{role: 302 for role in ROLES}}
NOT_ALLOWED = {**org_page(), **{role: 405 for role in ROLES}}


def extend_world(world: World) -> None:
    r = world.records
    r["event"] = f.EventFactory(organisation=world.home, title="Staff hackathon", status="held", participants=40)
    r["other_event"] = f.EventFactory(organisation=world.other, title="Other council's consultation")
    r["idea"] = f.IdeaFactory(organisation=world.home, title="Shared front door", workstream=r["workstream"],
                              event=r["event"])
    r["secret_idea"] = f.IdeaFactory(organisation=world.home, title="Idea that became the depot closure",
                                     status=IdeaStatus.ACCEPTED, project=r["secret"],
                                     moderation=Moderation.PUBLISHED)
    r["other_idea"] = f.IdeaFactory(organisation=world.other, title="Other council's idea")


ROWS = [
    # Ideas
    Row("engagement:idea-list", url("/org/home/engagement/"), org_page()),
    Row("engagement:idea-list", url("/org/home/engagement/?status=new&submitter=staff&q=door"), org_page()),
    Row("engagement:idea-list", url("/org/home/engagement/?download=csv"), org_page()),
    Row("engagement:idea-create", url("/org/home/engagement/ideas/new/"), org_page()),
    Row("engagement:idea-create", url("/org/home/engagement/ideas/new/"), org_page(), method="post"),
    Row("engagement:idea-detail", url("/org/home/engagement/ideas/{pk}/", pk="idea"), org_page()),
    Row("engagement:idea-detail", url("/org/home/engagement/ideas/{pk}/", pk="secret_idea"), org_page()),
    Row("engagement:idea-detail", url("/org/home/engagement/ideas/{pk}/", pk="other_idea"), NOBODY),
    Row("engagement:idea-edit", url("/org/home/engagement/ideas/{pk}/edit/", pk="idea"), org_page(allowed=WRITERS)),
    Row("engagement:idea-edit", url("/org/home/engagement/ideas/{pk}/edit/", pk="idea"), org_page(allowed=WRITERS),
        method="post"),
    Row("engagement:idea-edit", url("/org/home/engagement/ideas/{pk}/edit/", pk="other_idea"), NOBODY),
    Row("engagement:idea-status", url("/org/home/engagement/ideas/{pk}/status/", pk="idea"),
        org_page(allowed=WRITERS)),
    Row("engagement:idea-status", url("/org/home/engagement/ideas/{pk}/status/", pk="idea"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:idea-status", url("/org/home/engagement/ideas/{pk}/status/", pk="other_idea"), NOBODY,
        method="post"),
    Row("engagement:idea-moderate", url("/org/home/engagement/ideas/{pk}/moderate/", pk="idea"),
        org_page(allowed=WRITERS)),
    Row("engagement:idea-moderate", url("/org/home/engagement/ideas/{pk}/moderate/", pk="idea"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:idea-moderate", url("/org/home/engagement/ideas/{pk}/moderate/", pk="other_idea"), NOBODY,
        method="post"),
    Row("engagement:idea-vote", url("/org/home/engagement/ideas/{pk}/vote/", pk="idea"), REDIRECTED, method="post"),
    Row("engagement:idea-vote", url("/org/home/engagement/ideas/{pk}/vote/", pk="idea"), NOT_ALLOWED),
    Row("engagement:idea-vote", url("/org/home/engagement/ideas/{pk}/vote/", pk="other_idea"), NOBODY,
        method="post"),
    # Events
    Row("engagement:event-list", url("/org/home/engagement/events/"), org_page()),
    Row("engagement:event-list", url("/org/home/engagement/events/?kind=hackathon&status=held"), org_page()),
    Row("engagement:event-list", url("/org/home/engagement/events/?download=xlsx"), org_page()),
    Row("engagement:event-create", url("/org/home/engagement/events/add/"), org_page(allowed=WRITERS)),
    Row("engagement:event-create", url("/org/home/engagement/events/add/"), org_page(allowed=WRITERS),
        method="post"),
    Row("engagement:event-detail", url("/org/home/engagement/events/{pk}/", pk="event"), org_page()),
    Row("engagement:event-detail", url("/org/home/engagement/events/{pk}/", pk="other_event"), NOBODY),
    Row("engagement:event-edit", url("/org/home/engagement/events/{pk}/edit/", pk="event"),
        org_page(allowed=WRITERS)),
    Row("engagement:event-edit", url("/org/home/engagement/events/{pk}/edit/", pk="event"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:event-edit", url("/org/home/engagement/events/{pk}/edit/", pk="other_event"), NOBODY),
]
