"""Importing one DOL file: recognise it, parse it, write it in one transaction, report on it."""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jornada.core.audit import audit_record
from jornada.core.models import User
from jornada.directory.caching import records_changed
from jornada.directory.dol import (
    DolFile,
    DolFileError,
    FileInfo,
    FileKind,
    RowError,
    open_dol_file,
    parse_rows,
)
from jornada.directory.messages import file_error_message, row_error_message
from jornada.directory.models import ImportRun
from jornada.directory.services.importers import IMPORTERS, ImportContext
from jornada.directory.services.refresh import agents_refresh, employers_refresh, recruiters_refresh
from jornada.directory.signals import records_imported

Progress = Callable[[int, int | None], None]


class ImportFailed(Exception):
    """A file could not be imported; ``message`` is translated and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    file_name: str
    info: FileInfo | None = None
    skipped: bool = False
    rows_read: int = 0
    rejected: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    employers_created: int = 0
    employers_linked: int = 0
    recruiters_created: int = 0
    report: Path | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "import-reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_report(path: Path, result: ImportResult) -> Path:
    """A CSV of every rejected row: its number in the file, the column, the code and why."""
    report = reports_dir() / f"{timezone.now():%Y%m%d-%H%M%S}-{path.stem}-rejected.csv"
    with report.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["row", "column", "code", "reason"])
        for error in result.rejected:
            writer.writerow([error.row_number, error.field or "", error.code, row_error_message(error)])
    return report


def dol_file_import(
    *,
    path: Path,
    fictional: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    actor: User | None = None,
) -> ImportResult:
    """Import one DOL file. Everything from it is written in one transaction, or nothing is.

    The same file (by content) imported again is skipped unless ``force``; forced, it finds
    every record unchanged and writes nothing. A later quarter of a fiscal year updates the
    cases it shares with an earlier one in place. Raises ``ImportFailed`` for a file that
    cannot be recognised or read, or that lacks required columns.

    The file is read, parsed and written in this process, one row after the other.
    """
    path = Path(path)
    result = ImportResult(file_name=path.name)
    if not path.is_file():
        raise ImportFailed(
            file_error_message(DolFileError(path.name, "unreadable_file", reason="no such file"))
        )
    sha = file_sha256(path)
    if not force and ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.SUCCEEDED).exists():
        result.skipped = True
        return result
    try:
        with open_dol_file(path, progress=progress) as dol, _collection_paused():
            run = _import_rows(dol, result, path=path, sha=sha, fictional=fictional, actor=actor)
    except DolFileError as error:
        raise ImportFailed(file_error_message(error)) from error
    if result.rejected:
        result.report = _write_report(path, result)
        ImportRun.objects.filter(pk=run.pk).update(report=str(result.report))
    return result


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No automatic garbage collection while a file is imported.

    An import holds hundreds of thousands of objects until it commits, and each automatic full
    collection walks all of them to find almost nothing: ten of them took about 0.5 s of
    FY2017's import. Objects are still freed as their last reference goes; cycles wait for the
    first collection after the file.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def dol_files_import(
    paths: Sequence[Path],
    *,
    fictional: bool = False,
    force: bool = False,
    progress_for: Callable[[Path], Progress] | None = None,
    check: Callable[[Path], None] | None = None,
) -> Iterator[tuple[Path, ImportResult | ImportFailed]]:
    """Import files in order, each as ``dol_file_import`` does; yield each one's result or failure.

    ``check(path)`` may refuse a file by raising ``ImportFailed`` before it is read; one file
    failing does not stop the others.
    """
    for path in paths:
        try:
            if check is not None:
                check(path)
            result = dol_file_import(
                path=path,
                fictional=fictional,
                force=force,
                progress=progress_for(path) if progress_for else None,
            )
        except ImportFailed as error:
            yield path, error
            continue
        yield path, result


def _import_rows(
    dol: DolFile,
    result: ImportResult,
    *,
    path: Path,
    sha: str,
    fictional: bool,
    actor: User | None,
) -> ImportRun:
    """Everything from the file in one transaction; ``result`` says what was done."""
    started = timezone.now()
    with transaction.atomic():
        info = dol.info
        result.info = info
        context = ImportContext(info=info, fictional=fictional)
        importer = IMPORTERS[info.kind](context)
        for item in importer.shaped(parse_rows(dol, info)):
            if isinstance(item, RowError):
                result.rows_read += 1
                result.rejected.append(item)
            else:
                result.rows_read += importer.rows_in(item)
                importer.add(item)
        importer.finish()
        if context._employers is not None:
            result.employers_created = context.employers.stats.created
            result.employers_linked = context.employers.stats.linked
            if info.kind in (FileKind.H2A_MAIN, FileKind.H2B_MAIN):
                context.touched_employers.update(context.employers.stats.new_ids)
        if context._recruiters is not None:
            result.recruiters_created = context.recruiters.stats.created
        employers_refresh(context.touched_employers, context.new_employers)
        recruiters_refresh(context.touched_recruiters)
        if context._agents is not None:
            agents_refresh(context.agents.touched)
        records_changed()
        result.created, result.updated, result.deleted = (
            context.counts.created,
            context.counts.updated,
            context.counts.deleted,
        )
        run = ImportRun.objects.create(
            file_name=path.name[:300],
            sha256=sha,
            kind=info.kind.value,
            fiscal_year=info.fiscal_year,
            quarter=info.quarter,
            is_fictional=fictional,
            started_at=started,
            finished_at=timezone.now(),
            rows_read=result.rows_read,
            rows_rejected=len(result.rejected),
            records_created=result.created,
            records_updated=result.updated,
            employers_created=result.employers_created,
            employers_linked=result.employers_linked,
        )
        audit_record(
            actor=actor,
            action="directory.import",
            target=run,
            detail={
                "kind": info.kind.value,
                "rows": result.rows_read,
                "rejected": len(result.rejected),
                "created": result.created,
                "updated": result.updated,
            },
        )
        transaction.on_commit(lambda: records_imported.send(sender=ImportRun, run=run))
    return run
