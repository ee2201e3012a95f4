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

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from .columns import FileKind
from .kinds import DolFileError, FileInfo, kind_from_name
from .normalise import RowError
from .parts import (
    LoadedPart,
    SheetCut,
    aligned,
    cut_workbook,
    load_part,
    rows_from,
    rows_total,
    worth_cutting,
)
from .readers import DolFile, SheetRows, open_dol_file, source_rows
from .records import Record, parse_rows

Progress = Callable[[int, int | None], None]
Item = Any  # a record (or what ``shape`` makes of it), or a RowError
Shaper = Callable[[FileInfo], Callable[[Iterator[Record | RowError]], Iterator[Item | None]]]
"""Given what a file is, what turns its parsed rows into what its importer takes.

The shaped stream passes RowErrors on, and may yield None for a row it only took in (rows
gathered and yielded together later): None is never yielded from a ``ParsedFile``.
"""

Parts = Callable[[FileKind], bool]
"""Whether the rows of a kind of file may be read in two parts by two processes: true where
its shaping takes each row on its own (``dol.parts``; a stream that gathers rows is read whole)."""

BATCH = 2000
"""Records sent together: large enough that pickling costs little, small enough to stream."""
FIRST_BATCH = 200
"""The first batch is smaller: the importer waits for it (2,000 of FY2017's rows took 0.13 s)."""
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
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        shape: Shaper | None = None,
        held: bool = False,
        parts: Parts | None = None,
    ) -> None:
        super().__init__(path, progress=progress, shape=shape)
        in_parts = parts is not None and _parts_wanted(self.path, parts)
        context = multiprocessing.get_context("fork")
        self._go = context.Event()
        if not held:
            self._go.set()
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_in_child,
            args=(self.path, sender, shape, self._go, held, parts if in_parts else None),
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
        before = 0  # rows of the first part, once the second part's batches come (they count from 0)
        while True:
            message = self._receive()
            if message[0] == "end":
                return
            if message[0] == "part":
                before = message[1]
                continue
            _, batch, done, total = message
            yield from batch
            self._report(before + done, total)

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
    path: Path,
    *,
    progress: Progress | None = None,
    shape: Shaper | None = None,
    held: bool = False,
    parts: Parts | None = None,
) -> ParsedFile:
    """Open a DOL file for import: read by a child process where one can be forked.

    ``shape`` (see ``Shaper``) runs where the file is read: in the child, it takes the pure
    part of each row's import off this process. ``held``, the child loads the file and waits
    for ``release()`` (or the first iteration) to parse it: a file read ahead of its turn
    then takes no processor from the one being imported (see ``imports.dol_files_import``).
    With ``parts``, a large workbook whose name says it is of a kind that ``parts`` allows is
    cut in two (``dol.parts``): the child loads the first part while a process of its own loads
    the second, then parses and shapes its rows while the child does the first part's.
    """
    if background_available():
        try:
            return _Background(path, progress=progress, shape=shape, held=held, parts=parts)
        except OSError:  # no process to spare (a container's limit, memory): read it here
            pass
    return ParsedFile(path, progress=progress, shape=shape)


def _items(rows: Any, info: FileInfo, shape: Shaper | None) -> Iterator[Item | None]:
    """The parsed rows of an open file (or of part of it), shaped for its importer."""
    records = parse_rows(rows, info)
    return records if shape is None else shape(info)(records)


def _progress_kept(total: int | None = None) -> tuple[list[Any], Progress]:
    """A reader's progress, kept as ``[done, total]`` for the batches it sends, and what keeps it."""
    state: list[Any] = [0, total]

    def progress(done: int, total: int | None) -> None:
        state[:] = [done, total]

    return state, progress


def _parts_wanted(path: Path, parts: Parts) -> bool:
    """Would the child cut this file? Its name must say its kind (the header is read later)."""
    try:
        kind = kind_from_name(path.name)
    except DolFileError:
        return False
    return kind is not None and parts(kind) and worth_cutting(path)


