"""``beacon remind``: e-mail the owners of stale projects (beacon.programmes.freshness)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser

from beacon.core.commands import WrittenHelpCommand
from beacon.core.models import Organisation
from beacon.programmes.freshness import send_update_reminders

HELP = """E-mail each project lead one message listing their stale projects (the next update was due before
today and the project is neither closed nor stopped), with a link to each. A stale project with no lead user
with an e-mail address goes to its organisation's programme managers. Mail goes through Django's e-mail
settings (EMAIL_BACKEND; the console backend by default). Links start with --base-url, or the
BEACON_BASE_URL environment variable.

Run it once a day from the scheduler; each run sends every current reminder again. For example, in cron,
at 7am on weekdays:

  0 7 * * 1-5  cd /srv/beacon && BEACON_BASE_URL=https://beacon.example.gov.uk .venv/bin/beacon remind
"""


class Command(WrittenHelpCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", metavar="SLUG", help="only this organisation's projects")
        parser.add_argument("--dry-run", action="store_true", help="say who would be e-mailed; send nothing")
        parser.add_argument(
            "--base-url", default=os.environ.get("BEACON_BASE_URL", "http://127.0.0.1:8000"),
            help="where Beacon is served, for the links (default: $BEACON_BASE_URL or http://127.0.0.1:8000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        dry_run = options["dry_run"]
        run = send_update_reminders(organisation=organisation, dry_run=dry_run, base_url=options["base_url"])
        verb = "Would e-mail" if dry_run else "E-mailed"
        for reminder in run.reminders:
            count = len(reminder.projects)
            self.stdout.write(f"{verb} {reminder.recipient.email}: {count} stale project{'s' if count != 1 else ''}")
        for project in run.unreachable:
            self.stderr.write(f"Nobody to remind of {project} ({project.organisation.name}): no lead with an "
                              "e-mail address and no programme manager with one")
        messages = len(run.reminders) if dry_run else run.sent
        self.stdout.write(
            f"{run.stale_count} stale project{'s' if run.stale_count != 1 else ''}; "
            f"{messages} e-mail{'s' if messages != 1 else ''} {'would be ' if dry_run else ''}sent"
            f"{'; nothing sent (dry run)' if dry_run else ''}; {len(run.unreachable)} with nobody to remind."
        )
