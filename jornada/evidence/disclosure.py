"""Disclosure control for published counts: primary and complementary cell suppression.

Pure: no Django, no database. A set of tables published together is described as *cells*
(counts under a key) and *sums* that tie them (``total = part + part + …``): each table's rows,
columns and grand total, and every margin two tables share (the same cut by state and by crop
share the category totals and the grand total, because they are the same cells under the
same keys). Suppressing over the whole set at once is what protects a cell against an attacker
who subtracts across tables, not only within one.

The rules (stated on the public methodology page):

1. *Primary*: a count from 1 to ``THRESHOLD - 1`` is never shown ("fewer than 11"); zero is.
2. *Complementary*: in every sum, a suppressed cell never stands alone. While some sum has
   exactly one suppressed member, the smallest count of at least ``THRESHOLD`` among its
   parts is hidden too, or its total when no part qualifies. Zero is never chosen (hiding a
   zero protects nothing an attacker cannot guess).
3. *Audit*: an attacker who knows every published figure, that a cell shown "fewer than 11"
   holds 1 to 10 and that a "hidden" cell holds at least 11 solves for the smallest and the
   largest value each hidden cell can take (an integer program over all the sums). While any
   hidden cell has a single possible value, one more cell next to it is hidden and rule 2 runs
   again. Since the number of cells is finite, this stops; at worst everything is hidden.

No maintained Python library does this: ``acro`` (SACRO) checks researchers' outputs for
primary suppression (threshold, dominance) but leaves complementary suppression to the
researcher and pulls in pandas and statsmodels; ``pytauargus`` drives τ-Argus, a Windows
program that must be installed separately. The audit's integer programs use HiGHS through
``highspy`` (a wheel with no external program).
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

THRESHOLD = 11

Key = Hashable


class Mark(enum.Enum):
    SHOWN = "shown"
    PRIMARY = "primary"  # 1 to 10: "fewer than 11"
    COMPLEMENTARY = "complementary"  # hidden so that a primary cell cannot be worked out


@dataclass(frozen=True)
class Sum:
    """``cells[total] == sum(cells[p] for p in parts)``, published together."""

    total: Key
    parts: tuple[Key, ...]

    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass
class Suppression:
    """What a table set may show: each cell's mark, and every value that stays visible."""

    values: dict[Key, int]
    marks: dict[Key, Mark]
    sums: list[Sum] = field(default_factory=list)

    def shown(self, key: Key) -> int | None:
        """Return the count to publish for ``key``, or None when it is hidden."""
        return self.values[key] if self.marks[key] is Mark.SHOWN else None

    def hidden(self) -> list[Key]:
        return [key for key, mark in self.marks.items() if mark is not Mark.SHOWN]


def is_primary(value: int) -> bool:
    """Return True for a count that may never be shown: 1 to THRESHOLD - 1."""
    return 0 < value < THRESHOLD


def suppress(values: Mapping[Key, int], sums: Iterable[Sum]) -> Suppression:
    """Mark every cell of a table set shown, primary or complementary so no hidden one is recoverable."""
    values = dict(values)
    sums = list(sums)
    for one in sums:
        missing = [key for key in one.members() if key not in values]
        if missing:
            raise ValueError(f"sum names cells that have no value: {missing!r}")
        if values[one.total] != sum(values[p] for p in one.parts):
            raise ValueError(f"the parts of {one.total!r} do not add up to it")
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    marks = {key: Mark.PRIMARY if is_primary(v) else Mark.SHOWN for key, v in values.items()}
    result = Suppression(values=values, marks=marks, sums=sums)
    by_cell: dict[Key, list[Sum]] = {}
    for one in sums:
        for key in one.members():
            by_cell.setdefault(key, []).append(one)
    while True:
        _close_single_lines(result)
        exposed = recoverable(result)
        if not exposed:
            return result
        if not any(_hide_neighbour(result, key, by_cell.get(key, [])) for key in exposed):
            # Nothing left to hide next to an exposed cell: hide every cell still shown in its
            # sums (cannot normally happen, but never publish a recoverable cell).
            for key in exposed:
                for one in by_cell.get(key, []):
                    for member in one.members():
                        if result.values[member] > 0:
                            result.marks[member] = _hidden_mark(result.values[member])


def _hidden_mark(value: int) -> Mark:
    return Mark.PRIMARY if is_primary(value) else Mark.COMPLEMENTARY


def _candidate(result: Suppression, one: Sum) -> Key | None:
    """Return the cell to hide next in ``one``: its smallest shown part ≥ THRESHOLD, else its total."""
    parts = [p for p in one.parts if result.marks[p] is Mark.SHOWN and result.values[p] >= THRESHOLD]
    if parts:
        return min(parts, key=lambda p: (result.values[p], repr(p)))
    if result.marks[one.total] is Mark.SHOWN and result.values[one.total] >= THRESHOLD:
        return one.total
    return None


def _close_single_lines(result: Suppression) -> None:
    """Apply rule 2 until no sum has exactly one hidden member."""
    changed = True
    while changed:
        changed = False
        for one in result.sums:
            hidden = [k for k in one.members() if result.marks[k] is not Mark.SHOWN]
            if len(hidden) == 1:
                key = _candidate(result, one)
                if key is not None:
                    result.marks[key] = Mark.COMPLEMENTARY
                    changed = True


def _hide_neighbour(result: Suppression, key: Key, sums: Sequence[Sum]) -> bool:
    """Hide the smallest eligible cell sharing a sum with ``key``; return False when there is none."""
    options = [c for one in sums if (c := _candidate(result, one)) is not None]
    if not options:
        return False
    chosen = min(options, key=lambda c: (result.values[c], repr(c)))
    result.marks[chosen] = Mark.COMPLEMENTARY
    return True


