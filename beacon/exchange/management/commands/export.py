"""``beacon export <list> --organisation <slug>``: a list as a spreadsheet, from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.core import policy, spreadsheets
from beacon.core.models import Organisation, Role
from beacon.exchange.exports import LISTS, export_table

USAGE_ERROR = 2


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def operator(organisation: Organisation) -> Any:
    """Whoever runs the command without --user reads as the organisation's administrator: every record.
    (An unsaved user whose roles the policy is given, as it caches them; it holds no membership.)"""
    user = get_user_model()(username="command line")
    user._beacon_roles = {organisation.pk: Role.ADMIN}  # type: ignore[attr-defined]
    return user


class Command(BaseCommand):
    help = (
        "Export a list of an organisation's records as .csv, .xlsx or .ods, with the same columns as the "
        "list's download link. With --user the permission policy applies as that user; without it the file "
        "holds every record of the organisation, confidential ones included (whoever runs this command can "
        "read the database anyway). CSV goes to standard output unless --output is given; .xlsx and .ods "
        f"need --output. Lists: {', '.join(sorted(LISTS))}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", help="which list, e.g. projects, savings-lines, kpis, risks")
        parser.add_argument("--organisation", required=True, help="the organisation's slug, e.g. cheshire-east")
        parser.add_argument("--format", default=None, help="csv, xlsx or ods (default: from --output, else csv)")
        parser.add_argument("--output", default=None, help="the file to write (default: standard output, CSV only)")
        parser.add_argument("--user", default=None, help="export only what this user may read")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["list"]
        if name not in LISTS:
            raise usage_error(f"Unknown list “{name}”. Lists: {', '.join(sorted(LISTS))}.")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise usage_error(f"No organisation with the slug “{options['organisation']}”.")
        output = Path(options["output"]) if options["output"] else None
        fmt = options["format"] or (output.suffix.lstrip(".").lower() if output else "csv")
        if fmt not in spreadsheets.FORMATS:
            raise usage_error(f"Unknown format “{fmt}”: choose one of {', '.join(spreadsheets.FORMATS)}.")
        if output is None and fmt != "csv":
            raise usage_error(f"A .{fmt} file is not text: give --output PATH to write it.")
        if options["user"]:
            user = get_user_model()._default_manager.filter(username=options["user"]).first()
            if user is None:
                raise usage_error(f"No user called “{options['user']}”.")
            if policy.role_in(user, organisation) is None:
                raise usage_error(f"{user} holds no role at {organisation}.")
        else:
            user = operator(organisation)
        content = spreadsheets.write_table(fmt, [export_table(name, organisation, user)])
        if output is None:
            # Standard output is read by programs: no byte order mark there.
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        output.write_bytes(content)
        self.stderr.write(f"Wrote {output} ({len(content):,} bytes).")
