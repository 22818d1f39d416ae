"""URL × role rows (beacon/core/tests/test_url_roles.py) for an organisation's Users pages and for accepting an
invitation. Only the organisation's administrator manages its users (the other roles 403, another council's user
404); a member of another council is not found through this council's pages, even by its administrator; an
account that also holds a role elsewhere cannot be disabled from here (403). Anyone may open an invitation link."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from beacon.accounts.models import Invitation
from beacon.accounts.services import hash_token
from beacon.core.models import Role
from beacon.testing import factories as f
from beacon.testing.url_table import Row, org_page, statuses, url
from beacon.testing.world import World

ADMIN_ONLY = org_page(allowed={"admin"})
ADMIN_DONE = org_page(allowed={"admin"}, admin=302)  # a POST that does what it says and goes back
NOT_HERE = org_page(allowed=set(), admin=404)  # not this organisation's: the administrator gets 404
NOT_YOURS = org_page(allowed=set())  # refused to every role, the administrator included
ACCEPT_TOKEN = "url-table-invitation-token"  # noqa: S105  (a test token: only its hash is stored)


def extend_world(world: World) -> None:
    r = world.records
    r["users_target"] = f.UserFactory(username="users-target", email="target@example.org")
    f.MembershipFactory(user=r["users_target"], organisation=world.home, role=Role.VIEWER)
    r["users_shared"] = f.UserFactory(username="users-shared")
    f.MembershipFactory(user=r["users_shared"], organisation=world.home, role=Role.VIEWER)
    f.MembershipFactory(user=r["users_shared"], organisation=world.other, role=Role.VIEWER)
    r["users_disabled"] = f.UserFactory(username="users-disabled", is_active=False)
    f.MembershipFactory(user=r["users_disabled"], organisation=world.home, role=Role.VIEWER)
    r["users_elsewhere"] = f.UserFactory(username="users-elsewhere")
    f.MembershipFactory(user=r["users_elsewhere"], organisation=world.other, role=Role.VIEWER)
    later = timezone.now() + dt.timedelta(days=7)
    r["users_invitation"] = Invitation.objects.create(
        organisation=world.home, email="invited@example.org", role=Role.VIEWER, token_hash=hash_token("a"),
        expires_at=later)
    r["users_other_invitation"] = Invitation.objects.create(
        organisation=world.other, email="elsewhere@example.org", role=Role.VIEWER, token_hash=hash_token("b"),
        expires_at=later)
    Invitation.objects.create(organisation=world.home, email="new.person@example.org", role=Role.VIEWER,
                              token_hash=hash_token(ACCEPT_TOKEN), expires_at=later)


ROWS = [
    Row("users:list", url("/org/home/users/"), ADMIN_ONLY),
    Row("users:list", url("/org/home/users/?page=1"), ADMIN_ONLY),
    Row("users:invite", url("/org/home/users/invite/"), ADMIN_ONLY),
    # An empty form is refused and shown again with its errors (200); nothing is sent.
    Row("users:invite", url("/org/home/users/invite/"), ADMIN_ONLY, method="post"),
    Row("users:audit", url("/org/home/users/audit/"), ADMIN_ONLY),
    Row("users:audit", url("/org/home/users/audit/?kind=nonsense&user=banana"), ADMIN_ONLY),
    Row("users:audit", url("/org/home/users/audit/?download=csv"), ADMIN_ONLY),
    Row("users:audit", url("/org/home/users/audit/?download=doc"), org_page(allowed={"admin"}, admin=400)),
    Row("users:invitation-withdraw", url("/org/home/users/invitations/{pk}/withdraw/", pk="users_invitation"),
        ADMIN_ONLY),
    Row("users:invitation-withdraw", url("/org/home/users/invitations/{pk}/withdraw/", pk="users_invitation"),
        ADMIN_DONE, method="post"),
    Row("users:invitation-withdraw",
        url("/org/home/users/invitations/{pk}/withdraw/", pk="users_other_invitation"), NOT_HERE, method="post"),
    Row("users:detail", url("/org/home/users/{pk}/", pk="users_target"), ADMIN_ONLY),
    Row("users:detail", url("/org/home/users/{pk}/", pk="users_elsewhere"), NOT_HERE),
    Row("users:role", url("/org/home/users/{pk}/role/", pk="users_target"), ADMIN_ONLY),
    Row("users:role", url("/org/home/users/{pk}/role/", pk="users_target"), ADMIN_ONLY, method="post"),
    Row("users:role", url("/org/home/users/{pk}/role/", pk="users_elsewhere"), NOT_HERE, method="post"),
    Row("users:remove", url("/org/home/users/{pk}/remove/", pk="users_target"), ADMIN_ONLY),
    Row("users:remove", url("/org/home/users/{pk}/remove/", pk="users_target"), ADMIN_DONE, method="post"),
    Row("users:remove", url("/org/home/users/{pk}/remove/", pk="users_elsewhere"), NOT_HERE, method="post"),
    Row("users:disable", url("/org/home/users/{pk}/disable/", pk="users_target"), ADMIN_ONLY),
    Row("users:disable", url("/org/home/users/{pk}/disable/", pk="users_target"), ADMIN_DONE, method="post"),
    Row("users:disable", url("/org/home/users/{pk}/disable/", pk="users_shared"), NOT_YOURS),
    Row("users:disable", url("/org/home/users/{pk}/disable/", pk="users_shared"), NOT_YOURS, method="post"),
    Row("users:disable", url("/org/home/users/{pk}/disable/", pk="users_elsewhere"), NOT_HERE, method="post"),
    Row("users:enable", url("/org/home/users/{pk}/enable/", pk="users_disabled"), ADMIN_ONLY),
    Row("users:enable", url("/org/home/users/{pk}/enable/", pk="users_disabled"), ADMIN_DONE, method="post"),
    # The invitation link: a newcomer gets the form (an empty one is shown again with its errors); a signed-in
    # user with another e-mail address is told to sign out first, and refused if they post.
    Row("invitations:accept", url(f"/accounts/invitations/{ACCEPT_TOKEN}/"), statuses(200)),
    Row("invitations:accept", url(f"/accounts/invitations/{ACCEPT_TOKEN}/"), statuses(403, anonymous=200),
        method="post"),
    Row("invitations:accept", url("/accounts/invitations/no-such-token/"), statuses(404)),
    Row("invitations:accept", url("/accounts/invitations/no-such-token/"), statuses(404), method="post"),
]
