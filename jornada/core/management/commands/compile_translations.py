from typing import Any

from django.core.management.base import BaseCommand

from jornada.core.i18n import catalogues, compile_catalogues


class Command(BaseCommand):
    help = "Compile every translation catalogue (.po to .mo) without needing GNU gettext."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Recompile even when up to date.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        compiled = compile_catalogues(force=force)
        self.stdout.write(f"Compiled {compiled} of {len(catalogues())} catalogues.")
