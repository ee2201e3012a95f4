"""Stream the rows of a DOL file as dicts keyed by canonical field names.

Formats: ``.xlsx``/``.xlsm``/``.xls``/``.xlsb``/``.ods`` through python-calamine (it
reads the legacy ``.xls`` DOL published before FY2014 as well as today's
``.xlsx``), ``.csv``/``.txt``/``.tsv`` through the csv module (UTF-8 with or without
BOM, falling back to cp1252 and then latin-1; delimiter sniffed), and a ``.zip``
holding one CSV (WHISARD publishes ``whd_whisard.csv.zip``).

The header row is looked for in the first :data:`HEADER_SCAN_ROWS` rows, so title
rows above it are skipped.  The header is mapped to canonical fields once per file
(:func:`columns.build_column_map`); forbidden columns (phones, e-mails, contact
persons) are dropped from that map, so their cells are never copied out of the
source row.  Rows are yielded one at a time; fully blank rows are skipped.

Usage::

    with open_dol_file(path, progress=lambda done, total: ...) as dol:
        print(dol.info.kind, dol.info.fiscal_year)
        for row in dol:              # SourceRow(row_number, values)
            ...
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from types import TracebackType
from typing import IO, NamedTuple, cast

import python_calamine

from .columns import build_column_map, missing_required
from .kinds import (
    FileInfo,
    FileKind,
    MissingColumnsError,
    UnreadableFileError,
    UnrecognisedFileError,
    describe,
    detect_kind,
    fiscal_period_from_name,
    header_score,
    kind_from_name,
)
from .normalise import Cell

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "HEADER_SCAN_ROWS",
    "DolFile",
    "ProgressCallback",
    "SourceRow",
    "detect_encoding",
    "detect_file",
    "open_dol_file",
]

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``progress(rows_done, rows_total_or_None)``."""

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
HEADER_SCAN_ROWS = 30
"""How many leading rows may hold titles before the header row."""
FY_SAMPLE_ROWS = 200
"""Rows sampled for the fiscal year when the file name does not carry it."""

_CALAMINE_ERRORS: tuple[type[BaseException], ...] = (
    python_calamine.CalamineError,
    python_calamine.ZipError,
    python_calamine.XmlError,
    python_calamine.PasswordError,
    python_calamine.WorksheetNotFound,
    OSError,
    ValueError,
    EOFError,
)

csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))


class SourceRow(NamedTuple):
    """One data row: its 1-based spreadsheet row number and its cells.

    ``columns`` (canonical field → cell index) is shared by every row of a file, so
    a row costs one list, not one dict; :attr:`values` builds the canonical dict on
    demand and :meth:`get` reads one field.  Forbidden columns are absent from
    ``columns``, so they cannot be read through a row.
    """

    row_number: int
    cells: Sequence[Cell]
    columns: Mapping[str, int]

    @classmethod
    def from_values(cls, row_number: int, values: Mapping[str, Cell]) -> SourceRow:
        """A row built from a canonical dict (tests, or callers with their own reader)."""
        names = tuple(values)
        return cls(row_number, [values[name] for name in names], {n: i for i, n in enumerate(names)})

    def get(self, name: str) -> Cell:
        """The raw cell of canonical field ``name`` (``None`` when the file lacks it)."""
        index = self.columns.get(name)
        return None if index is None else self.cells[index]

    @property
    def values(self) -> dict[str, Cell]:
        """The row as a dict keyed by canonical field names."""
        cells = self.cells
        return {name: cells[index] for name, index in self.columns.items()}


# ---------------------------------------------------------------------------
# Raw row sources
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _RawSource:
    rows: Iterator[list[Cell]]
    first_row_number: int
    rows_total: int | None
    close: Callable[[], None]


def _is_blank(row: list[Cell]) -> bool:
    if any(row):
        for cell in row:
            if cell is None:
                continue
            if type(cell) is str:
                if cell.strip():
                    return False
                continue
            return False
    return True


