"""What Beacon's management commands share."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class WrittenHelpCommand(BaseCommand):
    """A command whose ``help`` is laid out by hand (usage lines, a crontab example): ``--help`` keeps its line
    breaks instead of running it into one paragraph."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)
