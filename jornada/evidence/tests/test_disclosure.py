"""Disclosure control as an attack: publish every table, then try to recover each hidden cell."""

from __future__ import annotations

import random
from collections.abc import Hashable

import highspy
import numpy as np
import pytest

from jornada.evidence.disclosure import (
    ALL,
    THRESHOLD,
    Mark,
    Sum,
    Suppression,
    Table,
    suppress,
    suppress_tables,
)

FEWER = "fewer than 11"
HIDDEN = "hidden"
WITHHELD = "withheld"  # not published, any count from 0


def published(result: Suppression) -> dict[Hashable, int | str]:
    """Return what the public sees of every cell: its count, "fewer than 11" or "hidden"."""
    view: dict[Hashable, int | str] = {}
    for key, mark in result.marks.items():
        view[key] = (
            result.values[key]
            if mark is Mark.SHOWN
            else {Mark.PRIMARY: FEWER, Mark.COMPLEMENTARY: HIDDEN, Mark.WITHHELD: WITHHELD}[mark]
        )
    return view


def attacker_domain(shown: int | str, ceiling: int) -> range:
    if shown == WITHHELD:
        return range(0, ceiling + 1)
    return range(1, THRESHOLD) if shown == FEWER else range(THRESHOLD, ceiling + 1)


def subtract(view: dict[Hashable, int | str], sums: list[Sum]) -> dict[Hashable, int]:
    """The subtraction attack: a sum with one unknown member gives it away; repeat with what was found."""
    known = {k: v for k, v in view.items() if isinstance(v, int)}
    found: dict[Hashable, int] = {}
    progress = True
    while progress:
        progress = False
        for one in sums:
            unknown = [k for k in one.members() if k not in known]
            if len(unknown) == 1:
                key = unknown[0]
                value = known[one.total] if key != one.total else 0
                value = (
                    sum(known[p] for p in one.parts)
                    if key == one.total
                    else known[one.total] - sum(known[p] for p in one.parts if p != key)
                )
                known[key] = found[key] = value
                progress = True
    return found


def solve_bounds(
    view: dict[Hashable, int | str], sums: list[Sum], ceiling: int | None = None
) -> dict[Hashable, tuple[int, int]]:
    """The linear-system attack: smallest and largest integer each hidden cell can hold (HiGHS)."""
    hidden = [k for k, v in view.items() if not isinstance(v, int)]
    index = {k: i for i, k in enumerate(hidden)}
    if ceiling is None:
        ceiling = max(v for v in view.values() if isinstance(v, int)) * 4 + 100
    n = len(hidden)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lows = [0.0 if view[k] == WITHHELD else 1.0 if view[k] == FEWER else float(THRESHOLD) for k in hidden]
    highs = [float(THRESHOLD - 1) if view[k] == FEWER else float(ceiling) for k in hidden]
    h.addVars(n, np.array(lows), np.array(highs))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
    for one in sums:
        row = np.zeros(n)
        rhs = 0.0
        for key, sign in [(one.total, -1.0)] + [(p, 1.0) for p in one.parts]:
            if key in index:
                row[index[key]] += sign
            else:
                rhs -= sign * view[key]  # type: ignore[operator]
        columns = np.nonzero(row)[0].astype(np.int32)
        if len(columns):
            h.addRow(rhs, rhs, len(columns), columns, row[columns])
    answer = {}
    for key, i in index.items():
        ends = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            cost = np.zeros(n)
            cost[i] = 1.0
            h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            h.changeObjectiveSense(sense)
            h.run()
            assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            ends.append(round(h.getInfo().objective_function_value))
        answer[key] = (ends[0], ends[1])
    return answer