def bounds(result: Suppression) -> dict[Key, tuple[int, int]]:
    """Return, for each hidden cell, the smallest and largest value an attacker can prove it holds.

    The attacker knows every shown cell, every sum, that a primary cell holds 1 to 10 and that a
    complementary cell holds at least THRESHOLD; the answer is exact (integer programs).
    """
    hidden = result.hidden()
    if not hidden:
        return {}
    index = {key: i for i, key in enumerate(hidden)}
    ceiling = sum(result.values.values()) + THRESHOLD  # no count exceeds everything published
    rows: list[tuple[list[int], list[float], float]] = []
    for one in result.sums:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for key, sign in ((one.total, 1.0), *((p, -1.0) for p in one.parts)):
            if key in index:
                coefficients[index[key]] = coefficients.get(index[key], 0.0) + sign
            else:
                constant -= sign * result.values[key]
        if coefficients:
            rows.append((list(coefficients), list(coefficients.values()), constant))
    # The core solver: highspy.Highs() sets a callback while it is built, which prints HiGHS's
    # banner to stdout before output_flag can be turned off.
    h = highspy._core._Highs()
    h.setOptionValue("output_flag", False)
    n = len(hidden)
    lower = [1.0 if result.marks[k] is Mark.PRIMARY else float(THRESHOLD) for k in hidden]
    upper = [float(THRESHOLD - 1) if result.marks[k] is Mark.PRIMARY else float(ceiling) for k in hidden]
    h.addVars(n, np.array(lower), np.array(upper))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
    for columns, weights, constant in rows:
        h.addRow(constant, constant, len(columns), np.array(columns, dtype=np.int32), np.array(weights))
    found: dict[Key, tuple[int, int]] = {}
    zero = np.zeros(n)
    for key, i in index.items():
        ends = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            cost = zero.copy()
            cost[i] = 1.0
            h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            h.changeObjectiveSense(sense)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(
                    f"the audit could not bound {key!r}: {h.modelStatusToString(h.getModelStatus())}"
                )
            ends.append(round(h.getInfo().objective_function_value))
        found[key] = (ends[0], ends[1])
    return found


def recoverable(result: Suppression) -> list[Key]:
    """Return the hidden cells whose value an attacker can prove exactly."""
    return [key for key, (low, high) in bounds(result).items() if low == high]


# --- Tables: the shapes the statistics publish, turned into cells and sums ----------------------


@dataclass(frozen=True)
class Table:
    """A two-way count: ``counts[(row, column)]``, with its row and column totals and grand total.

    ``row_dimension`` and ``column_dimension`` name what the rows and columns are ("category",
    "state"); two tables of the same ``scope`` (the same filter) that share a dimension share
    those totals as the same cells, which is what links them. A one-way table has the single
    column ``ALL``.
    """

    name: str
    scope: str
    row_dimension: str
    column_dimension: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[str, str], int]

    def cell_key(self, row: str, column: str) -> Key:
        if self.columns == (ALL,):
            return self.row_total_key(row)
        return (self.scope, self.name, row, column)

    def row_total_key(self, row: str) -> Key:
        return (self.scope, "margin", self.row_dimension, row)

    def column_total_key(self, column: str) -> Key:
        return (self.scope, "margin", self.column_dimension, column)

    def grand_total_key(self) -> Key:
        return (self.scope, "total")

    def cells_and_sums(self) -> tuple[dict[Key, int], list[Sum]]:
        values: dict[Key, int] = {}
        sums: list[Sum] = []
        for row in self.rows:
            for column in self.columns:
                values[self.cell_key(row, column)] = int(self.counts.get((row, column), 0))
        for row in self.rows:
            values[self.row_total_key(row)] = sum(int(self.counts.get((row, c), 0)) for c in self.columns)
        values[self.grand_total_key()] = sum(values[self.row_total_key(r)] for r in self.rows)
        sums.append(Sum(self.grand_total_key(), tuple(self.row_total_key(r) for r in self.rows)))
        if self.columns != (ALL,):
            for column in self.columns:
                values[self.column_total_key(column)] = sum(
                    int(self.counts.get((r, column), 0)) for r in self.rows
                )
            for row in self.rows:
                sums.append(Sum(self.row_total_key(row), tuple(self.cell_key(row, c) for c in self.columns)))
            for column in self.columns:
                sums.append(
                    Sum(self.column_total_key(column), tuple(self.cell_key(r, column) for r in self.rows))
                )
            sums.append(Sum(self.grand_total_key(), tuple(self.column_total_key(c) for c in self.columns)))
        return values, sums


ALL = "all"


def suppress_tables(tables: Sequence[Table], *, same: Iterable[tuple[Key, Key]] = ()) -> Suppression:
    """Suppress a set of tables published together, over every cell and sum they share.

    ``same`` names pairs of cells of different tables that hold one figure (a year's total in
    the table by year, and the grand total of that year's own table): each pair is a sum of one
    part, so hiding either hides both.
    """
    values: dict[Key, int] = {}
    sums: list[Sum] = [Sum(a, (b,)) for a, b in same]
    seen: set[Sum] = set(sums)
    for table in tables:
        table_values, table_sums = table.cells_and_sums()
        for key, value in table_values.items():
            if key in values and values[key] != value:
                raise ValueError(f"{table.name} disagrees with another table on the shared cell {key!r}")
            values[key] = value
        for one in table_sums:
            if one not in seen:
                seen.add(one)
                sums.append(one)
    return suppress(values, sums)
