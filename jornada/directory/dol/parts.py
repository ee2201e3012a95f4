"""Cutting a large one-sheet workbook in two, so that two processes can load it at once.

python-calamine loads a whole worksheet before it gives the first row: for FY2017's H-2A file
(22 MB of sheet XML) that is most of the time it takes to read it, and the importer has
nothing to do meanwhile. Cut at a row in the middle, the sheet becomes two workbooks, each
with every other part of the file (shared strings, styles) and half the rows, which two
processes load in half the time (``dol.background``). Row elements carry their number
(``<row r="6522">``), so the second part's rows keep theirs: read from its first row on, it
gives exactly the rows the whole sheet gives from there.

Only what this module can check is cut: a ``.xlsx`` or ``.xlsm`` with one worksheet whose XML
is a plain ``<sheetData>`` with numbered rows. Anything else (and any file it cannot open,
whose reader will say why) is read whole, as before.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import cast

import python_calamine

from .normalise import Cell

CUT_SUFFIXES = frozenset({".xlsx", ".xlsm"})
MIN_SHEET_BYTES = 8 << 20
"""Smaller sheets load in about a tenth of a second: cutting them would gain less than it costs."""
MIN_FIRST_ROWS = 1000
"""The first part holds at least this many rows: titles, the header and the rows sampled for a
file's fiscal year all lie in it, so the file is recognised from the first part alone."""

_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_NUMBERED_ROW = re.compile(rb'<row\s(?:[^>]*?\s)?r="(\d+)"')


@dataclass(frozen=True)
class SheetCut:
    """A one-sheet workbook read into memory, and where its sheet is cut.

    Each part is made by the process that loads it (``first()``, ``second()``): a few
    milliseconds each, but on the way to the first row.
    """

    entries: list[tuple[str, bytes]]
    """Every entry but the sheet, as it is in the file."""
    sheet: str
    xml: bytes
    opening: int
    """Where the sheet's rows begin (after ``<sheetData>``)."""
    cut: int
    """Where the second part's rows begin."""
    closing: int
    """Where the sheet's rows end (at ``</sheetData>``)."""
    second_row: int
    """The 1-based number of the second part's first row."""

    def first(self) -> bytes:
        """A workbook of every row above ``second_row``."""
        return self._workbook(self.opening, self.cut)

    def second(self) -> bytes:
        """A workbook of every row from ``second_row`` on (and none above it)."""
        return self._workbook(self.cut, self.closing)

    def _workbook(self, start: int, end: int) -> bytes:
        """The entries and the sheet with these rows, stored uncompressed: it is read once, here."""
        xml = memoryview(self.xml)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, content in self.entries:
                archive.writestr(name, content)
            with archive.open(self.sheet, "w", force_zip64=True) as stream:
                for piece in (xml[: self.opening], xml[start:end], xml[self.closing :]):
                    stream.write(piece)
        return buffer.getvalue()


def worth_cutting(path: Path) -> bool:
    """Is this a workbook that ``cut_workbook`` would try to cut? (Reads its directory only.)"""
    path = Path(path)
    if path.suffix.lower() not in CUT_SUFFIXES:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return _sheet_entry(archive) is not None
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _sheet_entry(archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """The workbook's only worksheet, if it is large enough to be worth cutting."""
    sheets = [entry for entry in archive.infolist() if _SHEET.fullmatch(entry.filename)]
    if len(sheets) != 1 or sheets[0].file_size < MIN_SHEET_BYTES:
        return None
    return sheets[0]


def cut_workbook(path: Path) -> SheetCut | None:
    """The workbook at ``path``, to be cut in two at a row near its middle; None where it is not cut."""
    path = Path(path)
    if path.suffix.lower() not in CUT_SUFFIXES:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            entry = _sheet_entry(archive)
            if entry is None:
                return None
            xml = archive.read(entry)
            entries = [
                (item.filename, archive.read(item))
                for item in archive.infolist()
                if item.filename != entry.filename
            ]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return None
    opening = _SHEET_DATA.search(xml)
    closing = xml.rfind(b"</sheetData>")
    if opening is None or closing < opening.end():
        return None
    cut = xml.find(b"<row ", (opening.end() + closing) // 2, closing)
    numbered = _NUMBERED_ROW.match(xml, cut) if cut >= 0 else None
    if numbered is None or int(numbered[1]) <= MIN_FIRST_ROWS:
        return None
    return SheetCut(entries, entry.filename, xml, opening.end(), cut, closing, int(numbered[1]))


@dataclass
class LoadedPart:
    """One part's sheet, loaded: its used range and its rows from the sheet's first row."""

    start: tuple[int, int] | None
    end: tuple[int, int] | None
    rows: Iterator[list[Cell]]


def load_part(content: bytes) -> LoadedPart:
    """Load a part's only sheet (raises python-calamine's errors)."""
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheet = workbook.get_sheet_by_index(0)
    return LoadedPart(sheet.start, sheet.end, cast(Iterator[list[Cell]], sheet.iter_rows()))


def aligned(first: LoadedPart, second: LoadedPart, second_row: int) -> bool:
    """Do the two parts' rows line up as the whole sheet's would?

    python-calamine's rows start at the used range's first column and are as wide as the range:
    cut, each part has a range of its own, so both must span the same columns. And the second
    part must hold no row above its cut (its rows are read from there).
    """
    if first.start is None or first.end is None or second.start is None or second.end is None:
        return False
    return (
        first.start[1] == second.start[1]
        and first.end[1] == second.end[1]
        and second.start[0] >= second_row - 1
    )


def rows_from(part: LoadedPart, index: int) -> Iterator[list[Cell]]:
    """A part's rows from the 0-based ``index`` on (those above it are blank padding)."""
    return islice(part.rows, index, None)


def rows_total(second: LoadedPart) -> int:
    """The whole sheet's rows, counted as its reader counts them (the second part ends the sheet)."""
    assert second.end is not None  # noqa: S101 - checked by aligned()
    return second.end[0] + 1