def enumerate_values(
    view: dict[Hashable, int | str], sums: list[Sum], ceiling: int
) -> dict[Hashable, set[int]]:
    """The exhaustive attack for small tables: every value each hidden cell takes in some consistent table."""
    hidden = [k for k, v in view.items() if not isinstance(v, int)]
    seen: dict[Hashable, set[int]] = {k: set() for k in hidden}
    base = {k: v for k, v in view.items() if isinstance(v, int)}

    def propagate(assigned: dict[Hashable, int]) -> dict[Hashable, int] | None:
        """Fill every member a sum forces; None when a sum or a domain is broken."""
        assigned = dict(assigned)
        progress = True
        while progress:
            progress = False
            for one in sums:
                unknown = [k for k in one.members() if k not in assigned]
                if len(unknown) > 1:
                    continue
                parts = sum(assigned.get(p, 0) for p in one.parts)
                if not unknown:
                    if assigned[one.total] != parts:
                        return None
                    continue
                key = unknown[0]
                value = parts if key == one.total else assigned[one.total] - parts
                if value not in attacker_domain(view[key], ceiling):
                    return None
                assigned[key] = value
                progress = True
        return assigned

    def walk(assigned: dict[Hashable, int]) -> None:
        filled = propagate(assigned)
        if filled is None:
            return
        open_cells = [k for k in hidden if k not in filled]
        if not open_cells:
            for k in hidden:
                seen[k].add(filled[k])
            return
        key = open_cells[0]
        for value in attacker_domain(view[key], ceiling):
            walk({**filled, key: value})

    walk(dict(base))
    return seen


def random_linked_tables(
    rng: random.Random, *, rows: int, states: int, crops: int, small: bool = False
) -> list[Table]:
    """The same cut (categories) by state and by crop, with many small cells, published together."""
    row_names = tuple(f"cat{i}" for i in range(rows))
    state_names = tuple(f"US-S{i}" for i in range(states))
    crop_names = tuple(f"crop{i}" for i in range(crops))

    def count() -> int:
        if small:
            return rng.choice([0, 1, 2, 5, 10, 11, 12, 14])
        return rng.choice([0, 0, 1, 2, 3, 5, 8, 10, 11, 12, 15, 20, 30, 60])

    by_state: dict[tuple[str, str], int] = {}
    by_crop: dict[tuple[str, str], int] = {}
    for row in row_names:
        state_counts = {s: count() for s in state_names}
        total = sum(state_counts.values())
        by_state.update({(row, s): v for s, v in state_counts.items()})
        # The same records cut by crop: split the row's total over the crops at random.
        left = total
        for j, crop in enumerate(crop_names):
            share = left if j == len(crop_names) - 1 else rng.randint(0, left)
            by_crop[(row, crop)] = share
            left -= share
    category_totals = {(row, ALL): sum(by_state[(row, s)] for s in state_names) for row in row_names}
    state_totals = {(s, ALL): sum(by_state[(r, s)] for r in row_names) for s in state_names}
    return [
        Table("by_state", "reviews", "category", "state", row_names, state_names, by_state),
        Table("by_crop", "reviews", "category", "crop", row_names, crop_names, by_crop),
        Table("categories", "reviews", "category", "none", row_names, (ALL,), category_totals),
        Table("states", "reviews", "state", "none", state_names, (ALL,), state_totals),
    ]


def all_sums(tables: list[Table]) -> list[Sum]:
    sums: list[Sum] = []
    for table in tables:
        for one in table.cells_and_sums()[1]:
            if one not in sums:
                sums.append(one)
    return sums


@pytest.mark.parametrize("seed", range(40))
def test_it_leaves_no_hidden_cell_recoverable_across_linked_tables(seed: int) -> None:
    """Across a cut by state and the same cut by crop, subtraction and the linear system leave every hidden cell open."""
    rng = random.Random(seed)
    tables = random_linked_tables(
        rng, rows=rng.randint(2, 5), states=rng.randint(2, 6), crops=rng.randint(2, 4)
    )
    result = suppress_tables(tables)
    view = published(result)
    sums = all_sums(tables)
    assert not any(isinstance(v, int) and 0 < v < THRESHOLD for v in view.values())
    assert subtract(view, sums) == {}
    for key, (low, high) in solve_bounds(view, sums).items():
        assert low < high, f"seed {seed}: {key!r} is {low} for certain"
        assert low <= result.values[key] <= high


