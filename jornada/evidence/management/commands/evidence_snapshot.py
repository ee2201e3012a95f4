from typing import Any

from django.core.management.base import BaseCommand

from jornada.evidence.snapshots import snapshot_take


class Command(BaseCommand):
    help = "Keep this month's evidence snapshot (run monthly; a month already kept stays as it was)."

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = snapshot_take()
        self.stdout.write(f"Evidence snapshot {snapshot.label()}: {len(snapshot.tables)} tables.")
