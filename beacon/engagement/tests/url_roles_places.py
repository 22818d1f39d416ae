"""URL × role rows (beacon/core/tests/test_url_roles.py) for partnerships (with their members, localities and
history) and target operating models. Every role of the organisation reads them; the administrator and programme
manager write them; another council's user gets 404, even when their council is recorded as a member body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from beacon.core.models import Council
from beacon.engagement import services
from beacon.engagement.models import Locality, PartnershipMilestone, SpatialLevel
from beacon.testing import factories as f
from beacon.testing.url_table import WRITERS, Row, org_page, url
from beacon.testing.world import World

NOBODY = org_page(refused=404, allowed=set())
BASE = "/org/home/engagement"


def extend_world(world: World) -> None:
    r = world.records
    other_council = cast(Council, f.CouncilFactory(name="Other Borough"))
    world.other.council = other_council
    world.other.save()
    r["partnership"] = f.PartnershipFactory(organisation=world.home, title="Home Place Partnership",
                                            spatial_level=SpatialLevel.BOROUGH)
    r["partnership_member"] = f.PartnershipMemberFactory(partnership=r["partnership"], body_name="",
                                                         council=other_council)
    r["locality"] = Locality.objects.create(organisation=world.home, partnership=r["partnership"],
                                            title="Home East", testbed=True)
    PartnershipMilestone.objects.create(organisation=world.home, partnership=r["partnership"],
                                        date=dt.date(2023, 4, 1), title="Partnership formed")
    r["other_partnership"] = f.PartnershipFactory(organisation=world.other, title="Other Partnership")
    r["other_member"] = f.PartnershipMemberFactory(partnership=r["other_partnership"])
    r["other_locality"] = Locality.objects.create(organisation=world.other, partnership=r["other_partnership"],
                                                  title="Other West")
    r["operating_model"] = services.create_operating_model(organisation=world.home, actor=None,
                                                           title="Adults TOM", service="Adult social care")
    r["other_operating_model"] = services.create_operating_model(organisation=world.other, actor=None,
                                                                 title="Other TOM", service="Highways")


def member_url(template: str, partnership: str, member: str) -> Callable[[World], str]:
    return lambda w: template.format(pk=w.records[partnership].pk, member_pk=w.records[member].pk)


def locality_url(template: str, partnership: str, locality: str) -> Callable[[World], str]:
    return lambda w: template.format(pk=w.records[partnership].pk, locality_pk=w.records[locality].pk)


# A POST by the administrator removes the member, so the programme manager after them finds it gone (404); the
# other roles may not change the partnership at all (403, asked before the member is looked up).
REMOVED_BY_ADMIN = org_page(allowed=set(), admin=302, programme=404)
# A member of another partnership through this partnership's URL: not found by those who may change it.
NOT_THIS_PARTNERS = org_page(allowed=set(), admin=404, programme=404)
# An empty parameters form is valid (every box may stay empty until known): a writer is sent back to the page.
SAVED_BY_WRITERS = org_page(allowed=WRITERS, **{role: 302 for role in WRITERS})

ROWS = [
    # Partnerships
    Row("engagement:partnership-list", url(f"{BASE}/partnerships/"), org_page()),
    Row("engagement:partnership-list", url(f"{BASE}/partnerships/?spatial_level=borough&testbed=true"), org_page()),
    Row("engagement:partnership-list", url(f"{BASE}/partnerships/?download=csv"), org_page()),
    Row("engagement:partnership-create", url(f"{BASE}/partnerships/add/"), org_page(allowed=WRITERS)),
    Row("engagement:partnership-create", url(f"{BASE}/partnerships/add/"), org_page(allowed=WRITERS),
        method="post"),
    Row("engagement:partnership-detail", url(f"{BASE}/partnerships/{{pk}}/", pk="partnership"), org_page()),
    Row("engagement:partnership-detail", url(f"{BASE}/partnerships/{{pk}}/", pk="other_partnership"), NOBODY),
    Row("engagement:partnership-edit", url(f"{BASE}/partnerships/{{pk}}/edit/", pk="partnership"),
        org_page(allowed=WRITERS)),
    Row("engagement:partnership-edit", url(f"{BASE}/partnerships/{{pk}}/edit/", pk="partnership"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:partnership-edit", url(f"{BASE}/partnerships/{{pk}}/edit/", pk="other_partnership"), NOBODY,
        method="post"),
    # Members, localities and history entries
    Row("engagement:partnership-member-create", url(f"{BASE}/partnerships/{{pk}}/members/add/", pk="partnership"),
        org_page(allowed=WRITERS)),
    Row("engagement:partnership-member-create", url(f"{BASE}/partnerships/{{pk}}/members/add/", pk="partnership"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:partnership-member-create",
        url(f"{BASE}/partnerships/{{pk}}/members/add/", pk="other_partnership"), NOBODY, method="post"),
    Row("engagement:partnership-member-edit",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/edit/", "partnership", "partnership_member"),
        org_page(allowed=WRITERS)),
    Row("engagement:partnership-member-edit",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/edit/", "partnership", "partnership_member"),
        org_page(allowed=WRITERS), method="post"),
        Row("engagement:partnership-member-edit",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/edit/", "partnership", "other_member"),
        NOT_THIS_PARTNERS),
    Row("engagement:partnership-member-remove",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/remove/", "partnership",
                   "partnership_member"),
        org_page(allowed=WRITERS)),
    Row("engagement:partnership-member-remove",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/remove/", "partnership",
                   "partnership_member"),
        REMOVED_BY_ADMIN, method="post"),
    Row("engagement:partnership-member-remove",
        member_url(f"{BASE}/partnerships/{{pk}}/members/{{member_pk}}/remove/", "other_partnership",
                   "other_member"),
        NOBODY, method="post"),
    Row("engagement:locality-create", url(f"{BASE}/partnerships/{{pk}}/localities/add/", pk="partnership"),
        org_page(allowed=WRITERS)),
    Row("engagement:locality-create", url(f"{BASE}/partnerships/{{pk}}/localities/add/", pk="partnership"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:locality-edit",
        locality_url(f"{BASE}/partnerships/{{pk}}/localities/{{locality_pk}}/edit/", "partnership", "locality"),
        org_page(allowed=WRITERS)),
    Row("engagement:locality-edit",
        locality_url(f"{BASE}/partnerships/{{pk}}/localities/{{locality_pk}}/edit/", "partnership", "locality"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:locality-edit",
        locality_url(f"{BASE}/partnerships/{{pk}}/localities/{{locality_pk}}/edit/", "other_partnership",
                     "other_locality"),
        NOBODY),
    Row("engagement:partnership-milestone-create",
        url(f"{BASE}/partnerships/{{pk}}/history/add/", pk="partnership"), org_page(allowed=WRITERS)),
    Row("engagement:partnership-milestone-create",
        url(f"{BASE}/partnerships/{{pk}}/history/add/", pk="partnership"), org_page(allowed=WRITERS),
        method="post"),
    Row("engagement:partnership-milestone-create",
        url(f"{BASE}/partnerships/{{pk}}/history/add/", pk="other_partnership"), NOBODY),
    # Target operating models
    Row("engagement:operating-model-list", url(f"{BASE}/operating-models/"), org_page()),
    Row("engagement:operating-model-list", url(f"{BASE}/operating-models/?status=draft&q=adult"), org_page()),
    Row("engagement:operating-model-list", url(f"{BASE}/operating-models/?download=xlsx"), org_page()),
    Row("engagement:operating-model-create", url(f"{BASE}/operating-models/add/"), org_page(allowed=WRITERS)),
    Row("engagement:operating-model-create", url(f"{BASE}/operating-models/add/"), org_page(allowed=WRITERS),
        method="post"),
    Row("engagement:operating-model-detail", url(f"{BASE}/operating-models/{{pk}}/", pk="operating_model"),
        org_page()),
    Row("engagement:operating-model-detail", url(f"{BASE}/operating-models/{{pk}}/", pk="other_operating_model"),
        NOBODY),
    Row("engagement:operating-model-edit", url(f"{BASE}/operating-models/{{pk}}/edit/", pk="operating_model"),
        org_page(allowed=WRITERS)),
    Row("engagement:operating-model-edit", url(f"{BASE}/operating-models/{{pk}}/edit/", pk="operating_model"),
        org_page(allowed=WRITERS), method="post"),
    Row("engagement:operating-model-edit",
        url(f"{BASE}/operating-models/{{pk}}/edit/", pk="other_operating_model"), NOBODY),
    Row("engagement:operating-model-parameters",
        url(f"{BASE}/operating-models/{{pk}}/parameters/", pk="operating_model"), org_page(allowed=WRITERS)),
    Row("engagement:operating-model-parameters",
        url(f"{BASE}/operating-models/{{pk}}/parameters/", pk="operating_model"), SAVED_BY_WRITERS,
        method="post"),
    Row("engagement:operating-model-parameters",
        url(f"{BASE}/operating-models/{{pk}}/parameters/", pk="other_operating_model"), NOBODY, method="post"),
    Row("engagement:operating-model-compare", url(f"{BASE}/operating-models/compare/"), org_page()),
    Row("engagement:operating-model-compare",
        url(f"{BASE}/operating-models/compare/?parameter=cost_structure"), org_page()),
    # An unknown parameter is an error on the form, not a failure
    Row("engagement:operating-model-compare", url(f"{BASE}/operating-models/compare/?parameter=nonsense"),
        org_page()),
]