def _open_excel_sheets(path: Path) -> Generator[_RawSource, None, None]:
    """Yield a raw source for each worksheet, in workbook order."""
    name = path.name
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except _CALAMINE_ERRORS as exc:
        raise UnreadableFileError(name, "unreadable_file", reason=str(exc)) from exc
    try:
        sheet_names = list(workbook.sheet_names)
        if not sheet_names:
            raise UnrecognisedFileError(name, "empty_file")
        for sheet_name in sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(sheet_name)
                start = sheet.start
                height = sheet.height
                rows = cast(Iterator[list[Cell]], sheet.iter_rows())
            except _CALAMINE_ERRORS as exc:
                raise UnreadableFileError(name, "unreadable_file", reason=str(exc), sheet=sheet_name) from exc
            # python-calamine's iter_rows() starts at the sheet's first row (row 1),
            # padding any blank rows above the used range; ``start`` and ``height``
            # describe the used range only.
            total = (start[0] if start else 0) + height
            yield _RawSource(rows, 1, total, lambda: None)
    finally:
        workbook.close()


def detect_encoding(stream_factory: Callable[[], IO[bytes]]) -> str:
    """The encoding of a CSV: ``utf-8-sig``, ``utf-8``, ``cp1252`` or ``latin-1``.

    The whole file is checked with an incremental decoder (a cheap, C-speed pass
    that holds one chunk at a time), because a single cp1252 byte far down a
    360,000-row WHISARD file would otherwise break the import halfway.
    """
    with stream_factory() as stream:
        head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig", "cp1252", "latin-1")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    else:
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates[:-1]:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with stream_factory() as stream:
                for chunk in iter(lambda s=stream: s.read(1 << 20), b""):  # type: ignore[misc]
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return candidates[-1]


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = None
    if dialect is not None and dialect.delimiter in first_line:
        return dialect.delimiter
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open_text(
    name: str, stream_factory: Callable[[], IO[bytes]], close_extra: Callable[[], None]
) -> _RawSource:
    encoding = detect_encoding(stream_factory)
    binary = stream_factory()
    handle = io.TextIOWrapper(binary, encoding=encoding, newline="")
    sample = handle.read(64 * 1024)
    handle.seek(0)
    if not sample.strip():
        handle.close()
        close_extra()
        raise UnrecognisedFileError(name, "empty_file")
    reader = csv.reader(handle, delimiter=_sniff_delimiter(sample))

    def rows() -> Iterator[list[Cell]]:
        yield from cast(Iterator[list[Cell]], reader)

    def close() -> None:
        handle.close()
        close_extra()

    return _RawSource(rows(), 1, None, close)


def _open_csv(path: Path) -> _RawSource:
    return _open_text(path.name, lambda: path.open("rb"), lambda: None)


def _open_zip(path: Path) -> _RawSource:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFileError(path.name, "unreadable_file", reason=str(exc)) from exc
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and Path(info.filename).suffix.lower() in CSV_SUFFIXES
    ]
    if not members:
        archive.close()
        raise UnreadableFileError(path.name, "zip_without_csv")
    member = max(members, key=lambda info: info.file_size)
    try:
        return _open_text(path.name, lambda: archive.open(member), archive.close)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        archive.close()
        raise UnreadableFileError(path.name, "unreadable_file", reason=str(exc)) from exc


# ---------------------------------------------------------------------------
# The opened file
# ---------------------------------------------------------------------------


class DolFile:
    """An opened DOL file: what it is, how its header maps, and its rows (one pass)."""

    def __init__(
        self,
        path: Path,
        info: FileInfo,
        header: list[Cell],
        header_row_number: int,
        columns: dict[str, int],
        matched_headers: dict[str, str],
        rows_total: int | None,
        rows: Iterator[SourceRow],
        close: Callable[[], None],
    ) -> None:
        self.path = path
        self.info = info
        self.header = tuple("" if cell is None else str(cell) for cell in header)
        self.header_row_number = header_row_number
        self.columns = columns
        """Canonical field → column index."""
        self.matched_headers = matched_headers
        """Canonical field → the header text found in the file."""
        self.rows_total = rows_total
        """Data rows below the header (upper bound: may include blank rows), or ``None``."""
        self._rows: Iterator[SourceRow] | None = rows
        self._close = close

    @property
    def kind(self) -> FileKind:
        return self.info.kind

    def __iter__(self) -> Iterator[SourceRow]:
        if self._rows is None:
            raise RuntimeError(f"{self.path.name}: rows were already read")
        rows, self._rows = self._rows, None
        return rows

    def close(self) -> None:
        self._close()

    def __enter__(self) -> DolFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _find_header(
    source: _RawSource,
) -> tuple[int, list[Cell], list[list[Cell]], list[Cell] | None]:
    """Scan the first rows for the best header.

    Returns ``(header_position, header, rows_after_header, first_non_blank_row)``;
    ``header_position`` is -1 when no row looks like a header.
    """
    scanned = list(islice(source.rows, HEADER_SCAN_ROWS))
    best_position, best_score = -1, 1
    first_non_blank: list[Cell] | None = None
    for position, row in enumerate(scanned):
        if first_non_blank is None and not _is_blank(row):
            first_non_blank = row
        score = header_score(row)
        if score > best_score:
            best_position, best_score = position, score
    if best_position < 0:
        return -1, [], scanned, first_non_blank
    return best_position, scanned[best_position], scanned[best_position + 1 :], first_non_blank


