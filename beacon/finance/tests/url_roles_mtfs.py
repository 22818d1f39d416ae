"""URL × role rows (beacon/core/tests/test_url_roles.py) for the MTFS pages and the ``mtfs`` API collection.
Money records are written by the programme office and the finance officer (MONEY_WRITERS); everyone else of
the organisation reads them; another council's user gets 404."""

from __future__ import annotations

from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

MONEY = {"admin", "programme", "finance"}
NOT_MONEY = {role: 403 for role in ROLES if role not in MONEY}


def extend_world(world: World) -> None:
    """A four-year MTFS of the home council with its years, and one of the other council. The home MTFS names
    no programme, so that it leaves the savings ledger's year rule (a programme's MTFS bounds its years) alone."""
    mtfs = f.MtfsFactory(organisation=world.home, programme=None, title="Home MTFS 2024/25 to 2027/28")
    for start in range(2024, 2028):
        f.MtfsYearFactory(mtfs=mtfs, financial_year=f.financial_year(start))
    world.records["mtfs_home"] = mtfs
    world.records["mtfs_other"] = f.MtfsFactory(programme=world.records["other_programme"])


ROWS = [
    Row("finance:mtfs-list", url("/org/home/money/mtfs/"), org_page()),
    Row("finance:mtfs-create", url("/org/home/money/mtfs/add/"), org_page(allowed=MONEY)),
    # An empty post: writers get the form back with its errors (200), others are refused.
    Row("finance:mtfs-create", url("/org/home/money/mtfs/add/"), org_page(allowed=MONEY), method="post"),
    Row("finance:mtfs-detail", url("/org/home/money/mtfs/{pk}/", pk="mtfs_home"), org_page()),
    Row("finance:mtfs-detail", url("/org/home/money/mtfs/{pk}/", pk="mtfs_other"),
        org_page(refused=404, allowed=set())),
    Row("finance:mtfs-edit", url("/org/home/money/mtfs/{pk}/edit/", pk="mtfs_home"), org_page(allowed=MONEY)),
    Row("finance:mtfs-edit", url("/org/home/money/mtfs/{pk}/edit/", pk="mtfs_home"), org_page(allowed=MONEY),
        method="post"),
    Row("finance:mtfs-edit", url("/org/home/money/mtfs/{pk}/edit/", pk="mtfs_other"),
        org_page(refused=404, allowed=set()), method="post"),
    # The API: every member reads (the outsider only their own council's); an empty body is refused (400) before
    # the role is asked on create.
    Row("mtfs-list", url("/api/v1/mtfs/"), api_list()),
    Row("mtfs-list", url("/api/v1/mtfs/"), statuses(400, anonymous=403), method="post"),
    Row("mtfs-detail", url("/api/v1/mtfs/{pk}/", pk="mtfs_home"), api_detail()),
    Row("mtfs-detail", url("/api/v1/mtfs/{pk}/", pk="mtfs_other"),
        api_detail(outsider=200, **{role: 404 for role in ROLES})),
    Row("mtfs-detail", url("/api/v1/mtfs/{pk}/", pk="mtfs_home"), api_detail(**NOT_MONEY), method="patch"),
]
