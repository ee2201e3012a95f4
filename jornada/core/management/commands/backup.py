from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jornada.core.backup import BackupError, backup_create, excluded_tables


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump --format=custom) and "
        "the local media folder into DIRECTORY/jornada-<UTC time>/. Cache tables' and sessions' rows "
        "are left out."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path, help="Folder that receives the backup folder.")
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            metavar="N",
            help="Afterwards, delete all but the newest N backups in DIRECTORY.",
        )

    def handle(self, *args: Any, directory: Path, keep: int | None = None, **options: Any) -> None:
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            folder = backup_create(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
        self.stdout.write(f"Rows left out of: {', '.join(excluded_tables())}")
