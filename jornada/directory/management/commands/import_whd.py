from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from jornada.directory.dol import FileKind
from jornada.directory.management.commands.import_dol import ImportCommand


class Command(ImportCommand):
    help = "Import Wage and Hour Division enforcement cases (WHISARD CSV, or the zip DOL publishes)."
    expected_kinds = (FileKind.WHD,)

    def handle(self, *args: Any, files: list[Path], force: bool, fictional: bool, **options: Any) -> None:
        if not files:
            raise CommandError(_("Name at least one file."))
        self.import_files(files, force=force, fictional=fictional)
