from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jornada.core.progress import ProgressBar
from jornada.directory.dol import FileKind
from jornada.directory.services.download import DownloadFailed, dol_files_download
from jornada.directory.services.imports import ImportFailed, ImportResult, dol_files_import


def summary(result: ImportResult) -> str:
    if result.skipped:
        return _(
            "%(file)s: already imported with this exact content; nothing to do (use --force to re-read it)."
        ) % {"file": result.file_name}
    info = result.info
    if info is None:
        return result.file_name
    text = _(
        "%(file)s (%(kind)s, fiscal year %(year)s): %(rows)s rows read, %(created)s records created, "
        "%(updated)s updated, %(deleted)s removed; %(employers)s employers created, %(linked)s spellings "
        "linked to existing employers, %(recruiters)s recruiters created; %(rejected)s rows rejected."
    ) % {
        "file": result.file_name,
        "kind": info.kind.value,
        "year": info.fiscal_year or "—",
        "rows": intcomma(result.rows_read),
        "created": intcomma(result.created),
        "updated": intcomma(result.updated),
        "deleted": intcomma(result.deleted),
        "employers": intcomma(result.employers_created),
        "linked": intcomma(result.employers_linked),
        "recruiters": intcomma(result.recruiters_created),
        "rejected": intcomma(len(result.rejected)),
    }
    if result.report:
        text += "\n" + _("Rejected rows and why: %(report)s") % {"report": result.report}
    return text


class ImportCommand(BaseCommand):
    """Shared by import_dol, import_whd and import_debarments."""

    expected_kinds: tuple[FileKind, ...] = ()

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="files to import (.xlsx, .xls, .csv, .zip)")
        parser.add_argument("--force", action="store_true", help="re-read files already imported")
        parser.add_argument(
            "--fictional", action="store_true", help="mark the records as fictional demo data (make run)"
        )

    def import_files(self, files: list[Path], *, force: bool, fictional: bool) -> None:
        bars: dict[Path, ProgressBar] = {}

        def bar_for(path: Path) -> Callable[[int, int | None], None]:
            bars[path] = ProgressBar(cast(TextIO, self.stderr._out), path.name, unit=_("rows"))
            return bars[path].update

        failures = []
        for path, outcome in dol_files_import(
            files, force=force, fictional=fictional, progress_for=bar_for, check=self._check_kind
        ):
            if path in bars:
                bars.pop(path).finish()
            if isinstance(outcome, ImportFailed):
                self.stderr.write(self.style.ERROR(outcome.message))
                failures.append(path.name)
            else:
                self.stdout.write(self.style.SUCCESS(summary(outcome)))
        if failures:
            raise CommandError(
                _("%(count)d of %(total)d files could not be imported: %(files)s")
                % {"count": len(failures), "total": len(files), "files": ", ".join(failures)}
            )

    def _check_kind(self, path: Path) -> None:
        """Refuse a file of a kind another command imports (import_whd given a disclosure file)."""
        if not self.expected_kinds:
            return
        from jornada.directory.dol import detect_file

        try:
            kind = detect_file(path).kind
        except Exception:
            return  # the import itself says what is wrong with the file
        if kind not in self.expected_kinds:
            raise ImportFailed(
                _("%(file)s is a %(kind)s file, not what this command imports. Nothing was imported.")
                % {"file": path.name, "kind": kind.value}
            )


class Command(ImportCommand):
    help = (
        "Import Department of Labor H-2A/H-2B disclosure files (main files, addenda, appendices), "
        "each in one transaction. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--download",
            type=int,
            metavar="YEAR",
            help="fetch and import the official files of a fiscal year",
        )

    def handle(
        self,
        *args: Any,
        files: list[Path],
        force: bool,
        fictional: bool,
        download: int | None,
        **options: Any,
    ) -> None:
        if download:
            try:
                files = [
                    *files,
                    *dol_files_download(
                        year=download,
                        folder=Path(settings.DATA_DIR) / "dol" / str(download),
                        log=self.stdout.write,
                    ),
                ]
            except DownloadFailed as error:
                raise CommandError(str(error)) from error
        if not files:
            raise CommandError(_("Name at least one file, or use --download YEAR."))
        self.import_files(files, force=force, fictional=fictional)
