"""Helpers for the DOL parsing tests: where the shared data is, and fixture writers."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]

SHARED_DATA_ENV = "JORNADA_SHARED_DATA"

H2A_COLUMNS = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "EMPLOYER_NAME",
    "EMPLOYER_STATE",
    "WORKSITE_STATE",
    "NBR_WORKERS_CERTIFIED",
]
"""The fewest columns an H-2A disclosure file is recognised by, for files written in tests."""


def shared_dol_dir() -> Path:
    """``$JORNADA_SHARED_DATA/dol``, else ``<repository>/../shared/data/dol``."""
    shared = os.environ.get(SHARED_DATA_ENV)
    if shared:
        return Path(shared) / "dol"
    # tests/ → dol/ → directory/ → jornada/ → repository root
    return Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "dol"


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[Sequence[object]] = (),
    sheet: str = "Sheet1",
) -> Path:
    """Write rows (after optional title rows) to a one-sheet .xlsx with openpyxl."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in [*title_rows, *rows]:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    """Write rows to a CSV file in the given encoding."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path