@pytest.mark.parametrize("seed", range(15))
def test_it_resists_exhaustive_search_on_small_tables(seed: int) -> None:
    """Every hidden cell of a small table takes at least two values over all tables consistent with what is shown."""
    rng = random.Random(1000 + seed)
    tables = random_linked_tables(rng, rows=2, states=3, crops=2, small=True)[:1]
    result = suppress_tables(tables)
    view = published(result)
    ceiling = result.values[tables[0].grand_total_key()]
    for key, values in enumerate_values(view, all_sums(tables), ceiling).items():
        assert result.values[key] in values
        assert len(values) >= 2, f"seed {seed}: {key!r} can only be {values}"


def test_it_hides_one_small_cell_with_partners_in_its_row_and_column() -> None:
    """A lone small cell in a 2x2 table takes three partners with it: its row, its column and the opposite corner."""
    table = Table(
        "t",
        "s",
        "r",
        "c",
        ("a", "b"),
        ("x", "y"),
        {("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 50, ("b", "y"): 60},
    )
    result = suppress_tables([table])
    assert result.marks[table.cell_key("a", "x")] is Mark.PRIMARY
    hidden_cells = {k for k in result.hidden() if k[1] == "t"}
    assert hidden_cells == {table.cell_key(r, c) for r in "ab" for c in "xy"}
    assert result.marks[table.row_total_key("a")] is Mark.SHOWN


def test_it_shows_zero_and_counts_from_eleven() -> None:
    """Zero and counts of 11 or more are shown when nothing needs protecting."""
    result = suppress({"t": 11, "a": 0, "b": 11}, [Sum("t", ("a", "b"))])
    assert [result.shown(k) for k in ("t", "a", "b")] == [11, 0, 11]


def test_it_catches_the_tight_corner_that_line_rules_miss() -> None:
    """A primary 1 whose cycle partner is exactly 11 is pinned by the bounds; the audit hides more."""
    # a=1 (primary) must move with c=11: a+t ≥ 1 and c−t ≥ 11 force t = 0 with the 4-cell cycle.
    table = Table(
        "t",
        "s",
        "r",
        "c",
        ("a", "b", "c"),
        ("x", "y", "z"),
        {
            ("a", "x"): 1,
            ("a", "y"): 30,
            ("a", "z"): 40,
            ("b", "x"): 11,
            ("b", "y"): 25,
            ("b", "z"): 35,
            ("c", "x"): 50,
            ("c", "y"): 45,
            ("c", "z"): 70,
        },
    )
    assert table == tight_corner()
    result = suppress_tables([table])
    view = published(result)
    for key, (low, high) in solve_bounds(view, all_sums([table])).items():
        assert low < high, key


def test_it_refuses_parts_that_do_not_add_up() -> None:
    """Cells whose parts do not add up to their total are a programming error, not a table to publish."""
    with pytest.raises(ValueError, match="add up"):
        suppress({"t": 5, "a": 1}, [Sum("t", ("a",))])


def test_it_leaks_the_tight_corner_when_the_audit_is_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the audit, the line rules alone publish a table where a hidden cell has one possible value."""
    from jornada.evidence import disclosure

    table = tight_corner()
    with monkeypatch.context() as patched:
        patched.setattr(disclosure, "recoverable", lambda result, proved=None: [])
        blind = suppress_tables([table])
    bounds_blind = solve_bounds(published(blind), all_sums([table]))
    assert any(low == high for low, high in bounds_blind.values())
    audited = suppress_tables([table])
    assert all(low < high for low, high in solve_bounds(published(audited), all_sums([table])).values())


def tight_corner() -> Table:
    counts = {("a", "x"): 1, ("a", "y"): 30, ("a", "z"): 40, ("b", "x"): 11, ("b", "y"): 25}
    counts |= {("b", "z"): 35, ("c", "x"): 50, ("c", "y"): 45, ("c", "z"): 70}
    return Table("t", "s", "r", "c", ("a", "b", "c"), ("x", "y", "z"), counts)


def random_hiding(rng: random.Random, tables: list[Table], share: float) -> Suppression:
    """Hide cells at random (not as ``suppress`` would), so that many are exposed and many are not."""
    values: dict[Hashable, int] = {}
    sums: list[Sum] = []
    for table in tables:
        table_values, table_sums = table.cells_and_sums()
        values.update(table_values)
        sums += [one for one in table_sums if one not in sums]
    marks = {
        key: (Mark.PRIMARY if v < THRESHOLD else Mark.COMPLEMENTARY)
        if v > 0 and (v < THRESHOLD or rng.random() < share)
        else Mark.SHOWN
        for key, v in values.items()
    }
    return Suppression(values=values, marks=marks, sums=sums)


@pytest.mark.parametrize("seed", range(30))
def test_it_finds_exactly_the_cells_the_integer_programs_pin(seed: int) -> None:
    """The fast audit (witnesses from the LP, integer programs only when needed) exposes exactly what exact bounds expose."""
    from jornada.evidence.disclosure import bounds, recoverable

    rng = random.Random(5000 + seed)
    tables = random_linked_tables(
        rng, rows=rng.randint(2, 5), states=rng.randint(2, 6), crops=rng.randint(2, 4), small=seed % 2 == 0
    )
    result = random_hiding(rng, tables, share=rng.choice([0.0, 0.1, 0.3, 0.6]))
    exact = {key for key, (low, high) in bounds(result).items() if low == high}
    assert set(recoverable(result)) == exact
    ceiling = sum(result.values.values()) + THRESHOLD
    independent = solve_bounds(published(result), all_sums(tables), ceiling)
    assert {key for key, (low, high) in independent.items() if low == high} == exact


def test_it_proves_a_large_table_safe_with_far_fewer_programs_than_hidden_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The audit of a wide two-way table does not solve two integer programs per hidden cell and pass: witnesses prove cycles at once."""
    from jornada.evidence import disclosure

    runs = {"lp": 0, "mip": 0}
    original = highspy.Highs.run

    class Counting(highspy.Highs):  # type: ignore[misc]
        def run(self) -> highspy.HighsStatus:
            integer = self.getLp().integrality_
            runs[
                "mip" if len(integer) and any(v == highspy.HighsVarType.kInteger for v in integer) else "lp"
            ] += 1
            return original(self)

    monkeypatch.setattr(disclosure.highspy, "Highs", Counting)
    rng = random.Random(7)
    tables = random_linked_tables(rng, rows=12, states=20, crops=6)
    result = suppress_tables(tables)
    hidden = len(result.hidden())
    assert hidden > 100
    assert runs["mip"] <= hidden // 10, runs
    assert runs["lp"] + runs["mip"] <= hidden * 2, runs
    view = published(result)
    for key, (low, high) in solve_bounds(view, all_sums(tables)).items():
        assert low < high, key


def test_it_withholds_cells_that_the_marks_alone_pin_and_stops() -> None:
    """A row of ten 1s totals 10: "fewer than 11" alone pins the total to 10 and each cell to 1, whatever else is hidden; those cells are withheld (no range), and suppression ends."""
    import signal

    columns = tuple(f"c{i}" for i in range(10))
    counts = {("a", c): 1 for c in columns} | {("b", c): 30 + i for i, c in enumerate(columns)}
    table = Table("t", "s", "r", "c", ("a", "b"), columns, counts)

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("suppression did not stop")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        result = suppress_tables([table])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    view = published(result)
    assert WITHHELD in view.values()
    assert not any(isinstance(v, int) and 0 < v < THRESHOLD for v in view.values())
    ceiling = sum(result.values.values()) + THRESHOLD
    for key, (low, high) in solve_bounds(view, all_sums([table]), ceiling).items():
        assert low < high, key
