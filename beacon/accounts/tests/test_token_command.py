"""``beacon token``: make, list and revoke personal API tokens from the command line, with the web form's rules."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from beacon.accounts.models import AccountEvent, ApiToken, EventKind

pytestmark = pytest.mark.django_db


def token(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def api(key: str, method: str = "get", path: str = "/api/v1/projects/") -> int:
    send = getattr(Client(), method)
    return send(path, {} if method == "get" else "{}", content_type="application/json",
                headers={"Authorization": f"Bearer {key}"}).status_code


def test_a_read_only_token_is_made_and_its_key_printed_once(world):
    key = token("create", "finance", "--name", "Nightly export")
    assert key.startswith("bcn_") and "\n" not in key
    made = ApiToken.objects.get(user=world.users["finance"])
    assert (made.name, made.scope, made.expires_at) == ("Nightly export", "read", None)
    assert key not in {made.key_hash, made.prefix}, "only the hash is stored"
    assert api(key) == 200
    assert api(key, "post") == 403, "a read-only token never writes"
    assert AccountEvent.objects.filter(kind=EventKind.TOKEN_CREATED, user=world.users["finance"]).count() == 1


def test_a_write_token_with_an_expiry(world):
    key = token("create", "programme", "--name", "Integration", "--write", "--expires-in-days", "30")
    made = ApiToken.objects.get(user=world.users["programme"])
    assert made.scope == "write" and made.expires_at is not None
    assert api(key, "post") == 400, "a write token gets past the permissions to the validation of its empty body"


@pytest.mark.parametrize(("args", "message"), [
    (["create", "nobody", "--name", "X"], "There is no user 'nobody'."),
    (["create", "finance", "--name", "   "], "Enter a name for the token."),
    (["create", "finance", "--name", "X", "--expires-in-days", "0"], "The token must last at least 1 day."),
    (["create", "finance", "--name", "X", "--expires-in-days", "400"], "The token can last at most 366 days."),
    (["create", "finance", "--name", "X", "--expires-in-days", "soon"],
     "Enter the number of days as a whole number, like 90."),
    (["revoke", "999999"], "There is no token '999999'"),
    (["revoke", "abc"], "There is no token 'abc'"),
])
def test_bad_input_is_refused_with_the_reason_and_changes_nothing(world, args, message):
    with pytest.raises(CommandError) as refused:
        token(*args)
    assert str(refused.value).startswith(message)
    assert not ApiToken.objects.exists()


def test_a_disabled_user_gets_no_token(world):
    user = world.users["viewer"]
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="viewer is disabled"):
        token("create", "viewer", "--name", "X")
    assert not ApiToken.objects.exists()


def test_listed_then_revoked(world):
    key = token("create", "finance", "--name", "Nightly export")
    made = ApiToken.objects.get()
    listing = token("list", "finance")
    assert listing.splitlines()[0].split() == ["ID", "Name", "Scope", "Key", "starts", "State", "Expires",
                                                "Last", "used"]
    row = listing.splitlines()[1]
    assert row.startswith(str(made.pk)) and "Nightly export" in row and f"{made.prefix}…" in row
    assert "active" in row and key not in listing

    assert token("revoke", str(made.pk)) == f"Revoked token {made.pk} of finance: Nightly export ({made.prefix}…)."
    assert api(key) == 401
    assert "revoked" in token("list", "finance").splitlines()[1]
    assert AccountEvent.objects.filter(kind=EventKind.TOKEN_REVOKED, user=world.users["finance"]).count() == 1
    with pytest.raises(CommandError, match="already revoked"):
        token("revoke", str(made.pk))


def test_a_user_without_tokens_is_told_so(world):
    assert token("list", "lead") == "lead has no API tokens."
