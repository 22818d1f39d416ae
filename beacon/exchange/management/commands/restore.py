"""``beacon restore <file>``: restore an organisation from a ``beacon backup`` file, all or nothing.

The database must not hold the organisation (an empty one made by ``beacon migrate``, with ``beacon
load_indicators`` if the organisation's KPIs are benchmarked). Exit 2, with the reason and nothing written, when
the file or the database will not do."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.exchange.backup import RestoreError, restore_organisation
from beacon.exchange.management.commands.backup import REFUSED, progress_bars


class Command(BaseCommand):
    help = "Restore an organisation, with every record and its history, from a .beacon-backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .beacon-backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        show = sys.stderr.isatty() and options["verbosity"] > 0
        try:
            with path.open("rb") as stream:
                result = restore_organisation(stream, progress=progress_bars(show))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.", returncode=REFUSED) from None
        except RestoreError as error:
            raise CommandError(f"{path}: {error} Nothing was written.", returncode=REFUSED) from None
        for label, count in result.counts.items():
            if count:
                self.stdout.write(f"{count:>8,}  {label}")
        self.stdout.write(
            f"Restored {result.organisation} from {path}: {result.users_created} users created, "
            f"{result.users_matched} matched by username."
        )
