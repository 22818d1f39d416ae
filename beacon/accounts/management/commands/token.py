"""``beacon token``: personal API tokens from the command line, for a scheduled job or an integration that an
IT officer sets up on the server (the same tokens as Your account → API tokens, with the same rules)."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from beacon.accounts.forms_tokens import TokenCreateForm
from beacon.accounts.models import ApiToken, TokenScope
from beacon.accounts.tokens import MAX_EXPIRY_DAYS, create_token, revoke_token, token_state
from beacon.core.commands import WrittenHelpCommand

HELP = f"""Make, list and revoke personal API tokens.

  beacon token create USERNAME --name "Nightly export" [--write] [--expires-in-days N]
      Makes a token for USERNAME and prints its key, once, on standard output (the key is not stored: keep it
      now). Read only unless --write. N is 1 to {MAX_EXPIRY_DAYS}; without it the token works until revoked.
  beacon token list USERNAME
      The user's tokens: id, name, scope, the key's first characters, state, expiry and last use.
  beacon token revoke ID
      Revokes the token with that id (it stays listed, revoked).

A token acts with its user's roles; a read-only token can never change a record."""


class Command(WrittenHelpCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = actions.add_parser("create", help="make a token and print its key once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--write", action="store_true", help="read and write (default: read only)")
        create.add_argument("--expires-in-days", type=str, default="", metavar="N")
        listing = actions.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="revoke a token")
        revoke.add_argument("id", type=str)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def user(self, username: str) -> Any:
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is disabled: a disabled user's tokens are refused.")
        return user

    def handle_create(self, options: dict[str, Any]) -> None:
        user = self.user(options["username"])
        form = TokenCreateForm({
            "name": options["name"],
            "scope": TokenScope.WRITE if options["write"] else TokenScope.READ,
            "expires_in_days": options["expires_in_days"],
        })
        if not form.is_valid():
            raise CommandError("; ".join(str(error) for errors in form.errors.values() for error in errors) + ".")
        made = create_token(user=user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
                            expires_in_days=form.cleaned_data["expires_in_days"])
        token = made.token
        expiry = f"until {timezone.localtime(token.expires_at):%d %B %Y %H:%M}" if token.expires_at else "until revoked"
        sys.stderr.write(f"Made token {token.pk} for {user.get_username()}: {token.name} "
                         f"({token.get_scope_display().lower()}, {expiry}). Its key, shown this once:\n")
        self.stdout.write(made.key)

    def handle_list(self, options: dict[str, Any]) -> None:
        user = self.user(options["username"])
        tokens = list(ApiToken.objects.filter(user=user).order_by("pk"))
        if not tokens:
            self.stdout.write(f"{user.get_username()} has no API tokens.")
            return
        now = timezone.now()
        rows = [("ID", "Name", "Scope", "Key starts", "State", "Expires", "Last used")]
        for token in tokens:
            rows.append((
                str(token.pk), token.name, token.get_scope_display(), f"{token.prefix}…", token_state(token, now),
                f"{timezone.localtime(token.expires_at):%d %b %Y}" if token.expires_at else "never",
                f"{timezone.localtime(token.last_used_at):%d %b %Y %H:%M}" if token.last_used_at else "never",
            ))
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())

    def handle_revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=options["id"]).first() \
            if options["id"].isdigit() else None
        if token is None:
            raise CommandError(f"There is no token {options['id']!r}: `beacon token list USERNAME` gives the ids.")
        if not revoke_token(token, actor=None):
            raise CommandError(f"Token {token.pk} ({token}) was already revoked.")
        self.stdout.write(f"Revoked token {token.pk} of {token.user.get_username()}: {token}.")
