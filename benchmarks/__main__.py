"""Run benchmarks and print Markdown for benchmarks/README.md.

python -m benchmarks [NAME ...]          # every benchmark, or those named
python -m benchmarks NAME ARGUMENT ...   # one benchmark, with its arguments (directory_history FILE ...)
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

AVAILABLE = sorted(
    path.stem
    for path in Path(__file__).parent.glob("*.py")
    if path.stem not in {"__init__", "__main__", "common"}
)


def main(names: list[str]) -> None:
    if len(names) > 1 and names[0] in AVAILABLE and names[1] not in AVAILABLE:
        module = importlib.import_module(f"benchmarks.{names[0]}")
        print(module.run(names[1:]), flush=True)
        return
    unknown = sorted(set(names) - set(AVAILABLE))
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(AVAILABLE)}")
    selected = names or AVAILABLE
    if len(selected) > 1:
        # Each benchmark configures Django its own way: one process each.
        for name in selected:
            subprocess.run([sys.executable, "-m", "benchmarks", name], check=True)
        return
    module = importlib.import_module(f"benchmarks.{selected[0]}")
    print(module.run(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
