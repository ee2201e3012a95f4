"""Measure how much the parsing layer adds to reading DOL files with python-calamine.

The Django importer's budget: importing H-2A FY2017 + H-2B Appendix C FY2022 Q2
takes at most 3x the time python-calamine alone needs to read both files.  This
script prints, for those two files, the best of N runs of

* ``calamine``: open the workbook and pull every row into Python (``iter_rows``);
* ``read+parse``: :func:`readers.open_dol_file` + :func:`records.parse_rows`, i.e.
  header detection, canonical row dicts and typed records;

and their ratio.  Run::

    python -m jornada.directory.dol.bench_parse [DATA_DIR] [--repeat N]

``DATA_DIR`` defaults to ``$JORNADA_SHARED_DATA/dol`` or ``../shared/data/dol``
beside the repository.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import python_calamine

from .readers import open_dol_file
from .records import parse_rows

FILES = ("H-2A_Disclosure_Data_FY17.xlsx", "H-2B_Appendix_C_FY2022_Q2.xlsx")


def default_data_dir() -> Path:
    """``$JORNADA_SHARED_DATA/dol``, else ``<repo>/../shared/data/dol``."""
    shared = os.environ.get("JORNADA_SHARED_DATA")
    if shared:
        return Path(shared) / "dol"
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "dol"


def calamine_only(path: Path) -> int:
    """Read every row of the first sheet into Python lists; return the row count."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        sheet = workbook.get_sheet_by_index(0)
        count = 0
        for _row in sheet.iter_rows():
            count += 1
        return count
    finally:
        workbook.close()


def read_and_parse(path: Path) -> int:
    """Open, detect, map and parse every row into records; return the record count."""
    count = 0
    with open_dol_file(path) as dol:
        for _record in parse_rows(dol):
            count += 1
    return count


def best_of(repeat: int, work: Callable[[], int]) -> float:
    """The fastest of ``repeat`` runs, in CPU seconds of this process.

    CPU time rather than wall time: the machine is shared, and other processes'
    load would otherwise swing the ratio by a factor of two between runs.
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> float:
    """Print per-file and total timings; return the total ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=default_data_dir())
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    paths = [args.data_dir / name for name in FILES]
    total_read = total_parse = 0.0
    for path in paths:
        read = best_of(args.repeat, lambda p=path: calamine_only(p))  # type: ignore[misc]
        parse = best_of(args.repeat, lambda p=path: read_and_parse(p))  # type: ignore[misc]
        total_read += read
        total_parse += parse
        _report(path.name, read, parse)
    _report("both files", total_read, total_parse)
    return total_parse / total_read


def _report(label: str, read: float, parse: float) -> None:
    print(f"{label:34} calamine {read:5.2f}s  read+parse {parse:5.2f}s  ratio {parse / read:.2f}")


if __name__ == "__main__":
    main()
