"""jornada import_hsds FILE_OR_URL: HSDS 3.0 JSON or a tabular data package into the directory, all or nothing."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jornada.network.imports import ImportRefused, ImportReport, hsds_import
from jornada.network.tabular import datapackage_import

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 60


def read_source(source: str) -> bytes:
    """Return the bytes of a local file or an http(s) URL (an operator's choice, never a worker's)."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked above
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return bytes(response.read(MAX_BYTES + 1))
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"{source}: no such file")
    return path.read_bytes()


class Command(BaseCommand):
    help = (
        "Import organisations and services from an HSDS 3.0 JSON file or URL (a list or a page of "
        "organisations or services, as /hsds/ serves them), or from an HSDS tabular data package "
        "(its folder, or its datapackage.json beside the CSV files). Records are matched by id, so a "
        "second import of the same file changes nothing; one wrong record refuses the whole file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a file path or an http(s) URL")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if Path(source).is_dir() or source.endswith("datapackage.json"):
            self._tabular(source)
            return
        raw = read_source(source)
        if len(raw) > MAX_BYTES:
            raise CommandError(f"{source}: larger than {MAX_BYTES} bytes")
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{source}: not JSON ({error})") from None
        self._report(source, lambda: hsds_import(data=data, source=source))

    def _tabular(self, source: str) -> None:
        """An HSDS tabular data package: its folder, or its datapackage.json beside the CSV files."""
        if source.startswith(("http://", "https://")):
            raise CommandError(f"{source}: download the data package and import its folder")
        path = Path(source)
        if not (path / "datapackage.json" if path.is_dir() else path).is_file():
            raise CommandError(f"{source}: no datapackage.json")
        self._report(source, lambda: datapackage_import(path=path))

    def _report(self, source: str, run: Callable[[], ImportReport]) -> None:
        """Run one import; print what changed, or every problem and refuse (nothing was imported)."""
        try:
            report = run()
        except ImportRefused as refused:
            for line in refused.report.lines():
                self.stderr.write(line)
            raise CommandError(
                f"{source}: refused, nothing imported ({len(refused.report.problems)} problems)"
            ) from None
        for line in report.lines():
            self.stdout.write(line)
