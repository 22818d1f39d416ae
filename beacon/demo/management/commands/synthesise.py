"""``beacon synthesise --organisation <slug> --projects N [--seed 42]``: build a synthetic council."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from beacon.demo.synthetic import build_synthetic_council


class Command(BaseCommand):
    help = "Build a large, deterministic, illustrative council (for make bench and trying Beacon at scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="the new organisation's slug")
        parser.add_argument("--projects", type=int, required=True, help="how many projects (e.g. 2000)")
        parser.add_argument("--seed", type=int, default=42, help="the same seed builds the same council")

    def handle(self, *args: Any, organisation: str, projects: int, seed: int, **options: Any) -> None:
        try:
            validate_slug(organisation)
        except ValidationError as error:
            raise CommandError(f"--organisation: {error.messages[0]}") from error
        if projects < 1:
            raise CommandError("--projects must be at least 1.")
        started = time.perf_counter()
        try:
            org = build_synthetic_council(organisation, projects, seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {org.name} with {projects} projects in {time.perf_counter() - started:.1f} s. "
                f"Sign in as {organisation}-programme (password as in the README's demo users)."
            )
        )
