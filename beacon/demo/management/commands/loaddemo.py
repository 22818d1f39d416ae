"""``beacon loaddemo``: load (or refresh) the four seed councils' demo data and the demo users."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.core.models import Organisation
from beacon.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: Cheshire East, Leicestershire, Chorley and Northumberland, built from their public reports, "
        "and the demo users (password beacon-demo-password). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any organisation already exists (for `make run` on an existing database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("Organisations already exist: the demo was not loaded (--if-empty).")
            return
        try:
            load_demo(say=self.stdout.write)
        except (ValidationError, LookupError) as error:
            raise CommandError(f"The demo was not loaded (nothing was written): {error}") from error
        self.stdout.write(self.style.SUCCESS("Sign in at /accounts/login/ as admin, programme, finance, monitoring, "
                                             "lead, member, viewer or chorley-only."))
