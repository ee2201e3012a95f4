"""A directory's whole history imported at once: wall time and peak memory against a ceiling.

``python -m benchmarks directory_history [FILE ...]`` imports the files (by default every DOL,
WHISARD and debarment file in ``../shared/data/dol``) in the order given, as ``jornada
import_dol FILE ...`` does (``dol_files_import``: one transaction per file), into a freshly
migrated database: SQLite, then a throwaway PostgreSQL cluster (``scripts/with-postgres``). Each
database gets a process of its own, so that its memory is the import's alone. The targets: under
two minutes and under 512 MB.

Memory is the importer's processes only (this one and any it forks; not PostgreSQL's server):
the peak of their summed proportional set sizes (``/proc/PID/smaps_rollup``: a page
shared by a fork counts once in all) sampled every 50 ms, and the bound ``getrusage`` gives
(this process's peak resident set plus the largest child's). As on a server, the
tasks an import queues at its commit are left in the database for a worker, which is not timed.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import configure, dol_data_dir, header, measured_apart

TARGET_SECONDS = 120
TARGET_MB = 512
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".zip"}


def default_files() -> list[Path]:
    """Every importable file of the shared DOL folder: workbooks by name, then the CSVs."""
    folder = dol_data_dir()
    found = [path for path in folder.iterdir() if path.suffix.lower() in SUFFIXES] if folder.is_dir() else []
    return sorted(found, key=lambda path: (path.suffix.lower() in {".csv", ".zip"}, path.name))


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                waiting.extend(int(child) for child in task.read_text().split())
            except OSError:  # gone meanwhile
                continue
    return found


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes: pages shared with a fork counted once in all."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:  # gone meanwhile
        pass
    return 0


class PeakMemory:
    """Samples the resident memory of this process and its children in a thread of its own."""

    def __init__(self, every: float = 0.05) -> None:
        self.peak = 0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(os.getpid())))
            self._stop.wait(self._every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(paths: list[Path]) -> dict[str, Any]:
    """Import ``paths`` into the configured (fresh) database; time, memory and what was stored."""
    from django.db import connection

    from jornada.directory.models import Case, Employer, Recruiter
    from jornada.directory.services.imports import ImportFailed, dol_files_import

    files = []
    cpu_before = os.times()
    started = last = time.perf_counter()
    with PeakMemory() as sampled:
        for path, outcome in dol_files_import(paths):
            if isinstance(outcome, ImportFailed):
                raise RuntimeError(outcome.message)
            now = time.perf_counter()
            files.append({"file": path.name, "seconds": now - last, "rows": outcome.rows_read})
            last = now
    wall = time.perf_counter() - started
    cpu_after = os.times()
    importer = sum(cpu_after[:2]) - sum(cpu_before[:2])  # user and system, this process
    children = sum(cpu_after[2:4]) - sum(cpu_before[2:4])  # any it forked
    kib = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {
        "database": connection.vendor,
        "version": getattr(connection, "pg_version", 0),
        "files": files,
        "wall": wall,
        "cpu_importer": importer,
        "cpu_children": children,
        "sampled_mb": sampled.peak / (1 << 20),
        "rusage_mb": kib / 1024,
        "cases": Case.objects.count(),
        "employers": Employer.objects.count(),
        "recruiters": Recruiter.objects.count(),
    }


def _one(database: str, folder: str, paths: list[Path]) -> dict[str, Any]:
    """One import of every file, in a process of its own against a fresh database."""
    return measured_apart(
        "benchmarks.directory_history", database, Path(folder) / "history.sqlite3", *map(str, paths)
    )


def _verdict(value: float, target: float) -> str:
    return "met" if value < target else "**not met**"


def run(arguments: list[str] | None = None) -> str:
    paths = [Path(argument).resolve() for argument in arguments or []] or default_files()
    missing = [str(path) for path in paths if not path.is_file()]
    if not paths or missing:
        return f"\n## Directory history\nskipped: no such file(s): {', '.join(missing) or dol_data_dir()}"
    lines = [
        header(
            f"Directory history: {len(paths)} files imported into a fresh database (targets < 2 min, < 512 MB)"
        ),
        "| database | files, rows | cases, employers, recruiters | wall | CPU (all processes) "
        "| peak memory (sampled PSS) | getrusage bound |",
        "|---|---|---|---|---|---|---|",
    ]
    details = []
    with tempfile.TemporaryDirectory(prefix="jornada-bench-history-") as folder:
        for database in ("sqlite", "postgresql"):
            print(f"directory_history: {database}", file=sys.stderr, flush=True)
            try:
                result = _one(database, folder, paths)
            except RuntimeError as error:
                lines.append(f"| {database} | failed: {error} | | | | | |")
                continue
            name = "SQLite" if database == "sqlite" else f"PostgreSQL {result['version'] // 10000}"
            rows = sum(entry["rows"] for entry in result["files"])
            lines.append(
                f"| {name} | {len(result['files'])}, {rows:,} | {result['cases']:,}, {result['employers']:,}, "
                f"{result['recruiters']:,} | {result['wall']:.1f} s ({_verdict(result['wall'], TARGET_SECONDS)}) "
                f"| {result['cpu_importer'] + result['cpu_children']:.1f} s | {result['sampled_mb']:.0f} MB "
                f"({_verdict(result['sampled_mb'], TARGET_MB)}) | {result['rusage_mb']:.0f} MB |"
            )
            details.append(
                f"{name}: "
                + ", ".join(f"{entry['file']} {entry['seconds']:.2f} s" for entry in result["files"])
            )
    return "\n".join([*lines, "", *details])


if __name__ == "__main__" and sys.argv[1:2] == ["--one"]:
    configure(tasks="database")
    print(json.dumps(measure([Path(argument) for argument in sys.argv[2:]])), flush=True)
