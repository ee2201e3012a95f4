"""A large workbook read in two parts, by two processes, gives exactly what reading it whole gives."""

from __future__ import annotations

import os
import pickle
import time
import zipfile
from itertools import chain
from pathlib import Path

import pytest
import python_calamine

from jornada.directory.dol import FileKind, RowError, background, parts
from jornada.directory.dol.background import BackgroundFailure, ParsedFile, parsed_file
from jornada.directory.services.importers import row_shaper, shaped_row_by_row

from .helpers import H2A_COLUMNS as H2A
from .helpers import write_csv, write_xlsx

ROWS = 3 * background.BATCH + 123
REAL_LIMITS = {"MIN_SHEET_BYTES": parts.MIN_SHEET_BYTES, "MIN_FIRST_ROWS": parts.MIN_FIRST_ROWS}


@pytest.fixture(autouse=True)
def _small_sheets_are_cut(monkeypatch):
    """Files of a few thousand rows stand in for the 22 MB ones (forked children inherit this)."""
    monkeypatch.setattr(parts, "MIN_SHEET_BYTES", 10_000)
    monkeypatch.setattr(parts, "MIN_FIRST_ROWS", 50)


def _h2a_rows(count: int, *, bad_every: int = 0) -> list[list[object]]:
    return [
        [
            "" if bad_every and number % bad_every == 0 else f"H-300-17{number:06d}",  # rejected
            "Certified",
            f"Huertas {number} LLC",
            "GA",
            "NC" if number % 3 else "GA",
            number % 40,
        ]
        for number in range(count)
    ]


def _h2a_xlsx(folder: Path, rows: list[list[object]], name: str = "H-2A_Disclosure_Data_FY2017.xlsx") -> Path:
    return write_xlsx(folder / name, [H2A, *rows], title_rows=[["H-2A disclosure data, FY2017"], []])


def _whole_rows(path: Path) -> list[list[object]]:
    return list(python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())


def test_it_cuts_a_large_one_sheet_workbook_into_two_whose_rows_are_the_whole_sheet_s(tmp_path):
    path = _h2a_xlsx(tmp_path, _h2a_rows(ROWS))

    cut = parts.cut_workbook(path)

    assert cut is not None
    first, second = parts.load_part(cut.first()), parts.load_part(cut.second())
    assert parts.aligned(first, second, cut.second_row)
    assert first.end is not None
    assert first.end[0] == cut.second_row - 2  # every row above the cut
    rows = list(chain(first.rows, parts.rows_from(second, first.end[0] + 1)))
    assert rows == _whole_rows(path)
    assert parts.rows_total(second) == len(rows)


def test_the_second_part_read_from_its_cut_is_the_end_of_the_sheet(tmp_path):
    path = _h2a_xlsx(tmp_path, _h2a_rows(ROWS))
    cut = parts.cut_workbook(path)
    assert cut is not None

    rows = list(parts.rows_from(parts.load_part(cut.second()), cut.second_row - 1))

    assert rows == _whole_rows(path)[cut.second_row - 1 :]


def test_parts_that_span_other_columns_do_not_line_up(tmp_path):
    # The last rows have a cell further right than any row above them.
    rows = _h2a_rows(ROWS)
    rows[-1] = [*rows[-1], "", "", "a note"]
    cut = parts.cut_workbook(_h2a_xlsx(tmp_path, rows))
    assert cut is not None

    first, second = parts.load_part(cut.first()), parts.load_part(cut.second())

    assert not parts.aligned(first, second, cut.second_row)


