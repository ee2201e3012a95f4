from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jornada.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `jornada backup` into the configured database, which must be "
        "empty (a new PostgreSQL database, or a SQLite path that does not exist yet), and the media "
        "folder. Then run `jornada migrate`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "backup", type=Path, help="A jornada-<UTC time> folder written by `jornada backup`."
        )

    def handle(self, *args: Any, backup: Path, **options: Any) -> None:
        try:
            manifest = backup_restore(backup=backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {manifest['database']} database from {backup}.")
        if manifest["media_restored"]:
            self.stdout.write("Restored the media folder.")
        elif manifest["media"]:
            self.stdout.write(
                "Media are not on local disk here: upload the files of media.tar to the storage yourself."
            )
        self.stdout.write(
            "Next: `jornada migrate` (if this version is newer than the backup), then start the "
            "web and worker processes. The cache and staff sessions start empty."
        )
