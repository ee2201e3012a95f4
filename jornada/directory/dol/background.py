"""Reading and parsing a DOL file in a child process while the importer writes its rows.

Reading a workbook and parsing its rows needs nothing from the database. :func:`parsed_file`
forks one child that does it (and shapes the rows for the importer, ``shape``) and sends the
results back in batches through a pipe, so that on two cores the importer resolves and writes
one batch while the child parses the next. The child never touches the database: it inherits
this process's connections and leaves them alone. Where fork is not available (or in a daemonic
process, which may not have children) the file is read in this process instead, with exactly
the same records and errors.

Usage::

    with parsed_file(path) as parsed:   # the child starts reading at once
        parsed.info                     # waits for the header; raises DolFileError
        for item in parsed:             # records and RowErrors, in file order
            ...
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from .kinds import DolFileError, FileInfo
from .normalise import RowError
from .readers import open_dol_file
from .records import Record, parse_rows

Progress = Callable[[int, int | None], None]
Item = Any  # a record (or what ``shape`` makes of it), or a RowError
Shaper = Callable[[FileInfo], Callable[[Iterator[Record | RowError]], Iterator[Item | None]]]
"""Given what a file is, what turns its parsed rows into what its importer takes.

The shaped stream passes RowErrors on, and may yield None for a row it only took in (rows
gathered and yielded together later): None is never yielded from a ``ParsedFile``.
"""

BATCH = 2000
"""Rows sent together: large enough that pickling costs little, small enough to stream."""


def background_available() -> bool:
    """Can this process fork a reading child?"""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


class ParsedFile:
    """A DOL file's description and its parsed rows, read in this process.

    ``progress(done, total)`` is called as rows are consumed; it may be set after opening.
    With ``shape``, what is yielded is ``shape(info)(rows)`` (see ``Shaper``).
    """

    def __init__(self, path: Path, *, progress: Progress | None = None, shape: Shaper | None = None) -> None:
        self.path = Path(path)
        self.progress = progress
        self.shape = shape
        self._dol: Any = None

    @property
    def info(self) -> FileInfo:
        """What the file is; opening it raises ``DolFileError`` if it cannot be imported."""
        if self._dol is None:
            self._dol = open_dol_file(self.path, progress=self._report)
        info: FileInfo = self._dol.info
        return info

    def _report(self, done: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def __iter__(self) -> Iterator[Item]:
        return (item for item in _items(self._dol, self.info, self.shape) if item is not None)

    def close(self) -> None:
        if self._dol is not None:
            self._dol.close()

    def __enter__(self) -> ParsedFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class BackgroundFailure(RuntimeError):
    """The reading child failed in a way the file itself does not explain (a bug, or it was killed)."""


class _Background(ParsedFile):
    """The same, read by a forked child: started at once, consumed as batches arrive."""

    def __init__(self, path: Path, *, progress: Progress | None = None, shape: Shaper | None = None) -> None:
        super().__init__(path, progress=progress, shape=shape)
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_in_child,
            args=(self.path, sender, shape),
            name=f"reading {self.path.name}",
            daemon=True,
        )
        try:
            self._process.start()
        except OSError:
            self._receiver.close()
            raise
        finally:
            sender.close()  # the child's end: EOF here once the child has gone
        self._info: FileInfo | None = None

    def _receive(self) -> tuple[Any, ...]:
        try:
            message: tuple[Any, ...] = pickle.loads(self._receiver.recv_bytes())  # noqa: S301 - our own child
        except (EOFError, OSError) as error:
            raise BackgroundFailure(f"{self.path.name}: the process reading it ended early") from error
        if message[0] == "error":
            raise message[1]
        if message[0] == "failed":
            raise BackgroundFailure(f"{self.path.name}: reading it failed in the background:\n{message[1]}")
        return message

    @property
    def info(self) -> FileInfo:
        if self._info is None:
            _, self._info = self._receive()
        return self._info

    def __iter__(self) -> Iterator[Item]:
        self.info  # noqa: B018 - the first message
        while (message := self._receive())[0] != "end":
            _, batch, done, total = message
            yield from batch
            self._report(done, total)

    def close(self) -> None:
        self._receiver.close()
        if self._process.is_alive():
            # Abandoned before the end, the child may wait forever on a full pipe. It holds
            # nothing that needs cleaning up, and a SIGTERM handler inherited from this process
            # could ignore a terminate().
            self._process.kill()
        self._process.join()


def parsed_file(path: Path, *, progress: Progress | None = None, shape: Shaper | None = None) -> ParsedFile:
    """Open a DOL file for import: read by a child process where one can be forked.

    ``shape`` (see ``Shaper``) runs where the file is read: in the child, it takes the pure
    part of each row's import off this process.
    """
    if background_available():
        try:
            return _Background(path, progress=progress, shape=shape)
        except OSError:  # no process to spare (a container's limit, memory): read it here
            pass
    return ParsedFile(path, progress=progress, shape=shape)


def _items(rows: Any, info: FileInfo, shape: Shaper | None) -> Iterator[Item | None]:
    """The parsed rows of an open file, shaped for its importer."""
    records = parse_rows(rows, info)
    return records if shape is None else shape(info)(records)


class _ParentGone(Exception):
    """This process closed its end of the pipe: nobody reads what the child sends any more."""


def _read_in_child(path: Path, sender: Connection, shape: Shaper | None) -> None:
    """The child: read and parse ``path``, send pickled batches with the progress made."""
    # Ctrl-C reaches the whole process group: the parent rolls back and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything parsed here is sent and dropped: collecting cycles would only walk the
    # records again and again (see imports._collection_paused).
    gc.disable()

    def send(*message: Any) -> None:
        try:
            sender.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            raise _ParentGone from error

    try:
        try:
            _send_rows(path, shape, send)
            send("end")
        except DolFileError as error:
            send("error", error)
        except _ParentGone:
            raise
        except BaseException:  # reported to the parent, which raises it
            send("failed", traceback.format_exc())
    except _ParentGone:
        pass
    finally:
        sender.close()


def _send_rows(path: Path, shape: Shaper | None, send: Callable[..., None]) -> None:
    """Send the file's description, then its items in batches, each with the progress made."""
    progress: list[Any] = [0, None]  # done, total: as the reader last reported them

    def report(done: int, total: int | None) -> None:
        progress[:] = [done, total]

    with open_dol_file(path, progress=report) as dol:
        progress[1] = dol.rows_total  # the first batch may go before the reader's first report
        send("info", dol.info)
        batch: list[Item] = []
        taken = 0  # rows taken in since the last batch, yielded or not (see Shaper)
        for item in _items(dol, dol.info, shape):
            if item is not None:
                batch.append(item)
            taken += 1
            if taken == BATCH:
                send("rows", batch, *progress)  # maybe empty: the progress made meanwhile
                batch, taken = [], 0
        send("rows", batch, *progress)
