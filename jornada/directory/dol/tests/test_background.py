"""Reading a file in a child process gives exactly what reading it here gives: records and errors."""

from __future__ import annotations

import pickle
import signal
import time
from pathlib import Path

import pytest

from jornada.directory.dol import (
    FileKind,
    MissingColumnsError,
    RowError,
    UnreadableFileError,
    UnrecognisedFileError,
    background,
)
from jornada.directory.dol.background import BackgroundFailure, ParsedFile, parsed_file
from jornada.directory.dol.kinds import DolFileError

from .helpers import H2A_COLUMNS as H2A
from .helpers import write_csv

pytestmark = pytest.mark.skipif(not background.background_available(), reason="this system cannot fork")


def _h2a_file(folder: Path, rows: int, *, bad_every: int = 0) -> Path:
    lines = [
        [
            "" if bad_every and number % bad_every == 0 else f"H-300-17{number:06d}",  # rejected
            "Certified",
            f"Huertas {number} LLC",
            "GA",
            "GA",
            number % 40,
        ]
        for number in range(rows)
    ]
    return write_csv(folder / "H-2A_Disclosure_Data_FY2017.csv", [H2A, *lines])


def _read(source: ParsedFile) -> tuple[object, list[object], list[tuple[int, int | None]]]:
    progress: list[tuple[int, int | None]] = []
    source.progress = lambda done, total: progress.append((done, total))
    with source:
        return source.info, list(source), progress


def test_it_gives_the_same_records_errors_and_final_progress_as_reading_here(tmp_path):
    # More rows than one batch, some rejected: the child sends several batches.
    path = _h2a_file(tmp_path, background.BATCH * 2 + 17, bad_every=97)

    here = _read(ParsedFile(path))
    there = _read(parsed_file(path))

    assert there[0] == here[0]
    assert [_comparable(item) for item in there[1]] == [_comparable(item) for item in here[1]]
    assert sum(isinstance(item, RowError) for item in there[1]) == 42
    assert there[2][-1] == here[2][-1] == (background.BATCH * 2 + 17, background.BATCH * 2 + 17)


def _comparable(item: object) -> object:
    if isinstance(item, RowError):  # exceptions compare by identity
        return (item.code, item.field, item.params, item.row_number)
    return item


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("shopping.csv", "item,price\nbeans,2\n", UnrecognisedFileError),
        ("H-2A_Disclosure_Data_FY2016.csv", "CASE_NUMBER,EMPLOYER_NAME\nH-300-1,X\n", MissingColumnsError),
        ("H-2A_Disclosure_Data_FY2016.xlsx", "not a workbook", UnreadableFileError),
    ],
)
def test_a_file_that_cannot_be_imported_raises_the_same_error_from_the_child(tmp_path, name, text, error):
    path = tmp_path / name
    path.write_text(text)

    with pytest.raises(error) as here, ParsedFile(path) as source:
        source.info  # noqa: B018
    with pytest.raises(error) as there, parsed_file(path) as source:
        source.info  # noqa: B018

    assert str(there.value) == str(here.value)
    assert there.value.__dict__ == here.value.__dict__


def test_every_file_error_survives_pickling_with_its_details():
    errors = [
        DolFileError("a.csv", "dol_file_error"),
        UnrecognisedFileError("b.xlsx", "unsupported_format", suffix=".pdf"),
        UnreadableFileError("c.xlsx", reason="bad zip"),
        MissingColumnsError("d.csv", FileKind.H2A_MAIN, {"worksite_state": ("WORKSITE_STATE",)}),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(copy) is type(error)
        assert (str(copy), copy.__dict__) == (str(error), error.__dict__)


def test_closing_before_the_end_stops_the_child(tmp_path):
    path = _h2a_file(tmp_path, background.BATCH * 3)
    source = parsed_file(path)
    assert isinstance(source, background._Background)  # fork is available (see pytestmark)
    assert next(iter(source)) is not None

    started = time.monotonic()
    source.close()

    assert not source._process.is_alive()
    assert time.monotonic() - started < 10  # never waits for the whole file


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path, monkeypatch):
    # The child is a fork of this process: what is patched here is what it runs.
    monkeypatch.setattr(background, "open_dol_file", lambda *args, **kwargs: time.sleep(600))
    source = parsed_file(_h2a_file(tmp_path, 10))
    assert isinstance(source, background._Background)
    source._process.kill()

    with pytest.raises(BackgroundFailure, match=r"FY2017\.csv: the process reading it ended early"), source:
        list(source)


def test_a_failure_in_the_child_that_is_not_the_file_s_fault_comes_back_with_its_traceback(
    tmp_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("a bug in a parser")

    monkeypatch.setattr(background, "parse_rows", broken)
    source = parsed_file(_h2a_file(tmp_path, 10))
    with pytest.raises(BackgroundFailure, match="ValueError: a bug in a parser"), source:
        list(source)


def test_without_fork_the_file_is_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr(background, "background_available", lambda: False)
    path = _h2a_file(tmp_path, 5)

    source = parsed_file(path)

    assert type(source) is ParsedFile
    assert len(_read(source)[1]) == 5


def test_closing_stops_a_child_that_ignores_sigterm(tmp_path, monkeypatch):
    # A SIGTERM handler installed in this process (db_worker installs one) is inherited by
    # the fork; a child stuck writing must still be stopped.
    monkeypatch.setattr(background, "open_dol_file", lambda *args, **kwargs: time.sleep(600))
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        source = parsed_file(_h2a_file(tmp_path, 10))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert isinstance(source, background._Background)

    source.close()

    assert not source._process.is_alive()


def test_when_no_child_can_be_started_the_file_is_read_here(tmp_path, monkeypatch):
    def refused(self):  # type: ignore[no-untyped-def]
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(background.multiprocessing.process.BaseProcess, "start", refused)

    source = parsed_file(_h2a_file(tmp_path, 5))

    assert type(source) is ParsedFile
    assert len(_read(source)[1]) == 5


def _gathered(info):  # type: ignore[no-untyped-def]
    """A shaper that takes every row in and yields them together at the end (as Appendix C's does)."""

    def shaped(rows):  # type: ignore[no-untyped-def]
        kept = []
        for item in rows:
            kept.append(item)
            yield None
        yield ("all", len(kept))

    return shaped


@pytest.mark.parametrize("where", ["here", "in a child"])
def test_rows_taken_in_but_not_yet_yielded_still_move_the_progress(tmp_path, where):
    rows = background.BATCH * 3 + 1
    path = _h2a_file(tmp_path, rows)
    opened = ParsedFile(path, shape=_gathered) if where == "here" else parsed_file(path, shape=_gathered)

    _info, items, progress = _read(opened)

    assert items == [("all", rows)]
    assert progress[-1] == (rows, rows)
    if where == "in a child":
        assert len(progress) >= 3  # a message every batch of rows, even with nothing in it