def test_it_does_not_cut_what_it_cannot_check_or_would_gain_little_from(tmp_path, monkeypatch):
    large = _h2a_xlsx(tmp_path, _h2a_rows(ROWS))
    two_sheets = tmp_path / "two-sheets.xlsx"
    with zipfile.ZipFile(large) as source, zipfile.ZipFile(two_sheets, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        target.writestr("xl/worksheets/sheet2.xml", source.read("xl/worksheets/sheet1.xml"))
    not_a_zip = tmp_path / "broken.xlsx"
    not_a_zip.write_bytes(b"PK\x03\x04 not really")
    few_rows = _h2a_xlsx(tmp_path, _h2a_rows(40), name="few.xlsx")  # the cut would fall in row 50 or above
    text = write_csv(tmp_path / "cases.csv", [H2A, *_h2a_rows(ROWS)])

    for path in (two_sheets, not_a_zip, few_rows, text):
        assert parts.cut_workbook(path) is None, path.name
    assert not parts.worth_cutting(text)
    monkeypatch.setattr(parts, "MIN_SHEET_BYTES", 8 << 20)
    assert not parts.worth_cutting(large)
    assert parts.cut_workbook(large) is None


def test_only_importers_that_shape_row_by_row_may_have_their_files_read_in_parts():
    assert shaped_row_by_row(FileKind.H2A_MAIN)
    assert shaped_row_by_row(FileKind.H2B_MAIN)
    assert shaped_row_by_row(FileKind.H2B_APPENDIX_A)
    assert not shaped_row_by_row(FileKind.H2B_APPENDIX_C)  # it gathers a case's rows into links


needs_fork = pytest.mark.skipif(not background.background_available(), reason="this system cannot fork")


def _read(source: ParsedFile) -> tuple[object, list[object], list[tuple[int, int | None]]]:
    progress: list[tuple[int, int | None]] = []
    source.progress = lambda done, total: progress.append((done, total))
    with source:
        return source.info, [_comparable(item) for item in source], progress


def _comparable(item: object) -> object:
    if isinstance(item, RowError):  # exceptions compare by identity
        return (item.code, item.field, item.params, item.row_number)
    return item


def _cut_read_equals_whole_read(path: Path, parts_allowed: background.Parts) -> None:
    here = _read(ParsedFile(path, shape=row_shaper))
    there = _read(parsed_file(path, shape=row_shaper, parts=parts_allowed))

    assert there[0] == here[0]
    assert there[1] == here[1]
    assert there[2][-1] == here[2][-1]
    assert [done for done, _total in there[2]] == sorted(done for done, _total in there[2])


@needs_fork
def test_a_file_read_in_two_parts_gives_the_same_records_errors_and_progress(tmp_path):
    path = _h2a_xlsx(tmp_path, _h2a_rows(ROWS, bad_every=97))
    assert parts.worth_cutting(path)

    _cut_read_equals_whole_read(path, shaped_row_by_row)


@needs_fork
def test_rows_that_do_not_line_up_are_read_whole_with_the_same_result(tmp_path):
    rows = _h2a_rows(ROWS)
    rows[-1] = [*rows[-1], "", "", "a note"]

    _cut_read_equals_whole_read(_h2a_xlsx(tmp_path, rows), shaped_row_by_row)


@needs_fork
def test_a_kind_its_header_reveals_as_not_read_in_parts_is_read_by_the_child_alone(tmp_path):
    # Allowed by its name (asked here), refused once the child has read its header (asked there).
    here = os.getpid()

    _cut_read_equals_whole_read(_h2a_xlsx(tmp_path, _h2a_rows(ROWS)), lambda _kind: os.getpid() == here)


@needs_fork
def test_a_second_part_that_cannot_be_loaded_leaves_the_file_read_whole(tmp_path, monkeypatch):
    def failing(cut, shape, reports, plans):
        reports.send_bytes(pickle.dumps(("failed", "no memory")))

    monkeypatch.setattr(background, "_read_second_part", failing)

    _cut_read_equals_whole_read(_h2a_xlsx(tmp_path, _h2a_rows(ROWS)), shaped_row_by_row)


@needs_fork
def test_a_second_part_that_fails_while_parsing_fails_the_read(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the second part")

    monkeypatch.setattr(background, "source_rows", broken)  # only the second part's process calls it
    path = _h2a_xlsx(tmp_path, _h2a_rows(ROWS))

    with (
        pytest.raises(BackgroundFailure, match="a bug in the second part"),
        parsed_file(path, shape=row_shaper, parts=shaped_row_by_row) as source,
    ):
        list(source)


@needs_fork
def test_closing_before_the_end_stops_the_second_part_s_process_too(tmp_path, monkeypatch):
    pids = tmp_path / "second.pid"
    real = background._read_second_part

    def noted(*args):
        pids.write_text(str(os.getpid()))
        real(*args)

    monkeypatch.setattr(background, "_read_second_part", noted)
    source = parsed_file(_h2a_xlsx(tmp_path, _h2a_rows(ROWS)), shape=row_shaper, parts=shaped_row_by_row)
    assert next(iter(source)) is not None
    source.close()

    pid = int(pids.read_text())
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopts it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@needs_fork
def test_a_file_read_ahead_is_loaded_at_the_lowest_priority(tmp_path):
    path = _h2a_xlsx(tmp_path, _h2a_rows(10))
    own = os.getpriority(os.PRIO_PROCESS, 0)

    with parsed_file(path, held=True) as ahead, parsed_file(path) as current:
        assert isinstance(ahead, background._Background)
        assert isinstance(current, background._Background)
        ahead.info, current.info  # noqa: B018 - both children have started
        assert os.getpriority(os.PRIO_PROCESS, ahead._process.pid) == 19
        assert os.getpriority(os.PRIO_PROCESS, current._process.pid) == own


REAL_CUT = [
    "H-2A_Disclosure_Data_FY17.xlsx",
    "H-2B_Disclosure_Data_FY2019.xlsx",
    "H-2B_Appendix_A_FY2022_Q2.xlsx",
]


@needs_fork
@pytest.mark.parametrize("name", REAL_CUT)
def test_each_large_real_file_read_in_two_parts_gives_what_reading_it_whole_gives(dol_dir, name, monkeypatch):
    for limit, value in REAL_LIMITS.items():
        monkeypatch.setattr(parts, limit, value)
    path = dol_dir / name
    assert parts.worth_cutting(path)

    _cut_read_equals_whole_read(path, shaped_row_by_row)


def test_the_real_appendix_c_is_read_whole(dol_dir, monkeypatch):
    """Its importer gathers each case's rows into links: two processes would each gather half."""
    for limit, value in REAL_LIMITS.items():
        monkeypatch.setattr(parts, limit, value)

    assert not background._parts_wanted(dol_dir / "H-2B_Appendix_C_FY2022_Q2.xlsx", shaped_row_by_row)


@needs_fork
def test_a_second_process_that_cannot_be_started_leaves_the_file_read_whole(tmp_path, monkeypatch):
    def no_process(self, *args):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(background._SecondPart, "__init__", no_process)

    _cut_read_equals_whole_read(_h2a_xlsx(tmp_path, _h2a_rows(ROWS)), shaped_row_by_row)
