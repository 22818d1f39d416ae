"""URL × role rows (beacon/core/tests/test_url_roles.py) for single sign-on: signing in with a provider, and an
organisation's mapping from the provider's groups to roles.

No provider is configured in the World, so signing in with one is "not found" for everyone. The mapping pages
belong to the organisation's administrator (the other roles 403, another council's user 404); with no provider
they explain how to set one up, and adding a line does nothing (200, the same explanation). A mapping of
another council is not found through this council's pages, even by its administrator."""

from __future__ import annotations

from beacon.accounts.models import SsoRoleMapping
from beacon.core.models import Role
from beacon.testing.url_table import Row, org_page, statuses, url
from beacon.testing.world import World

ADMIN_ONLY = org_page(allowed={"admin"})
ADMIN_DONE = org_page(allowed={"admin"}, admin=302)
NOT_HERE = org_page(allowed=set(), admin=404)


def extend_world(world: World) -> None:
    r = world.records
    r["sso_mapping"] = SsoRoleMapping.objects.create(organisation=world.home, provider="entra",
                                                     group="beacon-viewers", role=Role.VIEWER)
    r["sso_other_mapping"] = SsoRoleMapping.objects.create(organisation=world.other, provider="entra",
                                                           group="beacon-viewers", role=Role.VIEWER)


ROWS = [
    # GET shows the provider's button on its own page; POST goes to the provider. Unknown here: 404.
    Row("sso:start", url("/accounts/sso/entra/"), statuses(404)),
    Row("sso:start", url("/accounts/sso/entra/"), statuses(404), method="post"),
    Row("sso:callback", url("/accounts/sso/entra/callback/?code=x&state=y"), statuses(404)),
    Row("sso-admin:list", url("/org/home/users/single-sign-on/"), ADMIN_ONLY),
    Row("sso-admin:add", url("/org/home/users/single-sign-on/add/"), ADMIN_ONLY),
    Row("sso-admin:add", url("/org/home/users/single-sign-on/add/"), ADMIN_ONLY, method="post",
        data={"provider": "entra", "group": "beacon-admins", "role": "admin"}),
    Row("sso-admin:remove", url("/org/home/users/single-sign-on/{pk}/remove/", pk="sso_mapping"), ADMIN_ONLY),
    Row("sso-admin:remove", url("/org/home/users/single-sign-on/{pk}/remove/", pk="sso_mapping"), ADMIN_DONE,
        method="post"),
    Row("sso-admin:remove", url("/org/home/users/single-sign-on/{pk}/remove/", pk="sso_other_mapping"), NOT_HERE),
    Row("sso-admin:remove", url("/org/home/users/single-sign-on/{pk}/remove/", pk="sso_other_mapping"), NOT_HERE,
        method="post"),
]
