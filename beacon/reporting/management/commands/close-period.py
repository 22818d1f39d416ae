"""``beacon close-period --organisation <slug> [--period <id>]``: close a reporting period with its snapshot.

Without ``--period`` it closes the organisation's open period that ended most recently (for a scheduler run
after the period's last day). Exit 0 when closed; an error (exit 1) with the reason when refused."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from beacon.reporting import services
from beacon.reporting.management.lookups import find_actor, find_organisation
from beacon.reporting.models import PeriodStatus, ReportingPeriod


class Command(BaseCommand):
    help = "Close a reporting period of an organisation, writing its snapshot (never changed afterwards)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug")
        parser.add_argument("--period", type=int, help="The period's id (default: the open period that ended last)")
        parser.add_argument("--user", help="Record this username as who closed it (default: none, automatic)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = find_organisation(options["organisation"])
        actor = find_actor(options.get("user"))
        periods = ReportingPeriod.objects.filter(organisation=organisation)
        if options.get("period"):
            period = periods.filter(pk=options["period"]).first()
            if period is None:
                raise CommandError(f"{organisation.name} has no reporting period with id {options['period']}.")
        else:
            period = (
                periods.filter(status=PeriodStatus.OPEN, end_date__lt=timezone.localdate()).order_by("end_date").first()
            )
            if period is None:
                raise CommandError(f"{organisation.name} has no open reporting period that has ended.")
        try:
            services.close_period(period=period, actor=actor)
        except services.PeriodRefused as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(self.style.SUCCESS(f"Closed {period.title} of {organisation.name}, with its snapshot."))
