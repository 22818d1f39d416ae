"""``beacon import <type> <file> --organisation <slug> [--map "Their heading=field" ...] [--dry-run]``

Exit 0 when imported (or, with --dry-run, when it would import); 2, with every bad cell listed, when refused, and
nothing is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from beacon.accounts import audit
from beacon.accounts.models import EventKind
from beacon.core.models import Organisation
from beacon.exchange import readers
from beacon.exchange.importer import ImportRefused, apply_plan, plan_import
from beacon.exchange.kinds import KINDS

REFUSED = 2


def parse_mapping(pairs: list[str], fields: set[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        theirs, sep, ours = pair.rpartition("=")
        if not sep or not theirs.strip() or ours.strip() not in fields:
            raise CommandError(
                f"--map {pair!r}: write it as \"Their heading=field\", the field one of: {', '.join(sorted(fields))}.",
                returncode=REFUSED,
            )
        mapping[theirs.strip()] = ours.strip()
    return mapping


class Command(BaseCommand):
    help = "Import projects, savings lines, milestones, KPIs, observations or risks from .xlsx, .ods or .csv."
    # Django's system checks load every URL and view (about a second): they are for deploying and serving
    # (`beacon check --deploy`, runserver, migrate), not for a data command run by a scheduler.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type", choices=sorted(KINDS), help="What the file holds")
        parser.add_argument("file", help="The .xlsx, .ods or .csv file")
        parser.add_argument("--organisation", required=True, help="The organisation's slug, e.g. chorley")
        parser.add_argument("--map", action="append", default=[], metavar="HEADING=FIELD",
                            help='Your heading for one of Beacon\'s fields, e.g. --map "Ref=code" (repeatable)')
        parser.add_argument("--dry-run", action="store_true", help="Check everything and write nothing")
        parser.add_argument("--user", help="The username recorded as having imported (default: none, the operator)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {options['organisation']!r}.", returncode=REFUSED)
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user is called {options['user']!r}.", returncode=REFUSED)
        kind = KINDS[options["type"]](organisation, actor)
        mapping = parse_mapping(options["map"], {column.field for column in kind.columns})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.", returncode=REFUSED) from None
        try:
            sheets = readers.read_sheets(data, readers.detect_format(data))
        except readers.UploadRefused as error:
            raise CommandError(f"{path}: {error}", returncode=REFUSED) from None
        show = sys.stderr.isatty() and options["verbosity"] > 0
        with tqdm(total=0, desc="Checking", unit=" rows", disable=not show) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            plan = plan_import(kind, sheets, mapping=mapping, progress=progress)
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            hidden = plan.problem_count - len(plan.problems)
            if hidden:
                self.stderr.write(f"... and {hidden:,} more.")
            raise CommandError(f"Refused: {plan.problem_count:,} problem(s) in {path.name}; nothing was written.",
                               returncode=REFUSED)
        counts = plan.counts()
        words = f"{counts['created']:,} to create, {counts['updated']:,} to update, {counts['unchanged']:,} unchanged"
        if options["dry_run"]:
            self.stdout.write(f"Dry run of {plan.data_rows:,} rows from “{plan.sheet}”: {words}. Nothing was written.")
            return
        try:
            counts = apply_plan(kind, plan)
        except ImportRefused:  # pragma: no cover - a plan with no problems is never refused
            raise CommandError("Refused; nothing was written.", returncode=REFUSED) from None
        audit.record(EventKind.IMPORTED, user=actor, actor=actor, organisation=organisation,
                     detail=f"beacon import {options['type']} {path.name}: {plan.data_rows:,} rows (command line)")
        self.stdout.write(
            f"Imported {plan.data_rows:,} rows of {kind.title} into {organisation.name}: {counts['created']:,} "
            f"created, {counts['updated']:,} updated, {counts['unchanged']:,} unchanged."
        )
