"""Importing DOL files, as a multiple of the time python-calamine alone takes to read them.

The files are the issue's: H-2A FY2017 disclosure data and H-2B Appendix C FY2022 Q2, from
``../shared/data/dol``. The baseline is python-calamine pulling every row of each file into
Python (best of three, wall clock). The import is ``dol_files_import`` of both files into a
freshly migrated database, as ``jornada import_dol FY17 APPENDIX_C`` runs it: reading,
recognising the columns, parsing, resolving employers and recruiters, writing, and refreshing
the search index, one transaction per file; a file's time runs from the end of the one before it. As on a server,
the tasks an import queues when it commits (telling followers of its employers) are left in
the database for a worker, which is not timed. Each run
is a process of its own with a fresh database (SQLite, then a throwaway PostgreSQL cluster from
scripts/with-postgres); on a shared machine whose speed drifts, each side is reported at its
best over the runs, and every run's ratio is shown too. The floor is calamine's time plus that
of writing the stored rows again with nothing else (``writes_alone``).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import configure, dol_data_dir, header, measured_apart

FILES = ("H-2A_Disclosure_Data_FY17.xlsx", "H-2B_Appendix_C_FY2022_Q2.xlsx")
FTS = "directory_searchentry_fts"  # SQLite's full-text index of the search entries


def _wall(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def calamine_only(path: Path) -> int:
    """Read every row of the first sheet into Python lists, as the baseline; return the row count."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    finally:
        workbook.close()


def measure() -> dict[str, object]:
    """Time calamine alone and the import, per file, against whatever DATABASE_URL says."""
    from django.db import connection

    from jornada.directory.models import Case, Employer
    from jornada.directory.services.imports import ImportFailed, dol_files_import

    paths = [dol_data_dir() / name for name in FILES]
    reads = [min(_wall(lambda p=path: calamine_only(p)) for _ in range(3)) for path in paths]
    files = []
    last = time.perf_counter()
    for (path, outcome), read in zip(dol_files_import(paths), reads, strict=True):
        if isinstance(outcome, ImportFailed):
            raise RuntimeError(outcome.message)
        now = time.perf_counter()
        files.append({"file": path.name, "calamine": read, "import": now - last})
        last = now
    cases, employers = Case.objects.count(), Employer.objects.count()
    return {
        "database": connection.vendor,
        "files": files,
        "cases": cases,
        "employers": employers,
        "writes_alone": min(writes_alone() for _ in range(3)),
    }


def writes_alone() -> float:
    """The database's share, measured on its own: every row the import stored, written again.

    The directory's tables are read into memory, emptied, and refilled in one transaction the
    way the importer writes (``COPY`` on PostgreSQL, one prepared ``INSERT`` on SQLite), with
    the same indexes, search-index triggers and foreign keys checked at the commit. No parsing,
    resolution or totals: this is what the import would cost if all of its Python took no time.
    """
    from django.db import connection, transaction

    from jornada.directory import models as directory
    from jornada.directory.services.writing import _insert_rows

    parents_first = [
        directory.Employer, directory.EmployerName, directory.Agent, directory.Case, directory.CaseEmployer,
        directory.Recruiter, directory.RecruiterName, directory.RecruiterOffice, directory.RecruiterPerson,
        directory.CaseRecruiter, directory.SearchEntry, directory.SearchWord,
    ]  # fmt: skip
    quote = connection.ops.quote_name
    stored = {}
    with connection.cursor() as cursor:
        for model in parents_first:
            columns = [str(field.column) for field in model._meta.concrete_fields]
            select = ", ".join(quote(name) for name in columns)
            cursor.execute(f"SELECT {select} FROM {quote(model._meta.db_table)} ORDER BY id")  # noqa: S608 - model names
            stored[model] = (columns, cursor.fetchall())
    # Emptied as a fresh database has them: deleted rows left in PostgreSQL's indexes, or in
    # SQLite's full-text index (its delete trigger records every removed entry), slow the
    # writes that follow and overstated this floor by about 0.8 s.
    tables = [quote(model._meta.db_table) for model in reversed(parents_first)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - model names
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")  # noqa: S608 - a constant
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, (columns, rows) in stored.items():
            if rows:
                _insert_rows(cursor, model._meta.db_table, columns, rows)
    return time.perf_counter() - started


RUNS = 3


def _one(database: str, folder: str, number: int) -> dict[str, object]:
    """One measurement in its own process, against a fresh database."""
    return measured_apart("benchmarks.directory_import", database, Path(folder) / f"import-{number}.sqlite3")


def _ratio(result: dict[str, Any]) -> float:
    return sum(entry["import"] for entry in result["files"]) / sum(
        entry["calamine"] for entry in result["files"]
    )


def _rows(database: str, results: list[dict[str, Any]]) -> list[str]:
    """Each side at its best over the runs: the shortest calamine read and the shortest import."""
    lines = []
    for index, name in enumerate(FILES):
        read = min(result["files"][index]["calamine"] for result in results)
        imported = min(result["files"][index]["import"] for result in results)
        lines.append(f"| {database} | {name} | {read:.2f} s | {imported:.2f} s | {imported / read:.1f}× |")
    read = sum(min(result["files"][index]["calamine"] for result in results) for index in range(len(FILES)))
    imported = min(sum(entry["import"] for entry in result["files"]) for result in results)
    writes = min(result["writes_alone"] for result in results)
    runs = ", ".join(f"{_ratio(result):.1f}×" for result in results)
    lines += [
        f"| {database} | **both** ({results[0]['cases']:,} cases, {results[0]['employers']:,} employers; "
        f"each run: {runs}) | {read:.2f} s | {imported:.2f} s | **{imported / read:.1f}×** |",
        f"| {database} | floor: calamine, then the stored rows written alone ({writes:.2f} s) "
        f"| {read:.2f} s | {read + writes:.2f} s | {(read + writes) / read:.1f}× |",
    ]
    return lines


def run() -> str:
    if not all((dol_data_dir() / name).is_file() for name in FILES):
        return "\n## Directory import\nskipped: the DOL files are absent from ../shared/data/dol"
    lines = [
        header(f"Directory import vs python-calamine alone, best of {RUNS} runs"),
        "| database | file | calamine reads it | import | ratio |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="jornada-bench-import-") as folder:
        for database in ("sqlite", "postgresql"):
            results = []
            for number in range(RUNS):
                print(f"directory_import: {database} run {number + 1}/{RUNS}", file=sys.stderr, flush=True)
                try:
                    results.append(_one(database, folder, number))
                except RuntimeError as error:
                    lines.append(f"| {database} | failed: {error} | | | |")
                    break
            if results:
                lines += _rows(database, results)
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["--one"]:
    # As `jornada import_dol` runs on a server: what follows an import's commit (telling the
    # followers of its employers) is queued for a worker, which is not the import's time.
    configure(tasks="database")
    print(json.dumps(measure()), flush=True)
