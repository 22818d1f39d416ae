"""``beacon backup --organisation <slug> [--output PATH]``: write the organisation's backup to one file.

The file (``<slug>-YYYY-MM-DD.beacon-backup`` in the current directory unless --output says otherwise) holds every
record of the organisation and its history; ``beacon restore`` puts it back. Exit 2 when there is no such
organisation or the file cannot be written."""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from beacon.core.models import Organisation
from beacon.exchange.backup import Progress, backup_filename, write_backup

REFUSED = 2


def progress_bars(enabled: bool) -> Any:
    """A tqdm bar per model on the terminal's standard error; nothing when it is not a terminal."""

    def bar(label: str, total: int) -> AbstractContextManager[Progress]:
        return tqdm(total=total, desc=label, unit=" rows", leave=False, disable=not enabled)

    return bar


class Command(BaseCommand):
    help = "Back up an organisation, with every record and its history, to one .beacon-backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug, e.g. cheshire-east")
        parser.add_argument("--output", help="The file to write (default: <slug>-YYYY-MM-DD.beacon-backup here)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {options['organisation']!r}.", returncode=REFUSED)
        path = Path(options["output"] or backup_filename(organisation))
        partial = path.with_name(path.name + ".partial")
        show = sys.stderr.isatty() and options["verbosity"] > 0
        try:
            with partial.open("wb") as out:
                manifest = write_backup(organisation, out, progress=progress_bars(show))
            os.replace(partial, path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{path}: {error.strerror}.", returncode=REFUSED) from None
        for label, count in manifest["counts"].items():
            if count:
                self.stdout.write(f"{count:>8,}  {label}")
        self.stdout.write(f"Backed up {organisation} to {path} ({path.stat().st_size:,} bytes).")
