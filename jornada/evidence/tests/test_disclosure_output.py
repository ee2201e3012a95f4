"""The disclosure audit keeps the solver quiet: an evidence build prints nothing of HiGHS's."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

# HiGHS prints its banner once per process, so the audit runs in a fresh one: in this process an
# earlier test may already have printed it.
AUDIT = """
from jornada.evidence.disclosure import Sum, bounds, suppress
result = suppress({"a": 3, "b": 20, "c": 15, "total": 38}, [Sum("total", ("a", "b", "c"))])
assert bounds(result) == {"a": (1, 7), "c": (11, 17)}
"""


def test_it_prints_nothing_to_stdout_while_bounding_hidden_cells(capfd: Any) -> None:
    """Bounding hidden cells with HiGHS writes no banner or log to stdout or stderr."""
    subprocess.run([sys.executable, "-c", AUDIT], check=True)
    out, err = capfd.readouterr()
    assert "HiGHS" not in out
    assert (out, err) == ("", "")
