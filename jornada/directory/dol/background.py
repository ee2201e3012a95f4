"""Reading and parsing a DOL file in a child process while the importer works on its rows.

Reading a workbook and parsing its rows is about a third of an import and needs nothing from
the database. :func:`parsed_file` forks a child that does it and streams the parsed records
back in batches, so that on a machine with two cores the importer resolves names and writes
while the file is still being read, and a command importing several files can start reading
the next one while it writes the last (``jornada import_dol``). The child never touches the
database: it inherits this process's connections and leaves them alone. Where fork is not
available (or in a daemonic process, which may not have children) the file is read in this
process instead, with exactly the same records and errors.

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
import queue
import signal
import threading
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
"""Records sent together: large enough that pickling costs little, small enough to stream."""
AHEAD = 256
"""Batches the child may hold while this process is busy (about 100 MB of FY2017-shaped rows)."""


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

    def release(self) -> None:
        """Let a file opened ``held`` be parsed (iterating it does so too)."""

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

    def __init__(
        self, path: Path, *, progress: Progress | None = None, shape: Shaper | None = None, held: bool = False
    ) -> None:
        super().__init__(path, progress=progress, shape=shape)
        context = multiprocessing.get_context("fork")
        self._go = context.Event()
        if not held:
            self._go.set()
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_in_child,
            args=(self.path, sender, shape, self._go),
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

    def release(self) -> None:
        self._go.set()

    def __iter__(self) -> Iterator[Item]:
        self.release()
        self.info  # noqa: B018 - the first message
        while True:
            message = self._receive()
            if message[0] == "end":
                return
            _, batch, done, total = message
            yield from batch
            self._report(done, total)

    def close(self) -> None:
        self._receiver.close()
        if self._process.is_alive():
            # Abandoned before the end: its writer may wait forever on a full pipe, whose
            # reading end forked children (itself included) still hold open after this one is
            # closed. It holds nothing that needs cleaning up, and a SIGTERM handler inherited
            # from this process could ignore a terminate().
            self._process.kill()
        self._process.join()


def parsed_file(
    path: Path, *, progress: Progress | None = None, shape: Shaper | None = None, held: bool = False
) -> ParsedFile:
    """Open a DOL file for import: read by a child process where one can be forked.

    ``shape`` (see ``Shaper``) runs where the file is read: in the child, it takes the pure
    part of each row's import off this process. ``held``, the child loads the file and waits
    for ``release()`` (or the first iteration) to parse it: a file read ahead of its turn
    then takes no processor from the one being imported (see ``imports.dol_files_import``).
    """
    if background_available():
        try:
            return _Background(path, progress=progress, shape=shape, held=held)
        except OSError:  # no process to spare (a container's limit, memory): read it here
            pass
    return ParsedFile(path, progress=progress, shape=shape)


def _items(dol: Any, info: FileInfo, shape: Shaper | None) -> Iterator[Item | None]:
    """The parsed rows of an open file, shaped for its importer."""
    rows = parse_rows(dol)
    return rows if shape is None else shape(info)(rows)


def _read_in_child(path: Path, sender: Connection, shape: Shaper | None, go: Any) -> None:
    """The child: read and parse ``path``, send pickled batches; never blocked by a slow reader.

    A writer thread sends while this thread parses: a pipe holds only a few kilobytes, and the
    parent may be busy writing the previous file for seconds.
    """
    # Ctrl-C reaches the whole process group: the parent rolls back and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything parsed here is sent and dropped, or lives until the child exits: collecting
    # cycles would only walk the records again and again (see imports._collection_paused).
    gc.disable()
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)

    def send() -> None:
        while (blob := outbox.get()) is not None:
            try:
                sender.send_bytes(blob)
            except OSError:  # the parent closed its end: nobody is reading any more
                return

    writer = threading.Thread(target=send, daemon=True)
    writer.start()
    state: list[Any] = [0, None]

    def progress(done: int, total: int | None) -> None:
        state[:] = [done, total]

    def put(*message: Any) -> None:
        outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    try:
        with open_dol_file(path, progress=progress) as dol:
            put("info", dol.info)
            go.wait()
            batch: list[Item] = []
            taken = 0  # rows taken in since the last message, sent or not (see Shaper)
            for item in _items(dol, dol.info, shape):
                if item is not None:
                    batch.append(item)
                taken += 1
                if taken >= BATCH:
                    put("rows", batch, *state)  # maybe empty: the progress made meanwhile
                    batch = []
                    taken = 0
            put("rows", batch, *state)
        put("end")
    except DolFileError as error:
        put("error", error)
    except BaseException:  # reported to the parent, which raises it
        put("failed", traceback.format_exc())
    finally:
        outbox.put(None)
        writer.join()
        sender.close()
