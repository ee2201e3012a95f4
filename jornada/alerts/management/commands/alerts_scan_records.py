from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jornada.alerts.services import records_scan
from jornada.directory.models import ImportRun


class Command(BaseCommand):
    help = "Tell followers about the DOL cases of an import (the latest by default; safe to repeat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", type=int, help="The import's id (see the imports page).")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED)
        run = (
            runs.filter(pk=options["run"]).first() if options["run"] else runs.order_by("-started_at").first()
        )
        if run is None:
            raise CommandError("No such import.")
        recorded = records_scan(run=run)
        self.stdout.write(f"{recorded} new records for followers.")
