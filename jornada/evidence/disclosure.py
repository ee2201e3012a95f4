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
   again.
4. *Withholding*: "fewer than 11" and "hidden" tell a range, and the ranges alone can pin a
   cell (a row total of 2 shown "fewer than 11" with two non-zero parts: each part is 1), which
   no further hiding undoes. When an exposed cell has no shown neighbour left to hide, it and the
   cells of its sums are *withheld*: published as "withheld", with no range (any count from
   0). If that is still not enough, every non-zero cell connected to it is withheld; then the
   all-zero table is consistent with everything shown, so each withheld cell takes at least two
   values (0 and its own). Every pass hides or withholds at least one more cell, so this stops.

No maintained Python library does this: ``acro`` (SACRO) checks researchers' outputs for
primary suppression (threshold, dominance) but leaves complementary suppression to the
researcher and pulls in pandas and statsmodels; ``pytauargus`` drives τ-Argus, a Windows
program that must be installed separately. The audit's integer programs use HiGHS through
``highspy`` (a wheel with no external program).
"""

from __future__ import annotations

import enum
import math
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
    # Withheld: not published, and nothing said of its size (any count from 0). Only for cells
    # that the marks' own ranges pin, which hiding more cannot undo (rule 4).
    WITHHELD = "withheld"


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
    proved: set[Key] = set()  # hidden cells shown safe; they stay safe as more is hidden
    while True:
        _close_single_lines(result)
        exposed = recoverable(result, proved)
        if not exposed:
            return result
        if not _hide_neighbours(result, exposed, by_cell):
            _withhold(result, exposed, by_cell)


def _withhold(result: Suppression, exposed: Sequence[Key], by_cell: Mapping[Key, list[Sum]]) -> None:
    """Rule 4: withhold the exposed cells and the non-zero cells of their sums; failing that, their whole component."""
    changed = False
    for key in exposed:
        for member in (key, *(m for one in by_cell.get(key, []) for m in one.members())):
            if result.values[member] > 0 and result.marks[member] is not Mark.WITHHELD:
                result.marks[member] = Mark.WITHHELD
                changed = True
    if changed:
        return
    seen: set[Key] = set()
    stack = list(exposed)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        if result.values[key] > 0:
            result.marks[key] = Mark.WITHHELD
        stack.extend(m for one in by_cell.get(key, []) for m in one.members() if m not in seen)


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


def _hide_neighbours(result: Suppression, exposed: Sequence[Key], by_cell: Mapping[Key, list[Sum]]) -> bool:
    """Hide a neighbour of each exposed cell whose sums gained no hidden cell yet in this pass.

    One pass of the audit then settles many exposed cells at once instead of one; an exposed
    cell whose sum just gained a hidden cell waits for the next audit, which may find it safe.
    """
    touched: set[Sum] = set()
    hid = False
    for key in exposed:
        sums = by_cell.get(key, [])
        if touched.intersection(sums):
            continue
        chosen = _hide_neighbour(result, key, sums)
        if chosen is not None:
            hid = True
            touched.update(by_cell.get(chosen, []))
    return hid


def _hide_neighbour(result: Suppression, key: Key, sums: Sequence[Sum]) -> Key | None:
    """Hide the smallest eligible cell sharing a sum with ``key``; return it, or None when there is none."""
    options = [c for one in sums if (c := _candidate(result, one)) is not None]
    if not options:
        return None
    chosen = min(options, key=lambda c: (result.values[c], repr(c)))
    result.marks[chosen] = Mark.COMPLEMENTARY
    return chosen


def bounds(result: Suppression) -> dict[Key, tuple[int, int]]:
    """Return, for each hidden cell, the smallest and largest value an attacker can prove it holds.

    The attacker knows every shown cell, every sum, that a primary cell holds 1 to 10 and that a
    complementary cell holds at least THRESHOLD; the answer is exact (two integer programs per
    cell). ``suppress`` does not need the whole interval, only whether it holds one value or
    more: ``recoverable`` decides that far faster and as exactly. This one is kept for audits
    and tests that want the interval itself.
    """
    attack = _Attack(result)
    found: dict[Key, tuple[int, int]] = {}
    for component in attack.components(range(len(attack.hidden))):
        model = attack.model(component, integer=True)
        for i in component:
            found[attack.hidden[i]] = (
                round(model.optimum(i, minimize=True)[0]),
                round(model.optimum(i, minimize=False)[0]),
            )
    return found


def recoverable(result: Suppression, proved: set[Key] | None = None) -> list[Key]:
    """Return the hidden cells whose value an attacker can prove exactly.

    A hidden cell is safe when the tables consistent with everything published give it at
    least two values. Deciding that needs no interval, only a witness:

    *Why a witness is a proof.* Let P be the attacker's polytope (every sum, each shown cell
    fixed, a primary cell in [1, 10], a complementary one in [THRESHOLD, ceiling]) and
    X = P ∩ ℤⁿ the tables the attacker cannot rule out. The true table t lies in X. If an
    integer vector y satisfies every sum and bound exactly (checked here in integer arithmetic,
    not by the solver's tolerances), then y ∈ X, and every cell i with yᵢ ≠ tᵢ takes two values
    over X: the attacker cannot tell tᵢ from yᵢ. The LP relaxation is only how witnesses are
    found: its optimal vertices for "make cell i as small (large) as possible" are integral for
    the network-like sums of two-way tables with margins, so rounding a vertex and checking it
    usually yields y; one witness usually moves a whole cycle of cells and proves all of them.

    *When there is no witness.* Exposure is never concluded from rounding. The LP bounds
    L ≤ min{xᵢ : x ∈ X} ≤ max{xᵢ : x ∈ X} ≤ U hold for any relaxation; if the integers in
    [L, U] are at most one (⌊U⌋ ≤ ⌈L⌉; a solver's rounding error there can only make the cell
    look exposed, which hides one cell more, never one less), the cell is exposed. Otherwise
    the integer programs (HiGHS MIP, as ``bounds``) look for the smallest and the largest value;
    the cell is safe only if one of their solutions, checked exactly as above, gives it another
    value. So "safe" is always backed by a checked table, and every doubt hides more.

    *Why ``proved`` may be kept between passes.* ``suppress`` only ever hides more cells or widens
    a hidden cell's range, and every mark's range holds the cell's true value (1-10 primary,
    ≥ THRESHOLD complementary, ≥ 0 withheld). Every table consistent with the earlier publication, with the newly hidden
    cell set to its true value, is consistent with the new one; so a witness stays a witness,
    and a cell once proved safe stays safe. ``proved`` collects them (when given) so that later
    passes audit only the cells not yet proved.
    """
    proved = set() if proved is None else proved
    attack = _Attack(result)
    pending = {i for i, key in enumerate(attack.hidden) if key not in proved}
    exposed: set[Key] = set()
    for component in attack.components(sorted(pending)):
        safe = attack.audit(component, pending)
        for i in component:
            if i not in pending:
                continue
            if safe[i]:
                proved.add(attack.hidden[i])
            else:
                exposed.add(attack.hidden[i])
    return [key for key in attack.hidden if key in exposed]


class _Model:
    """One HiGHS model of a component of the attacker's system (LP or MIP)."""

    def __init__(self, attack: _Attack, columns: list[int], *, integer: bool) -> None:
        self.columns = columns
        local = {g: j for j, g in enumerate(columns)}
        n = len(columns)
        # The core solver: highspy.Highs() sets a callback while it is built, which prints HiGHS's
        # banner to stdout before output_flag can be turned off.
        h = highspy._core._Highs()
        h.setOptionValue("output_flag", False)
        h.addVars(n, attack.lower[columns].astype(float), attack.upper[columns].astype(float))
        if integer:
            h.changeColsIntegrality(
                n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
            )
        for r in attack.rows_of(columns):
            cols, weights, constant = attack.rows[r]
            h.addRow(
                float(constant),
                float(constant),
                len(cols),
                np.array([local[c] for c in cols], dtype=np.int32),
                weights.astype(float),
            )
        self.h = h
        self.n = n
        self.local = local

    def optimum(self, cost_columns: list[int] | int, *, minimize: bool) -> tuple[float, np.ndarray]:
        """Optimise the sum of the given (global) columns; return its value and the solution."""
        cost = np.zeros(self.n)
        for g in [cost_columns] if isinstance(cost_columns, int) else cost_columns:
            cost[self.local[g]] = 1.0
        h = self.h
        h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), cost)
        h.changeObjectiveSense(highspy.ObjSense.kMinimize if minimize else highspy.ObjSense.kMaximize)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the audit could not solve: {h.modelStatusToString(h.getModelStatus())}")
        return h.getInfo().objective_function_value, np.array(h.getSolution().col_value)


