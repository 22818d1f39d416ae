"""URL × role rows (beacon/core/tests/test_url_roles.py) for "Your account": every signed-in user reaches their
own account pages, whatever their role or organisation; anonymous visitors are sent to sign in."""

from __future__ import annotations

from beacon.testing.url_table import Row, statuses, url

SIGNED_IN_ONLY = statuses(200, anonymous=302)

ROWS = [
    Row("account:index", url("/accounts/"), SIGNED_IN_ONLY),
    Row("account:password", url("/accounts/password/"), SIGNED_IN_ONLY),
    # An empty form is refused and shown again with its errors (200); nothing changes.
    Row("account:password", url("/accounts/password/"), SIGNED_IN_ONLY, method="post"),
    Row("account:sign-out-everywhere", url("/accounts/sign-out-everywhere/"), SIGNED_IN_ONLY),
    # Signs the user out everywhere and sends them to the sign-in page.
    Row("account:sign-out-everywhere", url("/accounts/sign-out-everywhere/"), statuses(302), method="post"),
]