class _Outbox:
    """Pickled messages sent by a thread of their own, so that the sender never waits on the reader.

    A pipe holds only a few kilobytes, and its reader may be busy for seconds (the parent
    writing the previous file; the first part's process parsing its own rows).
    """

    def __init__(self, connection: Connection, *, on_closed: Callable[[], None] | None = None) -> None:
        self._connection = connection
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
        self._on_closed = on_closed
        self._thread = threading.Thread(target=self._send, daemon=True)
        self._thread.start()

    def _send(self) -> None:
        while (blob := self._queue.get()) is not None:
            try:
                self._connection.send_bytes(blob)
            except OSError:  # the reader closed its end: nobody is reading any more
                if self._on_closed is not None:
                    self._on_closed()
                return

    def put(self, *message: Any) -> None:
        self._queue.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, blob: bytes) -> None:
        self._queue.put(blob)

    def close(self) -> None:
        """Send what is queued, then close the connection."""
        self._queue.put(None)
        self._thread.join()
        self._connection.close()


def _send_items(items: Iterator[Item | None], outbox: _Outbox, state: list[Any]) -> None:
    """Send the items in batches with the progress made (``state``), and a last, maybe empty, batch."""
    batch: list[Item] = []
    taken = 0  # rows taken in since the last message, sent or not (see Shaper)
    limit = FIRST_BATCH
    for item in items:
        if item is not None:
            batch.append(item)
        taken += 1
        if taken >= limit:
            outbox.put("rows", batch, *state)  # maybe empty: the progress made meanwhile
            batch = []
            taken = 0
            limit = BATCH
    outbox.put("rows", batch, *state)


def _read_in_child(
    path: Path, sender: Connection, shape: Shaper | None, go: Any, held: bool, parts: Parts | None
) -> None:
    """The child: read and parse ``path``, send pickled batches; never blocked by a slow reader.

    With ``parts``, the file may be cut in two (``_SecondPart``): this process then sends the
    first part's batches, a ``("part", rows)`` message, and the second part's batches, as
    they come from the process that made them.
    """
    # Ctrl-C reaches the whole process group: the parent rolls back and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything parsed here is sent and dropped, or lives until the child exits: collecting
    # cycles would only walk the records again and again (see imports._collection_paused).
    gc.disable()
    if held:
        # Read ahead of its turn: it loads with what the processes importing the files before
        # it leave of the processors, never taking theirs. (Its priority stays low after it
        # is released; on two cores the importer and this child then each have one.)
        os.nice(19)
    second = None
    # No memory or process to spare for two parts: the file is read whole.
    with contextlib.suppress(OSError, MemoryError):
        cut = cut_workbook(path) if parts is not None else None
        # Forked before this process starts a thread: a thread's locks would be copied held.
        second = _SecondPart(cut, shape, sender) if cut is not None else None
    outbox = _Outbox(sender)
    state, progress = _progress_kept()
    try:
        sheet = second.first_sheet() if second is not None else None
        if second is not None and sheet is None:  # the parts do not line up: read it whole
            second.stop()
            second = None
        with open_dol_file(path, progress=progress, sheet=sheet) as dol:
            state[1] = dol.rows_total  # the first batch goes before the reader's first report
            outbox.put("info", dol.info)
            go.wait()
            if second is not None:
                assert parts is not None  # noqa: S101 - a second part only comes with parts
                second.plan(dol if parts(dol.info.kind) else None)
            _send_items(_items(dol, dol.info, shape), outbox, state)
            if second is not None and second.in_two:
                outbox.put("part", state[0])
                for blob in second.batches():
                    outbox.put_bytes(blob)
        outbox.put("end")
    except DolFileError as error:
        outbox.put("error", error)
    except BaseException:  # reported to the parent, which raises it
        outbox.put("failed", traceback.format_exc())
    finally:
        outbox.close()
        if second is not None:
            second.stop()


