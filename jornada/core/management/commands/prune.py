"""``jornada prune``: apply every retention period now. Run it daily (cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jornada.core.retention import retention_prune
from jornada.core.tasks import prune


class Command(BaseCommand):
    help = (
        "Delete what Jornada keeps only for a while: finished task results, expired sessions, "
        "expired rate-limit counters and past days' hashing keys, unconfirmed follows and their "
        "codes, old screenshots of published warnings; on PostgreSQL, also rewrite the "
        "contribution tables so they forget the order rows arrived in (needs the tables' owner)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the prune task for a worker instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            prune.enqueue()
            self.stdout.write("Prune queued.")
            return
        for name, count in retention_prune().items():
            self.stdout.write(f"{name}: {count} deleted")
