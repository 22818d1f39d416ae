"""URL × role rows (beacon/core/tests/test_url_roles.py) for "Your API tokens": every signed-in user reaches
their own tokens, whatever their role or organisation; a token is found only by its owner (here the programme
manager): anyone else gets 404; anonymous visitors are sent to sign in."""

from __future__ import annotations

from beacon.testing.url_table import Row, statuses, url
from beacon.testing.world import World

SIGNED_IN_ONLY = statuses(200, anonymous=302)
OWNER_ONLY = statuses(404, anonymous=302, programme=200)


def extend_world(world: World) -> None:
    from beacon.accounts import tokens

    world.records["api_token"] = tokens.create_token(user=world.users["programme"], name="Dashboard").token


ROWS = [
    Row("tokens:list", url("/accounts/tokens/"), SIGNED_IN_ONLY),
    Row("tokens:create", url("/accounts/tokens/new/"), SIGNED_IN_ONLY),
    # An empty form is refused and shown again with its errors (200); no token is made.
    Row("tokens:create", url("/accounts/tokens/new/"), SIGNED_IN_ONLY, method="post"),
    # With no new token held in the session, the key page sends the user back to their list.
    Row("tokens:created", url("/accounts/tokens/new/key/"), statuses(302)),
    Row("tokens:revoke", url("/accounts/tokens/{pk}/revoke/", pk="api_token"), OWNER_ONLY),
    # The owner revokes and is sent back to the list (302); anyone else: 404.
    Row("tokens:revoke", url("/accounts/tokens/{pk}/revoke/", pk="api_token"),
        statuses(404, anonymous=302, programme=302), method="post"),
]
