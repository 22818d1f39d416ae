"""URL × role rows (beacon/core/tests/test_url_roles.py) for two-factor sign-in.

The table's users have no authenticator app and run with TWO_FACTOR_REQUIRED_FOR_ADMINS off (the suite's default,
see the root conftest.py), so: anyone signed in may open the set-up page; the pages for a user whose two-factor
sign-in is on (verify, new recovery codes, turn off) and the recovery codes page (nothing to show) send them on
(302); anonymous visitors are sent to sign in. Resetting a member's two-factor sign-in is the organisation
administrator's (another council's user 404, other roles 403), and refused (403) for a member who also works for
another council."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from beacon.core.models import Role
from beacon.testing import factories as f
from beacon.testing.url_table import Row, org_page, statuses, url
from beacon.testing.world import World

SIGNED_IN_ONLY = statuses(200, anonymous=302)
SENT_ON = statuses(302)


def extend_world(world: World) -> None:
    r = world.records
    r["two_factor_member"] = f.UserFactory(username="two-factor-member")
    f.MembershipFactory(user=r["two_factor_member"], organisation=world.home, role=Role.VIEWER)
    TOTPDevice.objects.create(user=r["two_factor_member"], name="Authenticator app", confirmed=True)
    r["two_factor_shared"] = f.UserFactory(username="two-factor-shared")
    f.MembershipFactory(user=r["two_factor_shared"], organisation=world.home, role=Role.VIEWER)
    f.MembershipFactory(user=r["two_factor_shared"], organisation=world.other, role=Role.VIEWER)
    TOTPDevice.objects.create(user=r["two_factor_shared"], name="Authenticator app", confirmed=True)


RESET = "/org/home/users/{pk}/two-factor/reset/"

ROWS = [
    Row("two-factor:setup", url("/accounts/two-factor/set-up/"), SIGNED_IN_ONLY),
    # An empty code is refused and the page shown again with its error (200); nothing is turned on.
    Row("two-factor:setup", url("/accounts/two-factor/set-up/"), SIGNED_IN_ONLY, method="post"),
    Row("two-factor:recovery-codes", url("/accounts/two-factor/recovery-codes/"), SENT_ON),
    Row("two-factor:recovery-codes-new", url("/accounts/two-factor/recovery-codes/new/"), SENT_ON),
    Row("two-factor:recovery-codes-new", url("/accounts/two-factor/recovery-codes/new/"), SENT_ON, method="post"),
    Row("two-factor:verify", url("/accounts/two-factor/verify/"), SENT_ON),
    Row("two-factor:verify", url("/accounts/two-factor/verify/"), SENT_ON, method="post"),
    Row("two-factor:disable", url("/accounts/two-factor/turn-off/"), SENT_ON),
    Row("two-factor:disable", url("/accounts/two-factor/turn-off/"), SENT_ON, method="post"),
    Row("users:two-factor-reset", url(RESET, pk="two_factor_member"), org_page(allowed={"admin"})),
    Row("users:two-factor-reset", url(RESET, pk="two_factor_member"), org_page(allowed={"admin"}, admin=302),
        method="post"),
    # Also a member of another council: not this administrator's to reset.
    Row("users:two-factor-reset", url(RESET, pk="two_factor_shared"), org_page(allowed=set())),
    Row("users:two-factor-reset", url(RESET, pk="two_factor_shared"), org_page(allowed=set()), method="post"),
]