class _Attack:
    """What an attacker knows, as integer data: each hidden cell's range and each sum's equation."""

    def __init__(self, result: Suppression) -> None:
        self.hidden = result.hidden()
        index = {key: i for i, key in enumerate(self.hidden)}
        ceiling = sum(result.values.values()) + THRESHOLD  # no count exceeds everything published
        ranges = {Mark.PRIMARY: (1, THRESHOLD - 1), Mark.COMPLEMENTARY: (THRESHOLD, ceiling)}
        ranges[Mark.WITHHELD] = (0, ceiling)
        self.lower = np.array([ranges[result.marks[k]][0] for k in self.hidden], dtype=np.int64)
        self.upper = np.array([ranges[result.marks[k]][1] for k in self.hidden], dtype=np.int64)
        self.truth = np.array([result.values[k] for k in self.hidden], dtype=np.int64)
        self.rows: list[tuple[np.ndarray, np.ndarray, int]] = []
        self.by_column: list[list[int]] = [[] for _ in self.hidden]
        for one in result.sums:
            coefficients: dict[int, int] = {}
            constant = 0
            for key, sign in ((one.total, 1), *((p, -1) for p in one.parts)):
                if key in index:
                    coefficients[index[key]] = coefficients.get(index[key], 0) + sign
                else:
                    constant -= sign * result.values[key]
            coefficients = {c: w for c, w in coefficients.items() if w}
            if coefficients:
                r = len(self.rows)
                cols = np.array(list(coefficients), dtype=np.int64)
                self.rows.append((cols, np.array(list(coefficients.values()), dtype=np.int64), constant))
                for c in cols:
                    self.by_column[int(c)].append(r)

    def rows_of(self, columns: list[int]) -> list[int]:
        return sorted({r for c in columns for r in self.by_column[c]})

    def components(self, seeds: Iterable[int]) -> list[list[int]]:
        """The connected parts of the system that hold the seeds (cells sharing no sum are independent)."""
        seen: set[int] = set()
        found: list[list[int]] = []
        for seed in seeds:
            if seed in seen:
                continue
            component, stack = [], [seed]
            seen.add(seed)
            while stack:
                c = stack.pop()
                component.append(c)
                for r in self.by_column[c]:
                    for other in self.rows[r][0]:
                        other = int(other)
                        if other not in seen:
                            seen.add(other)
                            stack.append(other)
            found.append(sorted(component))
        return found

    def model(self, component: list[int], *, integer: bool) -> _Model:
        return _Model(self, component, integer=integer)

    def witness(self, model: _Model, solution: np.ndarray) -> np.ndarray | None:
        """Round a solver's solution; return it when it is exactly a table the attacker cannot rule out."""
        y = np.rint(solution).astype(np.int64)
        columns = model.columns
        if np.any(y < self.lower[columns]) or np.any(y > self.upper[columns]):
            return None
        value = dict(zip(columns, y.tolist(), strict=True))
        for r in self.rows_of(columns):
            cols, weights, constant = self.rows[r]
            if sum(int(w) * value[int(c)] for c, w in zip(cols, weights, strict=True)) != constant:
                return None
        return y

    def audit(self, component: list[int], pending: set[int]) -> dict[int, bool]:
        """Return, for each pending cell of one component, whether it provably takes two values."""
        truth = self.truth[component]
        # Cells not pending were proved in an earlier pass: they are not targets any more.
        moved = np.array([c not in pending for c in component], dtype=bool)
        lp = self.model(component, integer=False)

        def record(model: _Model, solution: np.ndarray) -> None:
            nonlocal moved
            y = self.witness(model, solution)
            if y is not None:
                moved |= y != truth

        # Two broad moves first: every cell as small, then as large, as it can be at once.
        for minimize in (True, False):
            if not moved.all():
                record(lp, lp.optimum([component[j] for j in np.flatnonzero(~moved)], minimize=minimize)[1])
        mip: _Model | None = None
        for j, cell in enumerate(component):
            if moved[j]:
                continue
            low, solution = lp.optimum(cell, minimize=True)
            record(lp, solution)
            if moved[j]:
                continue
            high, solution = lp.optimum(cell, minimize=False)
            record(lp, solution)
            if moved[j] or math.floor(high + 1e-6) <= math.ceil(low - 1e-6):
                continue  # proved safe, or the relaxation leaves it one integer: exposed
            mip = mip or self.model(component, integer=True)
            for minimize in (True, False):
                record(mip, mip.optimum(cell, minimize=minimize)[1])  # safe only on a checked witness
                if moved[j]:
                    break
        return {cell: bool(moved[j]) for j, cell in enumerate(component)}


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
