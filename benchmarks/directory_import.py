"""Importing DOL files, as a multiple of the time python-calamine alone takes to read them.

The files are the issue's: H-2A FY2017 disclosure data and H-2B Appendix C FY2022 Q2, from
``../shared/data/dol``. The baseline is python-calamine pulling every row of each file into
Python (best of three, wall clock). The import is ``dol_file_import`` into a freshly migrated
database, once per file, as ``jornada import_dol`` runs it: reading, recognising the columns,
parsing, resolving employers and recruiters, writing, and refreshing the search index. Run on
SQLite, then on a throwaway PostgreSQL cluster (scripts/with-postgres).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, configure, header

FILES = ("H-2A_Disclosure_Data_FY17.xlsx", "H-2B_Appendix_C_FY2022_Q2.xlsx")


def _wall(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def measure() -> dict[str, object]:
    """Time calamine alone and the import, per file, against whatever DATABASE_URL says."""
    from django.db import connection

    from jornada.directory.dol.bench_parse import calamine_only, default_data_dir
    from jornada.directory.models import Case, Employer
    from jornada.directory.services.imports import dol_file_import

    folder = default_data_dir()
    files = []
    for name in FILES:
        path = folder / name
        read = min(_wall(lambda p=path: calamine_only(p)) for _ in range(3))
        imported = _wall(lambda p=path: dol_file_import(path=p))
        files.append({"file": name, "calamine": read, "import": imported})
    return {
        "database": connection.vendor,
        "files": files,
        "cases": Case.objects.count(),
        "employers": Employer.objects.count(),
    }


def _row(result: dict[str, object]) -> list[str]:
    files: list[dict[str, float | str]] = result["files"]  # type: ignore[assignment]
    lines = [
        f"| {result['database']} | {entry['file']} | {entry['calamine']:.2f} s | {entry['import']:.2f} s "
        f"| {float(entry['import']) / float(entry['calamine']):.1f}× |"
        for entry in files
    ]
    read = sum(float(entry["calamine"]) for entry in files)
    imported = sum(float(entry["import"]) for entry in files)
    lines.append(
        f"| {result['database']} | **both** ({result['cases']:,} cases, {result['employers']:,} employers) "
        f"| {read:.2f} s | {imported:.2f} s | **{imported / read:.1f}×** |"
    )
    return lines


def run() -> str:
    from jornada.directory.dol.bench_parse import default_data_dir

    if not all((default_data_dir() / name).is_file() for name in FILES):
        return "\n## Directory import\nskipped: the DOL files are absent from ../shared/data/dol"
    lines = [
        header("Directory import vs python-calamine alone (target ≤ 3×)"),
        "| database | file | calamine reads it | import | ratio |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="jornada-bench-import-") as folder:
        configure(database_url=f"sqlite:///{Path(folder) / 'import.sqlite3'}")
        lines += _row(measure())
    postgres = subprocess.run(
        [str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", "benchmarks.directory_import", "--one"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if postgres.returncode == 0:
        lines += _row(json.loads(postgres.stdout.strip().splitlines()[-1]))
    else:
        lines.append(f"| postgresql | failed: {postgres.stderr[-300:]} | | | |")
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["--one"]:
    configure()
    print(json.dumps(measure()), flush=True)
