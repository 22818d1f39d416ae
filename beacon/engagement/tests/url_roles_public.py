"""URL × role rows (beacon/core/tests/test_url_roles.py) for the engagement collections of the API (``ideas``,
``events``, ``partnerships``, ``operating-models``), their public API collections and the public engagement
pages. Anyone with a role posts an idea; only the programme office changes one; another council's user gets 404.
The public pages and the public API answer everyone alike; a record that is not public is not found."""

from __future__ import annotations

from beacon.engagement import services
from beacon.engagement.models import Moderation
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, WRITERS, Row, api_detail, api_list, statuses, url
from beacon.testing.world import World

NOT_WRITERS = {role: 403 for role in ROLES if role not in WRITERS}
NOBODY = {role: 404 for role in ROLES}
OTHERS_OWN = {**NOBODY, "outsider": 200}
EVERYONE_404 = statuses(404)


def extend_world(world: World) -> None:
    r = world.records
    r["pub_idea"] = f.IdeaFactory(organisation=world.home, code="PUB-IDEA-1", title="Published library idea",
                                  moderation=Moderation.PUBLISHED, public=True)
    r["pub_pending_idea"] = f.IdeaFactory(organisation=world.home, code="PUB-IDEA-2", title="Waiting idea")
    r["pub_other_idea"] = f.IdeaFactory(organisation=world.other, code="PUB-IDEA-3", title="Other idea")
    r["pub_event"] = f.EventFactory(organisation=world.home, title="Public consultation", public=True)
    r["pub_plain_event"] = f.EventFactory(organisation=world.home, title="Internal staff session")
    r["pub_other_event"] = f.EventFactory(organisation=world.other, title="Other event", public=True)
    r["pub_partnership"] = f.PartnershipFactory(organisation=world.home, title="Published place partnership")
    r["pub_hidden_partnership"] = f.PartnershipFactory(organisation=world.home, title="Unpublished partnership",
                                                       public=False)
    r["pub_other_partnership"] = f.PartnershipFactory(organisation=world.other, title="Other place partnership")
    r["pub_model"] = services.create_operating_model(organisation=world.home, actor=None, public=True,
                                                     title="Published library model", service="Libraries")
    r["pub_plain_model"] = services.create_operating_model(organisation=world.home, actor=None,
                                                           title="Internal HR model", service="HR")
    r["pub_other_model"] = services.create_operating_model(organisation=world.other, actor=None, public=True,
                                                           title="Other model", service="Waste")


def collection_rows(name: str, basename: str, own: str, other: str) -> list[Row]:
    return [
        Row(f"{basename}-list", url(f"/api/v1/{name}/"), api_list()),
        Row(f"{basename}-list", url(f"/api/v1/{name}/?organisation=home"), api_list()),
        Row(f"{basename}-detail", url(f"/api/v1/{name}/{{pk}}/", pk=own), api_detail()),
        Row(f"{basename}-detail", url(f"/api/v1/{name}/{{pk}}/", pk=other), api_detail(**OTHERS_OWN)),
        Row(f"{basename}-detail", url(f"/api/v1/{name}/{{pk}}/", pk=own), api_detail(**NOT_WRITERS),
            method="patch"),
        Row(f"{basename}-detail", url(f"/api/v1/{name}/{{pk}}/", pk=other), api_detail(**OTHERS_OWN),
            method="patch"),
    ]


ROWS = [
    # Authenticated API: anyone with a role posts an idea (an empty one is refused with 400); writers post the rest
    *collection_rows("ideas", "idea", "pub_idea", "pub_other_idea"),
    Row("idea-list", url("/api/v1/ideas/"), statuses(400, anonymous=403), method="post"),
    *collection_rows("events", "event", "pub_event", "pub_other_event"),
    Row("event-list", url("/api/v1/events/"), statuses(400, anonymous=403), method="post"),
    *collection_rows("partnerships", "partnership", "pub_partnership", "pub_other_partnership"),
    Row("partnership-list", url("/api/v1/partnerships/"), statuses(400, anonymous=403), method="post"),
    *collection_rows("operating-models", "operating-model", "pub_model", "pub_other_model"),
    Row("operating-model-list", url("/api/v1/operating-models/"), statuses(400, anonymous=403), method="post"),
    # Public API: everyone alike; an unknown organisation is not found; read-only
    Row("public-api-ideas", url("/api/v1/public/home/ideas/"), statuses(200)),
    Row("public-api-ideas", url("/api/v1/public/home/ideas/"), statuses(405), method="post"),
    Row("public-api-ideas", url("/api/v1/public/nowhere/ideas/"), EVERYONE_404),
    Row("public-api-events", url("/api/v1/public/home/events/"), statuses(200)),
    Row("public-api-partnerships", url("/api/v1/public/home/partnerships/"), statuses(200)),
    Row("public-api-operating-models", url("/api/v1/public/home/operating-models/"), statuses(200)),
    Row("public-api-operating-models", url("/api/v1/public/nowhere/operating-models/"), EVERYONE_404),
    # Public pages
    Row("public:ideas", url("/public/home/ideas/"), statuses(200)),
    Row("public:ideas", url("/public/nowhere/ideas/"), EVERYONE_404),
    Row("public:idea-new", url("/public/home/ideas/new/"), statuses(200)),
    # An empty post is shown again with its errors (nothing stored)
    Row("public:idea-new", url("/public/home/ideas/new/"), statuses(200), method="post"),
    Row("public:idea-new", url("/public/nowhere/ideas/new/"), EVERYONE_404, method="post"),
    Row("public:events", url("/public/home/events/"), statuses(200)),
    Row("public:partnerships", url("/public/home/partnerships/"), statuses(200)),
    Row("public:partnership", url("/public/home/partnerships/{pk}/", pk="pub_partnership"), statuses(200)),
    Row("public:partnership", url("/public/home/partnerships/{pk}/", pk="pub_hidden_partnership"), EVERYONE_404),
    Row("public:partnership", url("/public/home/partnerships/{pk}/", pk="pub_other_partnership"), EVERYONE_404),
    Row("public:partnership", url("/public/home/partnerships/{pk}/", pk="pub_partnership"), statuses(405),
        method="post"),
    Row("public:operating-models", url("/public/home/operating-models/"), statuses(200)),
    Row("public:operating-model", url("/public/home/operating-models/{pk}/", pk="pub_model"), statuses(200)),
    Row("public:operating-model", url("/public/home/operating-models/{pk}/", pk="pub_plain_model"), EVERYONE_404),
    Row("public:operating-model", url("/public/home/operating-models/{pk}/", pk="pub_other_model"), EVERYONE_404),
]