def _canonical_rows(
    raw_rows: Iterable[list[Cell]],
    first_row_number: int,
    columns: dict[str, int],
    progress: ProgressCallback | None,
    rows_total: int | None,
    progress_every: int,
) -> Iterator[SourceRow]:
    needed = max(columns.values()) + 1 if columns else 0
    row_number = first_row_number - 1
    done = 0
    next_report = progress_every
    for raw in raw_rows:
        row_number += 1
        if _is_blank(raw):
            continue
        if len(raw) < needed:  # a short CSV line
            raw = list(raw) + [None] * (needed - len(raw))
        yield SourceRow(row_number, raw, columns)
        done += 1
        if progress is not None and done >= next_report:
            progress(done, rows_total)
            next_report += progress_every
    if progress is not None:
        progress(done, rows_total if rows_total is not None else done)


def _raw_sources(path: Path) -> Generator[_RawSource, None, None]:
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        yield from _open_excel_sheets(path)
    elif suffix in CSV_SUFFIXES:
        yield _open_csv(path)
    elif suffix == ".zip":
        yield _open_zip(path)
    else:
        raise UnrecognisedFileError(path.name, "unsupported_format", suffix=suffix)


def open_dol_file(
    path: str | Path,
    *,
    kind: FileKind | None = None,
    progress: ProgressCallback | None = None,
    progress_every: int = 1000,
) -> DolFile:
    """Open a DOL file, recognise it and prepare its rows for streaming.

    ``kind`` skips detection (the header must still carry the required columns).
    Raises :class:`UnrecognisedFileError`, :class:`UnreadableFileError` or
    :class:`MissingColumnsError` (all :class:`kinds.DolFileError`) before any row is
    read; the rows themselves are read lazily while iterating.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise UnreadableFileError(name, "unreadable_file", reason="no such file")
    sources = _raw_sources(path)
    chosen: tuple[_RawSource, int, list[Cell], list[list[Cell]]] | None = None
    fallback: tuple[_RawSource, list[Cell], list[list[Cell]]] | None = None
    for source in sources:
        position, header, rest, first_non_blank = _find_header(source)
        if position >= 0:
            chosen = (source, position, header, rest)
            break
        if fallback is None and first_non_blank is not None:
            fallback = (source, first_non_blank, rest)
        source.close()
    if chosen is None:
        sources.close()
        name_kind = kind or kind_from_name(name)
        if fallback is None or name_kind is None:
            raise UnrecognisedFileError(name, "unrecognised_header" if fallback is not None else "empty_file")
        # The name says what the file should be; report what its header lacks.
        _, header, _ = fallback
        indexes, _ = build_column_map(name_kind, header)
        raise MissingColumnsError(name, name_kind, missing_required(name_kind, indexes))
    source, position, header, rest = chosen
    try:
        detected = kind or detect_kind(header, name)
        columns, matched = build_column_map(detected, header)
        missing = missing_required(detected, columns)
        if missing:
            raise MissingColumnsError(name, detected, missing)
    except BaseException:
        source.close()
        sources.close()
        raise
    header_row_number = source.first_row_number + position
    rows_total = max(source.rows_total - position - 1, 0) if source.rows_total is not None else None
    raw_rows: Iterator[list[Cell]] = chain(rest, source.rows)
    canonical = _canonical_rows(
        raw_rows, header_row_number + 1, columns, progress, rows_total, progress_every
    )
    year, _ = fiscal_period_from_name(name)
    sample: list[SourceRow] = []
    if year is None:
        sample = list(islice(canonical, FY_SAMPLE_ROWS))
        canonical = chain(sample, canonical)
    info = describe(name, detected, (row.values for row in sample))

    def close() -> None:
        source.close()
        sources.close()

    return DolFile(path, info, header, header_row_number, columns, matched, rows_total, canonical, close)


def detect_file(path: str | Path) -> FileInfo:
    """Recognise a file (kind, fiscal year, quarter) without reading all its rows."""
    with open_dol_file(path) as dol:
        return dol.info
