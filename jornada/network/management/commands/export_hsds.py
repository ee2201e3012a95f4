"""jornada export_hsds FOLDER: the directory as an HSDS 3.0 tabular data package (datapackage.json and CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jornada.network import hsds
from jornada.network.models import Organization
from jornada.network.tabular import datapackage_write


class Command(BaseCommand):
    help = (
        "Write the directory as an HSDS 3.0 tabular data package in FOLDER: the same records as "
        "/hsds/ serves (a confidential location without address or coordinates), one CSV file per "
        "table. `jornada import_hsds FOLDER` reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.order_by("name", "id").prefetch_related(
            *hsds.ORGANIZATION_PREFETCH
        )
        written = datapackage_write(
            (hsds.organization_out(entry) for entry in organizations), options["folder"]
        )
        self.stdout.write(f"Wrote {len(written)} files to {options['folder']}.")
