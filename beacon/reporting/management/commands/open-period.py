"""``beacon open-period --organisation <slug>``: open the organisation's next reporting period, from its
reporting frequency (monthly: calendar months; quarterly: financial-year quarters, Q1 = April to June).

A period is opened on or after its first day, so a scheduler may run this daily: it opens a period once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.reporting import services
from beacon.reporting.management.lookups import find_actor, find_organisation


class Command(BaseCommand):
    help = "Open the next reporting period of an organisation, from its reporting frequency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug")
        parser.add_argument("--user", help="Record this username as who opened it (default: none, automatic)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = find_organisation(options["organisation"])
        actor = find_actor(options.get("user"))
        try:
            period = services.open_next_period(organisation=organisation, actor=actor)
        except services.PeriodRefused as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(self.style.SUCCESS(
            f"Opened {period.title} ({period.start_date.isoformat()} to {period.end_date.isoformat()}) "
            f"of {organisation.name}."
        ))
