"""Load the launch articles from jornada/rights/content/articles/ into the database, idempotently."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jornada.rights import services
from jornada.rights.content.check import ARTICLES_DIR, check_articles
from jornada.rights.loading import read_articles


class Command(BaseCommand):
    help = (
        "Create or update the rights articles from the content files. Running it twice changes "
        "nothing; a changed file updates its translation and records a revision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=Path, default=ARTICLES_DIR, help="folder of article folders")
        parser.add_argument(
            "--no-audio",
            action="store_true",
            help="do not queue synthetic voices (they can be made later by running the command again)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["articles"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of articles")
        # The same checks as `python -m jornada.rights.content.check`: nothing broken is loaded.
        with contextlib.redirect_stdout(io.StringIO()):
            report = check_articles(folder, None)
        if report.failures:
            problems = "\n".join(f"  - {failure}" for failure in report.failures)
            raise CommandError(f"The content files have problems; nothing was loaded:\n{problems}")
        result = services.content_load(articles=read_articles(folder), generate_audio=not options["no_audio"])
        if not result.changed:
            self.stdout.write("Rights articles are up to date.")
            return
        self.stdout.write(
            f"Rights articles: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.translations_changed)} translations written."
        )
