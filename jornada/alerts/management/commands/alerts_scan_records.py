from typing import Any

from django.core.management.base import BaseCommand

from jornada.alerts.services import records_scan


class Command(BaseCommand):
    help = "Tell followers about DOL cases imported since they started following (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = records_scan()
        self.stdout.write(f"{recorded} new records for followers.")
