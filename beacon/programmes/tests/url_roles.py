"""URL x role rows for the programme pages added with "Strategy and programmes in depth" (components), read
by beacon/core/tests/test_url_roles.py. The older programme rows are in that file's core table."""

from __future__ import annotations

from beacon.testing import factories as f
from beacon.testing.url_table import WRITERS, Row, org_page, url
from beacon.testing.world import World


def extend_world(world: World) -> None:
    """A component of the home programme, and one of the other council's."""
    world.records["component"] = f.ComponentFactory(
        programme=world.records["programme"], title="Service Transformation", savings_target_pence=4_000_000_000
    )
    world.records["other_component"] = f.ComponentFactory(programme=world.records["other_programme"])


ROWS = [
    Row("programmes:component-create", url("/org/home/components/add/"), org_page(allowed=WRITERS)),
    # An empty post: writers get the form back with its errors (200), others are refused.
    Row("programmes:component-create", url("/org/home/components/add/"), org_page(allowed=WRITERS),
        method="post"),
    Row("programmes:component-edit", url("/org/home/components/{pk}/edit/", pk="component"),
        org_page(allowed=WRITERS)),
    Row("programmes:component-edit", url("/org/home/components/{pk}/edit/", pk="component"),
        org_page(allowed=WRITERS), method="post"),
    # Another council's component is not found through this council's URLs, not even by its writers.
    Row("programmes:component-edit", url("/org/home/components/{pk}/edit/", pk="other_component"),
        org_page(refused=404, allowed=set())),
    # The stale filter on the project list and the roll-up on programme and workstream pages: every role reads.
    Row("programmes:project-list", url("/org/home/projects/?stale=true"), org_page()),
]
