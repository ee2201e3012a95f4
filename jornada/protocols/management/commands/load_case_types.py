"""Load the case types (protocols) from jornada/protocols/content/ into the database, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jornada.protocols.loading import CONTENT_DIR, CaseTypeFileError, case_type_files_read
from jornada.protocols.services import case_type_version_create


class Command(BaseCommand):
    help = (
        "Create the case types (protocols) from the TOML content files. Running it twice changes "
        "nothing; a changed file makes a new version, and open cases keep the version they began with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", type=Path, default=CONTENT_DIR, help="folder of case type files")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of case type files")
        try:
            files = case_type_files_read(folder)
        except CaseTypeFileError as error:
            raise CommandError(f"The case type files have problems; nothing was loaded:\n{error}") from error
        created = 0
        with transaction.atomic():
            for item in files:
                result = case_type_version_create(definition=item.definition, source=item.path.name)
                created += result.created
                state = "created" if result.created else "unchanged"
                self.stdout.write(
                    f"  {item.path.name}: {result.case_type.slug} v{result.case_type.version} {state}"
                )
        if not created:
            self.stdout.write("Case types are up to date.")
            return
        self.stdout.write(f"Case types: {created} new versions, {len(files) - created} unchanged.")