class _SecondPart:
    """The second part of a cut workbook, in a process forked from the reading child.

    It loads its part while the child loads the first, and says what range it holds. Once the
    child has read the header and been released, ``plan`` tells it to parse and shape its rows
    (sending pickled batches back, ended by an empty message) or to stop. Told to stop, or
    where its rows would not line up with the first part's, the child reads the second part
    itself, after the first: what the file gives is the same either way.
    """

    def __init__(self, cut: SheetCut, shape: Shaper | None, sender: Connection) -> None:
        self.cut = cut
        plans, self._plans = multiprocessing.Pipe(duplex=False)
        self._reports, reports = multiprocessing.Pipe(duplex=False)
        self.pid = os.fork()
        if self.pid == 0:  # the second part's process: it must never return into the child's code
            code = 1
            try:
                for end in (sender, self._plans, self._reports):
                    end.close()  # so that each of them sees its other end go when the child does
                _read_second_part(cut, shape, reports, plans)
                code = 0
            finally:
                os._exit(code)
        plans.close()
        reports.close()
        self.in_two = False
        self._planned = False
        self._read_here = False
        self._first_end = 0

    def first_sheet(self) -> SheetRows | None:
        """The first part's rows, and the second's if it is not read in two; None if they do not line up."""
        try:
            first = load_part(self.cut.first())
            _, start, end = pickle.loads(self._reports.recv_bytes())  # noqa: S301 - our own process
        except Exception:  # a part that cannot be loaded, or its process failed: read it whole
            return None
        second = LoadedPart(start, end, iter(()))
        if not aligned(first, second, self.cut.second_row):
            return None
        assert first.end is not None  # noqa: S101 - checked by aligned()
        self._first_end = first.end[0]
        return SheetRows(chain(first.rows, self._rest()), rows_total(second))

    def _rest(self) -> Iterator[list[Any]]:
        """What follows the first part's rows: nothing if the second process reads them, else them."""
        if self._planned and self.in_two:
            return
        self._read_here = True  # reached before the plan (the rows sampled for a year): read here
        yield from rows_from(load_part(self.cut.second()), self._first_end + 1)

    def plan(self, dol: DolFile | None) -> None:
        """Let the second process parse its rows as ``dol``'s (or stop it, for None)."""
        self._planned = True
        self.in_two = dol is not None and not self._read_here
        plan = (dol.info, dol.columns, dol.rows_total) if dol is not None and self.in_two else None
        self._plans.send_bytes(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))

    def batches(self) -> Iterator[bytes]:
        """The second process's messages, pickled, until it says it is done."""
        while True:
            try:
                blob = self._reports.recv_bytes()
            except (EOFError, OSError):
                failure = f"{self.cut.second_row}: the process reading the second part ended early"
                yield pickle.dumps(("failed", failure))
                return
            if not blob:
                return
            yield blob

    def stop(self) -> None:
        """End the second process, whatever it is doing, and wait for it (it holds nothing to clean)."""
        if self.pid <= 0:
            return
        for end in (self._plans, self._reports):
            end.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = 0


def _read_second_part(cut: SheetCut, shape: Shaper | None, reports: Connection, plans: Connection) -> None:
    """The second part's process: load it, say its range, then parse and shape it if asked to."""
    outbox = _Outbox(reports, on_closed=lambda: os._exit(1))  # the child has gone: so does this
    try:
        part = load_part(cut.second())
        outbox.put("loaded", part.start, part.end)
        # Its rows are wanted only once the first part's are sent: meanwhile it parses ahead
        # with what the child and the importer leave of the processors, never taking theirs.
        os.nice(19)
        try:
            plan = pickle.loads(plans.recv_bytes())  # noqa: S301 - our own process
        except (EOFError, OSError):  # the child has gone
            return
        if plan is None:
            return
        info, columns, total = plan
        state, progress = _progress_kept(total)
        rows = source_rows(
            rows_from(part, cut.second_row - 1),
            first_row_number=cut.second_row,
            columns=columns,
            rows_total=total,
            progress=progress,
        )
        _send_items(_items(rows, info, shape), outbox, state)
        outbox.put_bytes(b"")
    except BaseException:
        outbox.put("failed", traceback.format_exc())
    finally:
        outbox.close()
